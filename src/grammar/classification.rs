//! Header marks: the security classification, handling marks and the copy number.

use std::sync::LazyLock;

use regex::Regex;

/// The ways a number sign is printed: "Nº", "№", "No.", "N°", OCR'd "N2".
pub const NUMBER_SIGN: &str = r"(?:N[º°o]\.?|№|No\.?|Nr\.?|#)";

static CLASS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(top[\s-]+secret|strictly[\s-]+secret|strictly[\s-]+confidential|secret|confidential|for\s+official\s+use\s+only)(?-u:\b)")
        .expect("classification regex")
});

static HANDLING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(urgent|immediate|flash|priority|personal(?:ly)?)(?-u:\b)")
        .expect("handling regex")
});

static COPY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)copy\s*{NUMBER_SIGN}?\s*(\d{{1,3}})(?-u:\b)"
    ))
    .expect("copy regex")
});

/// Depth of square brackets at each byte: stamps and handwriting sit inside them.
fn bracket_depth(text: &str, at: usize) -> i32 {
    text[..at].chars().fold(0, |d, c| match c {
        '[' => d + 1,
        ']' => (d - 1).max(0),
        _ => d,
    })
}

fn canonical(mark: &str) -> String {
    mark.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The document's classification, upper case without punctuation. A mark
/// printed on the page outranks one inside a bracketed stamp or note.
pub fn find_classification(header: &str) -> Option<String> {
    let marks: Vec<(i32, usize, String)> = CLASS_RE
        .find_iter(header)
        .map(|m| {
            (
                bracket_depth(header, m.start()),
                m.start(),
                canonical(m.as_str()),
            )
        })
        .collect();
    marks
        .into_iter()
        .min_by_key(|(depth, start, _)| (*depth > 0, *start))
        .map(|(_, _, m)| m)
}

/// A handling mark such as "Urgent": not a classification.
pub fn find_handling(header: &str) -> Option<String> {
    HANDLING_RE
        .find_iter(header)
        .find(|m| {
            // A handling mark stands alone or beside other marks, never inside prose.
            let line = header[..m.start()].rsplit('\n').next().unwrap_or("");
            line.split_whitespace().count() <= 6
        })
        .map(|m| m.as_str().to_uppercase())
}

/// "Copy Nº 2" gives 2.
pub fn find_copy_number(header: &str) -> Option<i32> {
    COPY_RE.captures(header).and_then(|c| c[1].parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifications() {
        let cases = [
            (
                "SOVIET EMBASSY IN THE DPRK TOP SECRET Nº 133 Copy Nº 2 31 May 1957",
                Some("TOP SECRET"),
            ),
            ("Top Secret!", Some("TOP SECRET")),
            ("Strictly secret", Some("STRICTLY SECRET")),
            ("Nº 135 SECRET Incoming Nº 01712s", Some("SECRET")),
            (
                "[stamp: [[TOP SECRET]] Incoming 02277]\nSecret",
                Some("SECRET"),
            ),
            ("[stamp: [[TOP SECRET]] Incoming 02277]", Some("TOP SECRET")),
            ("Urgent", None),
            ("the General Secretariat", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_classification(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn handling_and_copy() {
        assert_eq!(
            find_handling("Urgent\nTop Secret").as_deref(),
            Some("URGENT")
        );
        assert_eq!(
            find_copy_number("TOP SECRET Nº 133 Copy Nº 2 31 May 1957"),
            Some(2)
        );
        assert_eq!(find_copy_number("MFA stamp: Copy № 3"), Some(3));
        assert_eq!(find_copy_number("Copy No. 4"), Some(4));
        assert_eq!(find_copy_number("no copies"), None);
    }
}
