//! Dates as diplomatic records write them: "30 July 1960", "July 30, 1960",
//! "12 September [sic; November] 1957", "“13” June 1956", "16/17 August 1957",
//! "[[11]] September [[5]]7", "80.02.01", "November 1980", "7 June".

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::marks;
use crate::model::DateExpr;

/// Year, month and day as far as the text states them.
type Ymd = (Option<i32>, Option<u32>, Option<u32>);

const MONTHS: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// Month number for a month name or abbreviation, any case.
pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    let m = match n.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let sic = |name: &str, what: &str| format!(r"(?:\s*\[\s*sic[;:,]?\s*(?P<{name}>{what})\s*\])?");
    let pattern = format!(
        r"(?xi)
        # day month [year]: 30 July 1960, 16/17 August 1957, 12 September [sic; November] 1957
        (?-u:\b)(?P<d>\d{{1,2}})(?:\s*/\s*\d{{1,2}})?{dfix}\s+(?P<m>{months})(?-u:\b)\.?{mfix}
            (?:,?\s+(?P<y>\d{{4}}|\d{{2}})(?-u:\b){yfix})?
        # month day, year: July 30, 1960
        | (?-u:\b)(?P<m2>{months})(?-u:\b)\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})(?-u:\b)
        # month year: November 1980, April, 1950
        | (?-u:\b)(?P<m3>{months})(?-u:\b)\.?,?\s+(?P<y3>\d{{4}})(?-u:\b)
        # yy.mm.dd: 80.02.01
        | (?-u:\b)(?P<yy>\d{{2}})\.(?P<mm>\d{{2}})\.(?P<dd>\d{{2}})(?-u:\b)
        # dd.mm.yyyy: 01.02.1980
        | (?-u:\b)(?P<d4>\d{{1,2}})\.(?P<m4>\d{{1,2}})\.(?P<y4>\d{{4}})(?-u:\b)
        ",
        months = MONTHS,
        dfix = sic("dfix", r"\d{1,2}"),
        mfix = sic("mfix", MONTHS),
        yfix = sic("yfix", r"\d{4}"),
    );
    Regex::new(&pattern).expect("date regex")
});

fn year_of(s: &str, two_digit_ok: bool) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    match s.len() {
        4 if (1800..=2100).contains(&y) => Some(y),
        2 if two_digit_ok => Some(1900 + y),
        _ => None,
    }
}

fn from_captures(c: &Captures, handwritten: bool) -> Option<Ymd> {
    let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = |k: &str| c.name(k).and_then(|m| month_number(m.as_str()));
    if let Some(m) = month("m") {
        let m = month("mfix").unwrap_or(m);
        let d = num("dfix").or(num("d"))?;
        let y = match c.name("yfix").or(c.name("y")) {
            Some(y) => Some(year_of(y.as_str(), handwritten)?),
            None => None,
        };
        return Some((y, Some(m), Some(d)));
    }
    if let Some(m) = month("m2") {
        return Some((year_of(c.name("y2")?.as_str(), false), Some(m), num("d2")));
    }
    if let Some(m) = month("m3") {
        return Some((year_of(c.name("y3")?.as_str(), false), Some(m), None));
    }
    if let Some(yy) = c.name("yy") {
        return Some((year_of(yy.as_str(), true), num("mm"), num("dd")));
    }
    Some((year_of(c.name("y4")?.as_str(), false), num("m4"), num("d4")))
}

fn valid(e: &DateExpr) -> bool {
    let (Some(m), d) = (e.month, e.day) else {
        return e.year.is_some();
    };
    if !(1..=12).contains(&m) {
        return false;
    }
    match d {
        None => true,
        Some(d) => chrono::NaiveDate::from_ymd_opt(e.year.unwrap_or(2000), m, d).is_some(),
    }
}

/// Every date expression in `text`, with its byte range in `text`.
pub fn find_dates(text: &str) -> Vec<(usize, usize, DateExpr)> {
    // Every form of date has a digit; most sentences and lines have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let stripped = marks::strip(text);
    let handwritten = text.contains("[[");
    let mut out = Vec::new();
    for c in DATE_RE.captures_iter(&stripped.text) {
        let whole = c.get(0).expect("match");
        let Some((year, month, day)) = from_captures(&c, handwritten) else {
            continue;
        };
        let (s, e) = stripped.source_range(whole.start(), whole.end());
        let expr = DateExpr {
            as_written: text[s..e].trim().to_string(),
            year,
            month,
            day,
        };
        if valid(&expr) {
            out.push((s, e, expr));
        }
    }
    out
}

