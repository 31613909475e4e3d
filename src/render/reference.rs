//! A reference document for the Word draft (`--reference-doc`, pandoc's
//! name; by default last month's paper in the month's folder): the draft
//! takes from it its styles, fonts and theme, its page size and margins
//! (the body's last `w:sectPr`), and its header and footer parts with
//! their pictures; this month's title, month and paper reference replace
//! last month's in their text, and their page fields update themselves.
//!
//! The reference is read, never written, and bounded as a workbook is: a
//! part over `PART_BYTES` is refused. The draft is rewritten as a zip
//! after docx-rs has written it, with fixed dates, so that the same
//! inputs give the same bytes.

use std::io::{Read, Seek, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use crate::month::Month;

/// The most one part of a reference document may unpack to: a paper's
/// body is a few hundred KiB, a logo a few hundred more.
const PART_BYTES: u64 = 32 << 20;
/// The largest reference document read.
const FILE_BYTES: u64 = 256 << 20;
/// The most header and footer parts taken (Word writes at most six).
const HEADER_PARTS: usize = 6;

/// A header or footer part of the reference, with its relationships and
/// the pictures they name.
struct Part {
    footer: bool,
    /// Its relationship id in the reference's body.
    rid: String,
    xml: String,
    rels: Option<String>,
    /// Each picture: its target in the part's relationships, its new name
    /// under `word/media/`, and its bytes.
    media: Vec<(String, String, Vec<u8>)>,
}

/// What the draft takes from a reference document.
pub struct Reference {
    /// The file's name, for the screen.
    pub name: String,
    styles: Option<String>,
    font_table: Option<String>,
    theme: Option<Vec<u8>>,
    sect_pr: Option<String>,
    parts: Vec<Part>,
    /// The reference's `[Content_Types].xml`, for its pictures' types.
    content_types: String,
}

/// This month's fields, and last month's they replace.
pub struct Fields {
    pub month: Month,
    pub title: String,
    pub previous_title: String,
    pub reference: Option<String>,
    /// The template's classification (`White`).
    pub classification: String,
}

impl Reference {
    /// Read a reference document; an error says what is wrong with it and
    /// what to do.
    pub fn read(path: &Path) -> Result<Reference> {
        let name = path.display().to_string();
        let what = || {
            format!(
                "the reference document {name} cannot be used: save it from Word as a Word \
                 Document (.docx), or leave out --reference-doc"
            )
        };
        let meta = std::fs::metadata(path).map_err(|e| anyhow!("{}: {e}", what()))?;
        if !meta.is_file() {
            bail!("{}: it is not a file", what());
        }
        if meta.len() > FILE_BYTES {
            bail!("{}: it is over {} MiB", what(), FILE_BYTES >> 20);
        }
        let file = std::fs::File::open(path).map_err(|e| anyhow!("{}: {e}", what()))?;
        Reference::from_archive(file, name.clone()).with_context(what)
    }

    fn from_archive<R: Read + Seek>(reader: R, name: String) -> Result<Reference> {
        let mut zip = zip::ZipArchive::new(reader)
            .map_err(|_| anyhow!("it is not a .docx (not a zip package)"))?;
        let document = text_part(&mut zip, "word/document.xml")?
            .ok_or_else(|| anyhow!("it has no word/document.xml, so it is not a Word document"))?;
        let content_types = text_part(&mut zip, "[Content_Types].xml")?.unwrap_or_default();
        let rels = text_part(&mut zip, "word/_rels/document.xml.rels")?.unwrap_or_default();
        let relationships = relationships(&rels);
        let mut sect_pr = last_sect_pr(&document);
        let mut parts = Vec::new();
        if let Some(sect) = &mut sect_pr {
            for rid in attribute_values(sect, "r:id=\"") {
                let rel = relationships.iter().find(|r| r.id == rid);
                let footer = rel.is_some_and(|r| r.kind.ends_with("/footer"));
                let header = rel.is_some_and(|r| r.kind.ends_with("/header"));
                // Printer settings and the like stay behind, and so do
                // parts past the most Word writes.
                let (Some(rel), true) = (rel, (footer || header) && parts.len() < HEADER_PARTS)
                else {
                    *sect = drop_naming(sect, &rid);
                    continue;
                };
                let path = resolve("word", &rel.target);
                let xml = text_part(&mut zip, &path)?
                    .ok_or_else(|| anyhow!("its header or footer {path} is missing"))?;
                let (dir, file) = path.rsplit_once('/').unwrap_or(("", &path));
                let rels = text_part(&mut zip, &format!("{dir}/_rels/{file}.rels"))?;
                let mut media = Vec::new();
                for r in relationships_of(rels.as_deref()) {
                    if r.external || !r.kind.ends_with("/image") {
                        continue;
                    }
                    let at = resolve(dir, &r.target);
                    let Some(bytes) = part(&mut zip, &at)? else {
                        bail!("the picture {at} its header or footer shows is missing");
                    };
                    let base = at.rsplit('/').next().unwrap_or(&at);
                    media.push((r.target.clone(), format!("reference-{base}"), bytes));
                }
                parts.push(Part {
                    footer,
                    rid,
                    xml,
                    rels,
                    media,
                });
            }
        }
        let theme = relationships
            .iter()
            .find(|r| r.kind.ends_with("/theme"))
            .map(|r| resolve("word", &r.target));
        let theme = match theme {
            Some(path) => part(&mut zip, &path)?,
            None => None,
        };
        Ok(Reference {
            name,
            styles: text_part(&mut zip, "word/styles.xml")?,
            font_table: text_part(&mut zip, "word/fontTable.xml")?,
            theme,
            sect_pr,
            parts,
            content_types,
        })
    }

    /// The draft with the reference's look, and this month's fields.
    pub fn apply(&self, draft: &[u8], fields: &Fields) -> Result<Vec<u8>> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(draft))
            .context("the Word draft could not be read back")?;
        let header_parts = !self.parts.is_empty() || self.sect_pr.is_some();
        let ours = [
            "word/header1.xml",
            "word/_rels/header1.xml.rels",
            "word/footer1.xml",
            "word/_rels/footer1.xml.rels",
        ];
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        let additions = self.additions(fields);
        for index in 0..zip.len() {
            let mut entry = zip.by_index(index)?;
            let name = entry.name()?.to_string();
            if header_parts && ours.contains(&name.as_str()) {
                continue;
            }
            if entry.is_dir() {
                out.add_directory(name.as_str(), options)?;
                continue;
            }
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes)?;
            drop(entry);
            let bytes = self.rewrite(&name, bytes, &additions, header_parts);
            out.start_file(name.as_str(), options)?;
            out.write_all(&bytes)?;
        }
        for (name, bytes) in additions.files {
            out.start_file(name, options)?;
            out.write_all(&bytes)?;
        }
        Ok(out.finish()?.into_inner())
    }

    /// The parts the reference adds to the draft (its headers, footers,
    /// their pictures and its theme), and what names them.
    fn additions(&self, fields: &Fields) -> Additions {
        let mut additions = Additions::default();
        let Additions {
            files,
            overrides,
            relationships,
            rids,
            extensions,
        } = &mut additions;
        for (n, part) in self.parts.iter().enumerate() {
            let kind = if part.footer { "footer" } else { "header" };
            let file = format!("reference-{kind}{}.xml", n + 1);
            let new_rid = format!("rIdReference{}", n + 1);
            rids.push((part.rid.clone(), new_rid.clone()));
            relationships.push_str(&format!(
                "<Relationship Id=\"{new_rid}\" Type=\"http://schemas.openxmlformats.org/\
                 officeDocument/2006/relationships/{kind}\" Target=\"{file}\" />"
            ));
            overrides.push_str(&format!(
                "<Override PartName=\"/word/{file}\" ContentType=\"application/vnd.\
                 openxmlformats-officedocument.wordprocessingml.{kind}+xml\" />"
            ));
            files.push((format!("word/{file}"), fill(&part.xml, fields).into_bytes()));
            if let Some(rels) = &part.rels {
                let mut rels = rels.clone();
                for (target, new, bytes) in &part.media {
                    rels = rels.replace(
                        &format!("Target=\"{target}\""),
                        &format!("Target=\"media/{new}\""),
                    );
                    files.push((format!("word/media/{new}"), bytes.clone()));
                    if let Some((_, ext)) = new.rsplit_once('.') {
                        extensions.push(ext.to_ascii_lowercase());
                    }
                }
                files.push((format!("word/_rels/{file}.rels"), rels.into_bytes()));
            }
        }
        if let Some(theme) = &self.theme {
            files.push(("word/theme/reference-theme.xml".to_string(), theme.clone()));
            relationships.push_str(
                "<Relationship Id=\"rIdReferenceTheme\" Type=\"http://schemas.openxmlformats.org/\
                 officeDocument/2006/relationships/theme\" Target=\"theme/reference-theme.xml\" />",
            );
            overrides.push_str(
                "<Override PartName=\"/word/theme/reference-theme.xml\" \
                 ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\" />",
            );
        }
        extensions.sort();
        extensions.dedup();
        additions
    }

    /// One part of the draft as the reference changes it: its styles and
    /// fonts, its last section's page and header/footer references, and
    /// the relationships and content types of the parts it adds.
    fn rewrite(
        &self,
        name: &str,
        bytes: Vec<u8>,
        additions: &Additions,
        header_parts: bool,
    ) -> Vec<u8> {
        let text = || String::from_utf8_lossy(&bytes).to_string();
        match name {
            "word/styles.xml" => match &self.styles {
                Some(theirs) => merge_styles(theirs, &text()).into_bytes(),
                None => bytes,
            },
            "word/fontTable.xml" => self.font_table.clone().map_or(bytes, String::into_bytes),
            "word/document.xml" => match &self.sect_pr {
                Some(sect_pr) => {
                    let mut sect_pr = sect_pr.clone();
                    for (old, new) in &additions.rids {
                        sect_pr =
                            sect_pr.replace(&format!("r:id=\"{old}\""), &format!("r:id=\"{new}\""));
                    }
                    replace_last_sect_pr(&text(), &sect_pr).into_bytes()
                }
                None => bytes,
            },
            "word/_rels/document.xml.rels" => {
                let mut rels = text();
                if header_parts {
                    rels = drop_elements(&rels, "<Relationship Id=\"rIdHeader1\"");
                    rels = drop_elements(&rels, "<Relationship Id=\"rIdFooter1\"");
                }
                rels.replace(
                    "</Relationships>",
                    &format!("{}</Relationships>", additions.relationships),
                )
                .into_bytes()
            }
            "[Content_Types].xml" => self
                .content_types_with(&text(), additions, header_parts)
                .into_bytes(),
            _ => bytes,
        }
    }

    /// The draft's `[Content_Types].xml` with the added parts and the
    /// picture types they need.
    fn content_types_with(&self, types: &str, additions: &Additions, header_parts: bool) -> String {
        let mut types = types.to_string();
        if header_parts {
            types = drop_elements(&types, "<Override PartName=\"/word/header1.xml\"");
            types = drop_elements(&types, "<Override PartName=\"/word/footer1.xml\"");
        }
        let mut defaults = String::new();
        for ext in &additions.extensions {
            let have = format!("Extension=\"{ext}\"");
            if types.to_ascii_lowercase().contains(&have) {
                continue;
            }
            if let Some(kind) = default_type(&self.content_types, ext) {
                defaults.push_str(&format!(
                    "<Default Extension=\"{ext}\" ContentType=\"{kind}\" />"
                ));
            }
        }
        types.replace(
            "</Types>",
            &format!("{defaults}{}</Types>", additions.overrides),
        )
    }
}

