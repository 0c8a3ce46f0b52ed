//! Deterministic synthetic corpus for benchmarking and stress-testing chancery.
//!
//! The five real seed documents are far too few to measure throughput or to
//! find the layouts the parser still trips on, and the real archive cannot be
//! redistributed. This example writes an invented archive dump that imitates
//! the genre instead: Soviet ambassadors' journals, records of conversation,
//! telegrams, memoranda, notes, reports and letters from the Soviet,
//! Hungarian, GDR, Polish, Chinese, Czechoslovak and Romanian embassies in
//! Pyongyang, with the page formats (web header, markdown, plain text), date
//! spellings, name variants, copy lists, stamps and scanning damage the real
//! pages show.
//!
//! ```sh
//! cargo run --release --example synth -- --docs 100000 --out /tmp/synth [--seed 42]
//! chancery build --input /tmp/synth --output /tmp/synth_tables
//! ```
//!
//! Files land in `OUT/<collection>/<year>/<collection>_<year>_<n>.txt` (a few
//! `.md` and `.pdf`), and one summary line goes to stdout.
//!
//! Determinism: document `n` is drawn from its own PCG stream seeded with the
//! seed and `n`, so the same `--docs`/`--seed` (and the same `data/persons.toml`
//! and `data/topics.toml`, which supply names and topic phrases) give
//! byte-identical files whatever the thread count or write order. Existing
//! files in OUT are overwritten, never deleted: use a fresh folder.
//!
//! The mix the generator aims for: documents of 8-12 KB on average (telegrams
//! of 1-4 KB, journals up to about 40 KB); about 5% truncated pages, 5% OCR
//! damage, 1% Windows-1251/1252 files and 0.1% garbage (empty, binary, PDF).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use rayon::prelude::*;
use serde::Deserialize;

type Rng = Pcg64;

#[derive(Parser, Debug)]
#[command(about = "Writes a deterministic synthetic corpus of diplomatic records")]
struct Args {
    /// Number of documents to write.
    #[arg(long, default_value_t = 1000)]
    docs: usize,
    /// Output folder; created if missing.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the corpus: the same seed and count give byte-identical files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Folder holding persons.toml and topics.toml.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data"))]
    data: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let world = World::load(&args.data)?;
    fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    if fs::read_dir(&args.out)?.next().is_some() {
        eprintln!(
            "synth: warning: {} is not empty; files of an earlier run stay",
            args.out.display()
        );
    }
    let width = (args.docs.max(2) - 1).to_string().len().max(6);
    let bytes = (0..args.docs)
        .into_par_iter()
        .map(|i| -> Result<u64> {
            let doc = generate(&world, args.seed, i as u64, width);
            let path = args.out.join(&doc.path);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&path, &doc.bytes).with_context(|| format!("writing {}", path.display()))?;
            Ok(doc.bytes.len() as u64)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "synth: {} documents, {} bytes ({:.1} KB mean), {:.2} s ({:.0} docs/s), seed {}, into {}",
        args.docs,
        bytes,
        bytes as f64 / args.docs.max(1) as f64 / 1024.0,
        secs,
        args.docs as f64 / secs.max(1e-9),
        args.seed,
        args.out.display()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One stream per document, so a document never depends on the others.
fn doc_rng(seed: u64, index: u64) -> Rng {
    Rng::seed_from_u64(splitmix(seed ^ splitmix(index)))
}

fn pick<'a, T>(r: &mut Rng, xs: &'a [T]) -> &'a T {
    &xs[r.random_range(0..xs.len())]
}

fn pick_str<'a>(r: &mut Rng, xs: &[&'a str]) -> &'a str {
    xs[r.random_range(0..xs.len())]
}

fn chance(r: &mut Rng, p: f64) -> bool {
    r.random_bool(p)
}

fn between(r: &mut Rng, lo: u32, hi: u32) -> u32 {
    r.random_range(lo..=hi)
}

fn weighted<T: Copy>(r: &mut Rng, xs: &[(T, u32)]) -> T {
    let total: u32 = xs.iter().map(|x| x.1).sum();
    let mut k = r.random_range(0..total);
    for &(x, w) in xs {
        if k < w {
            return x;
        }
        k -= w;
    }
    xs[xs.len() - 1].0
}

// ---------------------------------------------------------------------------
// Reference data: people and topics from data/
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
struct PersonsFile {
    person: Vec<PersonRec>,
}

#[derive(Deserialize)]
struct PersonRec {
    name: String,
    surname: String,
    given: Option<String>,
    initials: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
    affiliation: Option<String>,
    #[serde(default)]
    offices: Vec<OfficeRec>,
}

#[derive(Deserialize)]
struct OfficeRec {
    title: String,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
struct TopicsFile {
    topic: Vec<TopicRec>,
}

#[derive(Deserialize)]
struct TopicRec {
    id: String,
    label: String,
    phrases: Vec<String>,
}

struct Office {
    title: String,
    from: i32,
    to: i32,
}

struct Person {
    name: String,
    surname: String,
    given: Option<String>,
    initials: Option<String>,
    variants: Vec<String>,
    aff: String,
    offices: Vec<Office>,
}

impl Person {
    fn office_in(&self, year: i32) -> Option<&str> {
        self.offices
            .iter()
            .rev()
            .find(|o| o.from <= year && year <= o.to)
            .map(|o| o.title.as_str())
    }
}

struct Topic {
    label: String,
    phrases: Vec<String>,
    /// Years in which the topic was news; outside them it is rare, which
    /// gives the burst detector real peaks to find.
    window: Option<(i32, i32)>,
}

const FIRST_YEAR: i32 = 1945;
const LAST_YEAR: i32 = 1991;

/// Who was in office in one year, precomputed so each document only picks.
#[derive(Default)]
struct YearPool {
    /// DPRK officials with a weight (the leader and the foreign ministers
    /// turn up in the records far more often than anyone else).
    dprk: Vec<(usize, u32)>,
    /// Heads of mission in Pyongyang, any country.
    ambassadors: Vec<usize>,
    /// Heads of party and government, any country.
    leaders: Vec<usize>,
    /// Soviet MFA and CC officials who receive copies.
    soviet_recipients: Vec<usize>,
    /// Staff of the Soviet embassy in Pyongyang.
    soviet_staff: Vec<usize>,
    /// Foreign ministers and deputies of the other socialist countries.
    ministers: Vec<usize>,
}

struct World {
    people: Vec<Person>,
    topics: Vec<Topic>,
    years: Vec<YearPool>,
    kim_il_sung: usize,
}

fn year_of(s: &str) -> Option<i32> {
    s.get(..4)?.parse().ok()
}

/// Topics tied to an era, by id; the others run through the whole period.
const TOPIC_WINDOWS: &[(&str, i32, i32)] = &[
    ("korean_war", 1950, 1956),
    ("geneva_conference", 1954, 1954),
    ("postwar_reconstruction", 1953, 1958),
    ("hungarian_events_1956", 1956, 1957),
    ("de_stalinization", 1956, 1957),
    ("factionalism", 1956, 1959),
    ("chinese_peoples_volunteers", 1950, 1958),
    ("repatriation_from_japan", 1958, 1962),
    ("treaty_of_alliance", 1960, 1961),
    ("sino_soviet_split", 1960, 1969),
    ("chinese_domestic_politics", 1957, 1976),
    ("japan_rok_normalization", 1961, 1966),
    ("vietnam_war", 1964, 1975),
    ("north_south_dialogue", 1971, 1990),
    ("armed_incidents", 1958, 1990),
    ("mass_mobilization_campaigns", 1958, 1990),
    ("economic_integration_cmea", 1962, 1989),
];

/// Phrases naming an event or a thing of a few years only: a 1951 journal
/// does not mention the Pueblo. Matched as substrings of the phrase.
const PHRASE_YEARS: &[(&str, i32, i32)] = &[
    ("Pueblo", 1968, 1969),
    ("Blue House", 1968, 1969),
    ("EC-121", 1969, 1970),
    ("axe murder", 1976, 1977),
    ("ax murder", 1976, 1977),
    ("tree-cutting", 1976, 1977),
    ("Rangoon", 1983, 1985),
    ("hijack", 1969, 1990),
    ("Cultural Revolution", 1966, 1976),
    ("Red Guard", 1966, 1970),
    ("hongweibing", 1966, 1970),
    ("Gang of Four", 1976, 1980),
    ("Great Leap", 1958, 1961),
    ("commune", 1958, 1962),
    ("backyard", 1958, 1960),
    ("Hundred Flowers", 1957, 1958),
    ("anti-rightist", 1957, 1958),
    ("rectification", 1957, 1958),
    ("work style", 1957, 1958),
    ("Liu ", 1959, 1968),
    ("Lin Biao", 1959, 1971),
    ("Kim Jong", 1974, 1990),
    ("Kim Chong", 1974, 1990),
    ("Dear Leader", 1974, 1990),
    ("successor", 1970, 1990),
    ("succession", 1970, 1990),
    ("Juche", 1955, 1990),
    ("Chuch", 1955, 1990),
    ("Juch", 1955, 1990),
    ("Chollima", 1958, 1990),
    ("Ch'ollima", 1958, 1990),
    ("Cheollima", 1958, 1990),
    ("flying horse", 1958, 1990),
    ("Taean", 1961, 1990),
    ("Chongsan", 1960, 1990),
    ("Cheongsan", 1960, 1990),
    ("-day campaign", 1974, 1990),
    ("speed", 1974, 1990),
    ("TU-104", 1956, 1965),
    ("TU-114", 1959, 1970),
    ("TU-154", 1972, 1990),
    ("IL-18", 1959, 1980),
    ("IL-62", 1967, 1990),
    ("AN-24", 1962, 1990),
    ("Third Congress", 1956, 1958),
    ("Fourth Congress", 1961, 1963),
    ("Fifth Congress", 1970, 1972),
    ("Sixth Congress", 1980, 1982),
    ("20th", 1956, 1962),
    ("Twentieth", 1956, 1962),
    ("XX ", 1956, 1962),
    ("21st", 1959, 1962),
    ("22nd", 1961, 1964),
    ("Non-Proliferation", 1968, 1990),
    ("nonproliferation", 1968, 1990),
    ("NPT", 1968, 1990),
    ("World Cup", 1966, 1966),
    ("GANEFO", 1963, 1966),
    ("Joint Statement", 1972, 1974),
    ("July 4", 1972, 1974),
    ("Coordinating Committee", 1972, 1974),
    ("Rhee", 1948, 1960),
    ("Li Seung-man", 1948, 1960),
    ("Seven-year", 1960, 1970),
    ("seven-year", 1960, 1970),
    ("seven year", 1960, 1970),
    ("five-year", 1956, 1961),
    ("five year", 1956, 1961),
    ("three-year", 1954, 1956),
    ("three year", 1954, 1956),
    ("six-year", 1971, 1976),
    ("ten-year", 1978, 1984),
    ("Sino-Soviet split", 1962, 1989),
    ("CMEA", 1955, 1990),
    ("Comecon", 1955, 1990),
];

impl World {
    fn load(dir: &Path) -> Result<World> {
        let persons_path = dir.join("persons.toml");
        let text = fs::read_to_string(&persons_path)
            .with_context(|| format!("reading {}", persons_path.display()))?;
        let persons: PersonsFile =
            toml::from_str(&text).with_context(|| format!("parsing {}", persons_path.display()))?;
        let topics_path = dir.join("topics.toml");
        let text = fs::read_to_string(&topics_path)
            .with_context(|| format!("reading {}", topics_path.display()))?;
        let topics: TopicsFile =
            toml::from_str(&text).with_context(|| format!("parsing {}", topics_path.display()))?;

        let people: Vec<Person> = persons
            .person
            .into_iter()
            .map(|p| Person {
                offices: p
                    .offices
                    .iter()
                    .map(|o| {
                        let from = o.start.as_deref().and_then(year_of);
                        let to = o.end.as_deref().and_then(year_of);
                        // An open end means "some years"; an open start, "long before".
                        Office {
                            title: o.title.clone(),
                            from: from.unwrap_or(1940),
                            to: to.unwrap_or_else(|| from.map_or(1995, |f| f + 8)),
                        }
                    })
                    .collect(),
                name: p.name,
                surname: p.surname,
                given: p.given,
                initials: p.initials,
                variants: p.variants,
                aff: p.affiliation.unwrap_or_default(),
            })
            .collect();
        let topics: Vec<Topic> = topics
            .topic
            .into_iter()
            .map(|t| Topic {
                window: TOPIC_WINDOWS
                    .iter()
                    .find(|w| w.0 == t.id)
                    .map(|w| (w.1, w.2)),
                label: t.label,
                phrases: t.phrases,
            })
            .collect();
        anyhow::ensure!(!topics.is_empty(), "no topics in {}", topics_path.display());
        let kim_il_sung = people
            .iter()
            .position(|p| p.name == "Kim Il Sung")
            .context("persons.toml has no Kim Il Sung")?;

        let mut years = Vec::new();
        for year in FIRST_YEAR..=LAST_YEAR {
            let mut pool = YearPool::default();
            for (i, p) in people.iter().enumerate() {
                let Some(office) = p.office_in(year) else {
                    continue;
                };
                let deputy = office.contains("Deputy") || office.contains("Vice");
                if p.aff == "DPRK" {
                    let w = if i == kim_il_sung {
                        10
                    } else if office.contains("Minister of Foreign Affairs") && !deputy {
                        5
                    } else if office.contains("Chairman") || office.contains("Premier") {
                        3
                    } else {
                        1
                    };
                    pool.dprk.push((i, w));
                }
                if office.contains("Ambassador to the DPRK") {
                    pool.ambassadors.push(i);
                }
                if !deputy
                    && [
                        "Secretary of the",
                        "General Secretary",
                        "Premier",
                        "President of",
                        "Chairman of the",
                    ]
                    .iter()
                    .any(|k| office.contains(k))
                    && p.aff != "DPRK"
                {
                    pool.leaders.push(i);
                }
                if p.aff == "USSR"
                    && [
                        "Minister of Foreign Affairs",
                        "Far Eastern Department",
                        "Liaison with Communist",
                        "UVPI",
                        "distribution",
                        "Minister of Foreign Trade",
                    ]
                    .iter()
                    .any(|k| office.contains(k))
                {
                    pool.soviet_recipients.push(i);
                }
                if p.aff == "USSR"
                    && office.contains("Embassy in the DPRK")
                    && !office.contains("author")
                {
                    pool.soviet_staff.push(i);
                }
                if p.aff != "USSR"
                    && p.aff != "DPRK"
                    && office.contains("Minister of Foreign Affairs")
                {
                    pool.ministers.push(i);
                }
            }
            years.push(pool);
        }
        Ok(World {
            people,
            topics,
            years,
            kim_il_sung,
        })
    }

