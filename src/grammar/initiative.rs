//! Who sought the meeting, from the wording of the entry's opening.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Initiative;

static RULES: LazyLock<Vec<(Regex, Initiative)>> = LazyLock::new(|| {
    let rules: &[(&str, Initiative)] = &[
        (
            r"(?-u:\b)(?:on|upon|by)\s+(?:the\s+basis\s+of\s+)?(?:an?\s+)?(?:preliminary|prior|previous|advance|earlier)\s+(?:agreement|arrangement)|(?-u:\b)as\s+(?:previously\s+|had\s+been\s+)?(?:agreed|arranged)(?-u:\b)|(?-u:\b)by\s+(?:mutual\s+)?agreement(?-u:\b)",
            Initiative::Agreed,
        ),
        (
            r"(?-u:\b)(?:in\s+accordance\s+with|on\s+the\s+basis\s+of|following|pursuant\s+to|acting\s+on|on|upon|per)\s+(?:the\s+)?(?:\w+(?:'s|’s)?\s+){0,3}(?:instructions?|orders?|directives?|assignment)(?-u:\b)|(?-u:\b)as\s+instructed(?-u:\b)|(?-u:\b)on\s+instructions(?-u:\b)",
            Initiative::Instructed,
        ),
        (
            r"(?-u:\b)at\s+(?:his|her|their|the\s+other\s+side's)\s+(?:own\s+)?(?:request|initiative|invitation|suggestion)(?-u:\b)|(?-u:\b)at\s+the\s+(?:request|initiative|invitation)\s+of(?-u:\b)|(?-u:\b)who\s+(?:had\s+)?asked\s+(?:me\s+)?for\s+(?:a|the)\s+(?:meeting|conversation)|(?-u:\b)(?:visited|called\s+on|came\s+to\s+see)\s+me(?-u:\b)|(?-u:\b)came\s+to\s+the\s+embassy(?-u:\b)",
            Initiative::Theirs,
        ),
        (
            r"(?-u:\b)at\s+(?:my|our)\s+(?:own\s+)?(?:request|initiative|invitation|suggestion)(?-u:\b)|(?-u:\b)whom\s+(?:I|we)\s+(?:had\s+)?invited(?-u:\b)|(?-u:\b)(?:I|we)\s+(?:visited|called\s+on|invited|went\s+to\s+see|paid\s+a\s+visit\s+to|requested\s+a\s+meeting)(?-u:\b)|(?-u:\b)was\s+held\s+at\s+our\s+initiative(?-u:\b)",
            Initiative::Ours,
        ),
        (r"(?-u:\b)(?:I|we)\s+received(?-u:\b)", Initiative::Theirs),
    ];
    rules
        .iter()
        .map(|(p, i)| {
            (
                Regex::new(&format!("(?i){p}")).expect("initiative regex"),
                *i,
            )
        })
        .collect()
});

/// The initiative stated in an entry's opening sentence; explicit phrases
/// ("on the basis of a preliminary agreement", "at his request") outrank the
/// verb ("I visited", "I received").
pub fn find_initiative(opening: &str) -> Option<Initiative> {
    RULES
        .iter()
        .find(|(re, _)| re.is_match(opening))
        .map(|(_, i)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Initiative::*;

    #[test]
    fn wording() {
        let cases = [
            (
                "I met with X in the KWP CC on the basis of a preliminary agreement (see the conversation of 22 July)",
                Some(Agreed),
            ),
            (
                "I visited PRC Ambassador in the DPRK X at my own initiative.",
                Some(Ours),
            ),
            (
                "I visited Cde. X and familiarized him with the resolution.",
                Some(Ours),
            ),
            (
                "I visited X in accordance with Moscow's instructions.",
                Some(Instructed),
            ),
            (
                "On instructions from the Center I visited X.",
                Some(Instructed),
            ),
            ("I received X at his request at 1700.", Some(Theirs)),
            (
                "I received X, first secretary of the embassy.",
                Some(Theirs),
            ),
            ("I was received by X at my request.", Some(Ours)),
            (
                "The conversation with Cde. X was held at our initiative.",
                Some(Ours),
            ),
            (
                "X, whom I had invited to dinner, visited the Embassy.",
                Some(Ours),
            ),
            ("X visited me at the Embassy.", Some(Theirs)),
            (
                "On 12 September 1957 a conversation was held with Cde. X.",
                None,
            ),
            (
                "I was at a festive meeting devoted to the anniversary.",
                None,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(find_initiative(text), want, "{text}");
        }
    }
}
