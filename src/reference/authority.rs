//! The person authority (`data/persons.toml`) and the resolver that ties a
//! name as written to one person, or says why it cannot.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Lexicon, edit_distance};
use crate::error::{Error, Result};
use crate::grammar::names;
use crate::model::Resolution;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorityFile {
    #[serde(default)]
    person: Vec<Person>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub title: String,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub surname: String,
    pub given: Option<String>,
    pub initials: Option<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    pub affiliation: Option<String>,
    pub wikidata: Option<String>,
    #[serde(default)]
    pub ambiguous: Vec<String>,
    #[serde(default)]
    pub offices: Vec<Office>,
}

/// A name reduced to what matching compares: full words folded to ASCII
/// lower case and joined, and the initials' first letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    pub key: String,
    pub words: Vec<String>,
    pub initials: Vec<char>,
}

/// Folds a name for matching: titles and `[sic]` gone, brackets applied,
/// diacritics folded, OCR confusions ("II" for "Il", "0" for "O") undone.
pub fn name_key(name: &str, lex: &Lexicon) -> NameKey {
    let name = names::apply_bracket(name);
    let name = name.trim_end_matches("'s").trim_end_matches("’s");
    let mut words = Vec::new();
    let mut initials = Vec::new();
    for raw in name.split_whitespace() {
        let t =
            raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-' && c != '\'');
        // Titles and offices around a name ("Minister of Foreign Affairs X",
        // "X, Deputy Chief of the ... Department") are not part of it.
        let lowercase_word = t.chars().next().is_some_and(char::is_lowercase) && t.len() > 1;
        if t.is_empty() || lex.is_honorific(t) || lex.is_office_word(t) || lowercase_word {
            continue;
        }
        // "A.M." and "Yu." are initials; so is a lone capital.
        let parts: Vec<&str> = t.split_inclusive('.').collect();
        let initial_like = parts.iter().all(|p| {
            let letters = p.trim_end_matches('.');
            p.ends_with('.')
                && (1..=2).contains(&letters.chars().count())
                && letters.chars().next().is_some_and(char::is_uppercase)
        });
        let single = t.chars().count() == 1 && t.chars().all(char::is_uppercase);
        if initial_like || single {
            for p in parts {
                if let Some(c) = deunicode::deunicode(p).chars().next() {
                    initials.push(c.to_ascii_lowercase());
                }
            }
            continue;
        }
        let folded = deunicode::deunicode(t).to_lowercase();
        let mut w: String = folded
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        if w == "ii" {
            w = "il".into();
        }
        if w.chars().any(|c| c.is_ascii_alphabetic()) {
            w = w.replace('0', "o");
        }
        if !w.is_empty() {
            words.push(w);
        }
    }
    NameKey {
        key: words.concat(),
        words,
        initials,
    }
}

#[derive(Debug, Clone)]
struct Form {
    person: usize,
    initials: Vec<char>,
    canonical: bool,
}

/// The authority, indexed for resolution.
#[derive(Debug, Default)]
pub struct Authority {
    pub persons: Vec<Person>,
    forms: HashMap<String, Vec<Form>>,
    surnames: HashMap<String, Vec<usize>>,
    lexicon: Lexicon,
    /// Every form's key with its first owner, sorted by length then key,
    /// so the loose match compares only keys of about the right length.
    /// Each also carries the characters it uses, for skipping keys that
    /// cannot be within the limit before computing a distance.
    by_length: Vec<(usize, String, usize, u64)>,
    /// Loose matches already computed: the same unknown name recurs across
    /// a corpus, and each loose match compares it with many keys.
    fuzzy_memo: std::sync::Mutex<HashMap<String, Option<(usize, f64)>>>,
}

/// What the resolver may use besides the name: the document's date.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    pub date: Option<NaiveDate>,
}