    fn pool(&self, year: i32) -> &YearPool {
        &self.years[(year.clamp(FIRST_YEAR, LAST_YEAR) - FIRST_YEAR) as usize]
    }
}

// ---------------------------------------------------------------------------
// Senders and collections
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Nat {
    Korean,
    Chinese,
    Russian,
    Hungarian,
    German,
    Polish,
    Czech,
    Romanian,
    Other,
}

fn nat_of(aff: &str) -> Nat {
    match aff {
        "DPRK" | "ROK" => Nat::Korean,
        "PRC" => Nat::Chinese,
        "USSR" | "Bulgaria" => Nat::Russian,
        "Hungary" => Nat::Hungarian,
        "GDR" => Nat::German,
        "Poland" => Nat::Polish,
        "Czechoslovakia" => Nat::Czech,
        "Romania" => Nat::Romanian,
        _ => Nat::Other,
    }
}

/// The embassy that wrote a collection's documents.
struct Sender {
    aff: &'static str,
    nat: Nat,
    adj: &'static str,
    country: &'static str,
    capital: &'static str,
    language: &'static str,
    /// Form of address its translators print.
    cde: &'static str,
    embassy: &'static str,
}

const USSR: usize = 0;
const HUNGARY: usize = 1;
const GDR: usize = 2;
const POLAND: usize = 3;
const PRC: usize = 4;
const CZECH: usize = 5;
const ROMANIA: usize = 6;

static SENDERS: [Sender; 7] = [
    Sender {
        aff: "USSR",
        nat: Nat::Russian,
        adj: "Soviet",
        country: "the Soviet Union",
        capital: "Moscow",
        language: "Russian",
        cde: "Cde.",
        embassy: "SOVIET EMBASSY IN THE DPRK",
    },
    Sender {
        aff: "Hungary",
        nat: Nat::Hungarian,
        adj: "Hungarian",
        country: "Hungary",
        capital: "Budapest",
        language: "Hungarian",
        cde: "Comrade",
        embassy: "Embassy of the Hungarian People's Republic",
    },
    Sender {
        aff: "GDR",
        nat: Nat::German,
        adj: "GDR",
        country: "the GDR",
        capital: "Berlin",
        language: "German",
        cde: "Comrade",
        embassy: "Embassy of the GDR in the DPRK",
    },
    Sender {
        aff: "Poland",
        nat: Nat::Polish,
        adj: "Polish",
        country: "Poland",
        capital: "Warsaw",
        language: "Polish",
        cde: "Cde.",
        embassy: "Embassy of the Polish People's Republic in Pyongyang",
    },
    Sender {
        aff: "PRC",
        nat: Nat::Chinese,
        adj: "Chinese",
        country: "China",
        capital: "Beijing",
        language: "Chinese",
        cde: "Comrade",
        embassy: "Chinese Embassy in the DPRK",
    },
    Sender {
        aff: "Czechoslovakia",
        nat: Nat::Czech,
        adj: "Czechoslovak",
        country: "Czechoslovakia",
        capital: "Prague",
        language: "Czech",
        cde: "Cde.",
        embassy: "Embassy of the Czechoslovak Republic in Pyongyang",
    },
    Sender {
        aff: "Romania",
        nat: Nat::Romanian,
        adj: "Romanian",
        country: "Romania",
        capital: "Bucharest",
        language: "Romanian",
        cde: "Comrade",
        embassy: "Embassy of the Romanian People's Republic in Pyongyang",
    },
];

fn party(sender: usize, year: i32) -> &'static str {
    match sender {
        USSR => "CPSU",
        HUNGARY if year < 1957 => "HWPP",
        HUNGARY => "HSWP",
        GDR => "SED",
        POLAND => "PUWP",
        PRC => "CPC",
        CZECH => "CPCz",
        _ if year < 1965 => "RWP",
        _ => "RCP",
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Journal,
    Record,
    Memo,
    Telegram,
    Report,
    Note,
    Letter,
}

struct Collection {
    key: &'static str,
    sender: usize,
    from: i32,
    to: i32,
    weight: u32,
    kinds: &'static [(Kind, u32)],
}

static COLLECTIONS: [Collection; 7] = [
    Collection {
        key: "avprf_fond0102",
        sender: USSR,
        from: 1949,
        to: 1990,
        weight: 28,
        kinds: &[
            (Kind::Journal, 45),
            (Kind::Record, 20),
            (Kind::Telegram, 10),
            (Kind::Memo, 9),
            (Kind::Letter, 7),
            (Kind::Report, 6),
            (Kind::Note, 3),
        ],
    },
    Collection {
        key: "mol_hungary",
        sender: HUNGARY,
        from: 1950,
        to: 1989,
        weight: 16,
        kinds: &[
            (Kind::Report, 55),
            (Kind::Telegram, 25),
            (Kind::Memo, 10),
            (Kind::Note, 10),
        ],
    },
    Collection {
        key: "sapmo_gdr",
        sender: GDR,
        from: 1954,
        to: 1989,
        weight: 13,
        kinds: &[
            (Kind::Memo, 50),
            (Kind::Report, 25),
            (Kind::Note, 15),
            (Kind::Letter, 10),
        ],
    },
    Collection {
        key: "aan_poland",
        sender: POLAND,
        from: 1950,
        to: 1989,
        weight: 12,
        kinds: &[
            (Kind::Note, 50),
            (Kind::Report, 30),
            (Kind::Telegram, 10),
            (Kind::Letter, 10),
        ],
    },
    Collection {
        key: "prc_mfa",
        sender: PRC,
        from: 1950,
        to: 1965,
        weight: 9,
        kinds: &[(Kind::Telegram, 70), (Kind::Report, 20), (Kind::Memo, 10)],
    },
    Collection {
        key: "amzv_czechoslovakia",
        sender: CZECH,
        from: 1950,
        to: 1989,
        weight: 11,
        kinds: &[(Kind::Report, 60), (Kind::Note, 20), (Kind::Telegram, 20)],
    },
    Collection {
        key: "amae_romania",
        sender: ROMANIA,
        from: 1955,
        to: 1989,
        weight: 11,
        kinds: &[(Kind::Telegram, 80), (Kind::Report, 20)],
    },
];

/// The busiest years of the archive (the 1950s and 1960s) get more documents.
fn pick_year(r: &mut Rng, c: &Collection) -> i32 {
    let years: Vec<(i32, u32)> = (c.from..=c.to)
        .map(|y| {
            let w = match y {
                1955..=1968 => 3,
                1949..=1954 | 1969..=1975 => 2,
                _ => 1,
            };
            (y, w)
        })
        .collect();
    weighted(r, &years)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Ymd {
    y: i32,
    m: u32,
    d: u32,
}

fn days_in(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Ymd {
    fn random(r: &mut Rng, y: i32) -> Ymd {
        let m = between(r, 1, 12);
        Ymd {
            y,
            m,
            d: between(r, 1, days_in(y, m)),
        }
    }

    fn plus(self, days: u32) -> Ymd {
        let mut x = self;
        for _ in 0..days {
            x.d += 1;
            if x.d > days_in(x.y, x.m) {
                x.d = 1;
                x.m += 1;
                if x.m > 12 {
                    x.m = 1;
                    x.y += 1;
                }
            }
        }
        x
    }

    fn month(self) -> &'static str {
        MONTHS[self.m as usize - 1]
    }

    /// "3 June 1957", the translators' usual form.
    fn dmy(self) -> String {
        format!("{} {} {}", self.d, self.month(), self.y)
    }

    /// "June 03, 1957", the archive web page's form.
    fn web(self) -> String {
        format!("{} {:02}, {}", self.month(), self.d, self.y)
    }
}

/// How a journal writes the date that opens an entry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum EntryDate {
    Dmy,
    DayMonth,
    Quoted,
    Roman,
    Handwritten,
    /// "3 June. Visited ..." with the date starting the first sentence.
    Inline,
}

fn entry_date_text(r: &mut Rng, d: Ymd, style: EntryDate) -> String {
    match style {
        EntryDate::Dmy if chance(r, 0.04) => {
            format!("{}/{} {} {}", d.d, d.plus(1).d, d.month(), d.y)
        }
        EntryDate::Dmy => d.dmy(),
        EntryDate::DayMonth | EntryDate::Inline => format!("{} {}", d.d, d.month()),
        EntryDate::Quoted => format!("“{}” {} {}", d.d, d.month(), d.y),
        EntryDate::Roman => format!("{}.{}.{:02}", d.d, ROMAN[d.m as usize - 1], d.y % 100),
        EntryDate::Handwritten => format!(
            "[[{}]] {} [[{}]]{}",
            d.d,
            d.month(),
            (d.y / 10) % 10,
            d.y % 10
        ),
    }
}

/// A date inside running text, in one of the spellings the translations use.
fn prose_date(r: &mut Rng, d: Ymd, sender: usize) -> String {
    match between(r, 0, 19) {
        0..=10 => d.dmy(),
        11..=12 => format!("{} {}, {}", d.month(), d.d, d.y),
        13 if sender == HUNGARY => format!("{:02}.{:02}.{:02}", d.y % 100, d.m, d.d),
        13 => format!("{:02}.{:02}.{}", d.d, d.m, d.y),
        14 if sender == USSR => format!("{}.{}.{:02}", d.d, ROMAN[d.m as usize - 1], d.y % 100),
        15 if sender == USSR => format!("“{}” {} {}", d.d, d.month(), d.y),
        16 if chance(r, 0.3) => {
            let wrong = if d.m == 1 { 2 } else { d.m - 1 };
            format!(
                "{} {} [sic; {}] {}",
                d.d,
                MONTHS[wrong as usize - 1],
                d.month(),
                d.y
            )
        }
        _ => format!("{} {}", d.d, d.month()),
    }
}

fn period_text(a: Ymd, b: Ymd) -> String {
    if a.y != b.y {
        format!("{} through {}", a.dmy(), b.dmy())
    } else if a.m != b.m {
        format!("{} {} through {}", a.d, a.month(), b.dmy())
    } else {
        format!("{} through {}", a.d, b.dmy())
    }
}

fn ordinal(n: i32) -> String {
    const WORDS: [&str; 21] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if (1..=20).contains(&n) {
        WORDS[n as usize].to_string()
    } else {
        let suffix = match (n % 10, n % 100) {
            (1, x) if x != 11 => "st",
            (2, x) if x != 12 => "nd",
            (3, x) if x != 13 => "rd",
            _ => "th",
        };
        format!("{n}{suffix}")
    }
}

const NUMBER_WORDS: [&str; 11] = [
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
];

// ---------------------------------------------------------------------------
// People as a document writes them
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Actor {
    surname: String,
    initials: Option<String>,
    /// Spelling at first mention, with any editor's bracket or [sic].
    full: String,
    /// Spelling at later mentions.
    short: String,
    office: Option<String>,
    female: bool,
    /// Whether "Cde." fits (not for Americans, South Koreans, Japanese).
    comrade: bool,
}

impl Actor {
    /// "A. PUZANOV", as under a signature.
    fn sig(&self) -> String {
        match &self.initials {
            Some(i) => format!(
                "{}. {}",
                i.chars().next().unwrap_or('A'),
                self.surname.to_uppercase()
            ),
            None => self.short.to_uppercase(),
        }
    }

    /// "A. M. PUZANOV", as in a journal's heading.
    fn caps(&self) -> String {
        match &self.initials {
            Some(i) => format!("{} {}", i, self.surname.to_uppercase()),
            None => self.full_plain().to_uppercase(),
        }
    }

    /// "A.M. Puzanov", as in the archive's titles.
    fn title_form(&self) -> String {
        match &self.initials {
            Some(i) => format!("{} {}", i.replace(' ', ""), self.surname),
            None => self.full_plain(),
        }
    }

    fn full_plain(&self) -> String {
        match self.full.find(" [") {
            Some(i) => self.full[..i].to_string(),
            None => self.full.clone(),
        }
    }
}

const KOREAN_SURNAMES: &[&str] = &[
    "Kim", "Ri", "Pak", "Choe", "Jeong", "Kang", "Han", "Jo", "Yun", "Jang", "Heo", "Seo", "Hong",
    "Mun", "Ryu", "Song", "O", "Ju", "Paek", "Hwang",
];
const KOREAN_SYLLABLES: &[&str] = &[
    "Yong", "Cheol", "Su", "Hui", "Ho", "Chang", "Gwang", "Myeong", "Jun", "Seong", "Hyeon",
    "Dong", "Sang", "Jae", "Guk", "Man", "Sik", "Bong", "Nam", "Hak", "Ok", "Ryong", "Gil", "Hwan",
    "Taek", "Sun", "Hae", "Won", "Gyu", "Geun", "Chan", "Bok", "Se", "Ik", "Pil", "Jin", "Un",
    "Tae",
];
const RUSSIAN_SURNAMES: &[&str] = &[
    "Belov",
    "Sorokin",
    "Lavrentyev",
    "Gusev",
    "Timofeyev",
    "Zaitsev",
    "Karpov",
    "Lebedinsky",
    "Nikitin",
    "Osipov",
    "Yermakov",
    "Shchukin",
    "Arkhipov",
    "Vinogradov",
    "Gorbunov",
    "Danilov",
    "Kiselev",
    "Markov",
    "Polyakov",
    "Rybakov",
    "Savelyev",
    "Tarasov",
    "Fomin",
    "Kharitonov",
    "Chernov",
    "Sharov",
    "Yakovlev",
    "Golubev",
    "Streltsov",
    "Ignatyev",
];
const RUSSIAN_INITIALS: &[&str] = &[
    "A.", "B.", "V.", "G.", "D.", "Ye.", "I.", "K.", "L.", "M.", "N.", "O.", "P.", "S.", "F.",
    "Yu.",
];
const HUNGARIAN_SURNAMES: &[&str] = &[
    "Nagy",
    "Kovács",
    "Tóth",
    "Szabó",
    "Horváth",
    "Varga",
    "Kiss",
    "Molnár",
    "Farkas",
    "Balogh",
    "Papp",
    "Takács",
    "Juhász",
    "Mészáros",
    "Oláh",
    "Rácz",
    "Fekete",
    "Szilágyi",
    "Bognár",
    "Vörös",
];
const HUNGARIAN_GIVEN: &[&str] = &[
    "László", "István", "József", "Ferenc", "Sándor", "Gábor", "Zoltán", "Imre", "Tibor", "Béla",
    "Lajos", "Ernő", "Éva", "Katalin", "Dezső", "Győző",
];
const GERMAN_SURNAMES: &[&str] = &[
    "Weber",
    "Schulz",
    "Hoffmann",
    "Krüger",
    "Neumann",
    "Braun",
    "Zimmermann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Köhler",
    "Richter",
    "Vogel",
    "Fuchs",
    "Kaiser",
    "Böhme",
];
const GERMAN_GIVEN: &[&str] = &[
    "Horst",
    "Günter",
    "Werner",
    "Klaus",
    "Dieter",
    "Helmut",
    "Manfred",
    "Gerhard",
    "Heinz",
    "Ursula",
    "Rolf",
    "Siegfried",
];
const POLISH_SURNAMES: &[&str] = &[
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Wójcik",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Krawczyk",
    "Piotrowski",
    "Grabowski",
    "Pawłowski",
    "Michalski",
    "Zając",
    "Król",
    "Wieczorek",
];
const POLISH_GIVEN: &[&str] = &[
    "Jan",
    "Andrzej",
    "Stanisław",
    "Tadeusz",
    "Jerzy",
    "Zbigniew",
    "Henryk",
    "Kazimierz",
    "Ryszard",
    "Władysław",
    "Zofia",
    "Bogdan",
];
const CZECH_SURNAMES: &[&str] = &[
    "Novák",
    "Svoboda",
    "Dvořák",
    "Černý",
    "Procházka",
    "Kučera",
    "Veselý",
    "Horák",
    "Němec",
    "Pokorný",
    "Marek",
    "Pospíšil",
    "Hájek",
    "Jelínek",
    "Růžička",
    "Beneš",
];
const CZECH_GIVEN: &[&str] = &[
    "Jiří",
    "Josef",
    "Jan",
    "Karel",
    "Miroslav",
    "Václav",
    "Zdeněk",
    "Vladimír",
    "Oldřich",
    "Ludvík",
    "Jaroslav",
    "Milan",
];
const ROMANIAN_SURNAMES: &[&str] = &[
    "Popescu",
    "Ionescu",
    "Constantinescu",
    "Stoica",
    "Dumitru",
    "Georgescu",
    "Munteanu",
    "Radu",
    "Dinu",
    "Marin",
    "Tudor",
    "Vasilescu",
    "Niculescu",
    "Ardeleanu",
    "Bălan",
    "Preda",
];
const ROMANIAN_GIVEN: &[&str] = &[
    "Ion",
    "Gheorghe",
    "Vasile",
    "Constantin",
    "Nicolae",
    "Mihai",
    "Dumitru",
    "Alexandru",
    "Petre",
    "Ștefan",
    "Aurel",
    "Florin",
];
const CHINESE_SURNAMES: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo",
];
const CHINESE_SYLLABLES: &[&str] = &[
    "Wen", "Jian", "Guo", "Ming", "Hua", "Zhi", "Li", "Jun", "Ping", "Hong", "Qing", "Xiao", "De",
    "Yong", "Bao", "Shan", "Rong", "Kai", "Fang", "Dong",
];

