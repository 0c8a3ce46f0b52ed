//! The data dictionary: what every table and column of a build means.

/// One table of a build.
pub struct TableDoc {
    /// File stem, e.g. "meetings".
    pub name: &'static str,
    /// One or two sentences: what one row is, and when to use the table.
    pub about: &'static str,
    /// The columns that identify a row and the row order, e.g. "meeting_id".
    pub key: &'static str,
    pub columns: &'static [ColumnDoc],
}

/// One column of a table. Its type is not written here: the renderer takes it from the table the code builds.
pub struct ColumnDoc {
    pub name: &'static str,
    /// What the value means, in a sentence or two a historian understands.
    pub meaning: &'static str,
    /// A realistic example value as it appears in the table (dates as 1957-06-03, lists as ["a", "b"]).
    pub example: &'static str,
    /// When the value is null; "never" for columns that always hold a value.
    pub null_when: &'static str,
}

/// A shorthand for the column entries below.
const fn col(
    name: &'static str,
    meaning: &'static str,
    example: &'static str,
    null_when: &'static str,
) -> ColumnDoc {
    ColumnDoc {
        name,
        meaning,
        example,
        null_when,
    }
}

const NEVER: &str = "never";

pub const TABLES: &[TableDoc] = &[
    TableDoc {
        name: "documents",
        about: "One row per input file, failures included: what the document's header, closing block and archive page say about it. Start here to select documents by date, kind, author or status, and join the other tables on doc_id.",
        key: "doc_id",
        columns: DOCUMENTS,
    },
    TableDoc {
        name: "meetings",
        about: "One row per dated journal entry, or per body of a single record: a conversation, visit or event the author records, with its date, initiative, place, length and the byte span of its text. Join participants and topic_mentions on meeting_id.",
        key: "meeting_id (rows in doc_id order, then n in text order)",
        columns: MEETINGS,
    },
    TableDoc {
        name: "participants",
        about: "One row per person and role in a meeting: the document's author, the counterparts named in the opening sentence, those named as present, and the interpreters. Use it for who met whom; join persons on person_id.",
        key: "meeting_id, person_id, role (the author first, then the others in the order the text names them)",
        columns: PARTICIPANTS,
    },
    TableDoc {
        name: "distribution",
        about: "One row per entry of the closing's copy-distribution list, in printed order: which person, office or file received a copy. Use it to trace who in the capital read the document; person rows join persons on person_id.",
        key: "doc_id, position",
        columns: DISTRIBUTION,
    },
    TableDoc {
        name: "persons",
        about: "One row per person of the authority (data/persons.toml), seen in this build or not, plus one provisional row per name seen that matched nobody. Use it for canonical names and spellings, and to see which names still need adding to the authority.",
        key: "person_id",
        columns: PERSONS,
    },
    TableDoc {
        name: "unresolved_names",
        about: "The curator's to-do list: one row per spelling of a name that matched no person of the authority, or several with no way to choose, most frequent first. Add the person to data/persons.toml and rebuild.",
        key: "provisional_id, name_as_written (rows ordered by count, highest first, then name_as_written)",
        columns: UNRESOLVED_NAMES,
    },
    TableDoc {
        name: "topics",
        about: "One row per topic of the taxonomy (data/topics.toml), in the taxonomy's order, found in this build or not. Use it for the labels, groups and matching phrases of the topic ids in the other topic tables.",
        key: "topic_id (rows in taxonomy order)",
        columns: TOPICS,
    },
    TableDoc {
        name: "topic_mentions",
        about: "One row per topic found in a meeting's text, and per topic found in a document's text outside its meetings (header, entry date lines, closing block), with the number of matches and the sentence of the first as evidence.",
        key: "doc_id, meeting_id, topic_id (meetings in text order, rows outside any meeting last, topics in taxonomy order)",
        columns: TOPIC_MENTIONS,
    },
    TableDoc {
        name: "topic_frequency",
        about: "One row per granularity, period and topic mentioned in it: meetings, documents and mentions, with the period's totals and shares. Compare periods by share, not count. Documents are placed by doc_date and meetings by meeting_date, so a row can show 0 of either.",
        key: "granularity, period, topic_id",
        columns: TOPIC_FREQUENCY,
    },
    TableDoc {
        name: "topic_bursts",
        about: "One row per granularity, period and topic where the topic's document share jumps against the periods before it (z of at least 2, with at least 2 documents), with the meetings as evidence. Use it to spot when a subject came up; read the evidence first.",
        key: "granularity, topic_id, period",
        columns: TOPIC_BURSTS,
    },
];

