//! Matching what people type: the one normalisation used for header cells and
//! for names inside cells (case, spacing, `: . *` punctuation, line breaks,
//! `&` as `and`), "did you mean" suggestions, A1-style cell references, and
//! the links a team member writes (`[text](https://…)`, a link column).

/// Normalise a header or a name for matching.
///
/// Lower case; `&` read as the word `and`; `:`, `.`, `*` and line breaks
/// dropped; runs of white space folded to one space; trimmed.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out);
    out
}

/// `normalise` into a buffer the caller reuses, for loops over many cells.
pub fn normalise_into(text: &str, out: &mut String) {
    out.clear();
    // The common case, plain ASCII with nothing to fold but case and
    // spacing, without the general path's per-character work.
    if text.is_ascii() && !text.bytes().any(|b| matches!(b, b':' | b'.' | b'*' | b'&')) {
        // The same white space as the general path (`char::is_whitespace`
        // also counts the vertical tab, which `split_ascii_whitespace` does not).
        for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        }
        return;
    }
    let mut pending_space = false;
    let push_word = |out: &mut String, word: &str, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push(' ');
        }
        *pending = false;
        out.push_str(word);
    };
    for c in text.chars() {
        match c {
            ':' | '.' | '*' => {}
            '&' => {
                pending_space = true;
                push_word(out, "and", &mut pending_space);
                pending_space = true;
            }
            c if c.is_whitespace() || c == '\u{a0}' => pending_space = true,
            c => {
                let mut buf = [0u8; 4];
                for lower in c.to_lowercase() {
                    push_word(out, lower.encode_utf8(&mut buf), &mut pending_space);
                }
            }
        }
    }
}

/// A 32-bit hash of `normalise(text)`, `None` when that is empty: equal
/// normal forms hash equal, so rows can be grouped by sorting hashes. Plain
/// ASCII (the common case) is hashed as it is folded, without building the
/// normal form; other text is normalised into `scratch` first.
pub fn normal_form_hash(text: &str, scratch: &mut String) -> Option<u32> {
    // FNV-1a over the normal form's bytes, folded to 32 bits.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    let mut empty = true;
    if text.is_ascii() && !text.bytes().any(|b| matches!(b, b':' | b'.' | b'*' | b'&')) {
        // As `normalise_into`'s ASCII path: words lower-cased, one space
        // between them (`char::is_whitespace` for ASCII is 9–13 and 32).
        let mut pending_space = false;
        for b in text.bytes() {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                pending_space = !empty;
            } else {
                if pending_space {
                    feed(b' ');
                    pending_space = false;
                }
                feed(b.to_ascii_lowercase());
                empty = false;
            }
        }
    } else {
        normalise_into(text, scratch);
        scratch.bytes().for_each(&mut feed);
        empty = scratch.is_empty();
    }
    (!empty).then_some((hash ^ (hash >> 32)) as u32)
}

/// The closest candidate to `typed` (both already normalised), if any is
/// close enough to be worth suggesting.
pub fn did_you_mean<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(typed, candidate);
        // Ties go to the alphabetically first candidate so that the hint
        // never depends on hash-map order.
        let better = match best {
            None => true,
            Some((s, c)) => score > s || (score == s && candidate < c),
        };
        if better {
            best = Some((score, candidate));
        }
    }
    best.filter(|&(score, _)| score >= 0.8).map(|(_, c)| c)
}

/// 1677 → `1,677`: a count as the paper and the console print it.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The places a finding lists, at most `most` of them, joined with `; `,
/// and how many more there are: a log with one reference on every row must
/// not make a message longer than a cell holds.
pub fn places_text(places: &[String], most: usize) -> String {
    let shown = places.len().min(most);
    let mut text = places[..shown].join("; ");
    if places.len() > shown {
        text.push_str(&format!(
            "; … and {} more",
            thousands((places.len() - shown) as u64)
        ));
    }
    text
}

/// `text` cut to at most `most` characters, with how much was left out.
pub fn cut(text: String, most: usize) -> String {
    match text.char_indices().nth(most) {
        None => text,
        Some((at, _)) => {
            let left = text[at..].chars().count();
            format!(
                "{} … (and {} more characters)",
                &text[..at],
                thousands(left as u64)
            )
        }
    }
}

/// Column letters for a zero-based column index: 0 → `A`, 27 → `AB`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// An A1 reference for a zero-based (row, column): (213, 2) → `C214`.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row as u64 + 1)
}

/// A stretch of written text: plain, or a link written `[text](address)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span<'a> {
    Plain(&'a str),
    Link { text: &'a str, url: &'a str },
}

/// The longest link address taken (longer is no address a person typed).
pub const LINK_MAX: usize = 2_048;