/// A minor official nobody put in the authority: these are what
/// `unresolved_names` should collect.
fn invent(r: &mut Rng, nat: Nat, office: Option<String>) -> Actor {
    let (full, short, surname, initials, given) = match nat {
        Nat::Korean => {
            let s = *pick(r, KOREAN_SURNAMES);
            let a = *pick(r, KOREAN_SYLLABLES);
            let b = pick(r, KOREAN_SYLLABLES).to_lowercase();
            let name = format!("{s} {a}-{b}");
            (name.clone(), name, s.to_string(), None, None)
        }
        Nat::Chinese => {
            let s = *pick(r, CHINESE_SURNAMES);
            let a = *pick(r, CHINESE_SYLLABLES);
            let b = pick(r, CHINESE_SYLLABLES).to_lowercase();
            let name = format!("{s} {a}{b}");
            (name.clone(), name, s.to_string(), None, None)
        }
        Nat::Russian | Nat::Other => {
            let s = *pick(r, RUSSIAN_SURNAMES);
            let i = format!(
                "{} {}",
                pick(r, RUSSIAN_INITIALS),
                pick(r, RUSSIAN_INITIALS)
            );
            (
                format!("{i} {s}"),
                s.to_string(),
                s.to_string(),
                Some(i),
                None,
            )
        }
        _ => {
            let (sur, giv) = match nat {
                Nat::Hungarian => (HUNGARIAN_SURNAMES, HUNGARIAN_GIVEN),
                Nat::German => (GERMAN_SURNAMES, GERMAN_GIVEN),
                Nat::Polish => (POLISH_SURNAMES, POLISH_GIVEN),
                Nat::Czech => (CZECH_SURNAMES, CZECH_GIVEN),
                _ => (ROMANIAN_SURNAMES, ROMANIAN_GIVEN),
            };
            let s = *pick(r, sur);
            let g = *pick(r, giv);
            // Hungarian documents put the family name first.
            let full = if nat == Nat::Hungarian {
                format!("{s} {g}")
            } else {
                format!("{g} {s}")
            };
            (
                full,
                s.to_string(),
                s.to_string(),
                None,
                Some(g.to_string()),
            )
        }
    };
    let female = given
        .as_deref()
        .is_some_and(|g| ["Éva", "Katalin", "Ursula", "Zofia"].contains(&g));
    Actor {
        surname,
        initials,
        full,
        short,
        office,
        female,
        comrade: true,
    }
}

/// A person of the authority, spelled the way one translator might.
fn actor_of(r: &mut Rng, w: &World, idx: usize, year: i32, sender: usize) -> Actor {
    let p = &w.people[idx];
    let nat = nat_of(&p.aff);
    let office = p.office_in(year).map(tidy_office);
    let female = office
        .as_deref()
        .is_some_and(|o| o.contains("Chairwoman") || o.contains("Women"));
    let whole_name = matches!(nat, Nat::Korean | Nat::Chinese | Nat::Other);
    let (full, short) = if whole_name {
        let base = match between(r, 0, 19) {
            0..=11 => p.name.clone(),
            12..=17 if !p.variants.is_empty() => pick(r, &p.variants).clone(),
            18 => p.name.to_uppercase(),
            _ => p.name.clone(),
        };
        let full = match between(r, 0, 29) {
            // The editor's alternative spelling in brackets.
            0 | 1 if !p.variants.is_empty() => {
                format!("{base} [{}]", pick(r, &p.variants))
            }
            2 if nat == Nat::Korean => format!("{base} [sic]"),
            _ => base.clone(),
        };
        (full, base)
    } else if nat == Nat::Hungarian && sender == HUNGARY {
        let g = p.given.clone().unwrap_or_default();
        let full = if g.is_empty() {
            p.surname.clone()
        } else {
            format!("{} {g}", p.surname)
        };
        (full, p.surname.clone())
    } else {
        let full = match (&p.initials, between(r, 0, 9)) {
            (Some(i), 0..=5) => format!("{i} {}", p.surname),
            (Some(i), 6) => format!("{} {}", p.surname, i.replace(' ', "")),
            (_, 7 | 8) => p.name.clone(),
            _ if !p.variants.is_empty() && chance(r, 0.3) => pick(r, &p.variants).clone(),
            _ => p.name.clone(),
        };
        (full, p.surname.clone())
    };
    Actor {
        surname: p.surname.clone(),
        initials: p.initials.clone(),
        full,
        short,
        office,
        female,
        comrade: !matches!(p.aff.as_str(), "USA" | "ROK" | "Japan" | "UN" | "India"),
    }
}

/// Offices as a translation prints them: "DPRK Minister of Foreign Affairs"
/// loses the state, parenthetical glosses go.
fn tidy_office(title: &str) -> String {
    let t = match title.find(" (") {
        Some(i) => &title[..i],
        None => title,
    };
    t.trim_start_matches("DPRK ").to_string()
}

const DPRK_OFFICES: &[&str] = &[
    "Deputy Minister of Foreign Affairs",
    "Chief of the Protocol Department of the MFA",
    "Deputy Chief of the KWP CC International Department",
    "Chairman of the Committee for Cultural Relations with Foreign Countries",
    "Deputy Minister of Foreign Trade",
    "Deputy Chairman of the State Planning Commission",
    "Chief of the First Department of the MFA",
    "Chairman of the Pyongyang City People's Committee",
    "Deputy Minister of Railways",
    "Deputy Minister of Public Health",
    "Director of the Hwanghae Metallurgical Works",
    "Deputy Minister of Finance",
    "Minister of Light Industry",
    "Chairman of the South Pyongan Provincial People's Committee",
    "Deputy Chief of the General Staff of the KPA",
    "Deputy Chairman of the Cabinet of Ministers",
];
const STAFF_OFFICES: &[&str] = &[
    "Embassy Counsellor",
    "Embassy First Secretary",
    "Embassy Second Secretary",
    "Embassy Third Secretary",
    "Embassy attaché",
    "Embassy interpreter",
    "trade representative",
    "military attaché",
];
const FOREIGN_MISSIONS: &[(&str, Nat)] = &[
    ("Counsellor of the Chinese Embassy", Nat::Chinese),
    ("Chinese chargé d'affaires", Nat::Chinese),
    ("Czechoslovak Ambassador", Nat::Czech),
    ("Polish Ambassador", Nat::Polish),
    ("GDR Ambassador", Nat::German),
    ("Hungarian chargé d'affaires", Nat::Hungarian),
    ("Romanian Ambassador", Nat::Romanian),
    ("First Secretary of the Soviet Embassy", Nat::Russian),
    ("Counsellor of the Soviet Embassy", Nat::Russian),
];

// ---------------------------------------------------------------------------
// The plan of one document
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layout {
    /// "Search in / Digital Archive ..." with a bulleted citation.
    SearchIn,
    /// Date, title, "Citation:", "Summary:", "Original Language:".
    Citation,
    /// The same as bold-marked markdown.
    BoldMd,
    /// Markdown with `#` headings.
    HashMd,
    /// "Skip to content" and a "Document Information" footer.
    SkipToContent,
    /// The translation alone.
    Plain,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Initiative {
    Ours,
    Theirs,
    Instructed,
    Agreed,
    Unstated,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Occasion {
    Talk,
    Dinner,
    Festive,
    Airport,
}

struct Meeting {
    date: Ymd,
    occasion: Occasion,
    counterparts: Vec<Actor>,
    present: Vec<Actor>,
    interpreters: Vec<Actor>,
    initiative: Initiative,
    location: Option<&'static str>,
    paragraphs: u32,
}

/// What every part of a document draws on.
struct Ctx<'w> {
    w: &'w World,
    coll: &'static Collection,
    sender: usize,
    year: i32,
    kind: Kind,
    layout: Layout,
    date: Ymd,
    author: Actor,
    topics: Vec<usize>,
    /// The topics' phrases that fit the year, by topic.
    phrases: Vec<Vec<(&'w str, u32)>>,
    leader: Option<Actor>,
    kim: Actor,
    classification: Option<&'static str>,
    copy_no: u32,
    record_id: u32,
    translator: String,
    /// Whether the document says "Cde." before names now and then.
    addresses: bool,
}

impl Ctx<'_> {
    fn s(&self) -> &'static Sender {
        &SENDERS[self.sender]
    }

    fn md(&self) -> bool {
        matches!(self.layout, Layout::BoldMd | Layout::HashMd)
    }

    fn capital(&self, r: &mut Rng) -> &'static str {
        if self.sender == USSR && chance(r, 0.25) {
            "the Center"
        } else {
            self.s().capital
        }
    }
}

struct Generated {
    path: String,
    bytes: Vec<u8>,
}

/// Builds document `index` of the corpus for `seed`.
fn generate(w: &World, seed: u64, index: u64, width: usize) -> Generated {
    let mut r = doc_rng(seed, index);
    let coll = &COLLECTIONS[weighted(
        &mut r,
        &[
            (0usize, COLLECTIONS[0].weight),
            (1, COLLECTIONS[1].weight),
            (2, COLLECTIONS[2].weight),
            (3, COLLECTIONS[3].weight),
            (4, COLLECTIONS[4].weight),
            (5, COLLECTIONS[5].weight),
            (6, COLLECTIONS[6].weight),
        ],
    )];
    let year = pick_year(&mut r, coll);
    let stem = format!(
        "{}/{}/{}_{}_{:0width$}",
        coll.key, year, coll.key, year, index
    );
    if chance(&mut r, 0.001) {
        return garbage(&mut r, stem);
    }
    let cx = plan(&mut r, w, coll, year);
    let mut text = render(&mut r, &cx);
    text = noise(&mut r, text);
    let ext = if cx.md() && chance(&mut r, 0.5) {
        "md"
    } else {
        "txt"
    };
    let bytes = encode(&mut r, &cx, text);
    Generated {
        path: format!("{stem}.{ext}"),
        bytes,
    }
}

fn plan<'w>(r: &mut Rng, w: &'w World, coll: &'static Collection, year: i32) -> Ctx<'w> {
    let sender = coll.sender;
    let kind = weighted(r, coll.kinds);
    let layout = weighted(
        r,
        &[
            (Layout::Citation, 35),
            (Layout::SearchIn, 15),
            (Layout::SkipToContent, 12),
            (Layout::BoldMd, 8),
            (Layout::HashMd, 5),
            (Layout::Plain, 25),
        ],
    );
    let date = Ymd::random(r, year);
    let author = author_of(r, w, sender, year, kind);
    let topics = pick_topics(r, w, year);
    let phrases = topics.iter().map(|&t| phrases_for(w, t, year)).collect();
    let pool = w.pool(year);
    let leaders: Vec<usize> = pool
        .leaders
        .iter()
        .copied()
        .filter(|&i| w.people[i].aff == SENDERS[sender].aff)
        .collect();
    let leader = (!leaders.is_empty()).then(|| {
        let i = *pick(r, &leaders);
        actor_of(r, w, i, year, sender)
    });
    let kim = actor_of(r, w, w.kim_il_sung, year, sender);
    let classification = weighted(
        r,
        &[
            (Some("SECRET"), 30),
            (Some("Secret"), 14),
            (Some("TOP SECRET"), 16),
            (Some("Top Secret"), 6),
            (Some("Strictly secret"), 5),
            (Some("Strictly Secret"), 3),
            (Some("TOP SECRET!"), if sender == HUNGARY { 8 } else { 1 }),
            (Some("Confidential"), 3),
            (None, 14),
        ],
    );
    let translator = translator(r, sender);
    Ctx {
        w,
        coll,
        sender,
        year,
        kind,
        layout,
        date,
        author,
        topics,
        phrases,
        leader,
        kim,
        classification,
        copy_no: between(r, 1, 5),
        record_id: between(r, 110_000, 299_999),
        translator,
        addresses: chance(r, 0.6),
    }
}

fn author_of(r: &mut Rng, w: &World, sender: usize, year: i32, kind: Kind) -> Actor {
    let s = &SENDERS[sender];
    let ambassadors: Vec<usize> = w
        .pool(year)
        .ambassadors
        .iter()
        .copied()
        .filter(|&i| w.people[i].aff == s.aff)
        .collect();
    if !ambassadors.is_empty() && (kind == Kind::Journal || chance(r, 0.75)) {
        let i = *pick(r, &ambassadors);
        let mut a = actor_of(r, w, i, year, sender);
        a.office = Some("Ambassador".into());
        // The author is named plainly in his own journal.
        a.full = a.full_plain();
        return a;
    }
    // Years without a known head of mission get a stable invented one, so the
    // same unresolved name recurs the way a real ambassador's would.
    let mut stable = Rng::seed_from_u64(splitmix(sender as u64 * 1000 + (year / 4) as u64));
    let office = if kind == Kind::Journal || chance(r, 0.6) {
        "Ambassador"
    } else {
        *pick(
            r,
            &["chargé d'affaires a.i.", "Counsellor", "First Secretary"],
        )
    };
    invent(&mut stable, s.nat, Some(office.into()))
}

fn pick_topics(r: &mut Rng, w: &World, year: i32) -> Vec<usize> {
    let weights: Vec<(usize, u32)> = w
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let wt = match t.window {
                Some((a, b)) if (a..=b).contains(&year) => 12,
                Some(_) => 0,
                None => 3,
            };
            (i, wt)
        })
        .filter(|x| x.1 > 0)
        .collect();
    let n = between(r, 2, 5);
    let mut out: Vec<usize> = Vec::new();
    for _ in 0..n * 3 {
        let t = weighted(r, &weights);
        if !out.contains(&t) {
            out.push(t);
        }
        if out.len() == n as usize {
            break;
        }
    }
    out
}

fn translator(r: &mut Rng, sender: usize) -> String {
    let names: &[&str] = match sender {
        USSR => &[
            "Olga Mirskaya",
            "Peter Lanford",
            "Dmitri Ossipov",
            "Helen Carver",
            "Svetlana Rudnik",
        ],
        HUNGARY => &["Zsófia Bartha", "Péter Halmos", "Anna Fodor"],
        GDR => &["Anke Reinhold", "Thomas Brenner", "Lisa Hagedorn"],
        POLAND => &["Marta Grabowska", "Piotr Lis", "Ewa Sobczak"],
        PRC => &["Chen Liwen", "David Hanley", "Zhao Meiling"],
        CZECH => &["Lenka Dvorská", "Martin Holub"],
        _ => &["Ioana Petrescu", "Radu Ilie", "Elena Barbu"],
    };
    let n = *pick(r, names);
    if chance(r, 0.7) {
        format!("Translated for NKIDP by {n}")
    } else {
        format!("Translated by {n}")
    }
}

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

/// Replaces a taxonomy phrase's `*` with an ending a translator could write,
/// so the matcher's wildcard has real work.
fn inflect(r: &mut Rng, phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len() + 8);
    for (k, word) in phrase.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        match word.strip_suffix('*') {
            Some(stem) => {
                out.push_str(stem);
                out.push_str(pick_str(r, endings(stem)));
            }
            None => out.push_str(word),
        }
    }
    out
}