const DOCUMENTS: &[ColumnDoc] = &[
    col(
        "doc_id",
        "Stable id of the document: the file's path relative to the corpus root, without its extension. Every other table refers to documents by it.",
        "000_f088d2dbe8db9217",
        NEVER,
    ),
    col(
        "source_file",
        "The file's path relative to the corpus root, with / as separator.",
        "000_f088d2dbe8db9217.txt",
        NEVER,
    ),
    col(
        "sha256",
        "Hexadecimal SHA-256 digest of the file's bytes; it changes whenever the file changes.",
        "dd6305eec2eab4141b9053a23fc63472d7ef75488b40ff0ae68198a1d524df18",
        "the file could not be read: an unreadable path, a folder visited twice through a symlink, or a file over the size limit",
    ),
    col(
        "bytes",
        "Size of the file in bytes.",
        "10457",
        "the file could not be read: an unreadable path or a folder visited twice through a symlink (a file over the size limit keeps its size)",
    ),
    col(
        "status",
        "ok; partial when parsed with a warning (legacy encoding, text that looks cut off, no text left after the page chrome, no entry text, an entry dated outside the journal's period); failed when the file could not be read or parsed.",
        "ok",
        NEVER,
    ),
    col(
        "error",
        "For a failed document, why it failed (\"unsupported format: .pdf\", \"empty file\"); for a partial one, its warnings joined by \"; \".",
        "text ends mid-sentence, probably truncated: \"...I would report his considerations to Mos\"",
        "status is ok",
    ),
    col(
        "title",
        "The document's title as the archive page gives it (the lines after the headline date), else the quoted title at the head of the citation.",
        "Journal of Soviet Ambassador to the DPRK N.A. Petrov for 30 July 1960",
        "the page shows no title and the citation quotes none; always for failed documents",
    ),
    col(
        "doc_date",
        "The document's headline date: the archive page's date line, else a date with a year in the title or header. A date stated only to the month or year is stored as its first day (see doc_date_precision).",
        "1960-07-30",
        "the document states no date with a year in its headline, title or header; always for failed documents",
    ),
    col(
        "doc_date_precision",
        "How much of doc_date the document states: day, month or year (\"November 1980\" is month, stored as 1980-11-01).",
        "day",
        "doc_date is null",
    ),
    col(
        "kind",
        "journal, record_of_conversation, memorandum, telegram, report, letter, note or other, recognized from the title, then the header, then the archive's document type; several dated entries and no other clue make a journal.",
        "record_of_conversation",
        "status is failed",
    ),
    col(
        "author_id",
        "Id in persons.parquet of the diplomat who wrote the document, found in the signature (\"(N. PETROV)\"), the title (\"Journal of ... N.A. Petrov\") or a name line of the closing. An author the authority lacks gets a provisional prov_ id.",
        "petrov",
        "no author is found in the signature, title, header or closing; always for failed documents",
    ),
    col(
        "author_name",
        "The author's canonical name in persons.parquet; for a provisional author, the name as written without forms of address such as \"Cde.\".",
        "Nikolai Petrov",
        "author_id is null",
    ),
    col(
        "classification",
        "The security marking in the header, upper case without punctuation: TOP SECRET, STRICTLY SECRET, STRICTLY CONFIDENTIAL, SECRET, CONFIDENTIAL or FOR OFFICIAL USE ONLY. A mark on the page outranks one inside a bracketed stamp.",
        "TOP SECRET",
        "the header carries no classification mark",
    ),
    col(
        "handling",
        "A handling mark in the header, which is not a classification: URGENT, IMMEDIATE, FLASH, PRIORITY, PERSONAL or PERSONALLY, in upper case.",
        "URGENT",
        "the header carries no handling mark",
    ),
    col(
        "copy_number",
        "The number of this copy as the header prints it (\"Copy Nº 2\" gives 2).",
        "2",
        "the header prints no copy number",
    ),
    col(
        "period_start",
        "First day of the period a journal covers (\"for the period 29 June through 8 August 1960\" gives 1960-06-29).",
        "1960-06-29",
        "the header states no period, as in most documents that are not journals",
    ),
    col(
        "period_end",
        "Last day of the period a journal covers (\"for the period 29 June through 8 August 1960\" gives 1960-08-08).",
        "1960-08-08",
        "the header states no period, as in most documents that are not journals",
    ),
    col(
        "archive_repository",
        "The archive named before the fond in the archival citation (\"AVPRF F. 0102, Op. 13, P. 72, Delo 5, Listy 44-113\" gives AVPRF).",
        "AVPRF",
        "the citation names no archive right before the fond, or the page has no citation with a fond",
    ),
    col(
        "archive_fond",
        "The fond (collection) number from the archival citation, as printed; text, because leading zeros matter.",
        "0102",
        "the page has no archival citation with a fond",
    ),
    col(
        "archive_opis",
        "The opis (inventory) number from the archival citation (\"Op. 13\").",
        "13",
        "the citation gives no opis, or the page has no citation with a fond",
    ),
    col(
        "archive_papka",
        "The papka (folder) number: a \"P.\" or \"Papka\" before the delo in the archival citation (\"P. 72\").",
        "72",
        "the citation gives no papka before the delo, or the page has no citation with a fond",
    ),
    col(
        "archive_delo",
        "The delo (file) number from the archival citation (\"Delo 5\").",
        "5",
        "the citation gives no delo, or the page has no citation with a fond",
    ),
    col(
        "archive_pages",
        "The page (list) range after the delo in the archival citation, spaces and en dashes normalized (\"Listy 44-113\" gives 44-113).",
        "44-113",
        "the citation gives no pages after the delo, or the page has no citation with a fond",
    ),
    col(
        "translator",
        "Who translated the document, from the citation's \"Translated ... by\" (\"Translated for NKIDP by Gary Goldberg\").",
        "Gary Goldberg",
        "the citation names no translator",
    ),
    col(
        "record_id",
        "The archive's record number: the page's Record ID, else the number in its /document/ web address.",
        "115615",
        "the page shows no Record ID and no /document/ address",
    ),
    col(
        "source_url",
        "The web address of the document, the first one in the page's citation.",
        "https://digitalarchive.wilsoncenter.org/document/115615",
        "the citation gives no web address",
    ),
    col(
        "summary",
        "The archive's summary paragraph (under \"Summary:\", in the citation widget, or a paragraph after the closing block): the archive's words, not the author's.",
        "The ambassador and the Deputy Foreign Minister exchange their opinions on the Soviet-North Korean relationship, Soviet economic aid toward North Korea, and North Korea's policies toward South Korea.",
        "the page has no summary",
    ),
    col(
        "original_language",
        "The language the document was written in, as the archive page states it.",
        "Russian",
        "the page states no original language",
    ),
    col(
        "copies_printed",
        "How many copies were made, from the closing (\"Five copies printed\" gives 5; \"Produced in 9 copies for:\" gives 9).",
        "5",
        "the closing states no number of copies",
    ),
    col(
        "outgoing_number",
        "The registration number in the closing, as text (\"Nº 353 31 May 1957\" gives 353; \"Nº 2172-dv\" gives 2172-dv).",
        "2172-dv",
        "the closing has no registration number",
    ),
    col(
        "outgoing_date",
        "The date beside the registration number, on its line or the next; a date without a year takes the headline's year.",
        "1957-05-31",
        "there is no registration number, no date beside it, or no year for that date",
    ),
];

