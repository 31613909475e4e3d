//! The paper's sentences: a template sentence from `[paper]` with its
//! placeholders filled from the report's figures, worded as the paper words
//! them ("five SEC Parties", "no new Events of Default", "1,677 email
//! enquiries"). The placeholder language is the template file's comment.
//! Besides figures a sentence may name texts (`{expelled}`: the parties
//! expelled in the month) and an appendix by what it is about
//! (`{appendix:Events of Default}`: "Appendix C", the letter the cover's
//! Attachments give it).

use std::collections::HashMap;

use anyhow::{Result, bail};

use crate::month::Month;
use crate::text::{did_you_mean, thousands};

/// What a sentence may name: the figures by their `key_figures.csv` names,
/// and the month, title and classification.
pub struct Figures {
    month: Month,
    title: String,
    classification: String,
    values: HashMap<&'static str, i64>,
    texts: HashMap<&'static str, String>,
    /// The cover's attachments (`Appendix C – Events of Default update`).
    attachments: Vec<String>,
}

const WORDS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

impl Figures {
    pub fn new(month: Month, title: &str, classification: &str) -> Figures {
        Figures {
            month,
            title: title.to_string(),
            classification: classification.to_string(),
            values: HashMap::new(),
            texts: HashMap::new(),
            attachments: Vec::new(),
        }
    }

    pub fn set(&mut self, name: &'static str, value: i64) {
        self.values.insert(name, value);
    }

    pub fn get(&self, name: &str) -> Option<i64> {
        self.values.get(name).copied()
    }

    /// A text a sentence may name, `{name}`.
    pub fn set_text(&mut self, name: &'static str, text: String) {
        self.texts.insert(name, text);
    }

    /// The cover's attachments, for `{appendix:…}`.
    pub fn set_attachments(&mut self, attachments: &[String]) {
        self.attachments = attachments.to_vec();
    }

    /// `Appendix C` for `about` = "Events of Default": the appendix letter of
    /// the first attachment that names it, else a bracketed placeholder the
    /// author sees.
    fn appendix(&self, about: &str) -> String {
        let key = about.trim().to_lowercase();
        self.attachments
            .iter()
            .filter(|a| a.to_lowercase().contains(&key))
            .find_map(|a| {
                let rest = a
                    .trim()
                    .get(..8)
                    .filter(|w| w.eq_ignore_ascii_case("appendix"))?;
                let letter: String = a.trim()[rest.len()..]
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                (!letter.is_empty()).then(|| format!("Appendix {letter}"))
            })
            .unwrap_or_else(|| format!("[Appendix: {}]", about.trim()))
    }

    fn value(&self, name: &str, sentence: &str) -> Result<i64> {
        match self.values.get(name) {
            Some(value) => Ok(*value),
            None => {
                let known = self.values.keys().copied();
                let hint = did_you_mean(name, known)
                    .map(|n| format!("; did you mean {{{n}}}?"))
                    .unwrap_or_default();
                bail!(
                    "the template's [paper] sentence \"{sentence}\" names {{{name}}}, which is not a \
                     figure of the report{hint}"
                )
            }
        }
    }

    /// `sentence`, or its `none` twin when the first figure it names is 0.
    pub fn choose(&self, sentence: &str, none: Option<&str>) -> Result<String> {
        if let Some(none) = none
            && let Some(first) = placeholders(sentence)
                .filter_map(figure_name)
                .find(|name| !self.texts.contains_key(name))
            && self.value(first, sentence)? == 0
        {
            return self.fill(none);
        }
        self.fill(sentence)
    }

    /// The sentence with every `{…}` filled.
    pub fn fill(&self, sentence: &str) -> Result<String> {
        let mut out = String::with_capacity(sentence.len() + 16);
        let mut rest = sentence;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                bail!("the template's [paper] sentence \"{sentence}\" has a {{ without its }}");
            };
            let inside = &rest[open + 1..open + close];
            out.push_str(&self.placeholder(inside, sentence)?);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn placeholder(&self, inside: &str, sentence: &str) -> Result<String> {
        match inside {
            "month" => return Ok(self.month.name().to_string()),
            "month_year" => return Ok(self.month.long_label()),
            "title" => return Ok(self.title.clone()),
            "classification" => return Ok(self.classification.clone()),
            _ => {}
        }
        if let Some(text) = self.texts.get(inside.trim()) {
            return Ok(text.clone());
        }
        if let Some(about) = inside.strip_prefix("appendix:") {
            return Ok(self.appendix(about));
        }
        if let Some((name, choices)) = inside.split_once('|') {
            let Some((one, many)) = choices.split_once('|') else {
                bail!(
                    "the template's [paper] sentence \"{sentence}\" has {{{inside}}}; expected \
                     {{figure|singular|plural}}"
                );
            };
            let value = self.value(name.trim(), sentence)?;
            return Ok(if value == 1 { one } else { many }.to_string());
        }
        let (name, style) = inside.split_once(':').unwrap_or((inside, ""));
        let value = self.value(name.trim(), sentence)?;
        let capital = style.starts_with(|c: char| c.is_ascii_uppercase());
        let word = match style.to_ascii_lowercase().as_str() {
            "" => return Ok(number(value)),
            "words" => in_words(value, false),
            "no" => in_words(value, true),
            _ => bail!(
                "the template's [paper] sentence \"{sentence}\" has {{{inside}}}; expected \
                 {{{name}}}, {{{name}:words}} or {{{name}:no}}"
            ),
        };
        Ok(if capital { capitalise(&word) } else { word })
    }
}