fn endings(stem: &str) -> &'static [&'static str] {
    const RULES: &[(&str, &[&str])] = &[
        ("industr", &["y", "ies"]),
        ("suppl", &["y", "ies", "ied"]),
        ("activit", &["y", "ies"]),
        ("universit", &["y", "ies"]),
        ("capabilit", &["y", "ies"]),
        ("currenc", &["y", "ies"]),
        ("compan", &["y", "ies"]),
        ("ionar", &["y", "ies"]),
        ("reactionar", &["y", "ies"]),
        ("olog", &["y", "ies", "ical"]),
        ("metallurg", &["y", "ical"]),
        ("agricultur", &["e", "al"]),
        ("is", &["m", "t", "ts"]),
        ("aggress", &["ion", "ive", "or"]),
        ("repatriat", &["ion", "es", "ed"]),
        ("if", &["ication", "ied"]),
        ("unify", &["", "ing"]),
        ("repressi", &["on", "ons", "ve"]),
        ("sanatori", &["um", "a"]),
        ("recogni", &["tion", "zed"]),
        ("prefabricat", &["ed", "ion"]),
        ("exaggerat", &["ed", "ion"]),
        ("infiltrat", &["ed", "ion", "ors"]),
        ("fisherm", &["en", "an"]),
        ("starv", &["ation", "ing"]),
        ("vaccin", &["e", "es", "ation"]),
        ("iz", &["e", "ed", "ing"]),
        ("religio", &["n", "us"]),
        ("coexist", &["ence"]),
        ("academ", &["y", "ies", "ic"]),
        ("difficult", &["y", "ies"]),
        ("fulfil", &["", "led", "ment", "ling"]),
        ("Minist", &["er", "ry", "ers"]),
        ("Minister", &["", "s"]),
        ("ia", &["", "n", "ns"]),
        ("Korea", &["", "n", "ns"]),
        ("Yugoslav", &["ia", "s"]),
        ("Czechoslovak", &["ia", ""]),
        ("Egypt", &["", "ian"]),
        ("Europe", &["", "an"]),
        ("German", &["", "y", "s"]),
        ("withdraw", &["", "al", "n"]),
        ("deliver", &["y", "ies", "ed"]),
        ("flee", &["", "ing"]),
        ("Paektu", &[""]),
        ("Baekdu", &[""]),
        ("Tumen", &[""]),
        ("Changbai", &[""]),
    ];
    if let Some((_, e)) = RULES.iter().find(|(s, _)| stem.ends_with(s)) {
        return e;
    }
    if ["s", "sh", "ch", "x"].iter().any(|s| stem.ends_with(s)) {
        &["", "", "es"]
    } else if stem.ends_with('y') {
        &[""]
    } else {
        &["", "", "s"]
    }
}

fn topic_phrase(r: &mut Rng, cx: &Ctx) -> String {
    // The first topic is the document's main subject and comes back most.
    let k = if chance(r, 0.4) {
        0
    } else {
        r.random_range(0..cx.topics.len())
    };
    let phrase = weighted(r, &cx.phrases[k]);
    inflect(r, phrase)
}

/// "delivery of", "suppl* us with": phrases that need a continuation.
fn dangling(p: &str) -> bool {
    let last = p.rsplit(' ').next().unwrap_or("");
    p.contains(' ')
        && [
            "of",
            "with",
            "to",
            "for",
            "the",
            "in",
            "on",
            "by",
            "and",
            "socialist",
        ]
        .contains(&last)
}

/// A topic's phrases that fit the year, multi-word ones first: they read
/// as text, where a bare "border" or "Polish" reads as a list of keywords.
fn phrases_for(w: &World, topic: usize, year: i32) -> Vec<(&str, u32)> {
    let all = &w.topics[topic].phrases;
    let fits = |p: &str| {
        PHRASE_YEARS
            .iter()
            .filter(|(k, _, _)| p.contains(k))
            .all(|&(_, a, b)| (a..=b).contains(&year))
    };
    let mut out: Vec<(&str, u32)> = all
        .iter()
        .filter(|p| fits(p) && !dangling(p))
        .map(|p| (p.as_str(), if p.contains(' ') { 4 } else { 1 }))
        .collect();
    if out.is_empty() {
        out = all.iter().map(|p| (p.as_str(), 1)).collect();
    }
    out
}

const PLACES: &[&str] = &[
    "Hamhung",
    "Kaesong",
    "Sinuiju",
    "Wonsan",
    "Chongjin",
    "Nampo",
    "Kanggye",
    "Haeju",
    "North Hamgyong Province",
    "South Hwanghae Province",
    "Ryanggang Province",
    "Kangwon Province",
];
const OTHER_COUNTRIES: &[&str] = &[
    "the PRC",
    "Czechoslovakia",
    "Japan",
    "the GDR",
    "Poland",
    "Hungary",
    "Mongolia",
    "Indonesia",
    "Yugoslavia",
    "the United States",
    "the Soviet Union",
];
const BIG_NUMBERS: &[&str] = &[
    "two thousand",
    "fifty thousand",
    "1,200",
    "300",
    "several thousand",
    "ten thousand",
    "eight hundred",
    "150",
    "four thousand",
];

fn pronoun(a: Option<&Actor>, he: &'static str, she: &'static str) -> &'static str {
    if a.is_some_and(|a| a.female) { she } else { he }
}

/// A name at a later mention, sometimes with the form of address.
fn name_ref(r: &mut Rng, cx: &Ctx, a: &Actor) -> String {
    if cx.addresses && a.comrade && chance(r, 0.2) {
        format!("{} {}", cx.s().cde, a.short)
    } else {
        a.short.clone()
    }
}

/// Expands `{KEY}` slots. `lead` asks for a pronoun in place of a leading
/// `{P}`, so paragraphs do not repeat the name in every sentence.
fn fill(r: &mut Rng, cx: &Ctx, who: Option<&Actor>, tpl: &str, lead: bool, out: &mut String) {
    let mut rest = tpl;
    let mut first = true;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open
            + rest[open..]
                .find('}')
                .expect("template braces are balanced");
        let key = &rest[open + 1..close];
        let at_start = first && open == 0;
        slot(r, cx, who, key, lead && at_start, out);
        rest = &rest[close + 1..];
        first = false;
    }
    out.push_str(rest);
}

fn slot(r: &mut Rng, cx: &Ctx, who: Option<&Actor>, key: &str, lead: bool, out: &mut String) {
    match key {
        "P" if lead => out.push_str(pronoun(who, "He", "She")),
        "P" => match who {
            Some(a) => out.push_str(&name_ref(r, cx, a)),
            None => out.push_str("the Korean side"),
        },
        "HE" => out.push_str(pronoun(who, "he", "she")),
        "HIS" => out.push_str(pronoun(who, "his", "her")),
        "HIM" => out.push_str(pronoun(who, "him", "her")),
        "T" => out.push_str(&topic_phrase(r, cx)),
        "K" => out.push_str(&name_ref(r, cx, &cx.kim)),
        "LS" => match &cx.leader {
            Some(l) if chance(r, 0.7) => {
                let _ = write!(out, "{} {}", cx.s().cde, l.full_plain());
            }
            _ => {
                let _ = write!(out, "the leadership in {}", cx.s().capital);
            }
        },
        "S" => out.push_str(cx.s().adj),
        "SP" => out.push_str(party(cx.sender, cx.year)),
        "C" => out.push_str(cx.capital(r)),
        "N" => {
            let _ = write!(out, "{}", between(r, 2, 40));
        }
        "BIG" => out.push_str(pick_str(r, BIG_NUMBERS)),
        "PL" => out.push_str(pick_str(r, PLACES)),
        "O" => out.push_str(pick_str(r, OTHER_COUNTRIES)),
        "M" => out.push_str(pick_str(r, &MONTHS)),
        "Y" => {
            let _ = write!(out, "{}", cx.year);
        }
        "YN" => {
            let _ = write!(out, "{}", cx.year + 1);
        }
        other => out.push_str(other),
    }
}

const CP_SAYS: &[&str] = &[
    "{P} said that the Korean comrades attach great importance to {T}.",
    "{P} stressed that {T} remains one of the main tasks of the Party and the government this year.",
    "{P} said that the question of {T} had been discussed at a meeting of the Presidium, which instructed the ministries to submit concrete proposals by the end of {M}.",
    "{P} then spoke at length about {T}, noting that a number of serious shortcomings had come to light in the work of the local organs.",
    "{P} noted that in connection with {T} the Korean side would like to receive additional materials from {C}.",
    "{P} remarked that {T} had been going better since the spring, although many difficulties remain.",
    "{P} asked that the {S} side consider the question of {T} favorably and, if possible, before the end of the year.",
    "{P} complained that {T} was proceeding considerably more slowly than had been planned.",
    "{P} expressed the opinion that {T} should not be raised in the press for the time being.",
    "{P} said that about {BIG} people had been mobilized in connection with {T} in {PL} alone.",
    "{P} informed me that {K} had personally examined the materials on {T} and had given instructions to speed up the work.",
    "{P} said frankly that there had been mistakes in {T}, but that they were being corrected.",
    "{P} said that the comrades in {PL} had asked the center for help with {T}.",
    "{P} observed that the position of {O} on {T} had changed noticeably in recent months.",
    "{P} explained that the decision on {T} had been taken after a long discussion and not unanimously.",
    "{P} said that the Korean comrades are grateful for the attention which the {S} comrades show to {T}.",
    "{P} emphasized that without {T} the fulfillment of the plan for {Y} would be impossible.",
    "{P} said that a delegation would be sent to {C} in {M} to discuss {T}.",
    "{P} pointed out that the American imperialists and their puppets in the South are trying to use {T} for their own ends.",
    "{P} added that the Cabinet of Ministers would return to {T} at its next session.",
    "{P} mentioned in passing that {T} had been the subject of a heated discussion at the last plenum.",
    "{P} repeated several times that the Party would not permit any wavering on {T}.",
    "{P} said that {N} enterprises had not fulfilled their quarterly plan, mainly because of {T}.",
    "{P} said that {T} was, in {HIS} words, an internal affair of the Korean comrades.",
    "{P} asked whether the {S} Embassy had any information about {T}.",
    "{P} recalled that {T} had already been raised during the talks in {C} last year.",
    "{P} said that {HE} had just returned from {PL}, where {HE} had familiarized {HIM}self with {T} on the spot.",
    "{P} thought it necessary to inform the Embassy that {T} would be examined at the next plenum of the KWP CC.",
    "{P} said that {HE} would report the conversation to {K} the same day.",
    "{P} said that many questions were still unclear and that the Presidium would return to them later.",
    "{P} remarked that the situation in {PL} had now calmed down.",
    "{P} said that {HE} fully agreed with my remarks.",
    "{P} asked that this information not be passed on to the other embassies for the time being.",
    "{P} said that in the past month {HE} had traveled to {PL} and had spoken with many local officials.",
    "{P} stated that the Korean side had no objections in principle.",
    "{P} promised that a final answer would be given within {N} days.",
    "{P} said that the Korean comrades were studying the experience of the fraternal countries very attentively.",
    "{P} noted that the workers of {PL} had worked well in the first quarter despite the cold winter.",
    "{P} spoke in a restrained manner and avoided giving any assessments.",
    "{P} said that {HE} could not answer this question without consulting the leadership.",
    "{P} referred to the fact that {HE} had been ill for a long time and was not fully informed.",
    "{P} said that the comrades had been working day and night, and that results would soon be seen.",
    "{P} said that this matter was being handled by another department.",
    "{P} expressed gratitude for the attention paid to the Korean requests.",
    "{P} said that {HE} would like to meet again in a week, when the figures would be ready.",
];

const I_SAID: &[&str] = &[
    "I informed {P} about {T}.",
    "I told {HIM} that the {S} side regards {T} as an important question and is ready to give the necessary help.",
    "I replied that I would report this request to {C} without delay.",
    "I said that I had no information on this question but would try to clarify it.",
    "I noted that the materials on {T} had been studied carefully in {C}.",
    "I asked {P} how matters stood with {T}.",
    "I then asked what the Korean comrades think about {T}.",
    "I thanked {P} for the information and said that it would be of great interest to {C}.",
    "I remarked that {T} deserves serious attention, since it affects the interests of the whole socialist camp.",
    "I acquainted {P} with the contents of the letter of the {SP} CC on {T}.",
    "I drew {HIS} attention to the fact that our specialists had repeatedly raised the question of {T}.",
    "I promised to inform {C}.",
    "I expressed the hope that the question of {T} would be settled in a spirit of friendship and mutual understanding.",
    "I said that, in my personal opinion, the difficulties with {T} are temporary.",
    "In reply I set out the position of the {S} government on {T}.",
    "I asked {HIM} to pass on to {K} that {LS} had shown great interest in {T}.",
    "I said that I would gladly pass on these wishes.",
    "I asked {HIM} to clarify several points.",
    "I remarked that this question had also been raised at our previous meeting.",
    "I agreed with {HIS} opinion.",
    "I said that the Embassy was ready to help in any way it could.",
    "I asked when a final decision could be expected.",
    "I noted that our comrades in {C} would certainly be interested in these details.",
    "I said that I would study the documents which {HE} had handed me.",
    "I did not consider it possible to go into details.",
];

const QUOTES: &[&str] = &[
    "We consider {T} a question of principle and will not retreat from our position.",
    "Our Party will never forget {T}.",
    "We have our own difficulties with {T}, but we will overcome them ourselves.",
    "It would be good if the {S} comrades shared their experience of {T} with us.",
    "The people are working with great enthusiasm, but {T} is still holding us back.",
    "We ask you to convey to {C} that the Korean comrades fully support the line of the {SP} on {T}.",
    "Without your help we would not have been able to solve the problems of {T}.",
    "Some comrades think that {T} can wait, but this is a mistaken view.",
    "We did not expect that {T} would take so much time.",
    "Nobody will be allowed to interfere in {T}.",
];

const ANALYSIS: &[&str] = &[
    "In my opinion, the Korean leadership is trying above all to show its independence on {T}.",
    "It should be noted that {T} is now mentioned in the press much more often than a year ago.",
    "The Embassy believes that {T} will remain at the center of attention of the Korean comrades in the coming months.",
    "According to information received from other embassies, {T} was also discussed with the representatives of {O}.",
    "The mood of the population in connection with {T} is on the whole calm, although there are complaints about {T}.",
    "We consider it advisable to continue the exchange of information on {T} with the fraternal embassies.",
    "From conversations with Korean officials one may conclude that {T} is being decided personally by {K}.",
    "The Korean press has published a number of articles on {T}, in which the role of {O} is not mentioned at all.",
    "It is not yet clear how the decision on {T} will affect {T}.",
    "Diplomats of the other socialist countries share the view that {T} is being used to strengthen the position of the leadership.",
    "Rodong Sinmun devoted an editorial to {T} on {M} 14, calling on all working people to redouble their efforts.",
    "In {PL} we saw for ourselves that {T} is far behind what the newspapers report.",
];

const NEUTRAL: &[&str] = &[
    "The conversation took place in a warm and friendly atmosphere.",
    "At the end of the conversation {P} asked me to convey {HIS} greetings to {LS}.",
    "We agreed to continue the exchange of opinions at a later date.",
    "{P} thanked me for the information and said that {HE} would report it to {K}.",
    "{P} listened attentively and made notes.",
    "Then the conversation turned to questions of a personal nature.",
];

