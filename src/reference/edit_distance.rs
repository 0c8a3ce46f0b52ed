//! Levenshtein distance with a ceiling, for loose name matching: most
//! comparisons are far apart and are abandoned after a few rows.

/// The Levenshtein distance between `a` and `b` (bytes, as name keys are
/// ASCII) when it is at most `limit`, else `None`.
///
/// Only the diagonal band `|i - j| <= limit` can hold a distance within the
/// limit, and once a whole row of the band exceeds it no later row can
/// come back under: both facts cut the full table to a few cells per row.
pub fn within(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if a.len() > b.len() {
        return within(b, a, limit);
    }
    let over = limit + 1;
    // prev[j]: distance between a[..i] and b[..j], capped at `over`. Names
    // fit the stack; this runs thousands of times per document.
    let (mut prev_stack, mut cur_stack) = ([0usize; 64], [over; 64]);
    let (mut prev_heap, mut cur_heap);
    let (mut prev, mut cur): (&mut [usize], &mut [usize]) = if b.len() < 64 {
        (&mut prev_stack[..=b.len()], &mut cur_stack[..=b.len()])
    } else {
        prev_heap = vec![0; b.len() + 1];
        cur_heap = vec![over; b.len() + 1];
        (&mut prev_heap, &mut cur_heap)
    };
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j.min(over);
    }
    for i in 1..=a.len() {
        let lo = i.saturating_sub(limit).max(1);
        let hi = (i + limit).min(b.len());
        cur[lo - 1] = if lo == 1 { i.min(over) } else { over };
        let mut best = cur[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let d = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = d.min(over);
            best = best.min(cur[j]);
        }
        if hi < b.len() {
            cur[hi + 1] = over;
        }
        if best > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

/// The set of characters in `s`, one bit per character (folded into 64).
pub fn letters(s: &[u8]) -> u64 {
    s.iter().fold(0, |m, &c| m | 1 << (c % 64))
}

/// A lower bound of the edit distance between two strings with these
/// character sets: each character one has and the other lacks takes an
/// edit.
pub fn letters_apart(a: u64, b: u64) -> usize {
    (a & !b).count_ones().max((b & !a).count_ones()) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn distances_within_limits() {
        // (a, b, limit, expected)
        let cases = [
            ("kim il sung", "kim il sung", 1, Some(0)),
            ("kim il sung", "kim ii sung", 1, Some(1)),
            ("pak geum-cheol", "pak kum-chol", 2, None),
            ("nam il", "nam ilk", 1, Some(1)),
            ("abc", "", 2, None),
            ("", "", 0, Some(0)),
            ("puzanov", "puzanva", 2, Some(2)),
            ("puzanov", "puzanva", 1, None),
        ];
        for (a, b, limit, want) in cases {
            assert_eq!(
                within(a.as_bytes(), b.as_bytes(), limit),
                want,
                "{a:?} {b:?}"
            );
            assert_eq!(
                within(b.as_bytes(), a.as_bytes(), limit),
                want,
                "{b:?} {a:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn letters_apart_never_exceeds_the_distance(a in "[a-z -]{0,12}", b in "[a-z -]{0,12}") {
            let d = strsim::levenshtein(&a, &b);
            prop_assert!(letters_apart(letters(a.as_bytes()), letters(b.as_bytes())) <= d);
        }

        #[test]
        fn agrees_with_the_full_table(a in "[a-d ]{0,12}", b in "[a-d ]{0,12}", limit in 0usize..4) {
            let full = strsim::levenshtein(&a, &b);
            let want = (full <= limit).then_some(full);
            prop_assert_eq!(within(a.as_bytes(), b.as_bytes(), limit), want);
        }
    }
}
