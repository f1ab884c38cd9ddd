//! Forms: reading a posted form's fields, and the generic form view every
//! record form renders through (labels on every control, the value posted
//! kept when a form comes back, and a use case's error beside its field).

use std::fmt::Display;
use std::str::FromStr;

use afterview_app::Error;

/// A posted form's fields, in order (a name may repeat: checkboxes).
#[derive(Debug, Default, Clone)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(bytes: &[u8]) -> Self {
        Self(crate::security::form_pairs(bytes))
    }

    /// Fields given as pairs (a record's values, to fill a form with).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    /// The first value of a field, as posted.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A text field, trimmed; empty is "not given".
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    /// A text field as typed (a message body keeps its spacing); empty is
    /// "not given".
    pub fn raw(&self, name: &str) -> Option<String> {
        self.get(name).filter(|v| !v.trim().is_empty()).map(|v| v.replace("\r\n", "\n"))
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// A text area's non-empty lines.
    pub fn lines(&self, name: &str) -> Vec<String> {
        self.get(name)
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A day (`2026-12-02`, as a date input sends it, or any day the
    /// command line accepts).
    pub fn day(&self, name: &str) -> Result<Option<jiff::civil::Date>, Error> {
        self.text(name)
            .map(|v| afterview_core::values::parse_day(&v).map_err(|e| Error::invalid(name, e)))
            .transpose()
    }

    /// A field parsed by its type's own parser; its error is the field's.
    pub fn parsed<T>(&self, name: &str) -> Result<Option<T>, Error>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.text(name).map(|v| v.parse::<T>().map_err(|e| Error::invalid(name, e))).transpose()
    }
}

/// One choice of a select or a set of checkboxes.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One labelled control.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// text, email, url, date, datetime-local, number, textarea, select,
    /// checkbox, checkboxes, hidden.
    pub input: &'static str,
    pub value: String,
    pub options: Vec<Choice>,
    pub hint: Option<&'static str>,
    pub error: Option<String>,
    pub required: bool,
    /// The next-steps field: read back as it is typed (htmx).
    pub reading: bool,
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, input: &'static str) -> Self {
        Self {
            name,
            label,
            input,
            value: String::new(),
            options: Vec::new(),
            hint: None,
            error: None,
            required: false,
            reading: false,
        }
    }

    pub fn text(name: &'static str, label: &'static str) -> Self {
        Self::new(name, label, "text")
    }

    pub fn select(name: &'static str, label: &'static str, names: &[&str], default: &str) -> Self {
        let mut f = Self::new(name, label, "select");
        f.options = names
            .iter()
            .map(|n| Choice { value: (*n).to_owned(), label: n.replace('-', " "), selected: *n == default })
            .collect();
        f.value = default.to_owned();
        f
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    pub fn choices(mut self, choices: Vec<Choice>) -> Self {
        self.options = choices;
        self
    }
}

/// A whole form page.
pub struct FormView {
    pub title: String,
    pub intro: Option<String>,
    pub action: String,
    pub fields: Vec<Field>,
    /// An error that belongs to no one field.
    pub error: Option<String>,
    pub submit: &'static str,
    pub back: String,
    /// On an edit form: the page that removes the record.
    pub remove: Option<String>,
}

impl FormView {
    /// Puts back what was posted, so nothing typed is lost.
    pub fn fill(&mut self, data: &FormData) {
        for f in &mut self.fields {
            match f.input {
                "checkboxes" | "select" => {
                    let picked = data.all(f.name);
                    if f.input == "checkboxes" || !picked.is_empty() {
                        for c in &mut f.options {
                            c.selected = picked.contains(&c.value.as_str());
                        }
                    }
                }
                "checkbox" => f.value = if data.checked(f.name) { "on".into() } else { String::new() },
                _ => f.value = data.get(f.name).unwrap_or_default().to_owned(),
            }
        }
    }

    /// Places a use case's error beside the field it names; any other
    /// error is the form's.
    pub fn place(&mut self, e: &Error) {
        if let Error::Invalid { field: Some(name), problem, fix } = e
            && let Some(f) = self.fields.iter_mut().find(|f| f.name == name.as_str() && f.input != "hidden")
        {
            f.error = Some(match fix {
                Some(fix) => format!("{problem}; {fix}"),
                None => problem.clone(),
            });
            return;
        }
        self.error = Some(e.to_string());
    }
}