fn parse_bound(s: &str, end: bool) -> Option<NaiveDate> {
    let parts: Vec<u32> = s.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y] => NaiveDate::from_ymd_opt(
            *y as i32,
            if end { 12 } else { 1 },
            if end { 31 } else { 1 },
        ),
        [y, m] => {
            let first = NaiveDate::from_ymd_opt(*y as i32, *m, 1)?;
            if end {
                let next = first.checked_add_months(chrono::Months::new(1))?;
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        [y, m, d] => NaiveDate::from_ymd_opt(*y as i32, *m, *d),
        _ => None,
    }
}

impl Office {
    /// Whether the office was held on `date`; open ends count as held.
    pub fn held_on(&self, date: NaiveDate) -> bool {
        let after_start = self
            .start
            .as_deref()
            .and_then(|s| parse_bound(s, false))
            .is_none_or(|s| s <= date);
        let before_end = self
            .end
            .as_deref()
            .and_then(|e| parse_bound(e, true))
            .is_none_or(|e| date <= e);
        after_start && before_end
    }

    /// Checks that the bounds parse and that start is not after end.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let s = self
            .start
            .as_deref()
            .map(|s| parse_bound(s, false).ok_or(format!("bad start {s:?}")))
            .transpose()?;
        let e = self
            .end
            .as_deref()
            .map(|e| parse_bound(e, true).ok_or(format!("bad end {e:?}")))
            .transpose()?;
        match (s, e) {
            (Some(s), Some(e)) if s > e => {
                Err(format!("office {:?} starts after it ends", self.title))
            }
            _ => Ok(()),
        }
    }
}

impl Authority {
    pub fn load(path: &Path, lexicon: &Lexicon) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let file: AuthorityFile = toml::from_str(&text).map_err(|e| Error::Reference {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        Self::from_persons(file.person, lexicon).map_err(|message| Error::Reference {
            path: path.to_owned(),
            message,
        })
    }

    /// Builds the index; fails on duplicate ids, malformed offices, and a
    /// spelling claimed by two people unless both mark it `ambiguous`.
    pub fn from_persons(
        persons: Vec<Person>,
        lexicon: &Lexicon,
    ) -> std::result::Result<Self, String> {
        let mut a = Authority {
            lexicon: lexicon.clone(),
            ..Default::default()
        };
        let mut ids = BTreeSet::new();
        for (idx, p) in persons.iter().enumerate() {
            if !ids.insert(p.id.clone()) {
                return Err(format!("person id {:?} appears twice", p.id));
            }
            if p.id.is_empty()
                || !p
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(format!(
                    "person id {:?} must be lower-case ascii, digits and underscores",
                    p.id
                ));
            }
            for o in &p.offices {
                o.validate().map_err(|m| format!("person {}: {m}", p.id))?;
            }
            let base = name_key(&p.initials.clone().unwrap_or_default(), lexicon).initials;
            let mut forms: Vec<(String, bool)> = vec![(p.name.clone(), true)];
            if let Some(g) = &p.given {
                forms.push((format!("{} {}", p.surname, g), false));
                forms.push((format!("{} {}", g, p.surname), false));
            }
            forms.extend(p.variants.iter().map(|v| (v.clone(), false)));
            let mut seen = BTreeSet::new();
            for (form, canonical) in forms {
                let k = name_key(&form, lexicon);
                if k.key.is_empty() || !seen.insert((k.key.clone(), k.initials.clone())) {
                    continue;
                }
                let initials = if k.initials.is_empty() {
                    base.clone()
                } else {
                    k.initials
                };
                a.forms.entry(k.key).or_default().push(Form {
                    person: idx,
                    initials,
                    canonical,
                });
            }
            let s = name_key(&p.surname, lexicon).key;
            if !s.is_empty() {
                a.surnames.entry(s).or_default().push(idx);
            }
        }
        for (key, forms) in &a.forms {
            let owners: BTreeSet<usize> = forms.iter().map(|f| f.person).collect();
            if owners.len() > 1 {
                let marked = owners.iter().all(|&o| {
                    persons[o]
                        .ambiguous
                        .iter()
                        .any(|v| name_key(v, lexicon).key == *key)
                });
                // Different initials tell such people apart ("F. R. Kozlov" and "A. Kozlov").
                let initial_sets: BTreeSet<&Vec<char>> =
                    forms.iter().map(|f| &f.initials).collect();
                let by_initials = initial_sets.len() == forms.len()
                    && forms.iter().all(|f| !f.initials.is_empty());
                if !marked && !by_initials {
                    let who: Vec<&str> = owners.iter().map(|&o| persons[o].id.as_str()).collect();
                    return Err(format!(
                        "the spelling {key:?} is claimed by {} without being marked ambiguous",
                        who.join(" and ")
                    ));
                }
            }
        }
        a.by_length = a
            .forms
            .iter()
            .map(|(k, f)| {
                let letters = edit_distance::letters(k.as_bytes());
                (k.len(), k.clone(), f[0].person, letters)
            })
            .collect();
        a.by_length.sort();
        a.persons = persons;
        Ok(a)
    }

