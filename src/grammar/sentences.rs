//! Sentence boundaries that respect initials ("N. A. Petrov") and "Cde.".

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "cde", "cdes", "mr", "mrs", "dr", "st", "no", "nº", "gen", "col", "lt", "maj", "gov", "prof",
    "vs", "etc", "ca", "approx", "dept", "tov", "sr", "jr", "op", "f", "p", "ll", "e.g", "i.e",
    "yu", "ye", "ya", "kh", "ts", "ch", "sh", "zh",
];

/// Byte ranges of the sentences in `text`.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in sentence_ends(text, 0) {
        push(text, start, end, &mut out);
        start = end;
    }
    push(text, start, text.len(), &mut out);
    out
}

/// Where each sentence from byte `from` on ends (after its closing quotes),
/// in order. Only the bytes that can end a sentence are examined: a
/// terminal mark, or a blank line, each found by a vectorized search (a byte
/// loop here cost as much as a regex over every entry).
fn sentence_ends(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut i = from;
    // The next candidate of each kind at or after `i` (`usize::MAX`: none
    // left), searched again only once `i` has passed it.
    let (mut mark, mut blank) = (None::<usize>, None::<usize>);
    std::iter::from_fn(move || {
        loop {
            let next_mark = *mark.get_or_insert_with(|| {
                memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(usize::MAX, |k| i + k)
            });
            let next_blank = *blank.get_or_insert_with(|| {
                memchr::memmem::find(&bytes[i..], b"\n\n").map_or(usize::MAX, |k| i + k)
            });
            let at = next_mark.min(next_blank);
            if at == usize::MAX {
                i = bytes.len();
                return None;
            }
            let ends = ends_at(text, at);
            i = if ends { end_after(bytes, at) } else { at + 1 };
            if next_mark < i {
                mark = None;
            }
            if next_blank < i {
                blank = None;
            }
            if ends {
                return Some(i);
            }
        }
    })
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push((start + lead, end - trail));
    }
}

fn is_boundary(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    if bytes[i] == b'\n' {
        return true;
    }
    // What follows must be space then something that can open a sentence.
    let rest = &text[i + 1..];
    let after = rest.trim_start_matches(['"', '\'', ')', ']', '”', '’']);
    let Some(next) = after.chars().next() else {
        return true;
    };
    if !next.is_whitespace() {
        return false;
    }
    let following = after.trim_start().chars().next();
    if following.is_some_and(|c| c.is_lowercase()) {
        return false;
    }
    if bytes[i] != b'.' {
        return true;
    }
    let word = text[..i]
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '[')
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // An initial: one capital letter ("A."), or two-letter Russian ones ("Yu.").
    if letters == 1 && word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    // No abbreviation is longer than six bytes ("approx"): most words skip the list.
    word.len() > 6 || !ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Where a sentence ending at byte `i` (a boundary) ends: closing quotes and
/// brackets belong to the sentence they end.
fn end_after(bytes: &[u8], i: usize) -> usize {
    let mut end = i + 1;
    while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
        end += 1;
    }
    end
}

#[inline(always)]
fn ends_at(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let b = bytes[i];
    let ends = matches!(b, b'.' | b'!' | b'?') || (b == b'\n' && bytes.get(i + 1) == Some(&b'\n'));
    ends && is_boundary(text, i)
}

/// The sentence of `text` holding byte `at` (a sentence of [`split`]),
/// found by looking outward from `at` rather than splitting the whole text.
pub fn sentence_at(text: &str, at: usize) -> &str {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    // The last sentence ending at or before `at` (a boundary whose closing
    // quotes reach past `at` still holds it).
    let start = (0..at)
        .rev()
        .filter(|&i| ends_at(text, i))
        .map(|i| end_after(bytes, i))
        .find(|&end| end <= at)
        .unwrap_or(0);
    let end = sentence_ends(text, start)
        .find(|&e| e > at)
        .unwrap_or(bytes.len());
    let s = &text[start..end];
    let (s0, e0) = (
        start + (s.len() - s.trim_start().len()),
        end - (s.len() - s.trim_end().len()),
    );
    if s0 <= at && at < e0 {
        &text[s0..e0]
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    #[test]
    fn respects_initials_and_titles() {
        let t = "I met Cde. A. M. Puzanov today. He said yes! Then Yu. V. Andropov left.";
        assert_eq!(
            sentences(t),
            vec![
                "I met Cde. A. M. Puzanov today.",
                "He said yes!",
                "Then Yu. V. Andropov left."
            ]
        );
    }

    /// `is_boundary` skips the list for longer words.
    #[test]
    fn no_abbreviation_is_longer_than_six_bytes() {
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 6));
    }

    #[test]
    fn paragraphs_end_sentences() {
        assert_eq!(
            sentences("First line\n\nSecond"),
            vec!["First line", "Second"]
        );
        assert_eq!(
            sentences("price 2.5 tons. Next"),
            vec!["price 2.5 tons.", "Next"]
        );
    }

    /// The sentence of `split` that holds `at`, looked up in the spans.
    fn sentence_in<'t>(text: &'t str, spans: &[(usize, usize)], at: usize) -> &'t str {
        let i = spans.partition_point(|&(_, e)| e <= at);
        spans
            .get(i)
            .filter(|&&(s, e)| s <= at && at < e)
            .map_or("", |&(s, e)| &text[s..e])
    }

    /// Every offset of `text` finds the same sentence both ways.
    fn agree(text: &str) -> Result<(), String> {
        let spans = split(text);
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let (a, b) = (sentence_at(text, at), sentence_in(text, &spans, at));
            if a != b {
                return Err(format!("{text:?} at {at}: {a:?} vs {b:?}"));
            }
        }
        Ok(())
    }

    #[test]
    fn sentence_at_agrees_with_split() {
        for text in [
            "I met Cde. A. M. Puzanov today. He said \"yes.\" Then he left!",
            "First line\n\n\nSecond. third? (Fourth.) Fifth",
            "",
            "No end",
            "Ends. ",
        ] {
            agree(text).unwrap();
        }
    }

    /// Sentence ends found by trying every byte: what the searches must find.
    fn ends_bytewise(text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if ends_at(text, i) {
                i = end_after(bytes, i);
                out.push(i);
            } else {
                i += 1;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn searched_ends_are_the_bytewise_ends(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "A.", " ", "word", ". ", "\n", "\n\n", "\n\n\n", "\"", ")", "!", "?", "Cde.", "lower", "’", ".\n\n",
                ]),
                0..30,
            )
        ) {
            let text: String = parts.concat();
            let searched: Vec<usize> = sentence_ends(&text, 0).collect();
            proptest::prop_assert_eq!(searched, ends_bytewise(&text));
        }

        #[test]
        fn sentence_at_agrees_on_any_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "A.", " ", "word", ". ", "\n", "\n\n", "\"", ")", "Cde.", "?", "Yu.", "lower", "Ünd", "’",
                ]),
                0..24,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert!(agree(&text).is_ok(), "{}", agree(&text).unwrap_err());
        }
    }
}
