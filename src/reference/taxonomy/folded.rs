//! Text folded for phrase matching: lower case, one apostrophe, one space per
//! whitespace run, with a map back to the original byte offsets.

/// A folded copy of a text. Phrases are matched as plain bytes in `bytes`;
/// [`Folded::original`] turns a folded offset back into the original's.
#[derive(Debug, Default)]
pub struct Folded {
    pub bytes: Vec<u8>,
    /// `(folded, original)` offsets where the two stop advancing together
    /// (after a collapsed whitespace run, around a non-ASCII character); in
    /// between, one folded byte is one original byte. Kept sparse because a
    /// map entry per byte cost more than the scan itself.
    jumps: Vec<(u32, u32)>,
}

/// ASCII folded: letters to lower case, whitespace (as `char::is_whitespace`
/// has it) to a space.
static ASCII_FOLD: [u8; 128] = byte_table!(128, |c| if matches!(
    c,
    b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0x1c..=0x1f
) {
    b' '
} else {
    c.to_ascii_lowercase()
});

impl Folded {
    /// Folds `text`. Whitespace runs become one space because a space in a
    /// phrase matches any run, line breaks included.
    pub fn new(text: &str) -> Self {
        Self::fold(text, true)
    }

    /// Folds `text`, eight bytes at a time where it can (`in_words`) and
    /// byte by byte elsewhere; the two give the same result.
    fn fold(text: &str, in_words: bool) -> Self {
        let src = text.as_bytes();
        let mut f = Folded {
            bytes: Vec::with_capacity(src.len()),
            jumps: Vec::new(),
        };
        // One pass; the folded text is scanned in full, so this loop was a
        // third of topic matching while it went byte by byte.
        let mut in_space = false;
        let mut i = 0;
        while i < src.len() {
            if in_words
                && let Some(chunk) = src.get(i..i + 8)
                && let Some(folded) = fold8(
                    u64::from_le_bytes(chunk.try_into().expect("8 bytes")),
                    in_space,
                )
            {
                if in_space {
                    f.jump_to(i);
                }
                f.bytes.extend_from_slice(&folded.to_le_bytes());
                in_space = chunk[7] == b' ';
                i += 8;
                continue;
            }
            let b = src[i];
            if b.is_ascii() {
                let folded = ASCII_FOLD[usize::from(b)];
                if folded == b' ' {
                    if !in_space {
                        f.bytes.push(b' ');
                        in_space = true;
                    }
                    i += 1;
                    continue;
                }
                if in_space {
                    f.jump_to(i);
                    in_space = false;
                }
                f.bytes.push(folded);
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().expect("i is on a char boundary");
            if c.is_whitespace() {
                if !in_space {
                    f.bytes.push(b' ');
                    in_space = true;
                }
                i += c.len_utf8();
                continue;
            }
            in_space = false;
            let mut buf = [0u8; 4];
            for l in fold_char(c) {
                for &b in l.encode_utf8(&mut buf).as_bytes() {
                    // Every byte of a folded character maps to its start,
                    // so a match boundary never splits a character.
                    f.jump_to(i);
                    f.bytes.push(b);
                }
            }
            i += c.len_utf8();
            f.jump_to(i);
        }
        // A trailing whitespace run of other than one byte.
        f.jump_to(src.len());
        f
    }

    /// Records, unless it already follows, that the next folded byte comes
    /// from original offset `at`.
    fn jump_to(&mut self, at: usize) {
        let next = self.bytes.len();
        if self.original(next) != at {
            self.jumps.push((next as u32, at as u32));
        }
    }

    /// The original byte offset of folded offset `at` (`at` may be the end).
    pub fn original(&self, at: usize) -> usize {
        // The last jump is checked first: `jump_to` asks about the end.
        let (f, o) = match self.jumps.last() {
            Some(&(f, o)) if f as usize <= at => (f, o),
            _ => {
                let k = self.jumps.partition_point(|&(f, _)| f as usize <= at);
                if k == 0 {
                    return at;
                }
                self.jumps[k - 1]
            }
        };
        o as usize + (at - f as usize)
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight bytes of text folded at once, when they are the common case that
/// folds byte for byte with no offset to record: printable ASCII whose only
/// whitespace is single spaces (none first if a whitespace run came just
/// before). Letters are lowered with word arithmetic (SWAR).
fn fold8(x: u64, in_space: bool) -> Option<u64> {
    // Non-ASCII, or a byte below 0x20 (tabs, line breaks, controls).
    if x & HIGH != 0 || x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0 {
        return None;
    }
    // The high bit of each byte that is a space, exactly.
    let y = x ^ (ONES * 0x20);
    let spaces = !(((y & !HIGH) + !HIGH) | y | !HIGH);
    if spaces & (spaces << 8) != 0 || (in_space && spaces & 0x80 != 0) {
        return None;
    }
    // Bytes from 'A' up, less those past 'Z'; no byte carries into the next.
    let upper =
        (x + ONES * (0x80 - u64::from(b'A'))) & !(x + ONES * (0x80 - u64::from(b'Z') - 1)) & HIGH;
    Some(x | (upper >> 2))
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
    fn eight_byte_chunks_fold_letters_and_refuse_what_they_cannot_fold() {
        let fold =
            |s: &[u8; 8], in_space| fold8(u64::from_le_bytes(*s), in_space).map(u64::to_le_bytes);
        assert_eq!(fold(b"AZaz@[`{", false), Some(*b"azaz@[`{"));
        assert_eq!(fold(b"So Viet.", false), Some(*b"so viet."));
        assert_eq!(fold(b" leading", false), Some(*b" leading"));
        // After a whitespace run a leading space would be a second one.
        assert_eq!(fold(b" leading", true), None);
        assert_eq!(fold(b"two  gap", false), None);
        assert_eq!(fold(b"tab\there", false), None);
        assert_eq!(fold(b"line\nend", false), None);
        assert_eq!(
            fold(&[b'a', 0xC3, 0x9C, b'b', b'c', b'd', b'e', b'f'], false),
            None
        );
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

    proptest::proptest! {
        /// The eight-byte path folds and maps exactly as the byte path.
        #[test]
        fn folding_by_words_equals_folding_by_bytes(
            text in "([A-Za-z0-9 ,.;:'@\\[\\]`{}~-]{1,12}|[ \n\t\r]{1,3}|[’ÜłŚ\u{a0}\u{1}])*"
        ) {
            let (fast, slow) = (Folded::fold(&text, true), Folded::fold(&text, false));
            proptest::prop_assert_eq!(&fast.bytes, &slow.bytes);
            proptest::prop_assert_eq!(&fast.jumps, &slow.jumps);
        }

        #[test]
        fn folding_matches_the_rules_and_maps_back_to_char_starts(
            text in "[a-zA-Z ’'\n\t\u{a0}ÜłŚ.,]{0,40}"
        ) {
            let f = Folded::new(&text);
            let mut want = String::new();
            for c in text.chars() {
                if c.is_whitespace() {
                    if !want.ends_with(' ') || want.is_empty() {
                        want.push(' ');
                    }
                } else {
                    want.extend(fold_char(c));
                }
            }
            proptest::prop_assert_eq!(String::from_utf8(f.bytes.clone()).unwrap(), want);
            let mut last = 0;
            for k in 0..=f.bytes.len() {
                let o = f.original(k);
                proptest::prop_assert!(text.is_char_boundary(o) && o >= last, "{k} -> {o}");
                last = o;
            }
            proptest::prop_assert_eq!(f.original(f.bytes.len()), text.len());
        }
    }
}