const MEETINGS: &[ColumnDoc] = &[
    col(
        "meeting_id",
        "Stable id doc_id#n, n counting the document's entries from 1 in text order. Every dated entry is a row, including events with no counterpart (a ceremony, a send-off at the airport).",
        "000_f088d2dbe8db9217#1",
        NEVER,
    ),
    col(
        "doc_id",
        "The document that records the meeting.",
        "000_f088d2dbe8db9217",
        NEVER,
    ),
    col(
        "meeting_date",
        "The meeting's date: the entry's date line, else the first date of its opening sentence, else the header's subject line. Editor's corrections win (\"12 September [sic; November] 1957\" is 1957-11-12); a missing year comes from the period or headline.",
        "1957-11-12",
        "no date is found for the entry (a single record falls back to its headline date), or no year can be supplied from the journal's period or the headline",
    ),
    col(
        "date_precision",
        "How much of meeting_date the text states: day, month or year; a month or year alone is stored as its first day.",
        "day",
        "meeting_date is null",
    ),
    col(
        "date_as_written",
        "The words the date came from, as printed (\"7 June\", \"12 September [sic; November] 1957\"); for a single record dated only by its headline, the headline's words.",
        "12 September [sic; November] 1957",
        "no date is found for the entry; it can be filled while meeting_date is null, when no year could be supplied",
    ),
    col(
        "initiative",
        "Who sought the meeting, from the opening sentence: ours (the author visited, invited or asked), theirs (at the counterpart's request, \"X visited me\", \"I received X\"), instructed (on the capital's instructions), agreed (by prior agreement).",
        "agreed",
        "the opening sentence does not say who sought the meeting",
    ),
    col(
        "location",
        "The place named right after the counterpart in the opening sentence, as written (\"I met with the Deputy Minister in the KWP CC\" gives KWP CC).",
        "KWP CC",
        "the opening sentence names no place right after the counterpart",
    ),
    col(
        "duration_minutes",
        "How long the conversation lasted, in minutes (\"a three-hour conversation\" is 180; \"between 1000 and 1130 hours\" is 90).",
        "180",
        "the entry states neither a length nor start and end times",
    ),
    col(
        "duration_qualifier",
        "exact; at_least for \"more than\", \"over\" or \"at least\"; about for \"about\", \"around\", \"nearly\", \"almost\", \"less than\" and similar hedges.",
        "at_least",
        "duration_minutes is null",
    ),
    col(
        "span_start",
        "Byte offset in the source file where the entry begins (its date line, else its first line). For a file decoded from a legacy encoding, an offset into the decoded UTF-8 text.",
        "923",
        NEVER,
    ),
    col(
        "span_end",
        "Byte offset just past the entry's last line, so bytes span_start to span_end of the source file are the entry.",
        "10314",
        NEVER,
    ),
];

