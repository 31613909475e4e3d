//! The paper's sentences: a template sentence from `[paper]` with its
//! placeholders filled from the report's figures, worded as the paper words
//! them ("five SEC Parties", "no new Events of Default", "1,677 email
//! enquiries"). The placeholder language is the template file's comment.

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
        }
    }

    pub fn set(&mut self, name: &'static str, value: i64) {
        self.values.insert(name, value);
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
            && let Some(first) = placeholders(sentence).find_map(|p| figure_name(p))
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
    (!matches!(name, "month" | "month_year" | "title" | "classification")).then_some(name)
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
}