/// Occasionally a word the editor could not read, or the translator's gloss.
fn editorial(r: &mut Rng, sentence: &mut String) {
    if chance(r, 0.03) {
        let half = sentence.len() / 2;
        if let Some((at, _)) = sentence
            .char_indices()
            .find(|&(i, c)| i >= half && c == ' ')
        {
            sentence.insert_str(at, " [[illegible]]");
        }
    } else if chance(r, 0.02) {
        sentence.push_str(" [Translator's note: thus in the original.]");
    }
}

fn sentences(
    r: &mut Rng,
    cx: &Ctx,
    who: Option<&Actor>,
    bank: &[&str],
    (lo, hi): (u32, u32),
    out: &mut String,
) {
    let n = between(r, lo, hi);
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        let mut s = String::with_capacity(160);
        let tpl = *pick(r, bank);
        let lead = k > 0 && chance(r, 0.45);
        fill(r, cx, who, tpl, lead, &mut s);
        editorial(r, &mut s);
        out.push_str(&s);
    }
}

/// One paragraph of a conversation: what the counterpart said, what the
/// author said, a quotation, or a list of points.
fn talk_paragraph(r: &mut Rng, cx: &Ctx, who: &Actor, out: &mut String) {
    match between(r, 0, 19) {
        0..=8 => sentences(r, cx, Some(who), CP_SAYS, (3, 6), out),
        9..=13 => sentences(r, cx, Some(who), I_SAID, (2, 4), out),
        14..=15 => {
            let mut q = String::new();
            sentences(r, cx, Some(who), QUOTES, (2, 5), &mut q);
            match between(r, 0, 2) {
                0 => {
                    let _ = write!(out, "{} said the following: \"{q}\"", name_ref(r, cx, who));
                }
                1 => {
                    let _ = write!(out, "\"{q}\" said {}.", name_ref(r, cx, who));
                }
                _ => {
                    let _ = write!(out, "{} said: “{q}”", name_ref(r, cx, who));
                }
            }
        }
        16 => list_paragraph(r, cx, who, out),
        17 => sentences(r, cx, Some(who), NEUTRAL, (1, 1), out),
        _ => {
            sentences(r, cx, Some(who), CP_SAYS, (1, 1), out);
            out.push(' ');
            sentences(r, cx, Some(who), I_SAID, (1, 2), out);
        }
    }
}

fn list_paragraph(r: &mut Rng, cx: &Ctx, who: &Actor, out: &mut String) {
    let _ = write!(
        out,
        "In addition, I informed {} about the following issues:\n\n",
        name_ref(r, cx, who)
    );
    let n = between(r, 2, 4);
    for k in 0..n {
        if cx.md() {
            out.push_str("- ");
        }
        let item = match between(r, 0, 2) {
            0 => format!("about {}", topic_phrase(r, cx)),
            1 => format!("how the work on {} was organized", topic_phrase(r, cx)),
            _ => format!(
                "about a conversation in {} concerning {}",
                cx.capital(r),
                topic_phrase(r, cx)
            ),
        };
        out.push_str(&item);
        out.push_str(if k + 1 == n { "." } else { ";" });
        if k + 1 < n {
            out.push_str("\n\n");
        }
    }
}

// ---------------------------------------------------------------------------
// Meetings and entries
// ---------------------------------------------------------------------------

fn counterpart(r: &mut Rng, cx: &Ctx) -> Actor {
    let pool = cx.w.pool(cx.year);
    let roll = between(r, 0, 99);
    if roll < 65 && !pool.dprk.is_empty() {
        let i = weighted(r, &pool.dprk);
        return actor_of(r, cx.w, i, cx.year, cx.sender);
    }
    if roll < 80 {
        let others: Vec<usize> = pool
            .ambassadors
            .iter()
            .copied()
            .filter(|&i| cx.w.people[i].aff != cx.s().aff)
            .collect();
        if !others.is_empty() && chance(r, 0.5) {
            let i = *pick(r, &others);
            return actor_of(r, cx.w, i, cx.year, cx.sender);
        }
        let (office, nat) = *pick(r, FOREIGN_MISSIONS);
        if nat != cx.s().nat {
            return invent(r, nat, Some(office.into()));
        }
    }
    let office = pick(r, DPRK_OFFICES).to_string();
    invent(r, Nat::Korean, Some(office))
}

/// Someone of the author's own embassy: a diplomat who sat in, or the interpreter.
fn staff(r: &mut Rng, cx: &Ctx, interpreter: bool) -> Actor {
    let pool = &cx.w.pool(cx.year).soviet_staff;
    if cx.sender == USSR && !pool.is_empty() && chance(r, 0.5) {
        let i = *pick(r, pool);
        return actor_of(r, cx.w, i, cx.year, cx.sender);
    }
    let office = if interpreter {
        "Embassy interpreter"
    } else {
        *pick(r, STAFF_OFFICES)
    };
    invent(r, cx.s().nat, Some(office.into()))
}

fn korean_side(r: &mut Rng, cx: &Ctx, interpreter: bool) -> Actor {
    let pool = &cx.w.pool(cx.year).dprk;
    if !interpreter && !pool.is_empty() && chance(r, 0.5) {
        let i = weighted(r, pool);
        return actor_of(r, cx.w, i, cx.year, cx.sender);
    }
    let office = if interpreter {
        *pick(
            r,
            &[
                "interpreter of the MFA",
                "interpreter",
                "an employee of the MFA",
            ],
        )
    } else {
        *pick(r, DPRK_OFFICES)
    };
    invent(r, Nat::Korean, Some(office.into()))
}

fn meeting(r: &mut Rng, cx: &Ctx, date: Ymd, paragraphs: u32) -> Meeting {
    let occasion = weighted(
        r,
        &[
            (Occasion::Talk, 88),
            (Occasion::Dinner, 5),
            (Occasion::Festive, 4),
            (Occasion::Airport, 3),
        ],
    );
    let mut counterparts = vec![counterpart(r, cx)];
    if chance(r, 0.08) {
        counterparts.push(korean_side(r, cx, false));
    }
    let mut present = Vec::new();
    for _ in 0..weighted(r, &[(0u32, 40), (1, 35), (2, 20), (3, 5)]) {
        let a = if chance(r, 0.5) {
            staff(r, cx, false)
        } else {
            korean_side(r, cx, false)
        };
        present.push(a);
    }
    let mut interpreters = Vec::new();
    if chance(r, 0.6) {
        interpreters.push(if chance(r, 0.6) {
            staff(r, cx, true)
        } else {
            korean_side(r, cx, true)
        });
    }
    let initiative = weighted(
        r,
        &[
            (Initiative::Ours, 40),
            (Initiative::Theirs, 35),
            (Initiative::Instructed, 8),
            (Initiative::Agreed, 5),
            (Initiative::Unstated, 12),
        ],
    );
    let location = chance(r, 0.5).then(|| {
        *pick(
            r,
            &[
                "the Ministry of Foreign Affairs",
                "the KWP CC",
                "the Cabinet of Ministers",
                "the Embassy",
                "the MFA",
                "the Central Committee",
                "the Presidium of the Supreme People's Assembly",
                "the State Planning Commission",
                "the residence of the delegation",
                "the Foreign Ministry",
            ],
        )
    });
    Meeting {
        date,
        occasion,
        counterparts,
        present,
        interpreters,
        initiative,
        location,
        paragraphs,
    }
}

fn office_and_name(r: &mut Rng, cx: &Ctx, a: &Actor) -> String {
    let cde = if cx.addresses && a.comrade && chance(r, 0.25) {
        format!("{} ", cx.s().cde)
    } else {
        String::new()
    };
    match &a.office {
        // "Minister of Foreign Affairs Nam Il" or "Nam Il, Minister of Foreign Affairs".
        Some(o) if chance(r, 0.35) => format!("{o} {cde}{}", a.full),
        Some(o) if chance(r, 0.3) => format!("{cde}{}, {o},", a.full),
        // The editor's office in brackets: "[Deputy Prime Minister] Choe Chang-ik".
        Some(o) if chance(r, 0.05) => format!("[{o}] {}", a.full),
        _ => format!("{cde}{}", a.full),
    }
}

fn clock(r: &mut Rng) -> (u32, u32) {
    (between(r, 9, 18), *pick(r, &[0, 0, 15, 30, 45]))
}

/// The sentence that opens an entry: who, on whose initiative, where, when.
fn opening(r: &mut Rng, cx: &Ctx, m: &Meeting, terse: bool) -> String {
    // An office after the name keeps its closing comma only inside a sentence.
    opening_raw(r, cx, m, terse)
        .replace(",.", ".")
        .replace(",,", ",")
}

fn opening_raw(r: &mut Rng, cx: &Ctx, m: &Meeting, terse: bool) -> String {
    let who = &m.counterparts[0];
    let mut names = office_and_name(r, cx, who);
    if m.counterparts.len() > 1 {
        if names.ends_with(',') {
            names.pop();
        }
        let _ = write!(names, " and {}", office_and_name(r, cx, &m.counterparts[1]));
    }
    let loc = m
        .location
        .map(|l| format!(" {} {l}", if l.contains("Embassy") { "at" } else { "in" }))
        .unwrap_or_default();
    let him = pronoun(Some(who), "him", "her");
    let his = pronoun(Some(who), "his", "her");
    if terse {
        // The Russian journal's subjectless style: "Visited X at his request."
        return match m.initiative {
            Initiative::Theirs => format!("Received {names} at {his} request{loc}."),
            Initiative::Instructed => {
                format!("Visited {names} on instructions from the Center{loc}.")
            }
            _ => format!("Visited {names}{loc}."),
        };
    }
    match m.initiative {
        Initiative::Ours => match between(r, 0, 5) {
            0 | 1 => format!("I visited {names} at my request{loc}."),
            2 => format!("I was received by {names} at my request{loc}."),
            3 => format!("{names} received me{loc} at my request."),
            4 => {
                let (h, mi) = clock(r);
                format!(
                    "The conversation with {names} was held at our initiative{loc} between {h:02}{mi:02} and {:02}{mi:02} hours.",
                    h + 1
                )
            }
            _ => format!("I visited {names}{loc} at my own initiative."),
        },
        Initiative::Theirs => match between(r, 0, 5) {
            0 | 1 => {
                let (h, mi) = clock(r);
                format!("I received {names} at {his} request at {h:02}{mi:02}.")
            }
            2 => format!("{names} visited me at the Embassy at {his} request."),
            3 => format!("At the request of {names} I met with {him}{loc}."),
            4 => format!("During the night, at the request of {names}, I met with {him}{loc}."),
            _ => format!("I received {names} at {his} request."),
        },
        Initiative::Instructed => match between(r, 0, 2) {
            0 => format!("I visited {names} on instructions from the Center."),
            1 => format!("I visited {names} in accordance with Moscow's instructions{loc}."),
            _ => format!(
                "On instructions from {} I met with {names}{loc}.",
                cx.s().capital
            ),
        },
        Initiative::Agreed => format!(
            "I met with {names}{loc} on the basis of a preliminary agreement and had a conversation with {him}."
        ),
        Initiative::Unstated => match between(r, 0, 2) {
            0 => format!("I had a conversation with {names}{loc}."),
            1 => format!("I met with {names}{loc}."),
            _ => format!("A conversation took place with {names}{loc}."),
        },
    }
}

fn duration_sentence(r: &mut Rng) -> String {
    let d = *pick(
        r,
        &[
            "two hours",
            "an hour and a half",
            "about one hour",
            "more than two hours",
            "40 minutes",
            "thirty minutes",
            "an hour and ten minutes",
            "three hours",
            "fifty minutes",
            "more than an hour and a half",
            "twenty minutes",
            "an hour and a quarter",
        ],
    );
    match between(r, 0, 4) {
        0 => format!("It lasted {d}."),
        1 => {
            let (h, mi) = clock(r);
            format!(
                "The conversation took place from {h}:{mi:02} to {}:{mi:02}.",
                h + 1
            )
        }
        _ => format!("The conversation lasted {d}."),
    }
}

fn name_with_office(r: &mut Rng, cx: &Ctx, a: &Actor) -> String {
    match &a.office {
        Some(o) if chance(r, 0.5) && o.starts_with(char::is_uppercase) => format!("{o} {}", a.full),
        Some(o) if chance(r, 0.5) => format!("{}, {o}", a.full),
        _ => name_ref(r, cx, a),
    }
}

/// Who was present and who interpreted, and how long it lasted.
fn entry_tail(r: &mut Rng, cx: &Ctx, m: &Meeting, out: &mut String) {
    let mut lines: Vec<String> = Vec::new();
    if !m.present.is_empty() {
        let list: Vec<String> = m
            .present
            .iter()
            .map(|a| name_with_office(r, cx, a))
            .collect();
        let joined = if list.len() == 1 {
            list[0].clone()
        } else {
            format!(
                "{} and {}",
                list[..list.len() - 1].join(", "),
                list[list.len() - 1]
            )
        };
        lines.push(match between(r, 0, 3) {
            0 => format!("Present at the conversation were: {}.", list.join("; ")),
            1 => format!(
                "{joined} {} present at the conversation.",
                if list.len() > 1 { "were" } else { "was" }
            ),
            2 => format!("{joined} also took part in the conversation."),
            _ => format!(
                "{joined} {} present.",
                if list.len() > 1 { "were" } else { "was" }
            ),
        });
    }
    if let Some(i) = m.interpreters.first() {
        let n = name_with_office(r, cx, i);
        lines.push(match between(r, 0, 3) {
            0 => format!("The conversation was interpreted by {n}."),
            1 => format!("{n} interpreted."),
            2 => format!("The interpreter was {n}."),
            _ => format!("{n} was present at the conversation and interpreted."),
        });
    }
    if chance(r, 0.8) {
        lines.push(duration_sentence(r));
    }
    if chance(r, 0.5) && lines.len() > 1 {
        // Often all of it is one closing paragraph.
        out.push_str(&lines.join(" "));
        out.push_str("\n\n");
    } else {
        for l in lines {
            out.push_str(&l);
            out.push_str("\n\n");
        }
    }
}

fn event_of(r: &mut Rng, year: i32) -> String {
    let events: &[(&str, i32)] = &[
        ("the founding of the DPRK", 1948),
        ("the liberation of Korea", 1945),
        ("the Korean People's Army", 1948),
        ("the Great October Socialist Revolution", 1917),
        ("the Korean Workers' Party", 1945),
        ("the Soviet Army", 1918),
    ];
    let (e, base) = *pick(r, events);
    let n = year - base;
    if n >= 1 {
        format!("the {} anniversary of {e}", ordinal(n))
    } else {
        "May Day".into()
    }
}

fn festive(r: &mut Rng, cx: &Ctx, m: &Meeting, out: &mut String) {
    let speaker = &m.counterparts[0];
    let venue = *pick(
        r,
        &[
            "the Moranbong Theater",
            "the Pyongyang Grand Theater",
            "Kim Il Sung Square",
            "the February 8 House of Culture",
        ],
    );
    let _ = write!(
        out,
        "I was at a festive meeting devoted to {} in {venue}. {} gave a report. ",
        event_of(r, cx.year),
        name_ref(r, cx, &cx.kim)
    );
    let _ = write!(out, "{} also spoke. ", speaker.full);
    let mut s = String::new();
    fill(
        r,
        cx,
        Some(&cx.kim),
        "In his report {K} spoke at length about {T} and mentioned {O} only once.",
        false,
        &mut s,
    );
    out.push_str(&s);
    out.push_str("\n\n");
}

