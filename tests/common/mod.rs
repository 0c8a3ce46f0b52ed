//! Shared test helpers: build a corpus into a temporary folder, read the
//! tables back, and score them against gold labels as the archive's scorer does.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::array::{Array, AsArray};
use arrow::datatypes::{DataType, Date32Type, Int32Type, Int64Type};
use arrow::record_batch::RecordBatch;
use chancery::config::Config;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The default pipeline's reference data, over `input`, into `output`.
pub fn config(input: &Path, output: &Path) -> Config {
    let r = root();
    Config {
        name: "test".into(),
        input: input.to_path_buf(),
        output: output.to_path_buf(),
        persons: r.join("data/persons.toml"),
        topics: r.join("data/topics.toml"),
        lexicon: r.join("data/lexicon.toml"),
        max_file_bytes: 1 << 20,
        layout: chancery::config::Layout::Flat,
        chunk_documents: chancery::chunking::Bounds::DEFAULT_AVERAGE,
    }
}

/// A corpus folder built from (name, contents) pairs.
pub struct CorpusBuilder {
    pub dir: tempfile::TempDir,
}

impl CorpusBuilder {
    pub fn new() -> Self {
        CorpusBuilder {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, contents).expect("write fixture");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Dates every file an hour back, as a corpus that has sat on disk since
    /// before the last build (stamps written seconds ago are not trusted).
    pub fn aged(self) -> Self {
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        age(self.path(), hour_ago);
        self
    }
}

/// Sets the modification time of every file below `dir`.
pub fn age(dir: &Path, when: std::time::SystemTime) {
    for e in std::fs::read_dir(dir).expect("list") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            age(&p, when);
        } else {
            std::fs::File::options()
                .write(true)
                .open(&p)
                .and_then(|f| f.set_modified(when))
                .expect("set mtime");
        }
    }
}

/// A finished run of the binary, asserted successful; its stderr is the
/// failure message otherwise.
pub fn succeeded(out: std::process::Output) -> std::process::Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The chancery binary, ready for arguments.
pub fn chancery() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_chancery"))
}

/// Every Parquet file below `dir`, by relative path, with its bytes.
pub fn parquet_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("list") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Builds `input` into a fresh temporary output folder.
pub fn build(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("outputs");
    chancery::pipeline::build(&config(input, &out), false).expect("build");
    (tmp, out)
}

pub fn read(dir: &Path, table: &str) -> RecordBatch {
    let f = File::open(dir.join(format!("{table}.parquet"))).expect("open table");
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .expect("reader")
        .build()
        .expect("build reader");
    let batches: Vec<RecordBatch> = reader.map(|b| b.expect("batch")).collect();
    let schema = batches.first().map(|b| b.schema()).unwrap_or_else(|| {
        let f = File::open(dir.join(format!("{table}.parquet"))).unwrap();
        ParquetRecordBatchReaderBuilder::try_new(f)
            .unwrap()
            .schema()
            .clone()
    });
    arrow::compute::concat_batches(&schema, &batches).expect("concat")
}

/// A table as rows of JSON values keyed by column: dates as ISO strings.
pub fn rows(dir: &Path, table: &str) -> Vec<BTreeMap<String, Value>> {
    let b = read(dir, table);
    let mut out = vec![BTreeMap::new(); b.num_rows()];
    for (i, field) in b.schema().fields().iter().enumerate() {
        let col = b.column(i);
        for (r, row) in out.iter_mut().enumerate() {
            let v = if col.is_null(r) {
                Value::Null
            } else {
                match field.data_type() {
                    DataType::Utf8 => Value::from(col.as_string::<i32>().value(r)),
                    DataType::Int32 => Value::from(col.as_primitive::<Int32Type>().value(r)),
                    DataType::Int64 => Value::from(col.as_primitive::<Int64Type>().value(r)),
                    DataType::Float64 => {
                        Value::from(col.as_primitive::<arrow::datatypes::Float64Type>().value(r))
                    }
                    DataType::Date32 => {
                        let days = col.as_primitive::<Date32Type>().value(r);
                        let d = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
                            + chrono::Duration::days(days as i64);
                        Value::from(d.to_string())
                    }
                    DataType::List(_) => {
                        let l = col.as_list::<i32>().value(r);
                        let s = l.as_string::<i32>();
                        Value::from(
                            (0..s.len())
                                .map(|k| s.value(k).to_string())
                                .collect::<Vec<_>>(),
                        )
                    }
                    other => panic!("unexpected type {other}"),
                }
            };
            row.insert(field.name().clone(), v);
        }
    }
    out
}

