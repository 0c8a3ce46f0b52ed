//! How long a conversation lasted: "a three-hour conversation", "lasted more
//! than two hours", "about an hour and a half", "between 1000 and 1130 hours".

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{NUMBER_WORDS, parse_count};

/// Minutes and a qualifier: `exact`, `at_least` or `about`.
pub type Duration = (i32, &'static str);

static LASTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)
        (?-u:\b)(?:lasted|continued|went\s+on|took|last(?:ing|s)?|for)\s+
        (?P<q>more\s+than|over|about|around|approximately|some|roughly|almost|nearly|at\s+least|less\s+than|under)?\s*
        (?P<n>{n}|one\s+and\s+a\s+half|half\s+an)\s+
        (?P<u>hours?|minutes?)(?P<half>\s+and\s+a\s+half)?
        (?:\s+and\s+(?P<n2>\d+|{n})\s+minutes?)?"
        ,
        n = NUMBER_WORDS
    ))
    .expect("lasted regex")
});

static ADJ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)(?-u:\b)(?P<q>more\s+than\s+(?:an?\s+)?|about\s+(?:an?\s+)?|an?\s+|almost\s+(?:an?\s+)?)?(?P<n>{n}|one-and-a-half)[-\s](?P<u>hour|minute)(?:[-\s]long)?\s+(?:conversation|talk|meeting|discussion|audience|reception|dinner|lunch)",
        n = NUMBER_WORDS
    ))
    .expect("adjective regex")
});

static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:between|from)\s+(\d{1,2})[:.]?(\d{2})\s*(?:hours?|hrs\.?)?\s+(?:and|to|till|until)\s+(\d{1,2})[:.]?(\d{2})\s*(?:hours|hrs\.?|h)?(?-u:\b)")
        .expect("clock regex")
});

fn qualifier(q: Option<&str>) -> &'static str {
    let Some(q) = q else { return "exact" };
    let q = q.trim().to_lowercase();
    if q.starts_with("more") || q.starts_with("over") || q.starts_with("at least") {
        "at_least"
    } else if q.is_empty() || q == "a" || q == "an" {
        "exact"
    } else {
        "about"
    }
}

fn amount(n: &str, unit: &str, half: bool) -> Option<i32> {
    let n = n.trim().to_lowercase();
    let per = if unit.to_lowercase().starts_with("hour") {
        60
    } else {
        1
    };
    let base = if n.starts_with("one and a half") || n == "one-and-a-half" {
        return Some(90 * per / 60);
    } else if n.starts_with("half") {
        return Some(per / 2);
    } else {
        parse_count(&n)? * per
    };
    Some(base + if half { per / 2 } else { 0 })
}

/// The duration a text states for its conversation, if any.
pub fn find_duration(text: &str) -> Option<Duration> {
    let spaced;
    let text = if text.contains('\u{a0}') {
        spaced = text.replace('\u{a0}', " ");
        &spaced
    } else {
        text
    };
    if let Some(c) = LASTED.captures(text) {
        let mut minutes = amount(&c["n"], &c["u"], c.name("half").is_some())?;
        if let Some(n2) = c.name("n2").and_then(|m| parse_count(m.as_str())) {
            minutes += n2;
        }
        return Some((minutes, qualifier(c.name("q").map(|m| m.as_str()))));
    }
    if let Some(c) = ADJ.captures(text) {
        let minutes = amount(&c["n"], &c["u"], false)?;
        return Some((minutes, qualifier(c.name("q").map(|m| m.as_str()))));
    }
    if let Some(c) = CLOCK.captures(text) {
        let t = |h: &str, m: &str| -> Option<i32> {
            let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
            (h < 24 && m < 60).then_some(h * 60 + m)
        };
        let (a, b) = (t(&c[1], &c[2])?, t(&c[3], &c[4])?);
        return (b > a).then_some((b - a, "exact"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let cases = [
            (
                "and had a three-hour conversation with them",
                Some((180, "exact")),
            ),
            (
                "The conversation lasted more than two hours.",
                Some((120, "at_least")),
            ),
            ("The conversation lasted two hours.", Some((120, "exact"))),
            (
                "The talk lasted about an hour and a half.",
                Some((90, "about")),
            ),
            (
                "The conversation lasted one and a half hours.",
                Some((90, "exact")),
            ),
            ("The conversation lasted 40 minutes.", Some((40, "exact"))),
            ("It lasted an hour and 20 minutes.", Some((80, "exact"))),
            ("a two-hour talk", Some((120, "exact"))),
            (
                "The conversation took place between 1000 and 1130 hours.",
                Some((90, "exact")),
            ),
            ("from 10:00 to 11:30", Some((90, "exact"))),
            ("a three-year plan", None),
            ("for two years", None),
            ("The conversation was warm.", None),
            // A stated span wins over an adjective earlier in the text.
            ("a two-hour talk; it lasted 40 minutes", Some((40, "exact"))),
            (
                "between 1000 and 1130 hours, a two-hour talk",
                Some((120, "exact")),
            ),
            ("lasted\u{a0}two hours", Some((120, "exact"))),
        ];
        for (text, want) in cases {
            assert_eq!(find_duration(text), want, "{text}");
        }
    }
}
