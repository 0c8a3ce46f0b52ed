//! Closing blocks: "Five copies printed", numbered copy lines ("1 - Cde. A. A.
//! Gromyko", "- 2 - Cde. Yu. V. Andropov"), "Copies:" lists, counted lines
//! ("Cde. Ivanov - 2"), typist marks ("6-AP/vp") and outgoing numbers
//! ("Nº 2172-dv" over "13 November 1957").

use std::sync::LazyLock;

use regex::Regex;

use super::classification::NUMBER_SIGN;
use super::date;
use super::numbers::{NUMBER_WORDS, parse_count};
use crate::model::DateExpr;

static PRINTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:(?P<n>{NUMBER_WORDS})\s+cop(?:y|ies)\s+(?:were\s+)?(?:printed|sent|made|typed|produced|prepared|done|executed)|(?:printed|produced|made|typed|prepared|done|executed)\s+in\s+(?P<n2>{NUMBER_WORDS})\s+cop(?:y|ies))(?-u:\b)"
    ))
    .expect("printed regex")
});
static COPY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-–—]\s*)?(?P<n>\d{1,2})(?:\s*[-–—.):]\s*|\s+)(?P<rest>[^\d\s].*)$")
        .expect("copy line regex")
});
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<rest>[^\d].*?)\s+[-–—]\s*(?P<n>\d{1,2})\s*(?:cop(?:y|ies)|ex\.?)?$")
        .expect("counted regex")
});
static OUTGOING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:outgoing\s+)?{NUMBER_SIGN}\s*(?P<n>\d[\w/-]*?)\.?(?:,|\s|$)(?P<rest>.*)$"
    ))
    .expect("outgoing regex")
});
static TYPIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}\s*[-–]\s*)?[\p{L}]{1,4}\s*/\s*[\p{L}]{1,4}\.?$|^\d{1,2}\s*[-–]\s*[\p{L}]{1,4}$").expect("typist regex")
});
static LIST_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:copies(?:\s+to)?|distribution(?:\s+list)?|sent\s+to|copy\s+to|(?:produced|printed|made|typed)\s+in\s+\w+\s+cop(?:y|ies)\s+(?:for|to))\s*:?\s*$|^distributed\s+(?:according\s+to|by)\s+(?:a|the)\s+list(?-u:\b)").expect("list heading regex")
});

/// "Five copies printed" gives 5.
pub fn copies_printed(line: &str) -> Option<i32> {
    let c = PRINTED.captures(line.trim())?;
    parse_count(c.name("n").or(c.name("n2"))?.as_str())
}

/// "1 - Cde. A. A. Gromyko" gives (1, "Cde. A. A. Gromyko"); date lines are not copy lines.
pub fn copy_line(line: &str) -> Option<(i32, String)> {
    let t = line.trim();
    if date::whole_line_date(t).is_some() || is_typist_mark(t) {
        return None;
    }
    let c = COPY_LINE.captures(t)?;
    let rest = c["rest"].trim();
    // A numbered sentence of prose is not a copy line.
    if rest.split_whitespace().count() > 10 || rest.ends_with(':') {
        return None;
    }
    Some((c["n"].parse().ok()?, rest.to_string()))
}

/// "Cde. Ivanov - 2" gives ("Cde. Ivanov", 2): a recipient and how many copies.
pub fn counted_line(line: &str) -> Option<(String, i32)> {
    let c = COUNTED.captures(line.trim())?;
    Some((c["rest"].trim().to_string(), c["n"].parse().ok()?))
}

/// "Nº 395 - 9 August 1960" gives ("395", the date); a number alone has no date.
pub fn outgoing(line: &str) -> Option<(String, Option<DateExpr>)> {
    let c = OUTGOING.captures(line.trim())?;
    let number = c["n"].trim_end_matches(['.', ',', '-']).to_string();
    let rest = c["rest"].trim();
    let d = date::first_date(rest);
    // Anything else on the line must be the date or filler ("at", "of").
    if d.is_none()
        && rest
            .split_whitespace()
            .any(|w| !["at", "of", "from", "dated", "-", "–", ","].contains(&w))
    {
        return None;
    }
    Some((number, d))
}