fn airport(r: &mut Rng, cx: &Ctx, m: &Meeting, out: &mut String) {
    // Delegations arriving in Pyongyang are headed by foreign leaders.
    let leaders = &cx.w.pool(cx.year).leaders;
    let head = match leaders.is_empty() {
        true => m.counterparts[0].clone(),
        false => {
            let i = *pick(r, leaders);
            actor_of(r, cx.w, i, cx.year, cx.sender)
        }
    };
    let delegation = *pick(
        r,
        &[
            "government delegation",
            "Party-government delegation",
            "parliamentary delegation",
            "trade union delegation",
            "military delegation",
        ],
    );
    let _ = write!(
        out,
        "I participated in a meeting at the airport of the {delegation} headed by {}. {}",
        head.full,
        name_ref(r, cx, &cx.kim)
    );
    for a in &m.present {
        let _ = write!(out, ", {}", a.full);
    }
    out.push_str(if m.present.is_empty() {
        " was"
    } else {
        " were"
    });
    out.push_str(" at the airport, as well as the heads of the diplomatic missions. A guard of honor and several thousand residents of Pyongyang greeted the delegation.\n\n");
}

/// One conversation or encounter, from its opening sentence to its duration.
fn entry_body(r: &mut Rng, cx: &Ctx, m: &Meeting, inline_date: Option<String>, out: &mut String) {
    let terse = inline_date.is_some() && chance(r, 0.4);
    if let Some(d) = &inline_date {
        let _ = write!(out, "{d}. ");
    }
    match m.occasion {
        Occasion::Festive => return festive(r, cx, m, out),
        Occasion::Airport => return airport(r, cx, m, out),
        Occasion::Dinner => {
            let who = &m.counterparts[0];
            let _ = write!(
                out,
                "{}, whom I had invited to dinner, visited the Embassy{}.",
                office_and_name(r, cx, who).trim_end_matches(','),
                if chance(r, 0.4) {
                    pronoun(Some(who), " with his wife", " with her husband")
                } else {
                    ""
                }
            );
        }
        Occasion::Talk => out.push_str(&opening(r, cx, m, terse)),
    }
    // A short first paragraph sometimes carries on after the opening.
    if chance(r, 0.35) {
        out.push(' ');
        sentences(r, cx, Some(&m.counterparts[0]), I_SAID, (1, 1), out);
    }
    out.push_str("\n\n");
    let who = &m.counterparts[0];
    for _ in 0..m.paragraphs {
        talk_paragraph(r, cx, who, out);
        out.push_str("\n\n");
    }
    entry_tail(r, cx, m, out);
}

// ---------------------------------------------------------------------------
// Whole documents
// ---------------------------------------------------------------------------

fn render(r: &mut Rng, cx: &Ctx) -> String {
    let mut body = String::with_capacity(16 * 1024);
    let meetings = plan_meetings(r, cx);
    let title = title(r, cx, &meetings);
    match cx.kind {
        Kind::Journal => journal(r, cx, &meetings, &mut body),
        Kind::Record => record(r, cx, &meetings, &mut body),
        Kind::Telegram => telegram(r, cx, &meetings, &mut body),
        Kind::Letter => letter(r, cx, &meetings, &mut body),
        Kind::Memo | Kind::Report | Kind::Note => report(r, cx, &meetings, &mut body),
    }
    // Registration follows the last thing the document reports.
    let last = meetings.last().map_or(cx.date, |m| m.date);
    closing(r, cx, last, &mut body);
    let mut page = String::with_capacity(body.len() + 2048);
    web_header(r, cx, &title, &meetings, &mut page);
    page.push_str(&body);
    web_footer(r, cx, &mut page);
    page
}

/// Dates, counterparts and lengths of the document's meetings. The size of
/// the paragraphs sets the document's size: many short telegrams, a few
/// journals of 20-40 KB.
fn plan_meetings(r: &mut Rng, cx: &Ctx) -> Vec<Meeting> {
    let (count, per_meeting): (u32, (u32, u32)) = match cx.kind {
        Kind::Journal => match between(r, 0, 99) {
            0..=34 => (1, (22, 46)),
            35..=69 => (between(r, 2, 5), (7, 15)),
            70..=92 => (between(r, 6, 15), (3, 7)),
            _ => (between(r, 16, 40), (1, 3)),
        },
        Kind::Record => (1, (20, 46)),
        Kind::Report => (between(r, 1, 3), (10, 24)),
        Kind::Memo => (u32::from(chance(r, 0.8)), (12, 28)),
        Kind::Note => (1, (12, 26)),
        Kind::Telegram => (u32::from(chance(r, 0.75)), (3, 10)),
        Kind::Letter => (1, (6, 16)),
    };
    let mut day = cx.date;
    let span = (count * 2).clamp(1, 60);
    let mut out = Vec::new();
    for k in 0..count {
        if k > 0 {
            day = day.plus(between(r, 0, (span / count.max(1)).max(1) + 1));
        }
        let paragraphs = between(r, per_meeting.0, per_meeting.1);
        let mut m = meeting(r, cx, day, paragraphs);
        if cx.kind != Kind::Journal && m.occasion != Occasion::Talk {
            m.occasion = Occasion::Talk;
        }
        out.push(m);
    }
    out
}

fn title(r: &mut Rng, cx: &Ctx, ms: &[Meeting]) -> String {
    let a = &cx.author;
    let cp = ms.first().map(|m| m.counterparts[0].full_plain());
    match cx.kind {
        Kind::Journal => {
            let first = ms.first().map_or(cx.date, |m| m.date);
            let last = ms.last().map_or(cx.date, |m| m.date);
            let when = if first == last {
                first.dmy()
            } else if first.m == last.m {
                format!("{}-{}", first.d, last.dmy())
            } else {
                format!("{} - {}", first.dmy(), last.dmy())
            };
            // The archive titles a one-conversation extract as a record.
            if ms.len() == 1
                && chance(r, 0.3)
                && let Some(cp) = &cp
            {
                return format!(
                    "From the Journal of {}, Record of a Conversation with {cp}",
                    a.title_form()
                );
            }
            format!(
                "Journal of {} Ambassador to the DPRK {} for {when}",
                cx.s().adj,
                a.title_form()
            )
        }
        Kind::Record => format!(
            "Record of a Conversation with {}, {}",
            cp.unwrap_or_default(),
            cx.date.dmy()
        ),
        Kind::Telegram if cx.sender == PRC => format!(
            "Cable from the Chinese Embassy in the DPRK, '{}'",
            cx.w.topics[cx.topics[0]].label
        ),
        Kind::Telegram if cx.sender == USSR => format!(
            "Ciphered Telegram No. {} from {} to {}",
            between(r, 100, 9999),
            a.surname,
            cx.s().capital
        ),
        Kind::Telegram => format!(
            "Telegram from Pyongyang to {}, {}",
            cx.s().capital,
            cx.classification.unwrap_or("Urgent").to_uppercase()
        ),
        Kind::Memo => match cp {
            Some(cp) => format!("Memorandum on a Conversation with {cp}"),
            None => format!("Memorandum, '{}'", cx.w.topics[cx.topics[0]].label),
        },
        Kind::Note => format!("Note about a conversation with {}", cp.unwrap_or_default()),
        Kind::Letter => format!(
            "Letter from {} Ambassador {} to {}",
            cx.s().adj,
            a.title_form(),
            cx.s().capital
        ),
        Kind::Report => format!(
            "Report, Embassy of {} in North Korea to the {} Foreign Ministry",
            cx.s().country.trim_start_matches("the "),
            cx.s().adj
        ),
    }
}

fn classification_block(r: &mut Rng, cx: &Ctx, out: &mut String) {
    if let Some(c) = cx.classification {
        let _ = writeln!(out, "{c}");
        if chance(r, 0.15) {
            out.push_str("Urgent\n");
        }
        if chance(r, 0.5) {
            out.push('\n');
        }
    }
    if chance(r, 0.6) {
        let _ = writeln!(out, "Copy {} {}", number_sign(r), cx.copy_no);
    }
    out.push('\n');
}

fn number_sign(r: &mut Rng) -> &'static str {
    weighted(r, &[("Nº", 10), ("№", 3), ("No.", 3), ("N°", 1)])
}

fn stamp(r: &mut Rng, cx: &Ctx, out: &mut String) {
    let d = cx.date.plus(between(r, 8, 20));
    let line = match between(r, 0, 3) {
        0 => format!(
            "[USSR MFA Stamp: Far East Department Secret Incoming {} 0{}s {}]",
            number_sign(r),
            between(r, 1000, 3999),
            d.dmy()
        ),
        1 => format!(
            "[partial image of a stamp: [[TOP]] SECRET Incoming {} {}-gs {}]",
            number_sign(r),
            between(r, 1000, 9999),
            d.dmy()
        ),
        2 => format!("[Stamp: SECRET Copy {} {}]", number_sign(r), cx.copy_no),
        _ => format!(
            "[handwritten: to Cdes. {}. Read. {}.{}.{:02}]",
            pick(
                r,
                &["Fedorenko, Kurdyukov", "Kapitsa", "Samsonov", "Tugarinov"]
            ),
            d.d,
            ROMAN[d.m as usize - 1],
            d.y % 100
        ),
    };
    out.push_str(&line);
    out.push_str("\n\n");
}

fn bold(cx: &Ctx, s: &str) -> String {
    if cx.md() {
        format!("**{s}**")
    } else {
        s.to_string()
    }
}

fn journal(r: &mut Rng, cx: &Ctx, ms: &[Meeting], out: &mut String) {
    let a = &cx.author;
    let first = ms.first().map_or(cx.date, |m| m.date);
    let last = ms.last().map_or(cx.date, |m| m.date);
    let start = Ymd {
        d: first.d.saturating_sub(between(r, 0, 6)).max(1),
        ..first
    };
    let end = last.plus(between(r, 0, 6));
    let period = period_text(start, end);
    let sent = end.plus(between(r, 1, 8));
    match between(r, 0, 3) {
        0 => {
            let _ = writeln!(
                out,
                "{} {} {} {} Copy {} {} {}\n",
                pick(
                    r,
                    &["SOVIET EMBASSY IN THE DPRK", "USSR EMBASSY IN THE DPRK"]
                ),
                cx.classification.unwrap_or("SECRET").to_uppercase(),
                number_sign(r),
                between(r, 50, 400),
                number_sign(r),
                cx.copy_no,
                sent.dmy()
            );
            if chance(r, 0.4) {
                stamp(r, cx, out);
            }
            let _ = writeln!(
                out,
                "{} of Soviet Ambassador to the DPRK {} for the period {period}\n",
                bold(cx, "The Journal"),
                a.caps()
            );
        }
        1 => {
            classification_block(r, cx, out);
            if chance(r, 0.5) {
                stamp(r, cx, out);
            }
            let _ = writeln!(
                out,
                "{}\n{}\n{}\n",
                bold(cx, "JOURNAL"),
                bold(
                    cx,
                    &format!("of Soviet Ambassador in the DPRK {}", a.caps())
                ),
                bold(cx, &format!("for the period {period}"))
            );
        }
        2 => {
            classification_block(r, cx, out);
            let _ = writeln!(out, "FROM THE JOURNAL\nof {}\n", a.caps());
        }
        _ => {
            stamp(r, cx, out);
            let _ = writeln!(
                out,
                "JOURNAL\nof Soviet Ambassador in the DPRK Cde. {}\nfrom {period}\n",
                a.caps()
            );
        }
    }
    if chance(r, 0.6) {
        out.push_str("Pyongyang\n\n");
    }
    out.push_str("[...]\n\n");
    let style = weighted(
        r,
        &[
            (EntryDate::Dmy, 50),
            (EntryDate::DayMonth, 20),
            (EntryDate::Inline, 12),
            (EntryDate::Quoted, 6),
            (EntryDate::Roman, 6),
            (EntryDate::Handwritten, 6),
        ],
    );
    for m in ms {
        let d = entry_date_text(r, m.date, style);
        if style == EntryDate::Inline {
            entry_body(r, cx, m, Some(d), out);
        } else {
            let line = if cx.layout == Layout::HashMd {
                format!("### {d}")
            } else {
                bold(cx, &d)
            };
            let _ = write!(out, "{line}\n\n");
            entry_body(r, cx, m, None, out);
        }
    }
    out.push_str("[...]\n\n");
}

fn record(r: &mut Rng, cx: &Ctx, ms: &[Meeting], out: &mut String) {
    classification_block(r, cx, out);
    let Some(m) = ms.first() else { return };
    let cp = &m.counterparts[0];
    if chance(r, 0.5) {
        let a = &cx.author;
        let form = if chance(r, 0.5) {
            a.caps()
        } else {
            format!(
                "{} {}",
                a.surname.to_uppercase(),
                a.initials.as_deref().unwrap_or("").replace(' ', "")
            )
        };
        let _ = writeln!(out, "From the journal of {}\n", form.trim());
    }
    let office = cp
        .office
        .as_deref()
        .map(|o| format!("{o} "))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}\n\nwith {office}{}\n\n{}\n",
        bold(cx, "RECORD OF A CONVERSATION"),
        cp.full_plain().to_uppercase(),
        prose_date(r, m.date, cx.sender)
    );
    entry_body(r, cx, m, None, out);
}

fn telegram(r: &mut Rng, cx: &Ctx, ms: &[Meeting], out: &mut String) {
    let num = format!("{}", between(r, 10, 9999));
    match cx.sender {
        PRC => {
            if chance(r, 0.4) {
                out.push_str("Urgent\n\n");
            }
            out.push_str("Cable from the Chinese Embassy in the DPRK\n\n");
            out.push_str(pick_str(
                r,
                &[
                    "To the Ministry of Foreign Affairs:\n\n",
                    "To the Ministry of Foreign Affairs and the International Liaison Department:\n\n",
                    "To the Ministry of Foreign Affairs and the General Political Department:\n\n",
                ],
            ));
        }
        ROMANIA => {
            let _ = writeln!(
                out,
                "TELEGRAM\n\nSender: Pyongyang\nRecipient: Ministry of Foreign Affairs - Directorate I Relations\nDate: {:02}.{:02}.{}, {:02}:00\nNo. {}.{:03}\n",
                cx.date.d,
                cx.date.m,
                cx.date.y,
                between(r, 8, 20),
                between(r, 10, 99),
                between(r, 1, 999)
            );
            if let Some(c) = cx.classification {
                let _ = writeln!(out, "{}", c.to_uppercase());
            }
            out.push_str("Urgent\n\n");
        }
        _ => {
            classification_block(r, cx, out);
            let head = if cx.sender == USSR {
                "CIPHERED TELEGRAM"
            } else {
                "Ciphered telegram"
            };
            let _ = writeln!(out, "{head} No. {num}\n");
            if cx.sender == USSR {
                let _ = writeln!(
                    out,
                    "From PYONGYANG\nTo {}, TO CDE. {}\n",
                    pick(r, &["MOSCOW", "THE CENTER", "MOSCOW, MFA USSR"]),
                    soviet_minister(r, cx).to_uppercase()
                );
            } else {
                let _ = writeln!(out, "Pyongyang, {}\n", prose_date(r, cx.date, cx.sender));
            }
        }
    }
    if let Some(m) = ms.first() {
        let date = prose_date(r, m.date, cx.sender);
        let mut s = opening(r, cx, m, false);
        // Cables date their meetings in the first sentence.
        if chance(r, 0.7) {
            s = format!("On {date}, {}", lower_first(&s, SENTENCE_STARTS));
            if cx.sender == PRC {
                s = s
                    .replacen(" I ", " we ", 1)
                    .replacen("I visited", "we visited", 1)
                    .replacen("at my request", "at our request", 1);
            }
        }
        out.push_str(&s);
        out.push_str("\n\n");
        for _ in 0..m.paragraphs {
            talk_paragraph(r, cx, &m.counterparts[0], out);
            out.push_str("\n\n");
        }
        entry_tail(r, cx, m, out);
    } else {
        // A cable reporting moods and facts, in numbered points, meets nobody.
        out.push_str("The situation is as follows:\n\n");
        for k in 1..=between(r, 2, 6) {
            let _ = write!(out, "{k}. ");
            sentences(r, cx, None, ANALYSIS, (2, 4), out);
            out.push_str("\n\n");
        }
    }
    if chance(r, 0.5) {
        out.push_str(pick_str(
            r,
            &[
                "I ask your instructions.\n\n",
                "We will continue to report on the situation.\n\n",
                "Please give instructions on how to respond.\n\n",
            ],
        ));
    }
}

