//! The one collector every reading step and section rule reports into.
//!
//! Invariants: nothing stops at the first problem; problems keep the order they were
//! found in (file order, section by section); at most [`MAX_PROBLEMS`] are kept; a
//! section's rules name fields relative to the section ([`Section`]).

use std::path::Path;

use super::ConfigError;

/// One problem of a configuration file: the key's full path and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// Every problem found in one configuration file. Reading and each section's rules add
/// to it; nothing stops at the first problem. A section's rules take a [`Section`], which
/// names fields relative to the section, so a section's checks can live on their own.
#[derive(Debug, Default)]
pub struct Problems {
    pub(super) found: Vec<Problem>,
}

/// At most this many problems are reported; a file with more is not worth reading on.
pub(super) const MAX_PROBLEMS: usize = 100;

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        if self.found.len() < MAX_PROBLEMS {
            self.found.push(Problem {
                field: field.into(),
                message: message.into(),
            });
        }
    }

    /// The problems of section `name` (`cookie`, `server`, ...).
    pub fn section<'a>(&'a mut self, name: &'a str) -> Section<'a> {
        Section {
            problems: self,
            name,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// `value` when nothing was found, else the error listing every problem.
    pub fn finish<T>(self, path: &Path, value: Option<T>) -> Result<T, ConfigError> {
        if self.found.is_empty() {
            return value
                .ok_or_else(|| ConfigError::field(path, "(top level)", "could not be checked"));
        }
        Err(self.into_error(path))
    }

    /// `value` when nothing was found, else the error listing every problem.
    pub fn into_result<T>(self, path: &Path, value: T) -> Result<T, ConfigError> {
        if self.found.is_empty() {
            Ok(value)
        } else {
            Err(self.into_error(path))
        }
    }

    /// One problem as [`ConfigError::Field`] (as before there was a collector), several
    /// as [`ConfigError::Fields`].
    fn into_error(mut self, path: &Path) -> ConfigError {
        if self.found.len() == 1 {
            let p = self.found.remove(0);
            return ConfigError::field(path, p.field, p.message);
        }
        ConfigError::Fields {
            path: path.to_owned(),
            problems: self.found,
        }
    }
}

/// The problems of one section; `key`s are relative to it (`name`, `domains[2]`), and an
/// empty key is the section itself.
pub struct Section<'a> {
    problems: &'a mut Problems,
    name: &'a str,
}

impl Section<'_> {
    pub fn add(&mut self, key: &str, message: impl Into<String>) {
        let field = match key {
            "" => self.name.to_owned(),
            k if k.starts_with('[') => format!("{}{k}", self.name),
            k => format!("{}.{k}", self.name),
        };
        self.problems.add(field, message);
    }

    /// The value of `result`, or `None` with its message recorded at `key`.
    pub fn check<T>(&mut self, key: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|m| self.add(key, m)).ok()
    }
}
