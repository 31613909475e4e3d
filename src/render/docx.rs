//! The Word draft of the paper (`operations-report-YYYY-MM.docx`), laid out
//! like the March 2019 paper: front matter, Section 1 with Tables 1–3 and
//! Figure 1, the highlights the team wrote, Sections 4–7 with Tables 4–7
//! and Figure 2. Headings and sentences come from the template's `[paper]`
//! (`wording` fills in the figures); tables carry the same figures as the
//! workbook, and the figures are pictures (`figures`).
//!
//! Written with docx-rs. What it cannot say is added to its XML
//! afterwards, in `finish`: a table's header row repeated on every page
//! (`w:tblHeader`), each footnote's own number at the page foot
//! (`w:footnoteRef`), and fixed package dates, so that the same inputs
//! give the same bytes. A table's notes are real footnotes numbered on
//! through the document (`Draft::place_notes`), from the notes its table
//! model carries.

use anyhow::{Context, Result};
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, FieldCharType, Footer, Footnote, Header,
    Hyperlink, HyperlinkData, IndentLevel, InstrNUMPAGES, InstrPAGE, InstrText, Level, LevelJc,
    LevelText, LineSpacing, LineSpacingType, NumberFormat, Numbering, NumberingId, PageMargin,
    Paragraph, Pic, Run, RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Table,
    TableCell, TableCellMargins, TableRow, VAlignType, VMergeType, VertAlignType, WidthType,
};

use super::RunView;
use super::csv::uk_date;
use super::figures::{self, Picture};
use super::wording::Figures;
use crate::month::Month;
use crate::report::Part;
use crate::report::membership::Footnote as TableNote;
use crate::report::table::{ColumnKind, Heading, Role, Row, Table as Model, Value};
use crate::template::{HighlightPlace, Paper};
use crate::text::{Span, link_problem, spans, thousands};

/// A4 portrait, in twentieths of a point.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134;
/// The width between the margins.
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);
/// A header row's height: it marks the rows to repeat on every page.
const HEADER_ROW_HEIGHT: f32 = 397.0;
const HEADER_FILL: &str = "D9E2F3";
const GROUP_FILL: &str = "F2F2F2";
/// Sizes in half-points.
const BODY: usize = 22;
const TABLE_TEXT: usize = 18;
/// Month tables have twelve or thirteen number columns.
const MONTH_TEXT: usize = 16;
const NOTE: usize = 16;
/// The numbering of bullets (two levels, as the paper's).
const BULLETS: usize = 2;
/// English Metric Units an inch, for pictures.
const EMU_PER_INCH: u32 = 914_400;

pub fn render(run: &RunView) -> Result<Vec<u8>> {
    let paper = &run.template.paper;
    let figures = figures_of(run);
    let mut doc = Draft::new(paper, run, &figures)?;
    doc.front_matter()?;
    doc.market()?;
    doc.highlights();
    doc.effort()?;
    doc.helpdesk()?;
    doc.website()?;
    doc.meetings()?;
    doc.finish()
}

/// The figures a sentence may quote: the key figures of the parts the
/// report has.
fn figures_of(run: &RunView) -> Figures {
    let report = run.report;
    let settings = &run.template.file.report;
    let mut figures = Figures::new(report.month, &settings.title, &settings.classification);
    for figure in report.key_figures() {
        figures.set(figure.name, figure.value);
    }
    // What only the paper's sentences name: Table 2's rows, the parties
    // expelled in the month, and the cover's appendices.
    let membership = &report.membership;
    figures.set("uep_completions", membership.uep_completions.len() as i64);
    let expelled: Vec<&str> = membership.expelled.iter().map(String::as_str).collect();
    figures.set_text("expelled", crate::report::membership::join_names(&expelled));
    figures.set_attachments(&report.paper.cover.attachments);
    figures
}

/// The document as it is written, in order.
struct Draft<'a> {
    docx: Docx,
    paper: &'a Paper,
    run: &'a RunView<'a>,
    figures: &'a Figures,
    /// The paper's title, for the document's properties.
    title: String,
    /// Footnotes so far: the next one is numbered one more.
    footnotes: usize,
    /// Link addresses, in the order first met: `rIdLink1` is the first.
    links: Vec<String>,
}