const PARTICIPANTS: &[ColumnDoc] = &[
    col(
        "meeting_id",
        "The meeting the person took part in.",
        "000_f088d2dbe8db9217#1",
        NEVER,
    ),
    col(
        "doc_id",
        "The document that records the meeting.",
        "000_f088d2dbe8db9217",
        NEVER,
    ),
    col(
        "person_id",
        "Id in persons.parquet: an authority id, or a provisional prov_ id when the name matched nobody, or several people with no way to choose.",
        "pak_geum_cheol",
        NEVER,
    ),
    col(
        "name",
        "The person's canonical name; for a provisional person, the name as written with the editor's bracket applied and forms of address removed.",
        "Kim Yen Nam",
        NEVER,
    ),
    col(
        "name_as_written",
        "The name exactly as the text spells it, brackets and capitals included.",
        "Kim [Yen Nam]",
        NEVER,
    ),
    col(
        "role",
        "author (the document's writer, given a row in each of its meetings), counterpart (named in the opening sentence), present, or interpreter. A person who was present and interpreted has two rows.",
        "counterpart",
        NEVER,
    ),
    col(
        "office_as_written",
        "The office or description the text gives beside the name, as written.",
        "Deputy Chief of the KWP CC International Department",
        "the text gives no office beside the name; always for the author",
    ),
    col(
        "match_method",
        "How the name was tied to the person: exact (canonical spelling), variant (a recorded spelling), initials (one side has initials the other lacks, or the surname alone), fuzzy, context, or provisional (no match).",
        "exact",
        NEVER,
    ),
    col(
        "confidence",
        "Fixed by match_method: exact 1.0; variant 0.95; initials 0.85, or 0.8 for a surname alone; fuzzy 0.7 or 0.6 (one or two letters off); context 0.7 (an office held on the date chose among several); provisional 0.0.",
        "0.95",
        NEVER,
    ),
];

