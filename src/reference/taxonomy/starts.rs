//! A filter in front of the phrase automaton: which few-byte prefixes some
//! phrase head has, so most words skip the automaton.

/// Which prefixes some head has, as two bitmaps: three-byte prefixes (each
/// byte reduced to one of 64 classes, 32 KB), and five-byte prefixes hashed
/// into 128 KB for the many words whose first three bytes start some head
/// ("the" starts "the Americans"). A head shorter than five bytes marks its
/// three-byte prefix as settled by the first map alone. Classes and hashing
/// only merge prefixes, so the filter never rejects a real start.
#[derive(Debug)]
pub struct Starts {
    /// For each 64 three-byte prefixes, the bits of those some head has and
    /// of those a head shorter than five bytes has, side by side so that one
    /// cache line answers both.
    three: Vec<Bits>,
    five: Vec<u64>,
}

/// Bits of `Starts::three`: any head, then short heads.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(16))]
struct Bits([u64; 2]);

const ANY: usize = 0;
const SHORT: usize = 1;

impl Default for Starts {
    fn default() -> Self {
        Starts {
            three: vec![Bits::default(); (1 << 18) / 64],
            five: vec![0; (1 << FIVE_BITS) / 64],
        }
    }
}

const FIVE_BITS: u32 = 20;

/// Each byte's class, from a table: this runs three times per word start.
static CLASS: [u8; 256] = byte_table!(256, |c| match c {
    b'a'..=b'z' => c - b'a' + 1,
    b'0'..=b'9' => c - b'0' + 27,
    b' ' => 37,
    b'-' => 38,
    b'\'' => 39,
    0x80.. => 40 + c % 24,
    _ => 0,
});

fn class(b: u8) -> usize {
    usize::from(CLASS[usize::from(b)])
}

fn set(bits: &mut [u64], i: usize) {
    bits[i >> 6] |= 1 << (i & 63);
}

fn get(bits: &[u64], i: usize) -> bool {
    bits[i >> 6] & (1 << (i & 63)) != 0
}

fn three(a: u8, b: u8, c: u8) -> usize {
    class(a) << 12 | class(b) << 6 | class(c)
}

fn five(p: &[u8]) -> usize {
    let key = p[..5].iter().fold(0u64, |k, &b| k << 8 | u64::from(b));
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FIVE_BITS)) as usize
}

impl Starts {
    fn mark(&mut self, i: usize, short: bool) {
        let bits = &mut self.three[i >> 6].0;
        bits[ANY] |= 1 << (i & 63);
        if short {
            bits[SHORT] |= 1 << (i & 63);
        }
    }

    pub fn add(&mut self, head: &[u8]) {
        match *head {
            [a, b, c, ..] => {
                self.mark(three(a, b, c), head.len() < 5);
                if head.len() >= 5 {
                    set(&mut self.five, five(head));
                }
            }
            [a, b] => {
                for c in 0..64 {
                    self.mark(class(a) << 12 | class(b) << 6 | c, true);
                }
            }
            [a] => {
                for bc in 0..64 * 64 {
                    self.mark(class(a) << 12 | bc, true);
                }
            }
            [] => {}
        }
    }

    /// Whether a head may start at the beginning of `rest`. Inlined into the
    /// scan, which asks at every word start.
    #[inline]
    pub fn may_start(&self, rest: &[u8]) -> bool {
        let [a, b, c, ..] = *rest else {
            return true;
        };
        let i = three(a, b, c);
        let bits = self.three[i >> 6].0;
        let bit = 1 << (i & 63);
        if bits[ANY] & bit == 0 {
            return false;
        }
        bits[SHORT] & bit != 0 || rest.len() < 5 || get(&self.five, five(rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_start_filter_never_rejects_a_head(
            heads in proptest::collection::vec("[a-z0-9 '’é-]{1,6}", 1..8),
            pick in 0usize..8,
            tail in "[a-z .é]{0,4}",
        ) {
            let mut starts = Starts::default();
            for h in &heads {
                starts.add(h.as_bytes());
            }
            let text = format!("{}{tail}", heads[pick % heads.len()]);
            proptest::prop_assert!(starts.may_start(text.as_bytes()));
        }
    }

    #[test]
    fn the_start_filter_rejects_other_words() {
        let mut starts = Starts::default();
        starts.add(b"soviet aid");
        starts.add(b"un");
        assert!(starts.may_start(b"soviets"));
        assert!(starts.may_start(b"unity"));
        assert!(!starts.may_start(b"the party"));
        starts.add(b"the americans");
        assert!(starts.may_start(b"the americans"));
        assert!(!starts.may_start(b"the party"));
    }
}