impl<'a> Draft<'a> {
    fn new(paper: &'a Paper, run: &'a RunView<'a>, figures: &'a Figures) -> Result<Draft<'a>> {
        let cover = &run.report.paper.cover;
        let title = figures.fill(&paper.title)?;
        let reference = match &cover.reference {
            Some(reference) => Run::new().add_text(format!("{reference} – ")),
            None => placeholder("[Paper reference]").add_text(" – "),
        };
        let header = Header::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(reference.size(NOTE))
                .add_run(Run::new().add_text(&title).size(NOTE)),
        );
        let footer = Footer::new()
            .add_paragraph(field(
                field(
                    Paragraph::new()
                        .align(AlignmentType::Right)
                        .size(NOTE)
                        .add_run(Run::new().add_text("Page ").size(NOTE)),
                    InstrText::PAGE(InstrPAGE::new()),
                )
                .add_run(Run::new().add_text(" of ").size(NOTE)),
                InstrText::NUMPAGES(InstrNUMPAGES::new()),
            ))
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text(figures.fill(&paper.footer)?).size(NOTE)),
            );
        let font = RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial");
        let dated = cover.date.unwrap_or(run.report.month.last_day());
        let stamp = format!("{}T00:00:00Z", dated.format("%Y-%m-%d"));
        let docx = Docx::new()
            .page_size(PAGE_WIDTH, PAGE_HEIGHT)
            .page_margin(
                PageMargin::new()
                    .top(1_247)
                    .bottom(1_247)
                    .left(MARGIN)
                    .right(MARGIN)
                    .header(567)
                    .footer(567),
            )
            .default_fonts(font)
            .default_size(BODY)
            .default_line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .after(120)
                    .line(264),
            )
            .header(header)
            .footer(footer)
            .add_style(heading_style("Title", "Title", 36))
            .add_style(heading_style("Heading1", "heading 1", 28))
            .add_style(heading_style("Heading2", "heading 2", 24))
            .add_style(heading_style("Heading3", "heading 3", 22).italic())
            .add_style(
                Style::new("Caption", StyleType::Paragraph)
                    .name("caption")
                    .size(NOTE + 2)
                    .bold()
                    .color("1F3864")
                    .align(AlignmentType::Right),
            )
            .add_style(
                Style::new("FootnoteText", StyleType::Paragraph)
                    .name("footnote text")
                    .size(NOTE)
                    .line_spacing(LineSpacing::new().after(0).line(240)),
            )
            .add_style(footnote_reference_style())
            .add_style(
                Style::new("Hyperlink", StyleType::Character)
                    .name("Hyperlink")
                    .color("0563C1")
                    .underline("single"),
            )
            .add_abstract_numbering(bullets())
            .add_numbering(Numbering::new(BULLETS, BULLETS))
            // One custom property only: docx-rs keeps them in a HashMap,
            // whose order (and so the file's bytes) would vary by run.
            .custom_property("Classification", &run.template.file.report.classification)
            // Dated the paper's date, else the report month's last day:
            // never the clock, so the same inputs give the same bytes.
            .created_at(&stamp)
            .updated_at(&stamp);
        Ok(Draft {
            docx,
            paper,
            run,
            figures,
            title,
            footnotes: 0,
            links: Vec::new(),
        })
    }

    fn add(&mut self, paragraph: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(paragraph);
    }

    fn table(&mut self, table: Table) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
    }

    fn heading(&mut self, style: &str, text: &str) {
        if !text.is_empty() {
            self.add(
                Paragraph::new()
                    .style(style)
                    .keep_next(true)
                    .add_run(Run::new().add_text(text)),
            );
        }
    }

    /// A section's heading at the top of a new page, as the paper starts
    /// Sections 5, 6 and 7.
    fn section_on_new_page(&mut self, text: &str) {
        if !text.is_empty() {
            self.add(
                Paragraph::new()
                    .style("Heading1")
                    .keep_next(true)
                    .page_break_before(true)
                    .add_run(Run::new().add_text(text)),
            );
        }
    }

    /// A sentence leading into the table under it: kept on its page.
    fn lead_in(&mut self, sentence: &str) -> Result<()> {
        let text = self.figures.choose(sentence, None)?;
        self.add(
            Paragraph::new()
                .keep_next(true)
                .add_run(Run::new().add_text(text)),
        );
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.add(Paragraph::new().add_run(Run::new().add_text(text)));
    }

    /// A template sentence with its figures filled in.
    fn sentence(&mut self, sentence: &str, none: Option<&str>) -> Result<()> {
        let text = self.figures.choose(sentence, none)?;
        self.text(&text);
        Ok(())
    }

    fn bullet(&mut self, text: &str, level: usize) {
        self.add(
            Paragraph::new()
                .numbering(NumberingId::new(BULLETS), IndentLevel::new(level))
                .add_run(Run::new().add_text(text)),
        );
    }

    fn caption(&mut self, text: &str) {
        self.add(
            Paragraph::new()
                .style("Caption")
                .add_run(Run::new().add_text(text)),
        );
    }

    /// A table's notes as real footnotes, numbered on through the document:
    /// each marker a cell carries (the table model's own numbers, 1, 2, …)
    /// becomes the document's next footnote where it first appears; a
    /// marker met again prints the same number. The notes no cell marks
    /// are returned, for the caption to carry.
    fn place_notes<'n>(&mut self, rows: &mut [Vec<Cell>], notes: &'n [TableNote]) -> Vec<&'n str> {
        let mut placed: Vec<(u32, usize)> = Vec::new();
        for cell in rows.iter_mut().flatten() {
            for piece in &mut cell.pieces {
                if let Piece::Link(text, url) = piece {
                    let rid = self.link(url);
                    *piece = Piece::Linked(std::mem::take(text), rid);
                    continue;
                }
                let Piece::Mark(Mark::Local(marker)) = *piece else {
                    continue;
                };
                let Some(note) = notes.iter().find(|n| n.marker == marker) else {
                    continue;
                };
                *piece = match placed.iter().find(|(m, _)| *m == marker) {
                    Some((_, id)) => Piece::Mark(Mark::Again(*id)),
                    None => {
                        self.footnotes += 1;
                        placed.push((marker, self.footnotes));
                        Piece::Mark(Mark::Note(self.footnotes, note.text.clone()))
                    }
                };
            }
        }
        notes
            .iter()
            .filter(|n| !placed.iter().any(|(m, _)| *m == n.marker))
            .map(|n| n.text.as_str())
            .collect()
    }

    /// The relationship id of a link to `url`, the same for the same
    /// address: numbered by the draft, so the same inputs give the same
    /// bytes (docx-rs numbers links by a counter shared by every draft).
    fn link(&mut self, url: &str) -> String {
        let n = match self.links.iter().position(|l| l == url) {
            Some(i) => i + 1,
            None => {
                self.links.push(url.to_string());
                self.links.len()
            }
        };
        format!("rIdLink{n}")
    }

    /// A paragraph of written text (a highlight), its `[text](address)`
    /// links made real links; an address that cannot be a link (warned of
    /// when the notes were read) prints as its text.
    fn written(&mut self, mut paragraph: Paragraph, text: &str) -> Paragraph {
        for span in spans(text) {
            paragraph = match span {
                Span::Plain(text) => paragraph.add_run(Run::new().add_text(text)),
                Span::Link { text, url } if link_problem(url).is_none() => {
                    let rid = self.link(url);
                    paragraph.add_hyperlink(hyperlink(&rid, Run::new().add_text(text)))
                }
                Span::Link { text, .. } => paragraph.add_run(Run::new().add_text(text)),
            };
        }
        paragraph
    }

    /// A caption, with a footnote for each note no cell of its table marks.
    fn caption_noted(&mut self, text: &str, notes: &[&str]) {
        let mut paragraph = Paragraph::new()
            .style("Caption")
            .add_run(Run::new().add_text(text));
        for note in notes {
            self.footnotes += 1;
            paragraph = paragraph.add_run(footnote_run(self.footnotes, note));
        }
        self.add(paragraph);
    }

    /// A placeholder paragraph for a part the report left out.
    fn left_out(&mut self, part: Part) {
        self.add(Paragraph::new().add_run(placeholder(&format!(
            "[{} left out: the folder has no {}]",
            part.tables(),
            part.needs()
        ))));
    }

    fn picture(&mut self, picture: Picture, id: &str) {
        let width = EMU_PER_INCH * picture.width / figures::DPI;
        let height = EMU_PER_INCH * picture.height / figures::DPI;
        let pic = Pic::new_with_dimensions(picture.png, picture.width, picture.height)
            .id(id)
            .size(width, height);
        self.add(
            Paragraph::new()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(Run::new().add_image(pic)),
        );
    }

    fn front_matter(&mut self) -> Result<()> {
        let paper = self.paper;
        let cover = &self.run.report.paper.cover;
        let title = self.figures.fill(&paper.title)?;
        self.heading("Title", &title);
        self.heading("Heading1", &paper.purpose_heading);
        self.sentence(&paper.purpose, None)?;
        self.heading("Heading1", &paper.recommendation_heading);
        self.sentence(&paper.recommendation, None)?;
        let date = cover.date.map(|d| d.format("%-d %B %Y").to_string());
        for (value, missing) in [
            (&cover.author, "[Author]"),
            (&cover.team, "[Team]"),
            (&date, "[Date of the paper]"),
        ] {
            let run = match value {
                Some(value) => Run::new().add_text(value),
                None => placeholder(missing),
            };
            self.add(
                Paragraph::new()
                    .line_spacing(LineSpacing::new().after(0))
                    .add_run(run),
            );
        }
        self.add(Paragraph::new());
        self.add(Paragraph::new().add_run(Run::new().add_text("Attachments:").bold()));
        if cover.attachments.is_empty() {
            self.add(Paragraph::new().add_run(placeholder("[Attachments, or None]")));
        }
        for attachment in &cover.attachments {
            self.bullet(attachment, 0);
        }
        let reference = match &cover.reference {
            Some(reference) => Run::new().add_text(reference),
            None => placeholder("[Paper reference]"),
        };
        self.add(
            Paragraph::new()
                .add_run(Run::new().add_text("Paper Reference: ").bold())
                .add_run(reference),
        );
        self.add(
            Paragraph::new()
                .add_run(Run::new().add_text("Action: ").bold())
                .add_run(Run::new().add_text(&paper.action)),
        );
        let classification = self.figures.fill(&paper.classification)?;
        self.add(
            Paragraph::new().add_run(Run::new().add_text(classification).italic().size(NOTE + 2)),
        );
        self.add(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        Ok(())
    }

    fn market(&mut self) -> Result<()> {
        let m = &self.paper.market;
        self.heading("Heading1", &m.heading);
        self.text(&m.intro);
        for bullet in &m.intro_bullets {
            self.bullet(bullet, 0);
        }
        if !self.run.report.has(Part::Membership) {
            self.left_out(Part::Membership);
            return Ok(());
        }
        let membership = &self.run.report.membership;
        let template = self.run.template;
        self.heading("Heading2", &m.accessions_heading);
        if let (true, Some(none)) = (membership.applicants.is_empty(), &m.accessions_none) {
            self.sentence(none, None)?;
        } else {
            self.lead_in(&m.accessions)?;
            self.model_table(&membership.applicants_table(template));
        }
        self.heading("Heading2", &m.default_heading);
        self.sentence(&m.default, m.default_none.as_deref())?;
        self.heading("Heading2", &m.exit_heading);
        match &m.exit_expelled {
            Some(expelled) if self.figures.get("expulsions").unwrap_or(0) > 0 => {
                self.sentence(expelled, None)?
            }
            _ => self.sentence(&m.exit, m.exit_none.as_deref())?,
        }
        self.heading("Heading2", &m.uep_heading);
        if membership.uep_completions.is_empty() {
            self.sentence(m.uep_none.as_deref().unwrap_or(&m.uep), None)?;
        } else {
            self.lead_in(&m.uep)?;
            self.model_table(&membership.uep_table(template));
        }
        self.heading("Heading2", &m.testing_heading);
        self.heading("Heading3", &m.srept_heading);
        self.sentence(&m.srept, m.srept_none.as_deref())?;
        self.heading("Heading3", &m.uept_heading);
        self.sentence(&m.uept, m.uept_none.as_deref())?;
        self.membership_statistics()
    }

    /// Section 1's last part: Table 3 and Figure 1.
    fn membership_statistics(&mut self) -> Result<()> {
        let m = &self.paper.market;
        let membership = &self.run.report.membership;
        let template = self.run.template;
        self.heading("Heading2", &m.membership_heading);
        self.lead_in(&m.membership)?;
        for bullet in &m.membership_bullets {
            self.add(
                Paragraph::new()
                    .keep_next(true)
                    .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                    .add_run(Run::new().add_text(bullet)),
            );
        }
        self.model_table(&membership.statistics_table(template));
        self.sentence(&m.parties, None)?;
        let voting_groups = membership.voting_groups_table(template);
        let categories: Vec<(String, u64)> = voting_groups
            .rows
            .iter()
            .filter(|row| row.role == Role::Body)
            .filter_map(|row| match (&row.cells[..], row.cells.get(1)) {
                ([name, ..], Some(count)) => Some((text_of(&name.value), count_of(&count.value)?)),
                _ => None,
            })
            .collect();
        self.picture(figures::voting_groups(&categories)?, "rIdFigure1");
        self.caption(&voting_groups.caption);
        Ok(())
    }

    fn highlights(&mut self) {
        let h = &self.paper.highlights;
        self.add(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        self.heading("Heading1", &h.heading);
        for (i, section) in h.sections.iter().enumerate() {
            if section.place != HighlightPlace::Highlights {
                continue;
            }
            self.heading("Heading2", &section.heading);
            self.section_highlights(i, true);
        }
    }

    /// The highlights of section `i`. Under the highlights heading (`own`)
    /// a paragraph lines up with the bullets' text, and a section with none
    /// gets a placeholder.
    fn section_highlights(&mut self, i: usize, own: bool) {
        let highlights = self.run.report.paper.highlights.get(i);
        match highlights {
            Some(list) if !list.is_empty() => {
                for highlight in list {
                    let paragraph = match highlight.level {
                        0 if own => Paragraph::new().indent(Some(360), None, None, None),
                        0 => Paragraph::new(),
                        level => Paragraph::new().numbering(
                            NumberingId::new(BULLETS),
                            IndentLevel::new(usize::from(level - 1)),
                        ),
                    };
                    let paragraph = self.written(paragraph, &highlight.text);
                    self.add(paragraph);
                }
            }
            _ if own => {
                let text = &self.paper.highlights.placeholder;
                self.add(Paragraph::new().add_run(placeholder(text)));
            }
            _ => {}
        }
    }

    fn effort(&mut self) -> Result<()> {
        let p = &self.paper.effort;
        self.heading("Heading1", &p.heading);
        if !self.run.report.has(Part::Effort) {
            self.left_out(Part::Effort);
            return Ok(());
        }
        self.lead_in(&p.text)?;
        self.model_table(&self.run.report.effort.table(self.run.template));
        Ok(())
    }

    fn helpdesk(&mut self) -> Result<()> {
        let p = &self.paper.helpdesk;
        self.section_on_new_page(&p.heading);
        if !self.run.report.has(Part::Helpdesk) {
            self.left_out(Part::Helpdesk);
            return Ok(());
        }
        self.sentence(&p.text, None)?;
        self.lead_in(&p.table)?;
        self.model_table(&self.run.report.helpdesk.table(self.run.template));
        Ok(())
    }

    fn website(&mut self) -> Result<()> {
        let p = &self.paper.website;
        self.section_on_new_page(&p.heading);
        self.text(&p.text);
        let sections = &self.paper.highlights.sections;
        for i in (0..sections.len()).filter(|i| sections[*i].place == HighlightPlace::Website) {
            self.section_highlights(i, false);
        }
        if !self.run.report.has(Part::Website) {
            self.left_out(Part::Website);
            return Ok(());
        }
        let tables = &self.run.template.file.tables;
        let website = &self.run.report.website;
        // The paper's own notes on Table 6, marked on its rows' labels in
        // turn: the draft's alone (the template's `[paper]`).
        let mut table = website.table(&tables.title("website_statistics").caption);
        for (row, marker) in table.rows.iter_mut().zip(1..) {
            if marker as usize <= p.footnotes.len() {
                row.cells[0].markers.push(marker);
            }
        }
        table.footnotes = (p.footnotes.iter().zip(1..))
            .map(|(text, marker)| TableNote {
                marker,
                anchor: String::new(),
                text: text.clone(),
            })
            .collect();
        self.model_table(&table);
        let usage = website.table(&tables.title("website_usage").caption);
        let months: Vec<String> = usage
            .month_columns()
            .iter()
            .map(|m| m.short_label())
            .collect();
        let series: Vec<(String, Vec<Option<u64>>)> = usage
            .rows
            .iter()
            .map(|row| {
                let label = row.cells.first().map(|c| text_of(&c.value));
                let values = row.cells[1..].iter().map(|c| count_of(&c.value)).collect();
                (label.unwrap_or_default(), values)
            })
            .collect();
        let series: Vec<(&str, &[Option<u64>])> = series
            .iter()
            .map(|(l, v)| (l.as_str(), v.as_slice()))
            .collect();
        self.picture(figures::website_usage(&months, &series)?, "rIdFigure2");
        self.caption(&usage.caption);
        Ok(())
    }

    fn meetings(&mut self) -> Result<()> {
        let p = &self.paper.meetings;
        self.section_on_new_page(&p.heading);
        if !self.run.report.has(Part::Meetings) {
            self.left_out(Part::Meetings);
            return Ok(());
        }
        self.lead_in(&p.text)?;
        let caption = &self.run.template.file.tables.title("meetings").caption;
        self.model_table(&self.run.report.meetings.table(caption));
        Ok(())
    }

    /// Any table from its model (`printed_rows`, `layout`), its notes made
    /// footnotes, then its caption with the notes no cell marks.
    fn model_table(&mut self, model: &Model) {
        let mut rows = printed_rows(model);
        let unmarked = self.place_notes(&mut rows, &model.footnotes);
        self.table(layout(model, rows));
        self.caption_noted(&model.caption, &unmarked);
    }

    /// The package's bytes, with what docx-rs cannot say added (see the
    /// module's doc).
    fn finish(self) -> Result<Vec<u8>> {
        let author = self.run.report.paper.cover.author.as_deref();
        let mut package = self.docx.build();
        package.document = number_pictures(&repeat_header_rows(&package.document));
        package.footnotes = footnote_numbers(&package.footnotes);
        package.document_rels = link_relationships(&package.document_rels, &self.links);
        package.doc_props.core = title_and_author(&package.doc_props.core, &self.title, author);
        let mut bytes = std::io::Cursor::new(Vec::new());
        package
            .pack(&mut bytes)
            .context("the Word draft could not be written")?;
        Ok(bytes.into_inner())
    }
}

/// Mark each header row (known by its height, which only header rows have)
/// to repeat at the top of every page its table runs onto.
fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    let marker = format!(
        "<w:trHeight w:val=\"{}\" w:hRule=\"atLeast\" />",
        HEADER_ROW_HEIGHT as u32
    );
    let text = String::from_utf8_lossy(document);
    text.replace(&marker, &format!("{marker}<w:tblHeader />"))
        .into_bytes()
}

