//! A small pull tokenizer for the XML inside an xlsx package: start tags
//! with their attributes, end tags, text and CDATA, read from a stream a
//! buffer at a time. Comments, processing instructions and the document
//! type are skipped. It does what the sheet reader needs and no more, and
//! it does it without a copy or an allocation per token: a token borrows
//! the buffer until the next one is asked for.
//!
//! Like the reader calamine uses (quick-xml, with empty elements
//! expanded), `<a/>` comes out as a start tag and then an end tag, names
//! are compared without their namespace prefix, and text is handed over
//! raw: `push_text` decodes it.

use std::io::Read;

/// Bytes read from the stream at a time, at least.
const CHUNK: usize = 1 << 16;

pub struct Xml<R> {
    input: R,
    buf: Vec<u8>,
    /// Where the unread bytes start.
    pos: usize,
    eof: bool,
    /// The name of an empty element just handed over as a start tag: its
    /// end tag comes next.
    pending_end: Option<(usize, usize)>,
}

/// One piece of the document, borrowed from the reader's buffer.
#[derive(Debug)]
pub enum Token<'a> {
    Start(Tag<'a>),
    /// An end tag's name as written, prefix and all (`local` drops it).
    End(&'a [u8]),
    /// Text as it stands in the file, references not yet replaced.
    Text(&'a [u8]),
    CData(&'a [u8]),
    Eof,
}

/// A start tag: what stands between `<` and `>` (or `/>`).
#[derive(Debug, Clone, Copy)]
pub struct Tag<'a> {
    raw: &'a [u8],
}

impl<R: Read> Xml<R> {
    pub fn new(input: R) -> Self {
        Xml {
            input,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            eof: false,
            pending_end: None,
        }
    }

    /// The next token.
    pub fn next(&mut self) -> Result<Token<'_>, String> {
        if let Some((start, end)) = self.pending_end.take() {
            return Ok(Token::End(&self.buf[start..end]));
        }
        loop {
            if self.pos == self.buf.len() && !self.refill()? {
                return Ok(Token::Eof);
            }
            if self.buf[self.pos] != b'<' {
                // Text runs to the next tag, or to the end of the document.
                let len = self
                    .find_from(1, |bytes| memchr::memchr(b'<', bytes))?
                    .unwrap_or(self.buf.len() - self.pos);
                let start = self.pos;
                self.pos += len;
                return Ok(Token::Text(&self.buf[start..start + len]));
            }
            self.ensure(2)?;
            let second = self.buf.get(self.pos + 1).copied();
            match second {
                Some(b'/') => {
                    // Quotes count here as in a start tag, as they do for
                    // quick-xml (calamine's parser), odd as that is.
                    let len = self
                        .find_from(2, tag_end)?
                        .ok_or_else(|| unfinished("an end tag"))?;
                    let start = self.pos;
                    self.pos += len + 1;
                    let name = trim_end(&self.buf[start + 2..start + len]);
                    return Ok(Token::End(name));
                }
                Some(b'?') => {
                    let len = self.require(2, b"?>", "a processing instruction")?;
                    self.pos += len + 2;
                }
                Some(b'!') => {
                    self.ensure(9)?;
                    let rest = &self.buf[self.pos..];
                    if rest.starts_with(b"<!--") {
                        let len = self.require(4, b"-->", "a comment")?;
                        self.pos += len + 3;
                    } else if rest.starts_with(b"<![CDATA[") {
                        let len = self.require(9, b"]]>", "a CDATA section")?;
                        let start = self.pos;
                        self.pos += len + 3;
                        return Ok(Token::CData(&self.buf[start + 9..start + len]));
                    } else {
                        let len = self
                            .find_from(2, declaration_end)?
                            .ok_or_else(|| unfinished("a declaration"))?;
                        self.pos += len + 1;
                    }
                }
                _ => {
                    let len = self
                        .find_from(1, tag_end)?
                        .ok_or_else(|| unfinished("a tag"))?;
                    let start = self.pos;
                    self.pos += len + 1;
                    let mut raw = &self.buf[start + 1..start + len];
                    if let Some(open) = raw.strip_suffix(b"/") {
                        raw = open;
                        let name_len = name_len(raw);
                        self.pending_end = Some((start + 1, start + 1 + name_len));
                    }
                    return Ok(Token::Start(Tag { raw }));
                }
            }
        }
    }

    /// Skip to the end tag that closes the element just started (`name`
    /// as written, prefix and all, as quick-xml matches it), whatever is
    /// inside it.
    pub fn skip_to_end(&mut self, name: &[u8]) -> Result<(), String> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Token::Start(tag) if tag.qualified_name() == name => depth += 1,
                Token::End(end) if end == name => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Token::Eof => return Err(unfinished("an element")),
                _ => {}
            }
        }
    }

    /// The text of an element just started, when it is plain: text with
    /// no references, then its end tag `</name>` (as written) with nothing
    /// else, all in the buffer already. Anything else is `None`, and
    /// nothing is consumed: the caller then reads token by token. (Most
    /// cells' `<v>` are plain, and this reads them in one step.)
    pub fn plain_text(&mut self, name: &[u8]) -> Option<&[u8]> {
        if self.pending_end.is_some() {
            return None;
        }
        let unread = &self.buf[self.pos..];
        let lt = memchr::memchr(b'<', unread)?;
        let end = &unread[lt..];
        let close = 2 + name.len();
        if end.len() <= close
            || &end[..2] != b"</"
            || &end[2..close] != name
            || end[close] != b'>'
            || unread[..lt].contains(&b'&')
        {
            return None;
        }
        let start = self.pos;
        self.pos += lt + close + 1;
        Some(&self.buf[start..start + lt])
    }

    /// Read more of the stream. False when there is no more.
    fn refill(&mut self) -> Result<bool, String> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        // A token longer than a chunk doubles what is read, so that no
        // token is searched more than a few times over; and what is asked
        // for is read in full, however little each read gives.
        let want = CHUNK.max(self.buf.len());
        let old = self.buf.len();
        self.buf.resize(old + want, 0);
        let mut filled = 0;
        while filled < want {
            match self.input.read(&mut self.buf[old + filled..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(format!("the file's data cannot be unpacked ({e})"));
                }
            }
        }
        self.buf.truncate(old + filled);
        Ok(filled > 0)
    }

    /// Make sure `n` unread bytes are buffered, if the stream has them.
    fn ensure(&mut self, n: usize) -> Result<(), String> {
        while self.buf.len() - self.pos < n && self.refill()? {}
        Ok(())
    }

    /// The offset from `pos` at which `search` first succeeds on the
    /// unread bytes from offset `from`, reading more as needed; `None` at
    /// the end of the stream.
    fn find_from(
        &mut self,
        from: usize,
        search: impl Fn(&[u8]) -> Option<usize>,
    ) -> Result<Option<usize>, String> {
        loop {
            let unread = &self.buf[self.pos..];
            if unread.len() > from
                && let Some(at) = search(&unread[from..])
            {
                return Ok(Some(from + at));
            }
            if !self.refill()? {
                return Ok(None);
            }
        }
    }

    /// The offset of `needle` at or after `from`, or an error naming what
    /// was left unfinished.
    fn require(&mut self, from: usize, needle: &[u8], what: &str) -> Result<usize, String> {
        let finder = memchr::memmem::Finder::new(needle);
        self.find_from(from, |bytes| finder.find(bytes))?
            .ok_or_else(|| unfinished(what))
    }
}