/// The first date expression in `text`.
pub fn first_date(text: &str) -> Option<DateExpr> {
    find_dates(text).into_iter().next().map(|(_, _, d)| d)
}

static YEAR_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(1[89]\d\d|20\d\d)\s*$").expect("year regex"));

/// A line that is nothing but a date ("30 July 1960", "7 June", "July 30, 1960",
/// "1962"), as journals open their entries and pages give their headline date.
pub fn whole_line_date(line: &str) -> Option<DateExpr> {
    let t = line
        .trim()
        .trim_matches(|c: char| c == '*' || c == '#' || c.is_whitespace());
    let t = t.trim_end_matches(['.', ':', ',']);
    // Every line of a document passes through here: a line too long to be
    // a date alone, or without a digit, is not one, and skipping the
    // date grammar for it is most of the cost.
    if t.len() > 64 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(c) = YEAR_ONLY.captures(t) {
        return Some(DateExpr {
            as_written: t.to_string(),
            year: c[1].parse().ok(),
            month: None,
            day: None,
        });
    }
    let (s, e, d) = find_dates(t).into_iter().next()?;
    let rest = format!("{}{}", &t[..s], &t[e..]);
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || ",.:;-–—()".contains(c));
    rest.is_empty().then_some(d)
}

static PERIOD_RE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?xi)(?-u:\b)(?:period|from)\s+(?:from\s+)?
        (?P<d1>\d{{1,2}})(?:\s+(?P<m1>{months})(?-u:\b)\.?)?(?:,?\s+(?P<y1>\d{{4}}))?
        \s+(?:through|to|till|until|up\s+to|[-–—])\s+
        (?P<d2>\d{{1,2}})\s+(?P<m2>{months})(?-u:\b)\.?,?\s+(?P<y2>\d{{4}})
        | (?-u:\b)(?:period|from)\s+(?:from\s+)?
        (?P<m3>{months})(?-u:\b)\.?\s+(?P<d3>\d{{1,2}})(?:,?\s+(?P<y3>\d{{4}}))?
        \s+(?:through|to|till|until|[-–—])\s+
        (?:(?P<m4>{months})(?-u:\b)\.?\s+)?(?P<d4>\d{{1,2}}),?\s+(?P<y4>\d{{4}})",
        months = MONTHS
    );
    Regex::new(&pattern).expect("period regex")
});