    pub fn len(&self) -> usize {
        self.persons.len()
    }

    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.id == id)
    }

    /// Resolves a name as written. Never guesses: an ambiguous name comes
    /// back provisional with its candidates.
    pub fn resolve(&self, name: &str, ctx: Context) -> Resolution {
        let k = name_key(name, &self.lexicon);
        if k.key.is_empty() {
            return self.provisional(name, &k, Vec::new());
        }
        let compatible = |form_initials: &[char]| {
            k.initials.is_empty()
                || form_initials.is_empty()
                || form_initials.starts_with(&k.initials)
                || k.initials.starts_with(form_initials)
        };
        let mut hits: BTreeMap<usize, (&'static str, f64)> = BTreeMap::new();
        let mut rejected = BTreeSet::new();
        if let Some(forms) = self.forms.get(&k.key) {
            for f in forms {
                if !compatible(&f.initials) {
                    rejected.insert(f.person);
                    continue;
                }
                let (method, conf) =
                    match (f.canonical, k.initials.is_empty() == f.initials.is_empty()) {
                        (true, true) => ("exact", 1.0),
                        (false, true) => ("variant", 0.95),
                        (_, false) => ("initials", 0.85),
                    };
                let e = hits.entry(f.person).or_insert((method, conf));
                if conf > e.1 {
                    *e = (method, conf);
                }
            }
        }
        if hits.is_empty() && k.words.len() == 1 {
            for &p in self.surnames.get(&k.key).into_iter().flatten() {
                let base = name_key(
                    &self.persons[p].initials.clone().unwrap_or_default(),
                    &self.lexicon,
                )
                .initials;
                if compatible(&base) {
                    hits.entry(p).or_insert(("initials", 0.8));
                } else {
                    rejected.insert(p);
                }
            }
        }
        if hits.is_empty()
            && let Some((p, conf)) = self.fuzzy(&k)
        {
            hits.insert(p, ("fuzzy", conf));
        }
        match hits.len() {
            0 => {
                let cands = rejected
                    .into_iter()
                    .map(|p| self.persons[p].id.clone())
                    .collect();
                self.provisional(name, &k, cands)
            }
            1 => {
                let (&p, &(method, confidence)) = hits.iter().next().expect("one hit");
                self.found(p, method, confidence)
            }
            _ => {
                // Offices held on the document's date may decide it.
                if let Some(date) = ctx.date {
                    let holding: Vec<usize> = hits
                        .keys()
                        .copied()
                        .filter(|&p| {
                            self.persons[p]
                                .offices
                                .iter()
                                .any(|o| o.start.is_some() && o.held_on(date))
                        })
                        .collect();
                    if let [p] = holding.as_slice() {
                        return self.found(*p, "context", 0.7);
                    }
                }
                let cands = hits.keys().map(|&p| self.persons[p].id.clone()).collect();
                self.provisional(name, &k, cands)
            }
        }
    }

    fn found(&self, p: usize, method: &'static str, confidence: f64) -> Resolution {
        Resolution {
            person_id: self.persons[p].id.clone(),
            canonical_name: self.persons[p].name.clone(),
            method,
            confidence,
            candidates: Vec::new(),
        }
    }

    fn fuzzy(&self, k: &NameKey) -> Option<(usize, f64)> {
        // Short keys differ by one letter between different people
        // ("Ri Jong-ok", "Ri Jong-mok"): only long names are matched loosely.
        if k.key.len() < 10 {
            return None;
        }
        if let Some(hit) = self.memo().get(&k.key) {
            return *hit;
        }
        let limit = if k.key.len() >= 14 { 2 } else { 1 };
        let lo = self
            .by_length
            .partition_point(|(len, ..)| *len + limit < k.key.len());
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        let letters = edit_distance::letters(k.key.as_bytes());
        for (len, key, owner, theirs) in &self.by_length[lo..] {
            if *len > k.key.len() + limit {
                break;
            }
            if edit_distance::letters_apart(letters, *theirs) > limit {
                continue;
            }
            let Some(d) = edit_distance::within(key.as_bytes(), k.key.as_bytes(), limit) else {
                continue;
            };
            match best {
                Some((bd, bp)) if d == bd && bp != *owner => tie = true,
                Some((bd, _)) if d >= bd => {}
                _ => {
                    best = Some((d, *owner));
                    tie = false;
                }
            }
        }
        let hit = match best {
            Some((d, p)) if !tie => Some((p, 0.8 - 0.1 * d as f64)),
            _ => None,
        };
        self.memo().insert(k.key.clone(), hit);
        hit
    }

    fn memo(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<(usize, f64)>>> {
        // A panic elsewhere while the lock was held leaves a usable map.
        self.fuzzy_memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn provisional(&self, name: &str, k: &NameKey, candidates: Vec<String>) -> Resolution {
        let mut parts: Vec<String> = k.initials.iter().map(|c| c.to_string()).collect();
        parts.extend(k.words.iter().cloned());
        let slug = if parts.is_empty() {
            "unnamed".to_string()
        } else {
            parts.join("_")
        };
        let display = names::apply_bracket(name);
        let display: Vec<&str> = display
            .split_whitespace()
            .filter(|w| !self.lexicon.is_honorific(w))
            .collect();
        Resolution {
            person_id: format!("prov_{slug}"),
            canonical_name: display.join(" "),
            method: "provisional",
            confidence: 0.0,
            candidates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(
        id: &str,
        name: &str,
        surname: &str,
        initials: Option<&str>,
        variants: &[&str],
    ) -> Person {
        Person {
            id: id.into(),
            name: name.into(),
            surname: surname.into(),
            given: None,
            initials: initials.map(Into::into),
            variants: variants.iter().map(|s| s.to_string()).collect(),
            affiliation: None,
            wikidata: None,
            ambiguous: Vec::new(),
            offices: Vec::new(),
        }
    }

    fn authority() -> Authority {
        let lex = Lexicon::from_words(
            &["Cde", "Comrade"],
            &[
                "Ambassador",
                "Minister",
                "Foreign",
                "Affairs",
                "Deputy",
                "Chief",
                "International",
                "Department",
            ],
        );
        let mut kozlov = person("kozlov_f_r", "F. R. Kozlov", "Kozlov", Some("F. R."), &[]);
        kozlov.offices.push(Office {
            title: "Secretary".into(),
            start: Some("1960-05".into()),
            end: Some("1964".into()),
        });
        let persons = vec![
            person("ivanov_p", "Pavel Ivanov", "Ivanov", Some("P. A."), &[]),
            person(
                "kim_il_sung",
                "Kim Il Sung",
                "Kim",
                None,
                &["Kim Il-sung", "Kim Ir Sen", "Kim Il Song"],
            ),
            person("kim_il", "Kim Il", "Kim", None, &[]),
            person(
                "petrov_a_m",
                "A. M. Petrov",
                "Petrov",
                Some("A. M."),
                &["V. M. Petrov"],
            ),
            person("walesa", "Lech Wałęsa", "Wałęsa", None, &[]),
            person(
                "stalin",
                "J. V. Stalin",
                "Stalin",
                Some("J. V."),
                &["Feng Xi", "Filippov"],
            ),
            kozlov,
            person("kozlov_a", "A. Kozlov", "Kozlov", Some("A."), &[]),
        ];
        Authority::from_persons(persons, &lex).unwrap()
    }

    fn id(name: &str) -> String {
        authority().resolve(name, Context::default()).person_id
    }

    #[test]
    fn rules() {
        let a = authority();
        let cases: &[(&str, &str, &str)] = &[
            ("Kim Il Sung", "kim_il_sung", "exact"),
            ("Cde. Kim Il Sung", "kim_il_sung", "exact"),
            ("KIM IL SUNG", "kim_il_sung", "exact"),
            ("Kim II Sung", "kim_il_sung", "exact"),
            ("Kim Il-sung", "kim_il_sung", "exact"),
            ("Kim Ir Sen", "kim_il_sung", "variant"),
            ("Kim Il", "kim_il", "exact"),
            ("Kim Il Sung's", "kim_il_sung", "exact"),
            ("A. PETROV", "petrov_a_m", "exact"),
            ("Petrov A.M.", "petrov_a_m", "exact"),
            ("Petrov", "petrov_a_m", "initials"),
            ("V. M. Petrov", "petrov_a_m", "variant"),
            ("Lech Walesa", "walesa", "exact"),
            ("Feng Xi [Stalin]", "stalin", "initials"),
            ("Comrade Kim Il Sung", "kim_il_sung", "exact"),
            ("Ambassador A. M. Petrov", "petrov_a_m", "exact"),
            ("Minister of Foreign Affairs Kim Il", "kim_il", "exact"),
            (
                "Kim Il, Deputy Chief of the International Department",
                "kim_il",
                "exact",
            ),
            ("Lech Walesza", "walesa", "fuzzy"),
            ("Kim Il S0ng", "kim_il_sung", "variant"),
        ];
        for (name, want, method) in cases {
            let r = a.resolve(name, Context::default());
            assert_eq!((r.person_id.as_str(), r.method), (*want, *method), "{name}");
        }
    }

    #[test]
    fn ambiguity_is_left_unresolved_with_candidates() {
        let a = authority();
        let r = a.resolve("Kozlov", Context::default());
        assert_eq!(r.method, "provisional");
        assert_eq!(
            r.candidates,
            vec!["kozlov_f_r".to_string(), "kozlov_a".to_string()]
        );
        assert_eq!(id("F. R. Kozlov"), "kozlov_f_r");
        assert_eq!(id("Kim"), "prov_kim");
        // Conflicting initials are not forced onto the only Ivanov.
        let r = a.resolve("Z. Ivanov", Context::default());
        assert_eq!(r.method, "provisional");
        assert_eq!(r.candidates, vec!["ivanov_p".to_string()]);
    }

    #[test]
    fn context_decides_by_office_dates() {
        let a = authority();
        let date = NaiveDate::from_ymd_opt(1961, 3, 1);
        let r = a.resolve("Kozlov", Context { date });
        assert_eq!((r.person_id.as_str(), r.method), ("kozlov_f_r", "context"));
    }

    #[test]
    fn provisional_ids_are_deterministic() {
        let a = authority();
        let r1 = a.resolve("Cde. B. N. Nobody", Context::default());
        let r2 = a.resolve("B. N. NOBODY", Context::default());
        assert_eq!(r1.person_id, "prov_b_n_nobody");
        assert_eq!(r1.person_id, r2.person_id);
        assert_eq!(r1.canonical_name, "B. N. Nobody");
    }

    #[test]
    fn rejects_shared_spellings() {
        let lex = Lexicon::default();
        let persons = vec![
            person("a", "Kim Chol", "Kim", None, &[]),
            person("b", "Kim Chol", "Kim", None, &[]),
        ];
        let err = Authority::from_persons(persons, &lex).unwrap_err();
        assert!(err.contains("claimed by a and b"), "{err}");
    }
}