fn unfinished(what: &str) -> String {
    format!("the sheet's XML stops in the middle of {what}; the file may be damaged")
}

/// Where a start tag ends: the first `>` outside a quoted value.
fn tag_end(bytes: &[u8]) -> Option<usize> {
    let first = memchr::memchr(b'>', bytes)?;
    if memchr::memchr2(b'"', b'\'', &bytes[..first]).is_none() {
        return Some(first);
    }
    let mut quote = 0u8;
    for (i, &b) in bytes.iter().enumerate() {
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'"' || b == b'\'' {
            quote = b;
        } else if b == b'>' {
            return Some(i);
        }
    }
    None
}

/// Where a `<!DOCTYPE …>` ends: its internal subset, in brackets, may hold
/// `>` of its own.
fn declaration_end(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

fn name_len(raw: &[u8]) -> usize {
    raw.iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(raw.len())
}

/// A name without its namespace prefix: `x:c` → `c`.
pub fn local(name: &[u8]) -> &[u8] {
    // Names are a few bytes: a plain loop beats a vectorised search.
    match name.iter().position(|&b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

impl<'a> Tag<'a> {
    /// The element's local name.
    pub fn name(&self) -> &'a [u8] {
        local(self.qualified_name())
    }

    /// The element's name as written, prefix and all.
    pub fn qualified_name(&self) -> &'a [u8] {
        &self.raw[..name_len(self.raw)]
    }

    /// The attributes, as `(name, raw value)`, names as written (with any
    /// prefix). A malformed attribute ends the list with an error.
    pub fn attributes(&self) -> Attributes<'a> {
        Attributes {
            rest: &self.raw[name_len(self.raw)..],
        }
    }

    /// The raw value of the attribute named exactly `name`.
    pub fn attribute(&self, name: &[u8]) -> Result<Option<&'a [u8]>, String> {
        for attribute in self.attributes() {
            let (key, value) = attribute?;
            if key == name {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }
}

pub struct Attributes<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<(&'a [u8], &'a [u8]), String>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.rest.iter().position(|b| !b.is_ascii_whitespace())?;
        let rest = &self.rest[start..];
        let malformed = || {
            Some(Err(format!(
                "a tag has a malformed attribute ({}); the file may be damaged",
                String::from_utf8_lossy(&rest[..rest.len().min(40)])
            )))
        };
        // Attributes are short: plain loops beat vectorised searches.
        let Some(eq) = rest.iter().position(|&b| b == b'=') else {
            self.rest = &[];
            return malformed();
        };
        let key = trim_end(&rest[..eq]);
        let after = &rest[eq + 1..];
        let Some(open) = after.iter().position(|b| !b.is_ascii_whitespace()) else {
            self.rest = &[];
            return malformed();
        };
        let quote = after[open];
        let value_start = open + 1;
        if quote != b'"' && quote != b'\'' {
            self.rest = &[];
            return malformed();
        }
        // A value left open runs to the end of the tag, as calamine has it.
        let value_end = after[value_start..]
            .iter()
            .position(|&b| b == quote)
            .map_or(after.len(), |close| value_start + close);
        let value = &after[value_start..value_end];
        self.rest = after.get(value_end + 1..).unwrap_or_default();
        // A value with no name (`="x"`) is passed over as calamine passes
        // it: an attribute named "" matches nothing.
        Some(Ok((key, value)))
    }
}