/// Give each picture its own drawing id (docx-rs gives every one id 1,
/// which Word may call unreadable content).
fn number_pictures(document: &[u8]) -> Vec<u8> {
    const DRAWING: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";
    let text = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(text.len());
    let mut pieces = text.split(DRAWING);
    out.push_str(pieces.next().unwrap_or_default());
    for (n, piece) in (1..).zip(pieces) {
        out.push_str(&format!("<wp:docPr id=\"{n}\" name=\"Figure {n}\" />"));
        out.push_str(piece);
    }
    out.into_bytes()
}

/// The document's title and author in its properties, where docx-rs
/// writes none ("unknown"): Word shows them under File › Info.
fn title_and_author(core: &[u8], title: &str, author: Option<&str>) -> Vec<u8> {
    const UNKNOWN: &str =
        "<dc:creator>unknown</dc:creator><cp:lastModifiedBy>unknown</cp:lastModifiedBy>";
    let author = xml_text(author.unwrap_or("opsreport"));
    let known = format!(
        "<dc:title>{}</dc:title><dc:creator>{author}</dc:creator>\
         <cp:lastModifiedBy>{author}</cp:lastModifiedBy>",
        xml_text(title)
    );
    String::from_utf8_lossy(core)
        .replace(UNKNOWN, &known)
        .into_bytes()
}

