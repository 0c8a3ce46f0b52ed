//! Archival citations ("AVPRF F. 0102, Op. 13, P. 72, Delo 5, Listy 44-113"),
//! translators, source addresses and record numbers.

use std::sync::LazyLock;

use regex::Regex;

/// The parts of an archival reference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveRef {
    pub repository: Option<String>,
    pub fond: Option<String>,
    pub opis: Option<String>,
    pub papka: Option<String>,
    pub delo: Option<String>,
    pub pages: Option<String>,
}

static FOND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?-u:\b)(?P<repo>[A-Z][A-Za-z]{2,}(?:\s+[A-Z]{2,})?),?\s+)?(?-u:\b)(?i:fond|f\.)\s*(?P<v>[\w-]+)",
    )
    .expect("fond")
});
static OPIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:opis|op\.)\s*(?P<v>[\w-]+)").expect("opis"));
static PAPKA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:papka|P\.|Papka)\s*(?P<v>\d+)(?-u:\b)").expect("papka")
});
static DELO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:delo|d\.)\s*(?P<v>[\w-]+)").expect("delo"));
static PAGES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:listy|list|ll\.|l\.|pp\.|p\.|pages?)\s*(?P<v>\d+(?:\s*[-–]\s*\d+)?)",
    )
    .expect("pages")
});
static TRANSLATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)Translated(?-u:\b)(?:\s+(?:for|from|into|and\s+annotated)\s+[\w\s]+?)?\s+by\s+(?P<v>[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|de|van|von))*)").expect("translator")
});
static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"https?://[^\s<>)\]]+").expect("url"));
static RECORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/document/(?:[\w-]*?)?(\d{3,})(?-u:\b)").expect("record"));

/// Parses the archival reference out of a citation or source line.
pub fn parse_archive(text: &str) -> ArchiveRef {
    let mut a = ArchiveRef::default();
    let Some(f) = FOND.captures(text) else {
        return a;
    };
    let after_fond = f.get(0).map_or(0, |m| m.start());
    let rest = &text[after_fond..];
    a.repository = f
        .name("repo")
        .map(|m| m.as_str().to_string())
        .filter(|r| r != "Archive");
    a.fond = Some(f["v"].to_string());
    a.opis = OPIS.captures(rest).map(|c| c["v"].to_string());
    let delo = DELO.captures(rest);
    let delo_at = delo
        .as_ref()
        .and_then(|c| c.get(0))
        .map_or(rest.len(), |m| m.start());
    a.delo = delo.map(|c| c["v"].to_string());
    // "P. 72" before the delo is a papka; "p. 16-42" after it is pages.
    a.papka = PAPKA.captures(&rest[..delo_at]).map(|c| c["v"].to_string());
    let tail = &rest[delo_at..];
    a.pages = PAGES.captures(tail).map(|c| {
        c["v"]
            .split_whitespace()
            .collect::<String>()
            .replace('–', "-")
    });
    a
}

/// "Translated for NKIDP by Gary Goldberg" gives "Gary Goldberg".
pub fn find_translator(text: &str) -> Option<String> {
    TRANSLATOR
        .captures(text)
        .map(|c| c["v"].trim_end_matches('.').trim().to_string())
}

pub fn find_url(text: &str) -> Option<String> {
    URL.find(text)
        .map(|m| m.as_str().trim_end_matches(['.', ',', '>']).to_string())
}

/// The archive's record number in a document address.
pub fn record_id_from_url(url: &str) -> Option<String> {
    RECORD.captures(url).map(|c| c[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_refs() {
        let a = parse_archive(
            "Wilson Center Digital Archive, AVPRF F. 0102, Op. 13, P. 72, Delo 5, Listy 44-113. Translated",
        );
        assert_eq!(a.repository.as_deref(), Some("AVPRF"));
        assert_eq!(a.fond.as_deref(), Some("0102"));
        assert_eq!(a.opis.as_deref(), Some("13"));
        assert_eq!(a.papka.as_deref(), Some("72"));
        assert_eq!(a.delo.as_deref(), Some("5"));
        assert_eq!(a.pages.as_deref(), Some("44-113"));

        let b =
            parse_archive("Digital Archive, AVPRF fond 0102, opis 16, delo 7, p.16-42. Translated");
        assert_eq!(b.repository.as_deref(), Some("AVPRF"));
        assert_eq!(
            (b.opis.as_deref(), b.delo.as_deref()),
            (Some("16"), Some("7"))
        );
        assert_eq!(b.papka, None);
        assert_eq!(b.pages.as_deref(), Some("16-42"));

        let c =
            parse_archive("AVPRF F. 0102, Op. 13, Delo 5. Translated for NKIDP by Gary Goldberg.");
        assert_eq!((c.delo.as_deref(), c.pages.as_deref()), (Some("5"), None));
        assert_eq!(parse_archive("no archive here"), ArchiveRef::default());
    }

    #[test]
    fn translators_and_urls() {
        assert_eq!(
            find_translator("Translated for NKIDP by Gary Goldberg.").as_deref(),
            Some("Gary Goldberg")
        );
        assert_eq!(
            find_translator("Translated by Gary Goldberg.  ").as_deref(),
            Some("Gary Goldberg")
        );
        let u = find_url("Goldberg. <https://example.org/document/119461>").unwrap();
        assert_eq!(u, "https://example.org/document/119461");
        assert_eq!(record_id_from_url(&u).as_deref(), Some("119461"));
    }
}