const DISTRIBUTION: &[ColumnDoc] = &[
    col(
        "doc_id",
        "The document whose copies were distributed.",
        "000_f088d2dbe8db9217",
        NEVER,
    ),
    col(
        "position",
        "Order of the entry in the list, from 1; offices and files count.",
        "4",
        NEVER,
    ),
    col(
        "copy_number",
        "The copy's number as printed (\"5 - to file\" gives 5); lists can skip numbers.",
        "5",
        "the entry is not numbered, as in a \"Copies:\" list or a counted line such as \"Embassy - 1\"",
    ),
    col(
        "recipient",
        "The recipient as printed, with forms of address such as \"Cde.\" and trailing punctuation removed.",
        "Yu. V. Andropov",
        NEVER,
    ),
    col(
        "recipient_kind",
        "file (\"to file\", \"delo\", \"archive\"); office (begins in lower case or holds an office word such as Department or Embassy); person (a name the authority knows, or shaped like a name); anything else is an office.",
        "person",
        NEVER,
    ),
    col(
        "copies",
        "How many copies this recipient received, from a counted line (\"Foreign Ministry, 5th Territorial Department - 2\" gives 2).",
        "2",
        "the entry states no count of copies, as in most numbered lists",
    ),
    col(
        "person_id",
        "Id in persons.parquet of the recipient; a provisional prov_ id when the name matched nobody.",
        "andropov",
        "recipient_kind is office or file",
    ),
    col(
        "recipient_name",
        "The recipient's canonical name; for a provisional person, the recipient as printed.",
        "Yuri Andropov",
        "recipient_kind is office or file",
    ),
    col(
        "match_method",
        "How the recipient was tied to the person, as in participants: exact, variant, initials, fuzzy, context or provisional.",
        "initials",
        "recipient_kind is office or file",
    ),
    col(
        "confidence",
        "The resolver's confidence, fixed by match_method as in participants: from 1.0 (exact) down to 0.0 (provisional).",
        "0.85",
        "recipient_kind is office or file",
    ),
];

const PERSONS: &[ColumnDoc] = &[
    col(
        "person_id",
        "Authority id, or for a name that matched nobody prov_ and its initials and words in lower-case ASCII, hyphens dropped, joined by underscores (\"Shi Zhe\" gives prov_shi_zhe, \"Ri Dong-geon\" prov_ri_donggeon).",
        "kim_il_sung",
        NEVER,
    ),
    col(
        "canonical_name",
        "The authority's name for the person; for a provisional person, the first spelling seen, editor's bracket applied and forms of address removed.",
        "Kim Il Sung",
        NEVER,
    ),
    col(
        "variants",
        "Spellings of the person, sorted: for an authority person its canonical name and recorded variants plus every spelling seen in this build; for a provisional person, the spellings seen.",
        "[\"Nam Il\", \"Nam Ir\"]",
        "never; a list of at least one spelling",
    ),
    col(
        "mentions",
        "Rows naming the person in this build's participants and distribution tables: an author counts once per meeting, and a person who was present and interpreted counts twice. 0 for authority persons not seen.",
        "5",
        NEVER,
    ),
    col(
        "affiliation",
        "The state or organization the authority assigns the person to (USSR, DPRK, PRC, UN ...).",
        "DPRK",
        "the authority records none; always for provisional persons",
    ),
    col(
        "wikidata",
        "The person's Wikidata item id, where the authority records one.",
        "Q39464",
        "the authority records no Wikidata id; always for provisional persons",
    ),
    col(
        "source",
        "authority (from data/persons.toml) or provisional (a name seen in this build that matched nobody).",
        "authority",
        NEVER,
    ),
];