/// Text as XML character data.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A page field (`PAGE`, `NUMPAGES`) in the footer's 8 pt, as "Page … of"
/// around it: docx-rs's own page fields take the body's size. One run a
/// part, each sized, as Word writes a field (LibreOffice sizes the number
/// from them).
fn field(paragraph: Paragraph, instruction: InstrText) -> Paragraph {
    paragraph
        .add_run(
            Run::new()
                .size(NOTE)
                .add_field_char(FieldCharType::Begin, false),
        )
        .add_run(Run::new().size(NOTE).add_instr_text(instruction))
        .add_run(
            Run::new()
                .size(NOTE)
                .add_field_char(FieldCharType::Separate, false),
        )
        .add_run(Run::new().size(NOTE).add_text("1"))
        .add_run(
            Run::new()
                .size(NOTE)
                .add_field_char(FieldCharType::End, false),
        )
}

/// A bracketed, highlighted placeholder the author must replace.
fn placeholder(text: &str) -> Run {
    Run::new().add_text(text).highlight("yellow").bold()
}

fn heading_style(id: &str, name: &str, size: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .size(size)
        .bold()
        .color("1F3864")
}

/// Bullets as the paper's: `•` then `o`.
fn bullets() -> AbstractNumbering {
    let level = |n: usize, glyph: &str| {
        Level::new(
            n,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new(glyph),
            LevelJc::new("left"),
        )
        .indent(
            Some(360 + 360 * n as i32),
            Some(SpecialIndentType::Hanging(360)),
            None,
            None,
        )
    };
    AbstractNumbering::new(BULLETS)
        .add_level(level(0, "•"))
        .add_level(level(1, "o"))
}