/// The `{…}` contents of a sentence, in order.
fn placeholders(sentence: &str) -> impl Iterator<Item = &str> {
    sentence
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(inside, _)| inside))
}

/// The figure a placeholder names, if it names one.
fn figure_name(inside: &str) -> Option<&str> {
    let name = inside.split([':', '|']).next()?.trim();
    (!matches!(
        name,
        "month" | "month_year" | "title" | "classification" | "appendix"
    ))
    .then_some(name)
}

/// A figure as the paper prints it: `1,677`, `-3`.
fn number(value: i64) -> String {
    let digits = thousands(value.unsigned_abs());
    if value < 0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// One to nine as words; with `no`, 0 as "no".
fn in_words(value: i64, no: bool) -> String {
    match value {
        0 if no => "no".to_string(),
        1..=9 => WORDS[value as usize].to_string(),
        _ => number(value),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(pairs: &[(&'static str, i64)]) -> Figures {
        let mut f = Figures::new(
            Month::new(2019, 3).unwrap_or(Month::of(chrono::NaiveDate::MIN)),
            "Operations Report",
            "White",
        );
        for (name, value) in pairs {
            f.set(name, *value);
        }
        f
    }

    const DEFAULT: &str = "There {d|is|are} {d:no} SEC {d|Party|Parties} currently in Default, \
                           and {n:no} new {n|Event|Events} of Default during the month.";

    #[test]
    fn numbers_under_ten_are_words_and_plurals_follow_the_figure() {
        assert_eq!(
            figures(&[("d", 5), ("n", 0)]).fill(DEFAULT).ok().as_deref(),
            Some(
                "There are five SEC Parties currently in Default, and no new Events of Default \
                 during the month."
            )
        );
        assert_eq!(
            figures(&[("d", 1), ("n", 1)]).fill(DEFAULT).ok().as_deref(),
            Some(
                "There is one SEC Party currently in Default, and one new Event of Default \
                 during the month."
            )
        );
        assert_eq!(
            figures(&[("d", 12), ("n", 10)])
                .fill(DEFAULT)
                .ok()
                .as_deref(),
            Some(
                "There are 12 SEC Parties currently in Default, and 10 new Events of Default \
                 during the month."
            )
        );
    }

    #[test]
    fn a_sentence_may_start_with_a_figure_and_numbers_have_separators() {
        let f = figures(&[("w", 0), ("e", 1677)]);
        assert_eq!(
            f.fill("{w:No} SEC {w|Party|Parties} exited the market in {month}.")
                .ok()
                .as_deref(),
            Some("No SEC Parties exited the market in March.")
        );
        assert_eq!(
            f.fill("{e} email enquiries in {month_year}.")
                .ok()
                .as_deref(),
            Some("1,677 email enquiries in March 2019.")
        );
    }

    #[test]
    fn the_none_twin_is_used_when_the_first_figure_is_zero() {
        let f = figures(&[("s", 0), ("t", 2)]);
        assert_eq!(
            f.choose("{s:words} done.", Some("None done."))
                .ok()
                .as_deref(),
            Some("None done.")
        );
        assert_eq!(
            f.choose("{t:words} done.", Some("None done."))
                .ok()
                .as_deref(),
            Some("two done.")
        );
    }

    #[test]
    fn an_unknown_figure_is_named_with_a_suggestion() {
        let f = figures(&[("parties_in_default", 5)]);
        let error = f
            .fill("{parties_in_defalt} in default")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("{parties_in_defalt}"), "{error}");
        assert!(
            error.contains("did you mean {parties_in_default}"),
            "{error}"
        );
        assert!(f.fill("{parties_in_default:roman}").is_err());
        assert!(f.fill("{parties_in_default").is_err());
    }

    /// The built-in template's sentences with every figure at `n`.
    fn all_at(n: i64, expelled: &str) -> Figures {
        let mut f = figures(&[
            ("parties_in_default", n),
            ("new_events_of_default", n),
            ("withdrawals", n),
            ("expulsions", n),
            ("uep_completions", n),
            ("srept_completions", n),
            ("uept_parties", n),
            ("uept_completions", n),
            ("telephone_enquiries", n),
            ("email_enquiries", n),
        ]);
        f.set_text("expelled", expelled.to_string());
        f.set_attachments(&[
            "Appendix A – Testing Update SREPT (AMBER)".to_string(),
            "Appendix B – Testing Update UEPT (AMBER)".to_string(),
            "Appendix C – Events of Default update (RED)".to_string(),
        ]);
        f
    }

    #[test]
    fn every_generated_sentence_reads_right_at_none_one_and_many() {
        let template = crate::template::Template::load(None).expect("the built-in template");
        let m = &template.paper.market;
        let said = |n: i64, expelled: &str, sentence: &str, none: Option<&String>| {
            all_at(n, expelled)
                .choose(sentence, none.map(String::as_str))
                .expect("the sentence fills")
        };
        // Events of default: no appendix is cited when nobody is in default.
        assert_eq!(
            said(0, "", &m.default, m.default_none.as_ref()),
            "There are no SEC Parties currently in Default, and no new Events of Default during the month."
        );
        assert_eq!(
            said(1, "", &m.default, m.default_none.as_ref()),
            "There is one SEC Party currently in Default, and one new Event of Default during the month. An update is provided in confidential Appendix C."
        );
        assert_eq!(
            said(2, "", &m.default, m.default_none.as_ref()),
            "There are two SEC Parties currently in Default, and two new Events of Default during the month. An update is provided in confidential Appendix C."
        );
        // Market exit: the paper's sentence when nobody was expelled; an
        // expulsion is said and named.
        assert_eq!(
            said(0, "", &m.exit, m.exit_none.as_ref()),
            "No SEC Parties exited the market in March."
        );
        let expelled = m.exit_expelled.as_ref().expect("exit_expelled");
        assert_eq!(
            said(1, "Brilliant Energy", expelled, None),
            "One SEC Party withdrew from the SEC in March, and one SEC Party was expelled from the Code (Brilliant Energy)."
        );
        assert_eq!(
            said(2, "Usio and Extra Energy", expelled, None),
            "Two SEC Parties withdrew from the SEC in March, and two SEC Parties were expelled from the Code (Usio and Extra Energy)."
        );
        // UEP completions.
        assert!(
            said(0, "", m.uep_none.as_ref().expect("uep_none"), None).ends_with(
                "No SEC Parties have completed the UEP since the last SEC Panel meeting."
            )
        );
        assert!(
            said(1, "", &m.uep, None).ends_with("the following SEC Party has completed the UEP:")
        );
        assert!(
            said(2, "", &m.uep, None)
                .ends_with("the following SEC Parties have completed the UEP:")
        );
        // Testing.
        assert_eq!(
            said(0, "", &m.srept, m.srept_none.as_ref()),
            "There have been no notifications of SREPT completion since the last SEC Panel meeting."
        );
        assert_eq!(
            said(1, "", &m.srept, m.srept_none.as_ref()),
            "There has been one notification of SREPT completion since the last SEC Panel meeting. The details are provided in confidential Appendix A of this Paper."
        );
        assert_eq!(
            said(2, "", &m.srept, m.srept_none.as_ref()),
            "There have been two notifications of SREPT completion since the last SEC Panel meeting. The details are provided in confidential Appendix A of this Paper."
        );
        assert_eq!(
            said(0, "", &m.uept, m.uept_none.as_ref()),
            "Since the last SEC Panel meeting, SECAS has not been informed of any SEC Party having successfully completed UEPT."
        );
        assert_eq!(
            said(1, "", &m.uept, m.uept_none.as_ref()),
            "Since the last SEC Panel meeting, SECAS has been informed of one SEC Party having successfully completed UEPT for one User Role. The details are provided in confidential Appendix B."
        );
        assert_eq!(
            said(2, "", &m.uept, m.uept_none.as_ref()),
            "Since the last SEC Panel meeting, SECAS has been informed of two SEC Parties having successfully completed UEPT for two User Roles. The details are provided in confidential Appendix B."
        );
        // Helpdesk.
        let helpdesk = &template.paper.helpdesk.text;
        for (n, counts) in [
            (
                0,
                "There were no telephone enquiries and no email enquiries",
            ),
            (1, "There was one telephone enquiry and one email enquiry"),
            (
                2,
                "There were two telephone enquiries and two email enquiries",
            ),
        ] {
            assert!(said(n, "", helpdesk, None).contains(counts), "{n}");
        }
    }

    #[test]
    fn appendix_letters_follow_the_cover() {
        let mut f = all_at(1, "");
        f.set_attachments(&[
            "Appendix D – Events of Default update (RED)".to_string(),
            "Appendix E - Testing Update SREPT".to_string(),
        ]);
        assert_eq!(
            f.fill("see {appendix:Events of Default}, {appendix:SREPT} and {appendix:UEPT}")
                .expect("fills"),
            "see Appendix D, Appendix E and [Appendix: UEPT]"
        );
    }
}