const UNRESOLVED_NAMES: &[ColumnDoc] = &[
    col(
        "name_as_written",
        "The name as the text spells it: a participant's name or a distribution recipient.",
        "Shi Zhe",
        NEVER,
    ),
    col(
        "normalized",
        "The text the resolver looked up: for a participant, the name with the editor's bracket applied and [sic] dropped (\"Kim Hoe-il [Kim Hoe Il]\" gives Kim Hoe Il); for a recipient, the recipient as printed.",
        "Kim Hoe Il",
        NEVER,
    ),
    col(
        "provisional_id",
        "The provisional id the name received, as in persons.person_id and participants.person_id.",
        "prov_shi_zhe",
        NEVER,
    ),
    col(
        "count",
        "How many participant and distribution rows across the build carry this spelling and id (a person present who interpreted counts twice; an author once per meeting).",
        "2",
        NEVER,
    ),
    col(
        "first_doc_id",
        "The first document, in doc_id order, where this spelling occurs.",
        "012_ciphered_telegram_feng_xi_apr_1950",
        NEVER,
    ),
    col(
        "candidate_person_ids",
        "Authority persons the name could be: people sharing the spelling whom the date could not tell apart, or people whose spelling matches but whose initials conflict.",
        "[\"stalin\"]",
        "never; an empty list when no authority person comes close",
    ),
    col(
        "example_sentence",
        "The sentence of the meeting where the name occurs, from its first document. For a recipient it is the recipient itself; for an author, or a name not found verbatim, the meeting's first sentence.",
        "Shi Zhe interpreted during the conversation.",
        NEVER,
    ),
];

const TOPICS: &[ColumnDoc] = &[
    col(
        "topic_id",
        "Stable id of the topic, used in topic_mentions, topic_frequency and topic_bursts.",
        "soviet_aid",
        NEVER,
    ),
    col(
        "label",
        "Short name of the topic for tables and charts.",
        "Soviet aid",
        NEVER,
    ),
    col(
        "group",
        "The broad area of the topic: foreign relations, economy, party politics, military, the Korean question, or society and culture.",
        "foreign relations",
        NEVER,
    ),
    col(
        "description",
        "What the topic covers, in a sentence.",
        "Economic, technical, material and credit assistance from the USSR to the DPRK, and its use.",
        NEVER,
    ),
    col(
        "aliases",
        "The phrases that find the topic in text, as written in the taxonomy: case is ignored, a space matches any whitespace, and a * ending a word matches any ending (\"Yugoslav*\").",
        "[\"Yugoslav*\", \"Tito\", \"Titoist*\", \"Titoism\", \"Belgrade\", \"League of Communists of Yugoslavia\"]",
        "never; a list of at least one phrase",
    ),
];

const TOPIC_MENTIONS: &[ColumnDoc] = &[
    col(
        "doc_id",
        "The document whose text mentions the topic.",
        "000_f088d2dbe8db9217",
        NEVER,
    ),
    col(
        "meeting_id",
        "The meeting whose text (the entry without its date line) mentions the topic.",
        "000_f088d2dbe8db9217#1",
        "outside any meeting: the mentions lie in the header, the entry date lines or the closing block",
    ),
    col(
        "topic_id",
        "The topic mentioned, as in topics.parquet.",
        "soviet_aid",
        NEVER,
    ),
    col(
        "mentions",
        "How many times the topic's phrases occur in that text. A passage matching phrases of two topics counts for each; a match inside one of the topic's excluded phrases does not count.",
        "3",
        NEVER,
    ),
    col(
        "first_span_start",
        "Byte offset in the source file where the first match begins.",
        "1442",
        NEVER,
    ),
    col(
        "evidence",
        "The sentence holding the first match, line breaks as spaces. Outside meetings it can be a whole run of header or closing lines, which carry no sentence punctuation.",
        "The new Soviet aid will give great assistance in the solution of large problems raised by the seven-year plan for the development of the DPRK economy, primarily in raising the standard of living of the country's population.",
        NEVER,
    ),
];