pub fn is_typist_mark(line: &str) -> bool {
    TYPIST.is_match(line.trim())
}

/// "Copies:", "Produced in 9 copies for:", "Distributed according to a list".
pub fn is_list_heading(line: &str) -> bool {
    LIST_HEADING.is_match(line.trim())
}

/// "Distributed according to a list": a count is given but no names.
pub fn is_list_elsewhere(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    t.starts_with("distributed according to")
        || t.starts_with("distributed by the list")
        || t.starts_with("distributed by a list")
}

/// "to file", "file", "in the file", "delo": the copy kept by the sender.
pub fn is_file(recipient: &str) -> bool {
    let t = recipient.trim().trim_end_matches('.').to_lowercase();
    let t = t
        .trim_start_matches("to ")
        .trim_start_matches("in ")
        .trim_start_matches("for ")
        .trim_start_matches("the ");
    matches!(
        t,
        "file" | "files" | "delo" | "archive" | "archives" | "dossier" | "records"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_counts() {
        for (line, want) in [
            ("Five copies printed v[i]", Some(5)),
            ("Five copies printed:", Some(5)),
            ("Five copies sent", Some(5)),
            ("25 copies printed", Some(25)),
            ("Produced in 9 copies for:", Some(9)),
            ("Printed in three copies", Some(3)),
            ("copies of the book", None),
        ] {
            assert_eq!(copies_printed(line), want, "{line}");
        }
    }

    #[test]
    fn copy_lines() {
        let cases: &[(&str, Option<(i32, &str)>)] = &[
            ("1 - Cde. A. A. Gromyko", Some((1, "Cde. A. A. Gromyko"))),
            (
                "- 2 - Cde. Yu. V. Andropov",
                Some((2, "Cde. Yu. V. Andropov")),
            ),
            ("1 Cde. Gromyko", Some((1, "Cde. Gromyko"))),
            ("5 to file", Some((5, "to file"))),
            ("4 - UVPI MID SSSR", Some((4, "UVPI MID SSSR"))),
            ("3. Cde. Kurdyukov", Some((3, "Cde. Kurdyukov"))),
            ("13 November 1957", None),
            ("6-AP/vp", None),
            ("12-18 August 1960] 09153gs", None),
        ];
        for (line, want) in cases {
            assert_eq!(
                copy_line(line).as_ref().map(|(n, r)| (*n, r.as_str())),
                *want,
                "{line}"
            );
        }
    }

    #[test]
    fn outgoing_numbers() {
        let (n, d) = outgoing("Nº 395 - 9 August 1960").unwrap();
        assert_eq!(
            (n.as_str(), d.unwrap().to_date().unwrap().to_string()),
            ("395", "1960-08-09".to_string())
        );
        let (n, d) = outgoing("№ 353 31 May 1957").unwrap();
        assert_eq!(
            (
                n.as_str(),
                d.and_then(|d| d.to_date()).map(|d| d.to_string())
            ),
            ("353", Some("1957-05-31".into()))
        );
        assert_eq!(
            outgoing("Nº 2172-dv").unwrap(),
            ("2172-dv".to_string(), None)
        );
        assert_eq!(outgoing("Nº 2346-dv.").unwrap().0, "2346-dv");
        assert_eq!(outgoing("Nº 480, at").unwrap(), ("480".to_string(), None));
        assert_eq!(outgoing("No. 12/s").unwrap().0, "12/s");
        assert!(outgoing("Nº 135 SECRET Incoming Nº 01712s SECRET").is_none());
    }

    #[test]
    fn marks_and_headings() {
        assert!(is_typist_mark("6-AP/vp"));
        assert!(is_typist_mark("me/MB"));
        assert!(!is_typist_mark("to file"));
        assert!(is_list_heading("Copies:"));
        assert!(is_list_heading("Produced in 9 copies for:"));
        assert!(is_list_heading("Distributed according to a list"));
        assert!(
            is_file("to file")
                && is_file("5 - to file".trim_start_matches("5 - "))
                && !is_file("Gromyko")
        );
        assert_eq!(
            counted_line("Cde. Ivanov - 2"),
            Some(("Cde. Ivanov".into(), 2))
        );
    }
}
