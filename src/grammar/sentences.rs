//! Sentence boundaries that respect initials ("A. M. Puzanov") and "Cde.".

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "cde", "cdes", "mr", "mrs", "dr", "st", "no", "nº", "gen", "col", "lt", "maj", "gov", "prof",
    "vs", "etc", "ca", "approx", "dept", "tov", "sr", "jr", "op", "f", "p", "ll", "e.g", "i.e",
    "yu", "ye", "ya", "kh", "ts", "ch", "sh", "zh",
];

/// Byte ranges of the sentences in `text`.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let ends =
            matches!(b, b'.' | b'!' | b'?') || (b == b'\n' && bytes.get(i + 1) == Some(&b'\n'));
        if ends && is_boundary(text, i) {
            let mut end = i + 1;
            // Closing quotes and brackets belong to the sentence they end.
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                end += 1;
            }
            push(text, start, end, &mut out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push(text, start, text.len(), &mut out);
    out
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
    let lw = word.to_lowercase();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // An initial: one capital letter ("A."), or two-letter Russian ones ("Yu.").
    if letters == 1 && word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    !ABBREVIATIONS.contains(&lw.as_str())
}

/// The sentence of `text` that contains byte `at`.
pub fn sentence_at(text: &str, at: usize) -> &str {
    sentence_in(text, &split(text), at)
}

/// The sentence of `text` holding byte `at`, given its sentences' spans
/// from [`split`] (in order), for callers that look up many offsets.
pub fn sentence_in<'t>(text: &'t str, spans: &[(usize, usize)], at: usize) -> &'t str {
    let i = spans.partition_point(|&(_, e)| e <= at);
    spans
        .get(i)
        .filter(|&&(s, e)| s <= at && at < e)
        .map_or("", |&(s, e)| &text[s..e])
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
}