/// One table cell as the draft writes it: text and footnote marks.
struct Cell {
    pieces: Vec<Piece>,
    /// Kept on the page of the row below (a table kept whole, a header row).
    keep: bool,
    number: bool,
    bold: bool,
    indented: bool,
    fill: Option<&'static str>,
    merge: Option<VMergeType>,
}

/// A stretch of a cell: text (`\n` a line break), or a footnote mark.
enum Piece {
    Text(String),
    Mark(Mark),
    /// Text to link to an address, not yet numbered (`Draft::place_notes`).
    Link(String, String),
    /// Linked text and its link's relationship id.
    Linked(String, String),
}

/// A footnote mark in a cell.
#[derive(Clone)]
enum Mark {
    /// The table model's own marker, not yet placed (`Draft::place_notes`).
    Local(u32),
    /// The document's footnote of this number, with its text.
    Note(usize, String),
    /// A footnote placed earlier, marked again by its number.
    Again(usize),
}

impl Cell {
    fn text(text: &str) -> Cell {
        Cell {
            pieces: vec![Piece::Text(text.to_string())],
            keep: false,
            number: false,
            bold: false,
            indented: false,
            fill: None,
            merge: None,
        }
    }

    /// Text whose superscript digits (`SECMP0069⁵`, as the table model
    /// writes a marker in place) are footnote marks.
    fn marked_inline(text: &str) -> Cell {
        let mut cell = Cell::text("");
        cell.pieces.clear();
        let mut plain = String::new();
        let mut digits = String::new();
        for c in text.chars() {
            match superscript_digit(c) {
                Some(d) => digits.push(d),
                None => {
                    if let Ok(marker) = digits.parse::<u32>() {
                        cell.pieces.push(Piece::Text(std::mem::take(&mut plain)));
                        cell.pieces.push(Piece::Mark(Mark::Local(marker)));
                    }
                    digits.clear();
                    plain.push(c);
                }
            }
        }
        if let Ok(marker) = digits.parse::<u32>() {
            cell.pieces.push(Piece::Text(std::mem::take(&mut plain)));
            cell.pieces.push(Piece::Mark(Mark::Local(marker)));
        }
        if !plain.is_empty() {
            cell.pieces.push(Piece::Text(plain));
        }
        cell
    }

