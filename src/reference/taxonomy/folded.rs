//! Text folded for phrase matching: lower case, one apostrophe, one space per
//! whitespace run, with a map back to the original byte offsets.

/// A folded copy of a text. Phrases are matched as plain bytes in `bytes`;
/// `start_of` turns a folded offset back into the original text's.
#[derive(Debug, Default)]
pub struct Folded {
    pub bytes: Vec<u8>,
    /// For each folded byte, where the character it came from starts in the
    /// original; one more entry at the end holds the original's length, so
    /// `start_of[end]` is the original end of a match ending at `end`.
    start_of: Vec<u32>,
}

impl Folded {
    /// Folds `text`. Whitespace runs become one space because a space in a
    /// phrase matches any run, line breaks included.
    pub fn new(text: &str) -> Self {
        let mut f = Folded {
            bytes: Vec::with_capacity(text.len()),
            start_of: Vec::with_capacity(text.len() + 1),
        };
        let src = text.as_bytes();
        let mut in_space = false;
        let mut i = 0;
        while i < src.len() {
            let b = src[i];
            if b.is_ascii() {
                if b.is_ascii_whitespace() || (0x1c..=0x1f).contains(&b) {
                    if !in_space {
                        f.push(b' ', i);
                        in_space = true;
                    }
                } else {
                    f.push(b.to_ascii_lowercase(), i);
                    in_space = false;
                }
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().expect("i is on a char boundary");
            if c.is_whitespace() {
                if !in_space {
                    f.push(b' ', i);
                    in_space = true;
                }
            } else {
                in_space = false;
                f.push_char(c, i);
            }
            i += c.len_utf8();
        }
        f.start_of.push(text.len() as u32);
        f
    }

    fn push(&mut self, b: u8, at: usize) {
        self.bytes.push(b);
        self.start_of.push(at as u32);
    }

    fn push_char(&mut self, c: char, at: usize) {
        let mut buf = [0u8; 4];
        for l in fold_char(c) {
            for &b in l.encode_utf8(&mut buf).as_bytes() {
                self.push(b, at);
            }
        }
    }

    /// The original byte offset of folded offset `at` (`at` may be the end).
    pub fn original(&self, at: usize) -> usize {
        self.start_of[at] as usize
    }
}

/// How one character folds: typographic apostrophes to `'`, letters to
/// lower case.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let c = if matches!(c, '’' | '‘' | 'ʼ') {
        '\''
    } else {
        c
    };
    c.to_lowercase()
}

/// Folds a word of a phrase the way [`Folded::new`] folds text.
pub fn fold_word(word: &str) -> String {
    word.chars().flat_map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_apostrophes_and_whitespace_runs() {
        let cases = [
            ("Soviet  Aid", "soviet aid"),
            ("People’s\n\tWork", "people's work"),
            ("Ünd  X", "ünd x"),
            ("a\u{a0}b", "a b"),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(
                String::from_utf8(Folded::new(text).bytes).unwrap(),
                want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let text = "Ünd  the\nPlan’s end";
        let f = Folded::new(text);
        let folded = String::from_utf8(f.bytes.clone()).unwrap();
        let s = folded.find("plan's").unwrap();
        let e = s + "plan's".len();
        assert_eq!(&text[f.original(s)..f.original(e)], "Plan’s");
        assert_eq!(f.original(f.bytes.len()), text.len());
        // A match ending before a collapsed run ends where the run starts.
        let e = folded.find(" the").unwrap();
        assert_eq!(&text[..f.original(e)], "Ünd");
    }
}