const TOPIC_FREQUENCY: &[ColumnDoc] = &[
    col(
        "period",
        "First day of the period: the month, the quarter (1957-10-01 is October to December 1957) or the year.",
        "1957-10-01",
        NEVER,
    ),
    col(
        "granularity",
        "month, quarter or year; the whole table is computed at each of the three.",
        "quarter",
        NEVER,
    ),
    col(
        "topic_id",
        "The topic counted, as in topics.parquet.",
        "sino_korean_relations",
        NEVER,
    ),
    col(
        "meetings",
        "Meetings dated in the period (by meeting_date) whose text mentions the topic.",
        "1",
        NEVER,
    ),
    col(
        "documents",
        "Documents dated in the period (by doc_date) that mention the topic anywhere, inside or outside their meetings.",
        "1",
        NEVER,
    ),
    col(
        "mentions",
        "Matches of the topic's phrases in the period: those inside a dated meeting count in the meeting's period, the others in the document's period; text with neither date is left out.",
        "17",
        NEVER,
    ),
    col(
        "period_meetings",
        "All meetings dated in the period, mentioning the topic or not: the denominator of meeting_share.",
        "3",
        NEVER,
    ),
    col(
        "period_documents",
        "All documents dated in the period by doc_date, mentioning the topic or not: the denominator of document_share.",
        "4",
        NEVER,
    ),
    col(
        "meeting_share",
        "meetings / period_meetings: the fraction of the period's dated meetings that mention the topic.",
        "0.333333",
        "period_meetings is 0: no meeting is dated in the period",
    ),
    col(
        "document_share",
        "documents / period_documents: the fraction of the period's dated documents that mention the topic. topic_bursts tracks this share.",
        "0.25",
        "period_documents is 0: no document is dated in the period",
    ),
];

const TOPIC_BURSTS: &[ColumnDoc] = &[
    col(
        "granularity",
        "month, quarter or year: the periods compared.",
        "quarter",
        NEVER,
    ),
    col(
        "period",
        "First day of the period where the share jumps.",
        "1960-07-01",
        NEVER,
    ),
    col(
        "topic_id",
        "The topic whose share jumps, as in topics.parquet.",
        "reunification",
        NEVER,
    ),
    col(
        "share",
        "The topic's document_share in the period: documents mentioning it divided by all documents dated in the period.",
        "1.0",
        NEVER,
    ),
    col(
        "baseline_mean",
        "Mean share over the up to 4 preceding periods that have dated documents (periods without documents are skipped, not counted as 0); at least 2 are needed.",
        "0.125",
        NEVER,
    ),
    col(
        "baseline_sd",
        "Standard deviation (population) of those baseline shares, as computed; when it is below 0.05, z divides by 0.05 instead.",
        "0.216506",
        NEVER,
    ),
    col(
        "z",
        "(share - baseline_mean) / max(baseline_sd, 0.05): how far the share stands above its baseline. A jump from 0 to 1 over a flat baseline gives 20.",
        "4.041452",
        NEVER,
    ),
    col(
        "documents",
        "Documents dated in the period that mention the topic.",
        "2",
        NEVER,
    ),
    col(
        "evidence_meetings",
        "Ids of the meetings dated in the period whose text mentions the topic, in document and text order, at most 20; they can come from documents dated in another period.",
        "[\"000_f088d2dbe8db9217#1\", \"004_6adec08081891b73#1\"]",
        "never; an empty list when the period's mentions lie outside dated meetings",
    ),
];