    /// Text whose last lines link to `links`, one line a link, in order
    /// (Table 7's "… Meeting Headlines"); a link with no line left to take
    /// it is a line of its own, showing its address.
    fn linked_lines(text: &str, links: &[String]) -> Cell {
        if links.is_empty() {
            return Cell::text(text);
        }
        let lines: Vec<&str> = if text.is_empty() {
            Vec::new()
        } else {
            text.split('\n').collect()
        };
        let linked = links.len().min(lines.len());
        let plain = lines.len() - linked;
        let mut cell = Cell::text(&lines[..plain].join("\n"));
        for (n, (line, url)) in lines[plain..].iter().zip(links).enumerate() {
            if plain > 0 || n > 0 {
                cell.pieces.push(Piece::Text("\n".to_string()));
            }
            cell.pieces
                .push(Piece::Link(line.trim().to_string(), url.clone()));
        }
        for url in &links[linked..] {
            if !cell.pieces.is_empty() {
                cell.pieces.push(Piece::Text("\n".to_string()));
            }
            cell.pieces.push(Piece::Link(url.clone(), url.clone()));
        }
        cell
    }

    fn label(text: &str) -> Cell {
        Cell::text(text).bold()
    }

    /// A count as the paper prints it: right-aligned, `1,677`.
    fn number(value: u64) -> Cell {
        let mut cell = Cell::text(&thousands(value));
        cell.number = true;
        cell
    }

    fn number_signed(value: i64) -> Cell {
        let mut cell = Cell::number(value.unsigned_abs());
        if value < 0 {
            cell.pieces.insert(0, Piece::Text("-".to_string()));
        }
        cell
    }

    fn bold(mut self) -> Cell {
        self.bold = true;
        self
    }

    /// Footnote marks after the text, by the table model's markers.
    fn marked(mut self, markers: &[u32]) -> Cell {
        self.pieces
            .extend(markers.iter().map(|m| Piece::Mark(Mark::Local(*m))));
        self
    }

    fn merge(mut self, merge: VMergeType) -> Cell {
        self.merge = Some(merge);
        self
    }

    fn build(self, width: usize, size: usize) -> TableCell {
        let mut paragraph = Paragraph::new().line_spacing(LineSpacing::new().after(0));
        if self.keep {
            paragraph = paragraph.keep_next(true);
        }
        if self.number {
            paragraph = paragraph.align(AlignmentType::Right);
        }
        if self.indented {
            paragraph = paragraph.indent(Some(227), None, None, None);
        }
        let mut marked = false;
        for piece in self.pieces {
            match piece {
                Piece::Text(text) => {
                    for (i, line) in text.split('\n').enumerate() {
                        let mut run = Run::new();
                        if i > 0 {
                            run = run.add_break(BreakType::TextWrapping);
                        }
                        if line.is_empty() && i == 0 {
                            continue;
                        }
                        run = run.add_text(line).size(size);
                        if self.bold {
                            run = run.bold();
                        }
                        paragraph = paragraph.add_run(run);
                    }
                    marked = false;
                }
                Piece::Link(text, _) => {
                    paragraph = paragraph.add_run(Run::new().add_text(text).size(size));
                    marked = false;
                }
                Piece::Linked(text, rid) => {
                    paragraph = paragraph
                        .add_hyperlink(hyperlink(&rid, Run::new().add_text(text).size(size)));
                    marked = false;
                }
                Piece::Mark(mark) => {
                    // Two marks together print as `1,2`, as the paper's.
                    if marked {
                        paragraph = paragraph.add_run(superscript_run(",", size));
                    }
                    paragraph = paragraph.add_run(match mark {
                        Mark::Note(id, text) => footnote_run(id, &text),
                        Mark::Again(id) => superscript_run(&id.to_string(), size),
                        Mark::Local(marker) => superscript_run(&marker.to_string(), size),
                    });
                    marked = true;
                }
            }
        }
        let mut cell = TableCell::new()
            .add_paragraph(paragraph)
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Top);
        if let Some(fill) = self.fill {
            cell = cell.shading(Shading::new().fill(fill));
        }
        if let Some(merge) = self.merge {
            cell = cell.vertical_merge(merge);
        }
        cell
    }
}

/// `¹` → `1`: the digits `report::meetings::superscript` writes.
fn superscript_digit(c: char) -> Option<char> {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    DIGITS
        .iter()
        .position(|d| *d == c)
        .and_then(|d| char::from_digit(d as u32, 10))
}

fn superscript_run(text: &str, size: usize) -> Run {
    let mut run = Run::new().add_text(text).size(size);
    run.run_property = run.run_property.vert_align(VertAlignType::SuperScript);
    run
}

/// What `finish` turns into `<w:footnoteRef/>`, the footnote's own number
/// at the page foot, which docx-rs cannot write: a private-use character
/// no text holds.
const FOOTNOTE_REF: &str = "\u{E000}";

/// A footnote's mark in the text, and the footnote itself (docx-rs
/// gathers it into `footnotes.xml`). Numbered by the draft, so the same
/// inputs give the same bytes.
fn footnote_run(id: usize, text: &str) -> Run {
    let note = Footnote {
        id,
        content: vec![
            Paragraph::new()
                .style("FootnoteText")
                .add_run(Run::new().style("FootnoteReference").add_text(FOOTNOTE_REF))
                .add_run(Run::new().add_text(format!(" {text}"))),
        ],
    };
    Run::new().add_footnote_reference(note)
}