/// Append XML text, as it stands in the file, to `out`: line ends made
/// `\n` as XML 1.0 says, and entity and character references replaced.
pub fn push_text(raw: &[u8], out: &mut String) -> Result<(), String> {
    decode(raw, out, true, true)
}

/// Push CDATA: no references inside, but line ends are still normalised.
pub fn push_cdata(raw: &[u8], out: &mut String) -> Result<(), String> {
    decode(raw, out, true, false)
}

/// An attribute's value with its references replaced (its line ends are
/// left as they are, as calamine leaves them).
pub fn attribute_text(raw: &[u8]) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    decode(raw, &mut out, false, true)?;
    Ok(out)
}

/// Append `raw` to `out`, with `\r\n` and `\r` made `\n` if `line_ends`,
/// and entity and character references replaced if `references`.
fn decode(raw: &[u8], out: &mut String, line_ends: bool, references: bool) -> Result<(), String> {
    let text = std::str::from_utf8(raw)
        .map_err(|_| "the sheet's XML is not valid UTF-8; the file may be damaged".to_string())?;
    if memchr::memchr2(b'&', b'\r', raw).is_none() {
        out.push_str(text);
        return Ok(());
    }
    let mut rest = text;
    while let Some(at) = rest.find(|c| (references && c == '&') || (line_ends && c == '\r')) {
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'\r' {
            out.push('\n');
            rest = &rest[at + 1..];
            rest = rest.strip_prefix('\n').unwrap_or(rest);
            continue;
        }
        let Some(semi) = rest[at..].find(';') else {
            return Err(bad_reference(&rest[at..]));
        };
        let reference = &rest[at + 1..at + semi];
        out.push(resolve(reference).ok_or_else(|| bad_reference(&rest[at..=at + semi]))?);
        rest = &rest[at + semi + 1..];
    }
    out.push_str(rest);
    Ok(())
}

fn bad_reference(found: &str) -> String {
    let found: String = found.chars().take(20).collect();
    format!("the sheet's XML has an unknown reference \"{found}\"; the file may be damaged")
}