/// The minister a Soviet telegram is addressed to, by year.
fn soviet_minister(r: &mut Rng, cx: &Ctx) -> String {
    let pool = &cx.w.pool(cx.year).soviet_recipients;
    let ministers: Vec<usize> = pool
        .iter()
        .copied()
        .filter(|&i| {
            cx.w.people[i]
                .office_in(cx.year)
                .is_some_and(|o| o.contains("USSR Minister of Foreign Affairs"))
        })
        .collect();
    match ministers.as_slice() {
        [] => "Gromyko".into(),
        xs => cx.w.people[*pick(r, xs)].surname.clone(),
    }
}

fn letter(r: &mut Rng, cx: &Ctx, ms: &[Meeting], out: &mut String) {
    classification_block(r, cx, out);
    let pool = &cx.w.pool(cx.year).soviet_recipients;
    let (office, addressee, dear) = if cx.sender == USSR && !pool.is_empty() {
        let p = &cx.w.people[*pick(r, pool)];
        let office = p
            .office_in(cx.year)
            .map(tidy_office)
            .unwrap_or_else(|| "Deputy Minister of Foreign Affairs of the USSR".into());
        // "Dear Nikolai Trofimovich!" needs the patronymic from a full variant.
        let patronymic = p
            .variants
            .iter()
            .filter_map(|v| {
                let w: Vec<&str> = v.split(' ').collect();
                (w.len() == 3 && w[2] == p.surname).then(|| format!("{} {}", w[0], w[1]))
            })
            .next();
        let dear = patronymic.unwrap_or_else(|| format!("Comrade {}", p.surname));
        let initials = p.initials.clone().unwrap_or_default();
        (
            office,
            format!("Cde. {initials} {}", p.surname.to_uppercase()),
            dear,
        )
    } else {
        let a = invent(r, cx.s().nat, None);
        (
            "Head of the Far East Department of the Ministry of Foreign Affairs".to_string(),
            format!("{} {}", cx.s().cde, a.full.to_uppercase()),
            format!("Comrade {}", a.surname),
        )
    };
    let _ = writeln!(
        out,
        "To {office}\n{}\n\nDear {dear}!\n",
        addressee.replace("  ", " ")
    );
    if let Some(m) = ms.first() {
        let who = &m.counterparts[0];
        let _ = write!(
            out,
            "On {} I met with {} at {} request. ",
            entry_date_text(r, m.date, EntryDate::DayMonth),
            office_and_name(r, cx, who).trim_end_matches(','),
            pronoun(Some(who), "his", "her")
        );
        sentences(r, cx, Some(who), CP_SAYS, (2, 4), out);
        out.push_str("\n\n");
        for _ in 0..m.paragraphs {
            talk_paragraph(r, cx, who, out);
            out.push_str("\n\n");
        }
    }
    sentences(r, cx, None, ANALYSIS, (1, 3), out);
    out.push_str("\n\nWith comradely greetings,\n\n");
}

fn report(r: &mut Rng, cx: &Ctx, ms: &[Meeting], out: &mut String) {
    let s = cx.s();
    let cp = ms.first().map(|m| &m.counterparts[0]);
    if chance(r, 0.8) {
        let _ = writeln!(out, "{}", s.embassy);
        if chance(r, 0.5) && !s.embassy.contains("Pyongyang") {
            if cx.kind == Kind::Memo && chance(r, 0.5) {
                let _ = writeln!(out, "Pyongyang, {}", cx.date.dmy());
            } else {
                out.push_str("Pyongyang\n");
            }
        }
        out.push('\n');
    }
    classification_block(r, cx, out);
    if cx.sender == CZECH && chance(r, 0.3) {
        let a = invent(r, Nat::Czech, None);
        let _ = writeln!(out, "Distributed with the consent of Cde. {}\n", a.full);
    }
    let label = &cx.w.topics[cx.topics[0]].label;
    let about = cp.map(|c| {
        let office = c
            .office
            .as_deref()
            .map(|o| format!("{o} "))
            .unwrap_or_default();
        format!("{office}{}", c.full_plain())
    });
    match (cx.kind, about) {
        (Kind::Note, Some(who)) => {
            let _ = writeln!(
                out,
                "{}\nabout a conversation with {who}, on {}\n",
                bold(cx, "NOTE"),
                prose_date(r, cx.date, cx.sender)
            );
        }
        (Kind::Memo, Some(who)) => {
            let _ = writeln!(
                out,
                "{}\non a conversation of the Ambassador with {who} on {}\n",
                bold(cx, "MEMORANDUM"),
                cx.date.dmy()
            );
        }
        (Kind::Memo, None) => {
            let _ = writeln!(out, "{}\nOn {label}\n", bold(cx, "MEMORANDUM"));
        }
        (_, Some(who)) if cx.sender == HUNGARY || chance(r, 0.3) => {
            let _ = writeln!(out, "Subject: Conversation with {who}\n");
        }
        _ => {
            let _ = writeln!(out, "{}\n{label}\n", bold(cx, "REPORT"));
        }
    }
    if chance(r, 0.5) {
        sentences(r, cx, None, ANALYSIS, (1, 3), out);
        out.push_str("\n\n");
    }
    if ms.is_empty() {
        // A memorandum of proposals, numbered, without any conversation.
        for k in 1..=between(r, 3, 7) {
            let _ = write!(out, "{k}) ");
            sentences(r, cx, None, ANALYSIS, (1, 3), out);
            out.push_str("\n\n");
        }
    }
    for m in ms {
        let who = &m.counterparts[0];
        let date = prose_date(r, m.date, cx.sender);
        let mut s = opening(r, cx, m, false);
        s = format!("On {date}, {}", lower_first(&s, SENTENCE_STARTS));
        out.push_str(&s);
        out.push_str("\n\n");
        for _ in 0..m.paragraphs {
            talk_paragraph(r, cx, who, out);
            out.push_str("\n\n");
        }
        entry_tail(r, cx, m, out);
    }
    if chance(r, 0.6) {
        sentences(r, cx, None, ANALYSIS, (1, 3), out);
        out.push_str("\n\n");
    }
}

/// Sentence openings that lose their capital after a leading date; "I" and
/// names keep theirs.
const SENTENCE_STARTS: &[&str] = &["The", "At", "During", "A", "On", "In"];
/// First words of topic labels that are not proper names.
const COMMON_WORDS: &[&str] = &[
    "Leadership",
    "Treaties",
    "International",
    "Socialist",
    "Peaceful",
    "Borders",
    "Diplomatic",
    "Embassy",
    "Economic",
    "Industry",
    "Trade",
    "Finance",
    "Transport",
    "Agriculture",
    "Food",
    "Fisheries",
    "Energy",
    "Construction",
    "Postwar",
    "Technical",
    "Labor",
    "Party",
    "Factionalism",
    "Personality",
    "Ideology",
    "State",
    "Security",
    "Military",
    "Armed",
    "Reunification",
    "Nuclear",
    "Culture",
    "Propaganda",
    "Public",
    "Religion",
    "Defectors",
    "Students",
    "Youth",
    "Sports",
    "Natural",
    "Science",
    "The",
];

fn lower_first(s: &str, lowered: &[&str]) -> String {
    let first = s.split(' ').next().unwrap_or("");
    if !lowered.contains(&first) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Closings
// ---------------------------------------------------------------------------

fn closing(r: &mut Rng, cx: &Ctx, last: Ymd, out: &mut String) {
    match cx.sender {
        USSR => soviet_closing(r, cx, last, out),
        PRC => {
            let _ = writeln!(
                out,
                "Chinese Embassy in the DPRK\n{}",
                cx.date.plus(between(r, 0, 2)).dmy()
            );
        }
        ROMANIA => {
            let _ = writeln!(out, "Signed: Ambassador {}", cx.author.full_plain());
        }
        _ => east_european_closing(r, cx, out),
    }
}

fn soviet_closing(r: &mut Rng, cx: &Ctx, last: Ymd, out: &mut String) {
    let a = &cx.author;
    if cx.kind == Kind::Letter {
        let _ = writeln!(out, "{}\n", a.sig());
    } else if cx.kind == Kind::Telegram {
        let d = cx.date.plus(between(r, 0, 1));
        let _ = writeln!(
            out,
            "{}\n\n{}.{}.{:02}\n",
            a.surname.to_uppercase(),
            d.d,
            ROMAN[d.m as usize - 1],
            d.y % 100
        );
        return;
    } else {
        let rank = if a.office.as_deref() == Some("Ambassador") {
            "SOVIET AMBASSADOR IN THE DPRK"
        } else {
            "CHARGÉ D'AFFAIRES OF THE USSR IN THE DPRK"
        };
        match between(r, 0, 3) {
            0 => {
                let _ = writeln!(out, "USSR AMBASSADOR TO THE DPRK /{}/\n", a.sig());
            }
            1 => {
                let _ = writeln!(out, "{rank}\n\n[signature] ({})\n", a.sig());
            }
            _ => {
                let _ = writeln!(out, "{rank} [signature] ({})\n", a.sig());
            }
        }
    }
    let typist = chance(r, 0.4).then(|| {
        format!(
            "{}-{}{}/{}",
            between(r, 2, 6),
            a.surname.chars().next().unwrap_or('A'),
            a.initials
                .as_deref()
                .and_then(|i| i.chars().next())
                .unwrap_or('P'),
            pick(r, &["tk", "vp", "ab", "ms", "MB"])
        )
    });
    if let Some(t) = &typist
        && chance(r, 0.5)
    {
        let _ = writeln!(out, "{t}\n");
    }
    if chance(r, 0.85) {
        copy_list_soviet(r, cx, out);
    }
    if let Some(t) = &typist {
        let _ = writeln!(out, "{t}");
    }
    outgoing(r, cx, last, out);
}

fn copy_list_soviet(r: &mut Rng, cx: &Ctx, out: &mut String) {
    let pool = &cx.w.pool(cx.year).soviet_recipients;
    let n = between(r, 2, 6);
    let mut names: Vec<String> = Vec::new();
    let offices = [
        "DVO",
        "DVO MID SSSR",
        "UVPI MID SSSR",
        "the General Secretariat",
        "the General Staff",
        "Korea sector DVO",
        "10th Department",
    ];
    let form = between(r, 0, 2);
    for _ in 0..n - 1 {
        if !pool.is_empty() && chance(r, 0.75) {
            let p = &cx.w.people[*pick(r, pool)];
            let i = p.initials.as_deref().unwrap_or("");
            let s = match (form, i.is_empty()) {
                (1, false) => format!("Cde. {i} {}", p.surname),
                (2, false) if chance(r, 0.3) => {
                    format!("Cde. {} {}", p.surname, i.replace(' ', ""))
                }
                _ => format!("Cde. {}", p.surname),
            };
            if !names.contains(&s) {
                names.push(s);
            }
        } else {
            let o = pick(r, &offices).to_string();
            if !names.contains(&o) {
                names.push(o);
            }
        }
    }
    names.push(pick(r, &["to file", "to file", "file"]).to_string());
    let n = names.len();
    let head = match between(r, 0, 4) {
        0 => format!("{n} copies printed"),
        1 => format!("{} copies sent", NUMBER_WORDS[n]),
        2 => format!("{} copies printed v[i]", NUMBER_WORDS[n]),
        3 => format!("{} copies printed:", NUMBER_WORDS[n]),
        _ => format!("{} copies printed", NUMBER_WORDS[n]),
    };
    let _ = writeln!(out, "{head}\n");
    let line_style = between(r, 0, 3);
    let gap = chance(r, 0.3);
    for (k, name) in names.iter().enumerate() {
        let k = k + 1;
        let line = match (line_style, cx.md()) {
            (_, true) if k == 1 => format!("- {k} - {name}"),
            (_, true) => format!("  - {k} - {name}"),
            (1, _) => format!("- {k} {name}"),
            (2, _) => format!("{k}. {name}"),
            _ => format!("{k} - {name}"),
        };
        out.push_str(&line);
        out.push('\n');
        if gap {
            out.push('\n');
        }
    }
    out.push('\n');
}

fn outgoing(r: &mut Rng, cx: &Ctx, last: Ymd, out: &mut String) {
    if chance(r, 0.15) {
        return;
    }
    let sent = last.plus(between(r, 1, 12));
    let sign = number_sign(r);
    let num = if chance(r, 0.2) {
        format!("{}-dv", between(r, 100, 2999))
    } else {
        between(r, 10, 999).to_string()
    };
    let s = match between(r, 0, 4) {
        0 => format!("{sign} {num} {}", sent.dmy()),
        1 => format!("{sign} {num} - {}", sent.dmy()),
        2 => format!("{sign} {num}, at\n{}", sent.dmy()),
        _ => format!("{sign} {num}\n{}", sent.dmy()),
    };
    let _ = writeln!(out, "{}", if cx.md() { format!("- {s}") } else { s });
}

fn east_european_closing(r: &mut Rng, cx: &Ctx, out: &mut String) {
    let a = &cx.author;
    let rank = match a.office.as_deref() {
        Some("Ambassador") => *pick(r, &["Ambassador", "ambassador"]),
        Some(o) => o,
        None => "Counsellor",
    };
    match (cx.sender, between(r, 0, 2)) {
        (POLAND, _) | (_, 0) => {
            let _ = writeln!(out, "{rank}\n{}\n", a.full_plain());
        }
        (GDR, 1) => {
            let _ = writeln!(out, "{}\n{rank}\n", a.surname);
        }
        _ => {
            let _ = writeln!(out, "{}\n{rank}\n", a.full_plain());
        }
    }
    let pool = &cx.w.pool(cx.year).ministers;
    let minister = pool
        .iter()
        .find(|&&i| cx.w.people[i].aff == cx.s().aff)
        .map(|&i| cx.w.people[i].surname.clone());
    match (cx.sender, between(r, 0, 4)) {
        (_, 0) => {}
        (HUNGARY, _) => {
            let parts = [
                (
                    "Foreign Ministry, 5th Territorial Department",
                    between(r, 1, 3),
                ),
                ("Central Committee, Department of Foreign Affairs", 1),
                ("Embassy", 1),
            ];
            let total: u32 = parts.iter().map(|p| p.1).sum();
            let _ = writeln!(out, "Made in {total} copies\nCopies:");
            for (o, c) in parts {
                let _ = writeln!(out, "{o} - {c}");
            }
        }
        (GDR, k) => {
            let names = [
                format!("Comrade {}", invent(r, Nat::German, None).surname),
                "MfAA, Far East Department".to_string(),
                "CC, International Relations Department".to_string(),
                "Embassy Moscow".to_string(),
                "File".to_string(),
            ];
            if k % 2 == 0 {
                let _ = writeln!(out, "Produced in {} copies for:", between(r, 5, 9));
                for n in &names {
                    let _ = writeln!(out, "{n}");
                }
            } else {
                out.push_str("Copies:\n");
                for n in &names[..3] {
                    let _ = writeln!(out, "1x {n}");
                }
            }
        }
        (CZECH, k) if k < 3 => {
            let _ = writeln!(
                out,
                "{} copies printed\nDistributed according to a list",
                between(r, 8, 30)
            );
        }
        _ => {
            out.push_str("Copies:\n");
            let mut k = 1;
            if let Some(m) = &minister {
                let _ = writeln!(out, "{k} - {} {m}", cx.s().cde);
                k += 1;
            }
            let _ = writeln!(
                out,
                "{k} - {}",
                pick(
                    r,
                    &["Department V", "Department I", "Territorial Department"]
                )
            );
            let _ = writeln!(
                out,
                "{} - {}",
                k + 1,
                pick(r, &["a/a", "file", "Embassy Moscow"])
            );
        }
    }
}

// ---------------------------------------------------------------------------
// The archive's web page around the document
// ---------------------------------------------------------------------------

fn archive_citation(r: &mut Rng, cx: &Ctx) -> String {
    let y = cx.year;
    let from = between(r, 1, 200);
    let to = from + between(r, 2, 40);
    match cx.coll.sender {
        USSR if y <= 1953 && chance(r, 0.3) => format!(
            "APRF, Fond 45, Opis 1, Delo {}, Listy {from}-{to}",
            between(r, 320, 350)
        ),
        USSR => {
            let opis = (y - 1944).max(1);
            if chance(r, 0.5) {
                format!(
                    "AVPRF F. 0102, Op. {opis}, P. {}, Delo {}, Listy {from}-{to}",
                    40 + opis * 4 + between(r, 0, 3) as i32,
                    between(r, 1, 30)
                )
            } else {
                format!(
                    "AVPRF fond 0102, opis {opis}, delo {}, p.{from}-{to}",
                    between(r, 1, 30)
                )
            }
        }
        HUNGARY => format!(
            "MOL, XIX-J-1-j Korea, {y}, {}. doboz, {}-{}, 00{}/{y}",
            between(r, 10, 90),
            between(r, 1, 90),
            between(r, 1, 9),
            between(r, 1000, 9999)
        ),
        GDR if chance(r, 0.5) => format!("SAPMO-BArch, DY 30, IV 2/20/{}", between(r, 100, 300)),
        GDR => format!(
            "PolA AA, MfAA, ZR {}/{:02}",
            between(r, 100, 3000),
            (y + 3) % 100
        ),
        POLAND if chance(r, 0.5) => format!(
            "AMSZ, Dep. V, {y}, z. {}, w. {}, t. {}",
            between(r, 1, 20),
            between(r, 1, 60),
            between(r, 1, 5)
        ),
        POLAND => format!("AAN, KC PZPR, XI A/{}", between(r, 10, 1500)),
        PRC => format!(
            "PRC FMA 106-{:05}-{:02}",
            between(r, 1, 1500),
            between(r, 1, 12)
        ),
        CZECH => format!(
            "AMZV, TO-T {}-{}, KLDR, k. {}",
            y - y % 5,
            y - y % 5 + 4,
            between(r, 1, 9)
        ),
        _ => format!(
            "Archive of the Romanian Ministry of Foreign Affairs, Telegrams, Pyongyang, {y}"
        ),
    }
}

fn summary(r: &mut Rng, cx: &Ctx, ms: &[Meeting]) -> String {
    let labels: Vec<String> = cx
        .topics
        .iter()
        .map(|&t| lower_first(&cx.w.topics[t].label, COMMON_WORDS))
        .collect();
    let about = match labels.as_slice() {
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, rest @ ..] => format!("{a}, {}, among other topics", rest.join(", ")),
        [] => "bilateral relations".into(),
    };
    let who = ms
        .first()
        .map(|m| m.counterparts[0].full_plain())
        .unwrap_or_else(|| "Korean officials".into());
    let verb = *pick(
        r,
        &["discuss", "exchange opinions on", "talk about", "review"],
    );
    format!("{} and {who} {verb} {about}.", cx.author.surname)
}