/// A link to the address the draft numbered `rid` (`Draft::link`).
fn hyperlink(rid: &str, run: Run) -> Hyperlink {
    Hyperlink {
        link: HyperlinkData::External {
            rid: rid.to_string(),
            path: String::new(),
        },
        history: None,
        children: Vec::new(),
    }
    .add_run(run.style("Hyperlink"))
}

/// The document's relationships with the links the draft numbered, in its
/// order, where docx-rs writes them in a hash map's (varying) order.
fn link_relationships(rels: &[u8], links: &[String]) -> Vec<u8> {
    const LINK: &str = "<Relationship Id=\"rIdLink";
    let text = String::from_utf8_lossy(rels);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(at) = rest.find(LINK) {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("/>")
            .map_or("", |end| &rest[at + end + 2..]);
    }
    out.push_str(rest);
    let ours: String = links
        .iter()
        .zip(1..)
        .map(|(url, n)| {
            format!(
                "<Relationship Id=\"rIdLink{n}\" \
                 Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" \
                 Target=\"{}\" TargetMode=\"External\" />",
                xml_text(url).replace('"', "&quot;")
            )
        })
        .collect();
    out.replace("</Relationships>", &format!("{ours}</Relationships>"))
        .into_bytes()
}

/// The footnote marks' character style: superscript.
fn footnote_reference_style() -> Style {
    let mut style =
        Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    style.run_property = style.run_property.vert_align(VertAlignType::SuperScript);
    style
}

/// Each footnote's own number, where `footnote_run` left its stand-in.
fn footnote_numbers(footnotes: &[u8]) -> Vec<u8> {
    let stand_in = format!("<w:t xml:space=\"preserve\">{FOOTNOTE_REF}</w:t>");
    String::from_utf8_lossy(footnotes)
        .replace(&stand_in, "<w:footnoteRef />")
        .into_bytes()
}

/// A header row, shaded and repeated on every page.
fn header_row(cells: Vec<Cell>, widths: &[usize], size: usize) -> TableRow {
    let cells = cells
        .into_iter()
        .zip(widths)
        .map(|(mut cell, width)| {
            cell.bold = true;
            cell.keep = true;
            cell.fill = Some(HEADER_FILL);
            cell.build(*width, size)
        })
        .collect();
    TableRow::new(cells)
        .row_height(HEADER_ROW_HEIGHT)
        .height_rule(docx_rs::HeightRule::AtLeast)
        .cant_split()
}

/// Column widths in twips from relative shares of the text width.
fn widths(shares: &[usize]) -> Vec<usize> {
    let total: usize = shares.iter().sum::<usize>().max(1);
    shares.iter().map(|s| TEXT_WIDTH * s / total).collect()
}

/// A model's printed rows as the draft's cells: a row's role and a
/// column's kind give the styling (a label or total bold, a group shaded,
/// an indented row's label indented); a grouping column shows its label
/// once, merged down its rows; a shared text once, merged down the rows
/// of its group that share it.
fn printed_rows(model: &Model) -> Vec<Vec<Cell>> {
    let columns = model.print_columns();
    let rows: Vec<&Row> = model.print_rows().collect();
    let grouping = columns
        .iter()
        .copied()
        .find(|c| model.columns[*c].kind == ColumnKind::Grouping);
    let value = |r: usize, c: usize| {
        rows.get(r)
            .and_then(|row| row.cells.get(c))
            .map(|x| &x.value)
    };
    let same_group = |a: usize, b: usize| grouping.is_none_or(|g| value(a, g) == value(b, g));
    let mut printed = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut cells = Vec::new();
        for (n, &c) in columns.iter().enumerate() {
            let Some(model_cell) = row.cells.get(c) else {
                cells.push(Cell::text(""));
                continue;
            };
            let mut cell = match model.columns[c].kind {
                ColumnKind::Grouping if r > 0 && same_group(r - 1, r) => {
                    Cell::label("").merge(VMergeType::Continue)
                }
                ColumnKind::Grouping => draft_cell(model_cell).bold().merge(VMergeType::Restart),
                ColumnKind::Shared => {
                    let text = &model_cell.value;
                    let shared = |o: usize| {
                        matches!(text, Value::Text(t) if !t.is_empty())
                            && value(o, c) == Some(text)
                            && same_group(o, r)
                    };
                    if r > 0 && shared(r - 1) {
                        Cell::text("").merge(VMergeType::Continue)
                    } else if shared(r + 1) {
                        draft_cell(model_cell).merge(VMergeType::Restart)
                    } else {
                        draft_cell(model_cell)
                    }
                }
                ColumnKind::Label => draft_cell(model_cell).bold(),
                ColumnKind::Plain => draft_cell(model_cell),
            };
            match row.role {
                Role::Body => {}
                Role::Total => cell.bold = true,
                Role::Group => {
                    cell.bold = true;
                    cell.fill = Some(GROUP_FILL);
                }
                Role::Indented if n == 0 => cell.indented = true,
                Role::Indented => {}
            }
            cells.push(cell);
        }
        printed.push(cells);
    }
    printed
}

/// A model's value as a cell: a count as the paper prints it, dates one a
/// line, a text's last lines linked, its notes' marks after it.
fn draft_cell(cell: &crate::report::table::Cell) -> Cell {
    let drawn = match &cell.value {
        Value::Blank => Cell::linked_lines("", &cell.links),
        Value::Text(text) | Value::Decimal(text) => Cell::linked_lines(text, &cell.links),
        Value::Marked(text) => Cell::marked_inline(text),
        Value::Count(n) => Cell::number(*n),
        Value::Signed(n) => Cell::number_signed(*n),
        Value::Date(date) => Cell::text(&uk_date(*date)),
        Value::Dates(dates) => {
            let dates: Vec<String> = dates.iter().map(|d| uk_date(*d)).collect();
            Cell::text(&dates.join("\n"))
        }
    };
    drawn.marked(&cell.markers)
}

