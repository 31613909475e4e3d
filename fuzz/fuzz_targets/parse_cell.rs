//! Fuzz target: any UTF-8 text through every cell parser — dates in both
//! orders, months, numbers, durations, header normalisation — and through
//! the `Raw` accessors the kind readers call, as a text cell. None may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use opsreport::read::cell::{
    DateOrder, Raw, parse_date_text, parse_duration_text, parse_month_text, parse_number_text,
};
use opsreport::text::normalise;

fuzz_target!(|text: &str| {
    let _ = parse_date_text(text, DateOrder::DayFirst);
    let _ = parse_date_text(text, DateOrder::MonthFirst);
    let _ = parse_month_text(text);
    let _ = parse_number_text(text);
    let _ = parse_duration_text(text);
    let normal = normalise(text);
    assert_eq!(normalise(&normal), normal, "normalise is not idempotent");
    let cell = Raw::Text(text.to_string());
    for date1904 in [false, true] {
        let _ = cell.date(date1904, DateOrder::DayFirst);
        let _ = cell.date(date1904, DateOrder::MonthFirst);
        let _ = cell.month(date1904);
        let _ = cell.number(date1904);
        let _ = cell.count(date1904);
        let _ = cell.hours(date1904);
        let _ = cell.text(date1904);
    }
});