/// What the reference adds to the draft.
#[derive(Default)]
struct Additions {
    /// New parts: path in the package, bytes.
    files: Vec<(String, Vec<u8>)>,
    /// `[Content_Types].xml` overrides for them.
    overrides: String,
    /// Their relationships from the document.
    relationships: String,
    /// The reference's relationship ids, and the ones they take here.
    rids: Vec<(String, String)>,
    /// The picture types among them, sorted, each once.
    extensions: Vec<String>,
}

/// Whether a `.docx` looks like the paper whose title is `title` (last
/// month's): its properties' title, or its text, holds that title. Any
/// file that cannot be read is not.
pub fn looks_like(path: &Path, title: &str) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() > FILE_BYTES {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let want = plain(title);
    ["docProps/core.xml", "word/document.xml"]
        .iter()
        .any(|name| match text_part(&mut zip, name) {
            Ok(Some(xml)) => plain(&text_of(&xml)).contains(&want),
            _ => false,
        })
}

/// Text compared loosely: dashes alike, spaces single, lower case.
fn plain(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            '–' | '—' | '‐' | '‑' => '-',
            c if c.is_whitespace() => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    text.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The character data of some XML, tags dropped (so that text split over
/// runs reads whole), entities read.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A part's bytes, refused over `PART_BYTES`; `None` when the package
/// has no such part.
fn part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<Option<Vec<u8>>> {
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    if entry.size() > PART_BYTES {
        bail!("its part {name} is over {} MiB", PART_BYTES >> 20);
    }
    let mut bytes = Vec::new();
    entry
        .take(PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| anyhow!("its part {name} is damaged"))?;
    if bytes.len() as u64 > PART_BYTES {
        bail!("its part {name} is over {} MiB", PART_BYTES >> 20);
    }
    Ok(Some(bytes))
}

fn text_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<Option<String>> {
    match part(zip, name)? {
        Some(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| anyhow!("its part {name} is not UTF-8 XML")),
        None => Ok(None),
    }
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
    external: bool,
}

fn relationships(rels: &str) -> Vec<Relationship> {
    relationships_of(Some(rels))
}

/// The relationships of a `.rels` part, read with quick-xml.
fn relationships_of(rels: Option<&str>) -> Vec<Relationship> {
    let mut out = Vec::new();
    let Some(rels) = rels else {
        return out;
    };
    let mut reader = quick_xml::Reader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let mut r = Relationship {
                    id: String::new(),
                    kind: String::new(),
                    target: String::new(),
                    external: false,
                };
                for a in e.attributes().flatten() {
                    let value = attribute_value(&a);
                    match a.key.as_ref() {
                        "Id" => r.id = value,
                        "Type" => r.kind = value,
                        "Target" => r.target = value,
                        "TargetMode" => r.external = value == "External",
                        _ => {}
                    }
                }
                out.push(r);
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// A target relative to the folder of the part that names it.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            piece => parts.push(piece),
        }
    }
    parts.join("/")
}