/// A model's grid: a rolling table's months headed `Mar` over `18` (or
/// its years over the months' names); any other table its columns'
/// headings and shares. A table is kept whole on a page unless it may
/// run on.
fn layout(model: &Model, rows: Vec<Vec<Cell>>) -> Table {
    let columns = model.print_columns();
    let months = model.month_columns();
    let label_share = columns.first().map_or(1, |c| model.columns[*c].share);
    if !months.is_empty() && model.print.years_over_months {
        return year_month_grid(&months, label_share, rows);
    }
    if !months.is_empty() {
        return month_grid(&months, label_share, rows);
    }
    let headings: Vec<&str> = columns
        .iter()
        .map(|c| match &model.columns[*c].heading {
            Some(Heading::Text(text)) => text.as_str(),
            _ => "",
        })
        .collect();
    let shares: Vec<usize> = columns.iter().map(|c| model.columns[*c].share).collect();
    let table = if model.print.runs_on {
        sized_grid(&headings, &shares, rows, TABLE_TEXT)
    } else {
        grid(&headings, &shares, rows)
    };
    match model.print.width_percent {
        Some(percent) => table.width(TEXT_WIDTH * percent / 100, WidthType::Dxa),
        None => table,
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::Text(text) | Value::Marked(text) | Value::Decimal(text) => text.clone(),
        _ => String::new(),
    }
}

fn count_of(value: &Value) -> Option<u64> {
    match value {
        Value::Count(n) => Some(*n),
        _ => None,
    }
}

/// A table with one header row and the body rows, kept whole on a page
/// with its caption.
fn grid(headings: &[&str], shares: &[usize], rows: Vec<Vec<Cell>>) -> Table {
    sized_grid(headings, shares, whole(rows), TABLE_TEXT)
}

/// Every row kept with the next, and the last with the caption: Word and
/// LibreOffice then move a table that fits on a page to the next page
/// rather than split it.
fn whole(mut rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    for cell in rows.iter_mut().flatten() {
        cell.keep = true;
    }
    rows
}

fn sized_grid(headings: &[&str], shares: &[usize], rows: Vec<Vec<Cell>>, size: usize) -> Table {
    let widths = widths(shares);
    let mut table_rows = vec![header_row(
        headings.iter().map(|h| Cell::text(h)).collect(),
        &widths,
        size,
    )];
    table_rows.extend(rows.into_iter().map(|row| body_row(row, &widths, size)));
    table(table_rows, widths)
}

fn table(rows: Vec<TableRow>, widths: Vec<usize>) -> Table {
    let width = widths.iter().sum();
    Table::new(rows)
        .set_grid(widths)
        .width(width, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, 57, 0, 57))
}

fn body_row(row: Vec<Cell>, widths: &[usize], size: usize) -> TableRow {
    TableRow::new(
        row.into_iter()
            .zip(widths)
            .map(|(cell, width)| cell.build(*width, size))
            .collect(),
    )
    .cant_split()
}

/// A table of months: a label column `label_share` wide, then one column a
/// month headed `Mar 18`.
fn month_grid(months: &[Month], label_share: usize, rows: Vec<Vec<Cell>>) -> Table {
    // On two lines, as the paper prints them: `Mar` over `18`.
    let headings: Vec<String> = months
        .iter()
        .map(|m| format!("{}\n{:02}", &m.name()[..3], m.year() % 100))
        .collect();
    let mut all: Vec<&str> = vec![""];
    all.extend(headings.iter().map(String::as_str));
    let mut shares = vec![label_share];
    shares.extend(std::iter::repeat_n(1, months.len()));
    sized_grid(&all, &shares, whole(rows), MONTH_TEXT)
}

/// Table 6's heading: a row of years over their months, then the months'
/// short names.
fn year_month_grid(months: &[Month], label_share: usize, rows: Vec<Vec<Cell>>) -> Table {
    let mut shares = vec![label_share];
    shares.extend(std::iter::repeat_n(1, months.len()));
    let widths = widths(&shares);
    let mut years: Vec<(i32, usize)> = Vec::new();
    for month in months {
        match years.last_mut() {
            Some((year, span)) if *year == month.year() => *span += 1,
            _ => years.push((month.year(), 1)),
        }
    }
    let mut year_cells = vec![header_cell("", widths[0], MONTH_TEXT)];
    let mut at = 1;
    for (year, span) in years {
        let width: usize = widths[at..at + span].iter().sum();
        year_cells.push(header_cell(&year.to_string(), width, MONTH_TEXT).grid_span(span));
        at += span;
    }
    let year_row = TableRow::new(year_cells)
        .row_height(HEADER_ROW_HEIGHT)
        .height_rule(docx_rs::HeightRule::AtLeast)
        .cant_split();
    let mut month_cells = vec![Cell::text("")];
    month_cells.extend(months.iter().map(|m| Cell::text(&m.name()[..3])));
    let mut table_rows = vec![year_row, header_row(month_cells, &widths, MONTH_TEXT)];
    table_rows.extend(
        whole(rows)
            .into_iter()
            .map(|row| body_row(row, &widths, MONTH_TEXT)),
    );
    table(table_rows, widths)
}

fn header_cell(text: &str, width: usize, size: usize) -> TableCell {
    let mut cell = Cell::text(text);
    cell.bold = true;
    cell.keep = true;
    cell.fill = Some(HEADER_FILL);
    cell.build(width, size)
}
