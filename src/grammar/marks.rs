//! Editorial and typographic marks removed before matching, with an offset map back.

/// Text with marks removed, and for each byte the offset it came from.
#[derive(Debug, Clone)]
pub struct Stripped {
    pub text: String,
    map: Vec<usize>,
    source_len: usize,
}

impl Stripped {
    /// The source range that produced `start..end` of the stripped text.
    pub fn source_range(&self, start: usize, end: usize) -> (usize, usize) {
        // Start right after the previous kept byte, so marks that open the
        // match ("“13”", "[[11]]") are part of what was written.
        let s = match start {
            0 => 0,
            _ => self.map.get(start - 1).map_or(self.source_len, |&o| o + 1),
        };
        let e = if end == 0 {
            s
        } else {
            self.map.get(end - 1).map_or(self.source_len, |&o| o + 1)
        };
        (s, e.max(s))
    }
}

/// Removes handwriting marks (`[[` and `]]`), typographic quotes around a
/// day ("“13” June"), and turns non-breaking spaces into spaces, so that
/// date and name grammars see plain text.
pub fn strip(source: &str) -> Stripped {
    let mut text = String::with_capacity(source.len());
    let mut map = Vec::with_capacity(source.len());
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < source.len() {
        let rest = &source[i..];
        if rest.starts_with("[[") || rest.starts_with("]]") {
            i += 2;
            continue;
        }
        let ch = rest.chars().next().unwrap_or(' ');
        let len = ch.len_utf8();
        let quote = matches!(ch, '“' | '”' | '„' | '«' | '»');
        let near_digit = |j: usize| j < bytes.len() && bytes[j].is_ascii_digit();
        if quote && (near_digit(i + len) || (i > 0 && bytes[i - 1].is_ascii_digit())) {
            i += len;
            continue;
        }
        if ch == '\u{a0}' || ch == '\u{2009}' || ch == '\u{202f}' {
            text.push(' ');
            map.push(i);
            i += len;
            continue;
        }
        text.push(ch);
        for k in 0..len {
            map.push(i + k);
        }
        i += len;
    }
    Stripped {
        text,
        map,
        source_len: source.len(),
    }
}

/// Removes the editor's `[sic]` and `[sic; ...]` marks and `[...]`.
pub fn drop_sic(s: &str) -> String {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\s*\[\s*sic(?-u:\b)[^\]]*\]|\s*\[\.\.\.\]|\s*\[…\]")
            .expect("sic regex")
    });
    RE.replace_all(s, "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_marks_and_maps_back() {
        let src = "[[11]] September [[5]]7";
        let s = strip(src);
        assert_eq!(s.text, "11 September 57");
        let (a, b) = s.source_range(0, s.text.len());
        assert_eq!(&src[a..b], src.trim_end_matches(']'));
    }

    #[test]
    fn typographic_quotes_around_a_day() {
        assert_eq!(strip("“13” June 1956").text, "13 June 1956");
        assert_eq!(strip("a “quoted” word").text, "a “quoted” word");
    }

    #[test]
    fn nbsp_becomes_space() {
        assert_eq!(strip("Kim\u{a0}Il Sung").text, "Kim Il Sung");
    }

    #[test]
    fn sic_marks_go() {
        assert_eq!(drop_sic("Pak Geum-cheol [sic]"), "Pak Geum-cheol");
        assert_eq!(drop_sic("Ri He-sun [SIC]"), "Ri He-sun");
    }
}