// ---- the scorer's name comparison, so tests judge as the archive's scorer does ----

const TITLES: &[&str] = &[
    "cde",
    "comrade",
    "comrades",
    "cdes",
    "ambassador",
    "minister",
    "the",
    "mr",
    "mrs",
    "dr",
    "sic",
    "tov",
];

fn tokens(name: &str) -> Vec<String> {
    let s = name.to_lowercase();
    let s = regex::Regex::new(r"\[sic[^\]]*\]")
        .unwrap()
        .replace_all(&s, " ")
        .replace('-', " ");
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    s.split_whitespace()
        .filter(|t| !TITLES.contains(t))
        .map(str::to_string)
        .collect()
}

fn name_key(name: &str) -> Vec<String> {
    tokens(name)
        .into_iter()
        .filter(|t| t.chars().count() > 1 || !t.chars().all(char::is_alphabetic))
        .map(|t| if t == "ii" { "il".into() } else { t })
        .collect()
}

pub fn same_name(gold: &str, out: &str) -> bool {
    let (mut g, mut o) = (name_key(gold), name_key(out));
    if g.is_empty() || o.is_empty() {
        return tokens(gold).join(" ") == tokens(out).join(" ");
    }
    if g.len() == 1 && o.last() == g.first() || o.len() == 1 && g.last() == o.first() {
        return true;
    }
    g.sort();
    o.sort();
    g == o
}

/// Matched, gold count, output count.
pub fn set_match(gold: &[String], out: &[String]) -> (usize, usize, usize) {
    let mut used = vec![false; out.len()];
    let mut matched = 0;
    for g in gold {
        if let Some(i) = (0..out.len()).find(|&i| !used[i] && same_name(g, &out[i])) {
            used[i] = true;
            matched += 1;
        }
    }
    (matched, gold.len(), out.len())
}

/// Per-field tallies and the misses that explain them.
#[derive(Default, Debug)]
pub struct Tally {
    pub fields: BTreeMap<String, (f64, f64)>,
    pub misses: Vec<String>,
}

impl Tally {
    pub fn add(&mut self, doc: &str, field: &str, ok: bool, detail: impl FnOnce() -> String) {
        let e = self.fields.entry(field.into()).or_default();
        e.1 += 1.0;
        if ok {
            e.0 += 1.0;
        } else {
            self.misses.push(format!("{doc}: {field}: {}", detail()));
        }
    }

    pub fn prf(
        &mut self,
        doc: &str,
        field: &str,
        (m, g, o): (usize, usize, usize),
        detail: impl Fn() -> String,
    ) {
        if g > 0 {
            let e = self.fields.entry(format!("{field}.recall")).or_default();
            e.0 += m as f64;
            e.1 += g as f64;
        }
        if o > 0 {
            let e = self.fields.entry(format!("{field}.precision")).or_default();
            e.0 += m as f64;
            e.1 += o as f64;
        }
        if m < g || m < o {
            self.misses.push(format!("{doc}: {field}: {}", detail()));
        }
    }

    pub fn score(&self) -> f64 {
        let v: Vec<f64> = self
            .fields
            .values()
            .filter(|(_, n)| *n > 0.0)
            .map(|(h, n)| h / n)
            .collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    }

    pub fn report(&self) -> String {
        let mut s = String::new();
        for (f, (h, n)) in &self.fields {
            s.push_str(&format!("{f:<32} {:.3} (n={n})\n", h / n));
        }
        for m in &self.misses {
            s.push_str(&format!("miss: {m}\n"));
        }
        s.push_str(&format!("score={:.3}\n", self.score()));
        s
    }
}