fn web_date(r: &mut Rng, cx: &Ctx) -> String {
    match between(r, 0, 39) {
        0 => format!("{}", cx.date.y),
        1 => format!("{} {}", cx.date.month(), cx.date.y),
        2 => format!("{}, {}", cx.date.month(), cx.date.y),
        _ => cx.date.web(),
    }
}

fn web_header(r: &mut Rng, cx: &Ctx, title: &str, ms: &[Meeting], out: &mut String) {
    let date = web_date(r, cx);
    let cite = archive_citation(r, cx);
    let summary = summary(r, cx, ms);
    let url = format!(
        "https://digitalarchive.wilsoncenter.org/document/{}",
        cx.record_id
    );
    let credits =
        "This document was made possible with support from the ROK Ministry of Unification";
    match cx.layout {
        Layout::Plain => {
            if chance(r, 0.3) {
                let _ = writeln!(out, "{title}\n");
            }
        }
        Layout::SearchIn => {
            let _ = write!(
                out,
                "Search in\n\nDigital Archive International History Declassified\n\n{date}\n\n\n{credits}\n\n  • Citation\n\n    get citation\n\n    {summary}\n    \"{title},\" {date}, History and Public Policy Program Digital Archive, {cite}. {}.\n  • share document\n\n\nEnglish HTML\n\n",
                cx.translator
            );
        }
        Layout::SkipToContent => {
            let _ = write!(out, "Skip to content\n\n{date}\n\n{title}\n\n{credits}\n\n");
        }
        Layout::Citation => {
            let _ = write!(
                out,
                "{date}\n\n{title}\n\nCitation:\n\n\"{title}\", {date}, Wilson Center Digital Archive, {cite}. {}. {url}\n\n",
                cx.translator
            );
            if chance(r, 0.85) {
                let _ = write!(out, "Summary:\n\n{summary}\n\n");
            }
            if chance(r, 0.5) {
                let _ = write!(out, "Credits:\n\n{credits}\n\n");
            }
            let _ = write!(
                out,
                "Original Language:\n\n{}\n\nContents:\n\nTranslation - English\n\n",
                cx.s().language
            );
        }
        Layout::BoldMd => {
            // The export breaks a long title over two bold lines.
            let (t1, t2) = match title.len() > 50 {
                true => {
                    let cut = title[..title.len() / 2]
                        .rfind(' ')
                        .unwrap_or(title.len() / 2);
                    (&title[..cut], &title[cut + 1..])
                }
                false => (title, ""),
            };
            let _ = write!(out, "\n\n**{date}**  \n**{t1}**  \n");
            if !t2.is_empty() {
                let _ = writeln!(out, "**{t2}**");
            }
            let _ = write!(
                out,
                "\n**Citation:**\n\n\"{title}\", {date}, Wilson Center Digital Archive, {cite}. {}.  \n<{url}>\n\n**Summary:**\n\n{summary}\n\n**Original Language:**\n\n{}\n\n**Contents:**\n\nTranslation - English\n\n",
                cx.translator,
                cx.s().language
            );
        }
        Layout::HashMd => {
            let _ = write!(
                out,
                "# {title}\n\n*{date}*\n\n## Citation\n\n\"{title}\", {date}, Wilson Center Digital Archive, {cite}. {}. <{url}>\n\n## Summary\n\n{summary}\n\n*Original Language:* {}\n\n## Translation - English\n\n",
                cx.translator,
                cx.s().language
            );
        }
    }
}

fn web_footer(r: &mut Rng, cx: &Ctx, out: &mut String) {
    if cx.layout != Layout::SkipToContent {
        return;
    }
    let cite = archive_citation(r, cx);
    let kind = match cx.kind {
        Kind::Journal => "Diary Entry",
        Kind::Record | Kind::Note | Kind::Memo => "Memorandum of Conversation",
        Kind::Telegram => "Telegram",
        Kind::Letter => "Letter",
        Kind::Report => "Report",
    };
    let upload_year = between(r, 2009, 2019) as i32;
    let uploaded = Ymd::random(r, upload_year);
    let _ = write!(
        out,
        "\n\nDocument Information\n\nSource\n\n{cite}. {}.\n\nOriginal Uploaded Date\n\n{}-{:02}-{:02}\n\nType\n\n{kind}\n\nLanguage\n\n{}\n\nRecord ID\n\n{}\n\nDonors\n\nROK Ministry of Unification\n",
        cx.translator,
        uploaded.y,
        uploaded.m,
        uploaded.d,
        cx.s().language,
        cx.record_id
    );
}

// ---------------------------------------------------------------------------
// Damage: scanning, truncation, line ends, encodings, garbage
// ---------------------------------------------------------------------------

/// Where the translation starts, so page furniture stays undamaged.
fn body_start(text: &str) -> usize {
    [
        "Translation - English\n\n",
        "English HTML\n\n",
        "Ministry of Unification\n\n",
    ]
    .iter()
    .filter_map(|m| text.find(m).map(|i| i + m.len()))
    .min()
    .unwrap_or(0)
}

fn noise(r: &mut Rng, mut text: String) -> String {
    if chance(r, 0.05) {
        let start = body_start(&text);
        let damaged = ocr(r, &text[start..]);
        text.truncate(start);
        text.push_str(&damaged);
    }
    if chance(r, 0.03) {
        text = nbsp(r, &text);
    }
    if chance(r, 0.05) {
        truncate(r, &mut text);
    }
    if chance(r, 0.02) {
        text = text.replace('\n', "\r\n");
    }
    if chance(r, 0.01) {
        text.insert(0, '\u{feff}');
    }
    text
}

/// What a poor scan does: Il read as II, O as 0, l as 1, hyphenated
/// line ends, and lines broken inside paragraphs.
fn ocr(r: &mut Rng, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 40);
    let rate = *pick(r, &[0.02, 0.04, 0.08]);
    let wrap = chance(r, 0.6);
    for (k, line) in body.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for (j, word) in line.split(' ').enumerate() {
            if j > 0 {
                if wrap && col > 64 && chance(r, 0.35) {
                    out.push('\n');
                    col = 0;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            let w = damage_word(r, word, rate);
            if wrap && col + w.len() > 72 && w.len() > 7 && chance(r, 0.5) {
                // "mechaniza-\ntion": the line ends inside the word.
                let cut = w
                    .char_indices()
                    .map(|(i, _)| i)
                    .find(|&i| i >= w.len() / 2)
                    .unwrap_or(0);
                if cut > 0 && w[..cut].chars().all(char::is_alphabetic) {
                    let _ = write!(out, "{}-\n{}", &w[..cut], &w[cut..]);
                    col = w.len() - cut;
                    continue;
                }
            }
            col += w.len();
            out.push_str(&w);
        }
    }
    out
}

fn damage_word(r: &mut Rng, word: &str, rate: f64) -> String {
    if word == "Il" || word.starts_with("Il-") {
        return if chance(r, 0.7) {
            word.replacen("Il", "II", 1)
        } else {
            word.to_string()
        };
    }
    if !chance(r, rate) {
        return word.to_string();
    }
    match between(r, 0, 6) {
        0 if word.contains('O') => word.replacen('O', "0", 1),
        0..=2 if word.contains('o') => word.replacen('o', "0", 1),
        3 if word.contains('l') => word.replacen('l', "1", 1),
        4 if word.contains('m') => word.replacen('m', "rn", 1),
        4 if word.contains("rn") => word.replacen("rn", "m", 1),
        5 if word.len() > 3 => {
            let mut s = word.to_string();
            if let Some((i, _)) = s.char_indices().nth(2) {
                s.insert(i, ' ');
            }
            s
        }
        _ => word.to_string(),
    }
}

/// Non-breaking spaces where a web page or word processor left them.
fn nbsp(r: &mut Rng, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut prev_digit = false;
    for line in text.split_inclusive('\n') {
        if line == "\n" && chance(r, 0.3) {
            out.push_str("\u{a0}\n");
            continue;
        }
        for c in line.chars() {
            if c == ' ' && (prev_digit || chance(r, 0.01)) && chance(r, 0.6) {
                out.push('\u{a0}');
            } else {
                out.push(c);
            }
            prev_digit = c.is_ascii_digit() || c == 'º';
        }
    }
    out
}

/// Cuts the page off: mid-sentence, or inside the copy list.
fn truncate(r: &mut Rng, text: &mut String) {
    let list_at = ["copies printed", "copies sent", "Copies:", "copies for:"]
        .iter()
        .filter_map(|m| text.find(m))
        .min();
    let cut = match list_at {
        Some(at) if chance(r, 0.35) => {
            // Half of a recipient line survives: "3 - Cde. Kurd".
            let lines: Vec<usize> = text[at..]
                .match_indices('\n')
                .map(|(i, _)| at + i + 1)
                .collect();
            if lines.len() < 4 {
                return;
            }
            let line_start = lines[between(r, 2, lines.len() as u32 - 2) as usize];
            let line_len = text[line_start..].find('\n').unwrap_or(0);
            line_start + line_len * 2 / 3
        }
        _ => {
            let start = body_start(text);
            let len = text.len() - start;
            start + len * between(r, 40, 95) as usize / 100
        }
    };
    let mut cut = cut.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
}

/// Most files are UTF-8; about 1% were saved by an old Windows machine.
fn encode(r: &mut Rng, cx: &Ctx, mut text: String) -> Vec<u8> {
    let enc = match between(r, 0, 999) {
        0..=4 => encoding_rs::WINDOWS_1251,
        5..=9 => encoding_rs::WINDOWS_1252,
        _ => return text.into_bytes(),
    };
    if enc == encoding_rs::WINDOWS_1251 && cx.sender == USSR && chance(r, 0.6) {
        // A Russian archival note gives the detector Cyrillic to go on.
        let at = body_start(&text);
        text.insert_str(
            at,
            "[Архивная пометка: АВП РФ, ф. 0102, оп. 13, д. 5. Экз. № 2 — секретно]\n\n",
        );
    }
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let (bytes, _, unmappable) = enc.encode(c.encode_utf8(&mut buf));
        if unmappable {
            // What a code page cannot hold, the saving program spelled out in ASCII.
            out.extend_from_slice(deunicode::deunicode_char(c).unwrap_or("?").as_bytes());
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

/// Files a real dump also holds: empty, binary, a PDF, a zip.
fn garbage(r: &mut Rng, stem: String) -> Generated {
    let (ext, bytes): (&str, Vec<u8>) = match between(r, 0, 4) {
        0 => ("txt", Vec::new()),
        1 => {
            let n = between(r, 64, 4096) as usize;
            ("txt", (0..n).map(|_| r.random::<u8>()).collect())
        }
        2 => ("txt", vec![0u8; between(r, 16, 512) as usize]),
        3 => {
            let mut b =
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
            b.extend((0..between(r, 100, 2000)).map(|_| r.random::<u8>()));
            ("pdf", b)
        }
        _ => {
            let mut b = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
            b.extend((0..between(r, 100, 2000)).map(|_| r.random::<u8>()));
            ("txt", b)
        }
    };
    Generated {
        path: format!("{stem}.{ext}"),
        bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        World::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))).expect("data loads")
    }

    #[test]
    fn same_seed_same_document_different_seed_differs() {
        let w = world();
        for i in [0u64, 7, 123, 9999] {
            let a = generate(&w, 42, i, 6);
            let b = generate(&w, 42, i, 6);
            assert_eq!(a.path, b.path);
            assert_eq!(a.bytes, b.bytes, "document {i} is not reproducible");
            let c = generate(&w, 43, i, 6);
            assert_ne!(
                a.bytes, c.bytes,
                "seeds 42 and 43 gave the same document {i}"
            );
        }
    }

    #[test]
    fn a_document_does_not_depend_on_the_others() {
        let w = world();
        let alone = generate(&w, 5, 17, 6);
        for i in 0..17 {
            generate(&w, 5, i, 6);
        }
        assert_eq!(generate(&w, 5, 17, 6).bytes, alone.bytes);
    }

    #[test]
    fn wildcards_are_inflected() {
        let mut r = doc_rng(1, 1);
        for phrase in ["plenum*", "industr* production", "Soviet aid"] {
            assert!(!inflect(&mut r, phrase).contains('*'));
        }
    }
}
