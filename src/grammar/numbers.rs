//! Numbers written as words ("Five copies", "a three-hour conversation").

/// Parses "5", "five", "Five", "twenty-five", "twenty five".
pub fn parse_count(word: &str) -> Option<i32> {
    let w = word.trim().to_lowercase();
    if let Ok(n) = w.parse::<i32>() {
        return Some(n);
    }
    let unit = |s: &str| -> Option<i32> {
        Some(match s {
            "a" | "an" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            _ => return None,
        })
    };
    let parts: Vec<&str> = w.split(['-', ' ']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [one] => unit(one),
        [tens, ones] => {
            let t = unit(tens)?;
            let o = unit(ones)?;
            (t >= 20 && t % 10 == 0 && o < 10).then_some(t + o)
        }
        _ => None,
    }
}

/// The regex alternation of number words, for embedding in patterns.
pub const NUMBER_WORDS: &str = r"\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|thirty|forty|fifty";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        for (s, n) in [
            ("5", Some(5)),
            ("Five", Some(5)),
            ("twenty-five", Some(25)),
            ("twenty five", Some(25)),
            ("three", Some(3)),
            ("many", None),
            ("five-five", None),
        ] {
            assert_eq!(parse_count(s), n, "{s}");
        }
    }
}