fn as_str(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn names_of(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Scores an output folder against a gold JSONL file, field by field.
pub fn score(out: &Path, gold: &Path) -> Tally {
    let docs = rows(out, "documents");
    let meetings = rows(out, "meetings");
    let parts = rows(out, "participants");
    let dist = rows(out, "distribution");
    let topics = rows(out, "topic_mentions");
    let mut t = Tally::default();
    for line in std::fs::read_to_string(gold)
        .expect("gold")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let g: Value = serde_json::from_str(line).expect("gold json");
        let file = g["file"].as_str().unwrap().to_string();
        let Some(d) = docs.iter().find(|d| {
            d["source_file"]
                .as_str()
                .is_some_and(|s| s.ends_with(&file))
        }) else {
            t.add(&file, "doc.found", false, || "missing".into());
            continue;
        };
        let doc_id = d["doc_id"].as_str().unwrap().to_string();
        for (field, col) in [
            ("doc_date", "doc_date"),
            ("period_start", "period_start"),
            ("period_end", "period_end"),
            ("kind", "kind"),
            ("classification", "classification"),
            ("record_id", "record_id"),
        ] {
            if let Some(gv) = g.get(field) {
                if field == "record_id" && gv.is_null() {
                    continue;
                }
                let want = as_str(Some(gv)).map(|s| s.to_lowercase());
                let got = as_str(d.get(col)).map(|s| s.to_lowercase());
                t.add(&file, &format!("doc.{field}"), want == got, || {
                    format!("want {want:?} got {got:?}")
                });
            }
        }
        for (field, col) in [
            ("copy_number", "copy_number"),
            ("copies_printed", "copies_printed"),
        ] {
            if let Some(gv) = g
                .get(field)
                .filter(|v| !(field == "copies_printed" && v.is_null()))
            {
                t.add(&file, &format!("doc.{field}"), gv == &d[col], || {
                    format!("want {gv} got {}", d[col])
                });
            }
        }
        if let Some(s) = g.get("status").and_then(Value::as_str) {
            t.add(&file, "doc.status", d["status"].as_str() == Some(s), || {
                format!("want {s} got {} ({})", d["status"], d["error"])
            });
        }
        if let Some(a) = g.get("author").and_then(Value::as_str) {
            let got = d["author_name"].as_str().unwrap_or("").to_string();
            t.add(&file, "doc.author", same_name(a, &got), || {
                format!("want {a} got {got}")
            });
        }
        if let Some(tr) = g.get("translator") {
            let got = d["translator"].as_str().unwrap_or("").to_string();
            let ok = match tr.as_str() {
                Some(w) => same_name(w, &got),
                None => got.is_empty(),
            };
            t.add(&file, "doc.translator", ok, || {
                format!("want {tr} got {got}")
            });
        }
        if let Some(arch) = g.get("archive").and_then(Value::as_object) {
            for k in ["fond", "opis", "delo", "pages"] {
                if let Some(w) = arch.get(k).and_then(Value::as_str) {
                    let got = d[&format!("archive_{k}")]
                        .as_str()
                        .unwrap_or("")
                        .to_lowercase();
                    t.add(
                        &file,
                        &format!("doc.archive_{k}"),
                        got == w.to_lowercase(),
                        || format!("want {w} got {got}"),
                    );
                }
            }
        }
        if let Some(o) = g.get("outgoing") {
            let want_n = o.get("number").and_then(Value::as_str).map(str::to_string);
            let got_n = d["outgoing_number"].as_str().map(str::to_string);
            t.add(&file, "doc.outgoing_number", want_n == got_n, || {
                format!("want {want_n:?} got {got_n:?}")
            });
        }
        // meetings
        let mine: Vec<_> = meetings
            .iter()
            .filter(|m| m["doc_id"].as_str() == Some(&doc_id))
            .collect();
        let mut used = vec![false; mine.len()];
        let entries: Vec<&Value> = g["entries"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|e| e["date"].is_string() && !names_of(&e["counterparts"]).is_empty())
                    .collect()
            })
            .unwrap_or_default();
        for e in &entries {
            let date = e["date"].as_str().unwrap();
            let cands: Vec<usize> = (0..mine.len())
                .filter(|&i| !used[i] && mine[i]["meeting_date"].as_str() == Some(date))
                .collect();
            let people = |i: usize, role: &str| -> Vec<String> {
                parts
                    .iter()
                    .filter(|p| {
                        p["meeting_id"] == mine[i]["meeting_id"] && p["role"].as_str() == Some(role)
                    })
                    .map(|p| p["name"].as_str().unwrap_or("").to_string())
                    .collect()
            };
            let best = cands.iter().copied().max_by_key(|&i| {
                (
                    set_match(&names_of(&e["counterparts"]), &people(i, "counterpart")).0,
                    std::cmp::Reverse(i),
                )
            });
            t.add(&file, "meeting.date_found", best.is_some(), || {
                format!("no meeting on {date}")
            });
            let Some(i) = best else { continue };
            used[i] = true;
            for (role, key) in [
                ("counterpart", "counterparts"),
                ("interpreter", "interpreters"),
                ("present", "present"),
            ] {
                let want = names_of(&e[key]);
                let got = people(i, role);
                if !want.is_empty() || !got.is_empty() {
                    t.prf(
                        &file,
                        &format!("meeting.{key}"),
                        set_match(&want, &got),
                        || format!("{date} want {want:?} got {got:?}"),
                    );
                }
            }
            if let Some(w) = e.get("initiative").and_then(Value::as_str) {
                t.add(
                    &file,
                    "meeting.initiative",
                    mine[i]["initiative"].as_str() == Some(w),
                    || format!("{date} want {w} got {}", mine[i]["initiative"]),
                );
            }
            if let Some(w) = e.get("duration_minutes").filter(|v| !v.is_null()) {
                t.add(
                    &file,
                    "meeting.duration_minutes",
                    &mine[i]["duration_minutes"] == w,
                    || format!("{date} want {w} got {}", mine[i]["duration_minutes"]),
                );
            }
        }
        if !g.get("truncated").and_then(Value::as_bool).unwrap_or(false) {
            let m = used.iter().filter(|u| **u).count();
            t.prf(
                &file,
                "meeting.count",
                (m, entries.len(), mine.len()),
                || format!("want {} got {}", entries.len(), mine.len()),
            );
        }
        // distribution
        let gd: Vec<&Value> = g["distribution"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let od: Vec<_> = dist
            .iter()
            .filter(|r| r["doc_id"].as_str() == Some(&doc_id))
            .collect();
        let mut usedd = vec![false; od.len()];
        let mut matched = 0;
        for x in &gd {
            let who = x["recipient"].as_str().unwrap_or("");
            if let Some(i) = (0..od.len()).find(|&i| {
                !usedd[i]
                    && od[i]["copy_number"] == x["copy"]
                    && (same_name(who, od[i]["recipient_name"].as_str().unwrap_or(""))
                        || same_name(who, od[i]["recipient"].as_str().unwrap_or("")))
            }) {
                usedd[i] = true;
                matched += 1;
            }
        }
        if !gd.is_empty() || !od.is_empty() {
            let got: Vec<String> = od
                .iter()
                .map(|r| format!("{}:{}", r["copy_number"], r["recipient"]))
                .collect();
            t.prf(&file, "distribution", (matched, gd.len(), od.len()), || {
                format!("want {} entries, got {got:?}", gd.len())
            });
        }
        let found: Vec<&str> = topics
            .iter()
            .filter(|r| r["doc_id"].as_str() == Some(&doc_id))
            .filter_map(|r| r["topic_id"].as_str())
            .collect();
        for tid in g["topics_required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            t.add(&file, "topics.required_found", found.contains(&tid), || {
                tid.to_string()
            });
        }
        for tid in g["topics_forbidden"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            t.add(
                &file,
                "topics.forbidden_absent",
                !found.contains(&tid),
                || tid.to_string(),
            );
        }
    }
    t
}
