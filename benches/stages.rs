//! Micro-benchmarks of the pipeline's stages (`cargo bench`): reading a
//! workbook, header detection, cell typing and date parsing, aggregation
//! and rendering.
//! Whole-process comparisons live in bench/compare.sh.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use opsreport::findings::Findings;
use opsreport::inputs::kinds::specs;
use opsreport::inputs::records::Enquiries;
use opsreport::inputs::{Origin, SourceSheet};
use opsreport::month::Month;
use opsreport::pipeline::{self, BuildPlan};
use opsreport::read::cell::{DateOrder, Epoch, Raw, parse_date_text};
use opsreport::read::workbook::{Sheet, SheetRow, read_sheets};
use opsreport::render::RunView;
use opsreport::report::WindowCount;
use opsreport::report::effort::Rounding;
use opsreport::report::helpdesk::aggregate;
use opsreport::template::Template;

fn text(s: &str) -> Raw {
    Raw::Text(s.to_string())
}

/// A helpdesk sheet with title rows above its header and `rows` data rows.
fn helpdesk_sheet(rows: u32) -> Sheet {
    let mut sheet_rows = vec![
        SheetRow {
            index: 0,
            line: None,
            cells: vec![(0, text("SECAS Helpdesk log"))],
        },
        SheetRow {
            index: 2,
            line: None,
            cells: [
                "Reference",
                "Date Received",
                "Contact Method",
                "Mailbox",
                "Enquiry Type",
                "Subject",
            ]
            .iter()
            .enumerate()
            .map(|(c, h)| (c as u32, text(h)))
            .collect(),
        },
    ];
    for r in 0..rows {
        sheet_rows.push(SheetRow {
            index: 3 + r,
            line: None,
            cells: vec![
                (0, text(&format!("HD-{r}"))),
                (1, Raw::date_cell(43528.4, false, Epoch::Excel1900)),
                (2, text("Email")),
                (3, text("helpdesk@secas.co.uk")),
                (4, text("Modifications")),
                (5, text("A question")),
            ],
        });
    }
    Sheet {
        name: "Log".into(),
        hidden: false,
        epoch: Epoch::Excel1900,
        csv: false,
        rows: sheet_rows,
    }
}

fn header_detection(c: &mut Criterion) {
    let template = Template::load(None).expect("template");
    let specs = specs(&template);
    let sheet = helpdesk_sheet(40);
    c.bench_function("header detection (every kind, 40 rows)", |b| {
        b.iter(|| {
            specs
                .iter()
                .filter_map(|spec| spec.detect(black_box(&sheet)))
                .count()
        })
    });
}

fn cell_typing(c: &mut Criterion) {
    let forms = [
        "04/03/2019",
        "4/3/19",
        "4 Mar 2019",
        "04-Mar-19",
        "2019-03-04",
        "20190304",
        "04/03/2019 09:15",
    ];
    c.bench_function("date parsing (seven text forms)", |b| {
        b.iter(|| {
            forms
                .iter()
                .filter_map(|f| parse_date_text(black_box(f), DateOrder::DayFirst))
                .count()
        })
    });
    let cells = [
        Raw::date_cell(43528.375, false, Epoch::Excel1900),
        Raw::Number(43528.0, Epoch::Excel1900),
        text(" 7.5 "),
        text("7:30"),
    ];
    c.bench_function("cell typing (date and hours cells)", |b| {
        b.iter(|| {
            cells
                .iter()
                .map(|raw| {
                    usize::from(raw.date(DateOrder::DayFirst).is_ok())
                        + usize::from(raw.hours().is_ok())
                })
                .sum::<usize>()
        })
    });
}

fn aggregation(c: &mut Criterion) {
    let template = Template::load(None).expect("template");
    let march = Month::new(2019, 3).expect("month");
    let mut enquiries = Enquiries::default();
    for i in 0..100_000u32 {
        enquiries.push(
            march.window(12)[(i % 12) as usize].first_day(),
            i % 50 == 0,
            Some((i % 11) as usize),
            Some(&format!("HD-{i}")),
            Origin::new(0, i, None, Some(1)),
        );
    }
    let sources = vec![SourceSheet::default()];
    c.bench_function("Table 5 aggregation (100k enquiries)", |b| {
        b.iter(|| {
            let mut findings = Findings::default();
            let mut window = WindowCount::new(march);
            aggregate(
                black_box(&enquiries),
                &template,
                march,
                &mut window,
                &sources,
                &mut findings,
            )
        })
    });
}

/// The sample helpdesk log (a running log of some 19,000 rows, shared
/// strings as Excel saves them) read into rows by calamine, as the
/// converter reads it.
fn reading(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2019-03/helpdesk-log.xlsx");
    let bytes = std::fs::read(path).expect("sample helpdesk log");
    let mut group = c.benchmark_group("reading the sample helpdesk log");
    group.sample_size(20);
    group.bench_function("calamine's cell reader", |b| {
        b.iter(|| read_sheets("helpdesk-log.xlsx", black_box(&bytes)))
    });
    group.finish();
}

fn rendering(c: &mut Criterion) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2019-03");
    let plan = BuildPlan {
        input: samples,
        out: None,
        month: Month::new(2019, 3).expect("month"),
        template: None,
        rounding: Rounding::HalfUp,
        force: false,
        strict: false,
        partial: false,
        allow_gaps: false,
        history: Vec::new(),
        reference_doc: None,
    };
    let outcome = pipeline::run(&plan, &mut |_, _, _| {}).expect("sample month");
    let template = Template::load(None).expect("template");
    let report = outcome.report.expect("report");
    let view = RunView {
        report: &report,
        template: &template,
        sources: &outcome.inputs.sources,
        skipped_files: &outcome.inputs.skipped_files,
        findings: &outcome.findings,
        input_link: None,
    };
    let mut group = c.benchmark_group("rendering");
    group.sample_size(20);
    group.bench_function("workbook (sample month)", |b| {
        b.iter(|| opsreport::render::xlsx::render(black_box(&view)))
    });
    group.bench_function("CSV bundle (sample month)", |b| {
        b.iter(|| opsreport::render::csv::render(black_box(&view)))
    });
    group.bench_function("Word draft (sample month)", |b| {
        b.iter(|| opsreport::render::docx::render(black_box(&view)))
    });
    group.finish();
}

criterion_group!(
    stages,
    reading,
    header_detection,
    cell_typing,
    aggregation,
    rendering
);
criterion_main!(stages);