/// Why `url` cannot be a link in the paper, or `None` when it can: only
/// `http://`, `https://` and `mailto:` addresses, with no spaces or control
/// characters, at most `LINK_MAX` long. A document's link must not run a
/// program or open a local file (`file:`, `javascript:`).
pub fn link_problem(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    match rest {
        None => Some("only http://, https:// and mailto: addresses are links"),
        Some("") => Some("the address has nothing after its scheme"),
        Some(_) if url.len() > LINK_MAX => Some("the address is too long to be a link"),
        Some(_) if url.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Some("the address has a space or a control character in it")
        }
        Some(_) => None,
    }
}

/// Text with its links, as written: `See [DP071](https://…) here` is
/// `See `, the link, ` here`. A bracket that does not open a link
/// (`[text]` not followed by `(address)`) stays text.
pub fn spans(text: &str) -> Vec<Span<'_>> {
    let mut spans = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while let Some(open) = text[at..].find('[').map(|i| at + i) {
        let link = text[open + 1..].find("](").and_then(|close| {
            let close = open + 1 + close;
            let label = &text[open + 1..close];
            let rest = &text[close + 2..];
            // An address may hold balanced brackets, as markdown's may.
            let mut depth = 0usize;
            let end = rest.char_indices().find_map(|(i, c)| match c {
                '(' => {
                    depth += 1;
                    None
                }
                ')' if depth == 0 => Some(i),
                ')' => {
                    depth -= 1;
                    None
                }
                _ => None,
            })?;
            let url = &rest[..end];
            let ok = !label.is_empty()
                && !label.contains(['[', '\n'])
                && !url.is_empty()
                && !url.contains(char::is_whitespace);
            ok.then_some((label, url, close + 2 + end + 1))
        });
        match link {
            Some((label, url, after)) => {
                if plain_from < open {
                    spans.push(Span::Plain(&text[plain_from..open]));
                }
                spans.push(Span::Link { text: label, url });
                plain_from = after;
                at = after;
            }
            None => at = open + 1,
        }
    }
    if plain_from < text.len() {
        spans.push(Span::Plain(&text[plain_from..]));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_and_texts_are_cut_with_what_was_left_out() {
        let places: Vec<String> = (1..=1_700).map(|n| format!("line {n}")).collect();
        assert_eq!(
            places_text(&places, 3),
            "line 1; line 2; line 3; … and 1,697 more"
        );
        assert_eq!(places_text(&places[..2], 3), "line 1; line 2");
        assert_eq!(cut("abcdef".into(), 10), "abcdef");
        assert_eq!(cut("ab’cdef".into(), 3), "ab’ … (and 4 more characters)");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(633), "633");
        assert_eq!(thousands(1677), "1,677");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn normalise_folds_case_space_punctuation_and_ampersand() {
        assert_eq!(
            normalise("  Date of UEP\ncompletion: "),
            "date of uep completion"
        );
        assert_eq!(
            normalise("Modifications & Release  Management"),
            "modifications and release management"
        );
        assert_eq!(
            normalise("Modifications&Release"),
            "modifications and release"
        );
        assert_eq!(normalise("*Hrs.*"), "hrs");
        assert_eq!(normalise("BAD/TAD"), "bad/tad");
        assert_eq!(normalise("E-mail"), "e-mail");
        assert_eq!(normalise("a\u{b}b"), "a b", "a vertical tab is white space");
    }

    #[test]
    fn suggestions_need_to_be_close() {
        let names = ["modifications", "applications", "other"];
        assert_eq!(
            did_you_mean("modifcations", names.into_iter()),
            Some("modifications")
        );
        assert_eq!(did_you_mean("zzz", names.into_iter()), None);
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(213, 2), "C214");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn links_are_found_in_text_and_only_safe_addresses_pass() {
        assert_eq!(
            spans("See [DP071](https://example.org/dp071) and [this]."),
            [
                Span::Plain("See "),
                Span::Link {
                    text: "DP071",
                    url: "https://example.org/dp071"
                },
                Span::Plain(" and [this]."),
            ]
        );
        assert_eq!(spans("no links"), [Span::Plain("no links")]);
        assert_eq!(
            spans("[x](javascript:alert(1)))"),
            [
                Span::Link {
                    text: "x",
                    url: "javascript:alert(1)"
                },
                Span::Plain(")")
            ]
        );
        assert_eq!(spans("[a](b c)"), [Span::Plain("[a](b c)")]);
        assert_eq!(spans(""), []);
        assert_eq!(link_problem("https://example.org/a?b=1&c=2"), None);
        assert_eq!(link_problem("HTTP://example.org"), None);
        assert_eq!(link_problem("mailto:secas@example.org"), None);
        for bad in [
            "javascript:alert(1)",
            "file:///c:/windows",
            "example.org",
            "https://",
            "https://exa mple.org",
            "https://example.org/\u{7}",
        ] {
            assert!(link_problem(bad).is_some(), "{bad}");
        }
        let long = format!("https://example.org/{}", "a".repeat(LINK_MAX));
        assert!(link_problem(&long).is_some());
    }
}