/// Every value of an attribute written `name"…"`.
fn attribute_values(xml: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(name) {
        rest = &rest[at + name.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

/// The body's own section properties: the last `w:sectPr` of the body.
fn last_sect_pr(document: &str) -> Option<String> {
    let (start, end) = last_sect_pr_span(document)?;
    Some(document[start..end].to_string())
}

fn last_sect_pr_span(document: &str) -> Option<(usize, usize)> {
    let body_end = document.rfind("</w:body>")?;
    let start = document[..body_end]
        .rmatch_indices("<w:sectPr")
        .map(|(i, _)| i)
        .find(|&i| {
            matches!(
                document.as_bytes().get(i + "<w:sectPr".len()),
                Some(b' ' | b'>' | b'/')
            )
        })?;
    let tail = &document[start..body_end];
    let end = match tail.find("</w:sectPr>") {
        Some(at) => start + at + "</w:sectPr>".len(),
        None => start + tail.find("/>")? + 2,
    };
    // Only when nothing but the body's end follows it.
    document[end..body_end]
        .trim()
        .is_empty()
        .then_some((start, end))
}

fn replace_last_sect_pr(document: &str, sect_pr: &str) -> String {
    match last_sect_pr_span(document) {
        Some((start, end)) => format!("{}{sect_pr}{}", &document[..start], &document[end..]),
        None => document.to_string(),
    }
}

/// The XML without each empty element that starts with `start`.
fn drop_elements(xml: &str, start: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(start) {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("/>")
            .map_or("", |end| &rest[at + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The XML without its `w:numPr` elements.
fn drop_numbering(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("<w:numPr") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = match (tail.find("</w:numPr>"), tail.find('>')) {
            (_, Some(close)) if tail[..close].ends_with('/') => close + 1,
            (Some(end), _) => end + "</w:numPr>".len(),
            _ => tail.len(),
        };
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The XML without the empty element whose `r:id` is `rid`.
fn drop_naming(xml: &str, rid: &str) -> String {
    let attribute = format!("r:id=\"{rid}\"");
    let Some(at) = xml.find(&attribute) else {
        return xml.to_string();
    };
    let start = xml[..at].rfind('<').unwrap_or(at);
    match xml[at..].find("/>") {
        Some(end) => format!("{}{}", &xml[..start], &xml[at + end + 2..]),
        None => xml.to_string(),
    }
}

/// The content type the reference gives an extension.
fn default_type(types: &str, ext: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(types);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e))
                if e.local_name().as_ref() == "Default" =>
            {
                let mut extension = String::new();
                let mut kind = String::new();
                for a in e.attributes().flatten() {
                    let value = attribute_value(&a);
                    match a.key.as_ref() {
                        "Extension" => extension = value.to_ascii_lowercase(),
                        "ContentType" => kind = value,
                        _ => {}
                    }
                }
                if extension == ext {
                    return Some(kind);
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The reference's styles, with each of ours whose id it lacks appended.
/// Its styles' list numbering is dropped: the draft has the paper's own
/// numbers in its headings' text, and its own lists, whose numbers the
/// reference's styles would otherwise point at.
fn merge_styles(theirs: &str, ours: &str) -> String {
    let theirs = &drop_numbering(theirs);
    let mut added = String::new();
    let mut rest = ours;
    while let Some(at) = rest.find("<w:style ") {
        let Some(end) = rest[at..].find("</w:style>") else {
            break;
        };
        let style = &rest[at..at + end + "</w:style>".len()];
        rest = &rest[at + end + "</w:style>".len()..];
        let Some(id) = attribute_values(style, "w:styleId=\"").into_iter().next() else {
            continue;
        };
        if !theirs.contains(&format!("w:styleId=\"{id}\"")) {
            added.push_str(style);
        }
    }
    match theirs.rfind("</w:styles>") {
        Some(at) => format!("{}{added}{}", &theirs[..at], &theirs[at..]),
        None => theirs.to_string(),
    }
}

/// A header or footer's text with last month's fields made this month's:
/// the title, the month, and the paper reference (any word shaped as this
/// month's, `SECP_66_1503_19` for `SECP_67_1204_19`). Each piece of text
/// is changed where it holds a whole field; a field split over pieces
/// puts the paragraph's new text in its first piece.
fn fill(xml: &str, fields: &Fields) -> String {
    let replace = |text: &str| -> String {
        let mut text = text.replace(&fields.previous_title, &fields.title);
        text = text.replace(
            &fields.month.prev().long_label(),
            &fields.month.long_label(),
        );
        text = classified(&text, &fields.classification);
        let reference = fields.reference.as_deref().unwrap_or("[Paper reference]");
        let mut out = String::with_capacity(text.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if !word.is_empty() && is_reference(word, fields.reference.as_deref()) {
                out.push_str(reference);
            } else {
                out.push_str(word);
            }
            word.clear();
        };
        for c in text.chars() {
            if c.is_alphanumeric() || c == '_' || c == '/' || c == '.' {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    };
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    loop {
        let next = [rest.find("<w:p>"), rest.find("<w:p ")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else { break };
        let Some(end) = rest[at..].find("</w:p>") else {
            break;
        };
        out.push_str(&rest[..at]);
        let paragraph = &rest[at..at + end];
        out.push_str(&fill_paragraph(paragraph, &replace));
        rest = &rest[at + end..];
        out.push_str("</w:p>");
        rest = &rest["</w:p>".len()..];
    }
    out.push_str(rest);
    out
}

/// The word after "Classification of" or "classified as" made this
/// month's classification.
fn classified(text: &str, classification: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = ["Classification of ", "classification of ", "classified as "]
            .iter()
            .filter_map(|lead| rest.find(lead).map(|at| (at, lead.len())))
            .min();
        let Some((at, len)) = next else { break };
        out.push_str(&rest[..at + len]);
        rest = &rest[at + len..];
        let word = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        if word > 0 {
            out.push_str(classification);
            rest = &rest[word..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether a word is a paper reference: shaped as `reference` (its digits
/// aside), or, with none known, capitals, digits and underscores.
fn is_reference(word: &str, reference: Option<&str>) -> bool {
    let shape = |text: &str| -> String {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_digit() {
                if !out.ends_with('#') {
                    out.push('#');
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    match reference {
        Some(reference) => {
            shape(word) == shape(reference) && word.chars().any(|c| c.is_ascii_digit())
        }
        None => {
            word.contains('_')
                && word.chars().any(|c| c.is_ascii_digit())
                && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        }
    }
}

/// The pieces of text (`w:t`) of a paragraph, changed by `replace`.
fn fill_paragraph(paragraph: &str, replace: &dyn Fn(&str) -> String) -> String {
    // Each piece: where its text starts and ends.
    let mut pieces = Vec::new();
    let mut from = 0;
    while let Some(at) = paragraph[from..].find("<w:t") {
        let open = from + at;
        let Some(close) = paragraph[open..].find('>') else {
            break;
        };
        let tag = &paragraph[open..open + close + 1];
        let is_text = matches!(tag.as_bytes().get(4), Some(b'>' | b' '));
        if !is_text || tag.ends_with("/>") {
            from = open + close + 1;
            continue;
        }
        let start = open + close + 1;
        let Some(len) = paragraph[start..].find("</w:t>") else {
            break;
        };
        pieces.push((open, start, start + len));
        from = start + len;
    }
    let texts: Vec<String> = pieces
        .iter()
        .map(|&(_, s, e)| unescape(&paragraph[s..e]))
        .collect();
    let whole: String = texts.concat();
    let wanted = replace(&whole);
    if wanted == whole {
        return paragraph.to_string();
    }
    let each: Vec<String> = texts.iter().map(|t| replace(t)).collect();
    let new_texts = if each.concat() == wanted {
        each
    } else {
        let mut all = vec![String::new(); texts.len()];
        all[0] = wanted;
        all
    };
    let mut out = String::with_capacity(paragraph.len() + 32);
    let mut at = 0;
    for ((open, start, end), text) in pieces.iter().zip(&new_texts) {
        out.push_str(&paragraph[at..*open]);
        out.push_str("<w:t xml:space=\"preserve\">");
        let _ = start;
        out.push_str(&escape(text));
        at = *end;
    }
    out.push_str(&paragraph[at..]);
    out
}

/// An XML attribute's value, its entities resolved; empty when it cannot be.
fn attribute_value(attribute: &quick_xml::events::attributes::Attribute) -> String {
    attribute
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map(|v| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_split_over_runs_is_filled_in_its_paragraph() {
        let fields = Fields {
            month: Month::new(2019, 3).expect("month"),
            title: "Operations Report – March 2019".to_string(),
            previous_title: "Operations Report – February 2019".to_string(),
            reference: Some("SECP_67_1204_19".to_string()),
            classification: "White".to_string(),
        };
        let xml = "<w:hdr><w:p><w:r><w:t>SECP_66_</w:t></w:r><w:r><w:t xml:space=\"preserve\">1503_19 – Operations Report – February 2019</w:t></w:r></w:p></w:hdr>";
        let filled = fill(xml, &fields);
        assert_eq!(
            text_of(&filled).replace(' ', ""),
            "SECP_67_1204_19–OperationsReport–March2019"
        );
        let xml = "<w:p><w:r><w:t>Page </w:t></w:r><w:r><w:t>February 2019</w:t></w:r></w:p>";
        assert!(fill(xml, &fields).contains("<w:t xml:space=\"preserve\">March 2019</w:t>"));
        let xml = "<w:p><w:r><w:t>This document has a Classification of Green.</w:t></w:r></w:p>";
        assert!(fill(xml, &fields).contains(">This document has a Classification of White.<"));
    }

    #[test]
    fn the_last_section_of_the_body_is_found() {
        let doc = "<w:body><w:p><w:pPr><w:sectPr><w:pgSz w:w=\"1\"/></w:sectPr></w:pPr></w:p><w:sectPr w:rsid=\"x\"><w:pgSz w:w=\"2\"/></w:sectPr></w:body>";
        assert_eq!(
            last_sect_pr(doc).as_deref(),
            Some("<w:sectPr w:rsid=\"x\"><w:pgSz w:w=\"2\"/></w:sectPr>")
        );
        assert_eq!(resolve("word", "../media/a.png"), "media/a.png");
        let styles = "<w:styles><w:style w:styleId=\"Heading1\"><w:pPr><w:numPr><w:numId w:val=\"2\"/></w:numPr></w:pPr></w:style></w:styles>";
        let ours = "<w:styles><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"></w:style><w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:b/></w:style></w:styles>";
        assert_eq!(
            merge_styles(styles, ours),
            "<w:styles><w:style w:styleId=\"Heading1\"><w:pPr></w:pPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:b/></w:style></w:styles>"
        );
        assert_eq!(
            drop_naming("<a><w:printerSettings r:id=\"rId9\" /><b/></a>", "rId9"),
            "<a><b/></a>"
        );
        assert_eq!(resolve("word", "media/a.png"), "word/media/a.png");
    }
}
