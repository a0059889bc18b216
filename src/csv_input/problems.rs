//! Bad rows: [`Problems`] collects them as `file:line: reason` and turns them into one refusal
//! (a front end may instead write them to a file of its own, as the CLI's rejects file).

use crate::error::UserError;

/// How many bad rows a refusal lists before summing up the rest.
const SHOWN: usize = 10;

/// Bad rows found while checking a file, reported together as one refusal.
#[derive(Debug)]
pub struct Problems {
    file: String,
    count: usize,
    shown: Vec<String>,
    notes: Vec<String>,
}

impl Problems {
    /// No problems yet in `file` (its name as messages show it).
    pub fn new(file: &str) -> Self {
        Problems {
            file: file.to_string(),
            count: 0,
            shown: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a line to the refusal, after the bad rows (something else found in the file).
    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }

    /// Records a bad row.
    pub fn add(&mut self, line: u64, reason: &str) {
        self.count += 1;
        if self.shown.len() < SHOWN {
            self.shown.push(format!("{}:{line}: {reason}", self.file));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// How many bad rows were recorded.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The refusal: the first bad row as the message, the next ones (up to ten in all) as
    /// details, then how many there were and that nothing was imported.
    pub fn into_error(self, hint: impl Into<String>) -> anyhow::Error {
        let mut lines = self.shown.into_iter();
        let message = lines.next().unwrap_or_else(|| format!("{}: bad rows", self.file));
        let mut details: Vec<String> = lines.collect();
        let listed = details.len() + 1;
        if self.count > listed {
            details.push(format!("... and {} more bad rows", self.count - listed));
        }
        details.extend(self.notes);
        details.push(format!(
            "nothing was imported ({} bad row{})",
            self.count,
            if self.count == 1 { "" } else { "s" }
        ));
        UserError::new(message, hint).with_details(details).into()
    }
}