/// `amp` → `&`, `#65` → `A`, `#x41` → `A`.
fn resolve(reference: &str) -> Option<char> {
    Some(match reference {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = reference.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            return char::from_u32(code).filter(|&c| c != '\0');
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &str) -> Vec<String> {
        tokens_from(xml.as_bytes())
    }

    /// A stream that gives a few bytes at a time, as a decompressor may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(7);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn tokens_from(input: impl Read) -> Vec<String> {
        let mut reader = Xml::new(input);
        let mut out = Vec::new();
        loop {
            match reader.next().expect("well-formed") {
                Token::Start(tag) => {
                    let attributes: Vec<String> = tag
                        .attributes()
                        .map(|a| {
                            let (k, v) = a.expect("attribute");
                            format!(
                                "{}={}",
                                String::from_utf8_lossy(k),
                                String::from_utf8_lossy(v)
                            )
                        })
                        .collect();
                    out.push(format!(
                        "<{}{}>",
                        String::from_utf8_lossy(tag.qualified_name()),
                        attributes
                            .iter()
                            .map(|a| format!(" {a}"))
                            .collect::<String>()
                    ));
                }
                Token::End(name) => out.push(format!("</{}>", String::from_utf8_lossy(name))),
                Token::Text(raw) => {
                    let mut text = String::new();
                    push_text(raw, &mut text).expect("text");
                    out.push(text);
                }
                Token::CData(raw) => out.push(format!("[{}]", String::from_utf8_lossy(raw))),
                Token::Eof => return out,
            }
        }
    }

    #[test]
    fn tags_attributes_text_and_what_is_skipped() {
        let xml = "<?xml version=\"1.0\"?><!-- a > b --><x:row r='2' spans=\"1:3\">\
                   <c r=\"A2\" t=\"s\"/><v>a &amp; b&#x41;&#66;</v><![CDATA[<raw>]]></x:row >";
        assert_eq!(
            tokens(xml),
            [
                "<x:row r=2 spans=1:3>",
                "<c r=A2 t=s>",
                "</c>",
                "<v>",
                "a & bAB",
                "</v>",
                "[<raw>]",
                "</x:row>"
            ]
        );
    }

    #[test]
    fn a_quoted_greater_than_sign_does_not_end_a_tag() {
        assert_eq!(
            tokens("<a b=\"x>y\" c='>'>t</a>"),
            ["<a b=x>y c=>>", "t", "</a>"]
        );
        // Nor an end tag's (a damaged one, with a quote where none belongs).
        assert_eq!(
            tokens("<a></a\"x>\"><b/>"),
            ["<a>", "</a\"x>\">", "<b>", "</b>"]
        );
    }

    #[test]
    fn line_ends_are_normalised_and_unknown_references_refused() {
        let mut text = String::new();
        push_text(b"a\r\nb\rc&#13;", &mut text).expect("text");
        assert_eq!(text, "a\nb\nc\r");
        assert_eq!(attribute_text(b"a\r\nb&amp;").as_deref(), Ok("a\r\nb&"));
        let mut cdata = String::new();
        push_cdata(b"a &amp;\r\nb\r", &mut cdata).expect("CDATA");
        assert_eq!(cdata, "a &amp;\nb\n");
        assert!(push_text(b"&nbsp;", &mut String::new()).is_err());
        assert!(push_text(b"&amp", &mut String::new()).is_err());
    }

    #[test]
    fn tokens_that_straddle_the_buffer_are_whole() {
        let long = "y".repeat(3 * CHUNK + 7);
        let xml = format!("<a>{long}</a><b k=\"{long}\"/>");
        let tokens = tokens(&xml);
        assert_eq!(tokens.len(), 5);
        assert_eq!(tokens[1], long);
        assert_eq!(tokens[3], format!("<b k={long}>"));
        assert_eq!(tokens_from(Trickle(xml.as_bytes())), tokens);
    }

    #[test]
    fn an_unfinished_document_is_an_error_not_a_panic() {
        for xml in ["<a b=\"", "<!-- x", "<![CDATA[x", "</a", "<a b=c>"] {
            let mut reader = Xml::new(xml.as_bytes());
            let mut failed = false;
            for _ in 0..5 {
                match reader.next() {
                    Err(_) => {
                        failed = true;
                        break;
                    }
                    Ok(Token::Start(tag)) => {
                        if tag.attributes().any(|a| a.is_err()) {
                            failed = true;
                            break;
                        }
                    }
                    Ok(Token::Eof) => break,
                    Ok(_) => {}
                }
            }
            assert!(failed, "{xml}");
        }
    }
}