/// A journal's period: "for the period 29 June through 8 August 1960",
/// "for the period from 24 May to 11 June 1956", "from 12 through 30 September 1960".
pub fn find_period(text: &str) -> Option<(DateExpr, DateExpr)> {
    let stripped = marks::strip(text);
    let c = PERIOD_RE.captures(&stripped.text)?;
    let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = |k: &str| c.name(k).and_then(|m| month_number(m.as_str()));
    let whole = c.get(0)?.as_str().to_string();
    let (d1, m1, y1, d2, m2, y2) = if c.name("d1").is_some() {
        let m2 = month("m2")?;
        let y2: i32 = c.name("y2")?.as_str().parse().ok()?;
        let m1 = month("m1").unwrap_or(m2);
        let y1 = num("y1").map_or(if m1 > m2 { y2 - 1 } else { y2 }, |y| y as i32);
        (num("d1")?, m1, y1, num("d2")?, m2, y2)
    } else {
        let m1 = month("m3")?;
        let m2 = month("m4").unwrap_or(m1);
        let y2: i32 = c.name("y4")?.as_str().parse().ok()?;
        let y1 = num("y3").map_or(if m1 > m2 { y2 - 1 } else { y2 }, |y| y as i32);
        (num("d3")?, m1, y1, num("d4")?, m2, y2)
    };
    let mk = |y, m, d| DateExpr {
        as_written: whole.clone(),
        year: Some(y),
        month: Some(m),
        day: Some(d),
    };
    let (a, b) = (mk(y1, m1, d1), mk(y2, m2, d2));
    (valid(&a) && valid(&b) && a.to_date()? <= b.to_date()?).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(e: &DateExpr) -> (Option<i32>, Option<u32>, Option<u32>) {
        (e.year, e.month, e.day)
    }

    #[test]
    fn dates_in_text() {
        let cases: &[(&str, Ymd, &str)] = &[
            (
                "30 July 1960",
                (Some(1960), Some(7), Some(30)),
                "30 July 1960",
            ),
            (
                "July 30, 1960",
                (Some(1960), Some(7), Some(30)),
                "July 30, 1960",
            ),
            (
                "On 12 September [sic; November] 1957 a talk",
                (Some(1957), Some(11), Some(12)),
                "12 September [sic; November] 1957",
            ),
            (
                "“13” June 1956",
                (Some(1956), Some(6), Some(13)),
                "“13” June 1956",
            ),
            (
                "the night of 16/17 August 1957",
                (Some(1957), Some(8), Some(16)),
                "16/17 August 1957",
            ),
            (
                "[[11]] September [[5]]7",
                (Some(1957), Some(9), Some(11)),
                "[[11]] September [[5]]7",
            ),
            ("dated 80.02.01", (Some(1980), Some(2), Some(1)), "80.02.01"),
            (
                "on 15 March 1967 I",
                (Some(1967), Some(3), Some(15)),
                "15 March 1967",
            ),
            (
                "November 1980",
                (Some(1980), Some(11), None),
                "November 1980",
            ),
            ("April, 1950", (Some(1950), Some(4), None), "April, 1950"),
            ("7 June", (None, Some(6), Some(7)), "7 June"),
            (
                "3 Sept. 1958",
                (Some(1958), Some(9), Some(3)),
                "3 Sept. 1958",
            ),
            (
                "12\u{a0}May\u{a0}1957",
                (Some(1957), Some(5), Some(12)),
                "12\u{a0}May\u{a0}1957",
            ),
        ];
        for (text, want, written) in cases {
            let d = first_date(text).unwrap_or_else(|| panic!("no date in {text:?}"));
            assert_eq!(ymd(&d), *want, "{text}");
            assert_eq!(d.as_written, *written, "{text}");
        }
    }

    #[test]
    fn not_dates() {
        for text in [
            "Nº 2172-dv",
            "35 May 1957",
            "copy 1 - Gromyko",
            "the 20th Congress",
            "in 3 months",
        ] {
            assert!(first_date(text).is_none(), "{text}");
        }
    }

    #[test]
    fn whole_lines() {
        assert!(whole_line_date("30 July 1960").is_some());
        assert!(whole_line_date("**7 June**").is_some());
        assert_eq!(whole_line_date("1962").and_then(|d| d.year), Some(1962));
        assert!(whole_line_date("30 July 1960 I met with him").is_none());
        assert!(whole_line_date("Nº 395 - 9 August 1960").is_none());
    }

    #[test]
    fn periods() {
        let cases = [
            (
                "for the period 29 June through 8 August 1960",
                "1960-06-29",
                "1960-08-08",
            ),
            (
                "for the period from 24 May to 11 June 1956",
                "1956-05-24",
                "1956-06-11",
            ),
            (
                "A. M. PUZANOV for the period 6 through 29 May 1957",
                "1957-05-06",
                "1957-05-29",
            ),
            (
                "of Cde. A. M. PUZANOV from 12 through 30 September 1960",
                "1960-09-12",
                "1960-09-30",
            ),
            (
                "for the period 20 December 1959 through 10 January 1960",
                "1959-12-20",
                "1960-01-10",
            ),
            (
                "for the period 25 December through 9 January 1961",
                "1960-12-25",
                "1961-01-09",
            ),
        ];
        for (text, a, b) in cases {
            let (s, e) = find_period(text).unwrap_or_else(|| panic!("no period in {text}"));
            assert_eq!(s.to_date().unwrap().to_string(), a, "{text}");
            assert_eq!(e.to_date().unwrap().to_string(), b, "{text}");
        }
        assert!(find_period("from 1 to 20 May of this year").is_none());
    }
}
