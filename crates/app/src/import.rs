//! Importing what the user already has into afterview: each importer in
//! the core proposes facts from a file's bytes; these use cases say what
//! would be recorded (a preview, nothing written) and record it in one
//! transaction, so a file that fails halfway records nothing.
//!
//! A spreadsheet row for an application already recorded (the same
//! company and role, in any capitalisation) is skipped, not added twice
//! and not merged: the recorded one may hold newer facts than the sheet,
//! and re-importing the same file must change nothing. A contact whose
//! email is already recorded is linked, not added again.
//!
//! Interview invitations (`invite_preview`, `invite_import`) have their
//! rules in the `invite` submodule.

pub mod email;

use std::collections::HashMap;

use afterview_core::ids::{ApplicationId, PersonId};
use afterview_core::import::csv::{self as sheet, Column, CsvError, Proposal};
use afterview_core::kinds::PersonRole;
use afterview_store::{Store, Tx};
use serde::Serialize;

use crate::error::{Error, Result};

mod invite;
pub use invite::{
    AppRef, InviteAction, InviteFile, InviteImported, InviteOptions, InvitePlan, InvitePlanned, PersonPlan,
    PersonRef, ROLE_UNKNOWN, invite_import, invite_preview,
};

/// What one row of the sheet would do.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum RowPlan {
    /// A new application (and its contact, new or already recorded).
    Add {
        #[serde(flatten)]
        proposal: Proposal,
        /// The contact is this person already recorded (same email).
        contact_recorded: Option<PersonId>,
    },
    /// The same company and role is already recorded (or is on an
    /// earlier row of the file): the row is left out.
    Skip {
        #[serde(flatten)]
        proposal: Proposal,
        /// The recorded application; `None` when an earlier row holds it.
        duplicate_of: Option<ApplicationId>,
    },
}

impl RowPlan {
    pub fn proposal(&self) -> &Proposal {
        match self {
            Self::Add { proposal, .. } | Self::Skip { proposal, .. } => proposal,
        }
    }

    /// The columns every preview shows, in [`RowPlan::HEADINGS`]' order;
    /// a value the file did not give is empty (each front end marks it so).
    pub fn cells(&self) -> [String; 7] {
        let pr = self.proposal();
        let a = &pr.application;
        [
            pr.line.to_string(),
            self.action_text(),
            a.company.clone(),
            a.role.clone(),
            a.status.to_string(),
            pr.applied.map(|d| d.to_string()).unwrap_or_default(),
            pr.contact.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        ]
    }

    /// The headings of [`RowPlan::cells`].
    pub const HEADINGS: [&'static str; 7] = ["Line", "Do", "Company", "Role", "Status", "Applied", "Contact"];

    /// What the row does, as every preview says it: "add", "skip: already
    /// a3", "skip: an earlier row".
    pub fn action_text(&self) -> String {
        match self {
            Self::Add { .. } => "add".to_owned(),
            Self::Skip { duplicate_of: Some(id), .. } => format!("skip: already {id}"),
            Self::Skip { duplicate_of: None, .. } => "skip: an earlier row".to_owned(),
        }
    }
}

/// What importing a spreadsheet would record.
#[derive(Debug, Clone, Serialize)]
pub struct CsvPreview {
    /// Where each heading goes (`field: null`: kept in the notes).
    pub columns: Vec<Column>,
    /// The file was not UTF-8 and was read as Windows-1252.
    pub latin1: bool,
    pub rows: Vec<RowPlan>,
}

impl CsvPreview {
    /// What a preview says when the file was not UTF-8.
    pub const LATIN1_NOTE: &'static str = "The file is not UTF-8; it was read as Windows-1252 (Latin-1).";

    pub fn to_add(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r, RowPlan::Add { .. })).count()
    }

    pub fn to_skip(&self) -> usize {
        self.rows.len() - self.to_add()
    }
}

/// What an import recorded.
#[derive(Debug, Clone, Serialize)]
pub struct CsvImported {
    /// The applications added, in the order of the file.
    pub applications: Vec<ApplicationId>,
    /// The people added (contacts not already recorded).
    pub people: Vec<PersonId>,
    /// How many rows were left out as already recorded.
    pub skipped: usize,
}

fn bad_file(e: CsvError) -> Error {
    let CsvError { line, column, problem, fix } = e;
    let at = match (line, column) {
        (Some(l), Some(c)) => format!("line {l}, column \"{c}\": "),
        (Some(l), None) => format!("line {l}: "),
        (None, Some(c)) => format!("column \"{c}\": "),
        (None, None) => String::new(),
    };
    Error::Invalid {
        field: None,
        problem: format!("{at}{problem}"),
        fix: Some(format!("{fix}; nothing was recorded")),
    }
}

fn key(company: &str, role: &str) -> (String, String) {
    (company.trim().to_lowercase(), role.trim().to_lowercase())
}

/// What importing `bytes` (a CSV file) would record; nothing is written.
pub fn csv_preview(store: &impl Store, bytes: &[u8]) -> Result<CsvPreview> {
    let parsed = sheet::read(bytes).map_err(bad_file)?;
    let mut recorded: HashMap<(String, String), Option<ApplicationId>> = store
        .applications()?
        .into_iter()
        .map(|a| (key(&a.value.company, &a.value.role), Some(a.id)))
        .collect();
    let emails: HashMap<String, PersonId> = store
        .people()?
        .into_iter()
        .filter_map(|p| p.value.email.map(|e| (e.as_str().to_lowercase(), p.id)))
        .collect();
    let rows = parsed
        .proposals
        .into_iter()
        .map(|proposal| {
            let k = key(&proposal.application.company, &proposal.application.role);
            if let Some(&duplicate_of) = recorded.get(&k) {
                return RowPlan::Skip { proposal, duplicate_of };
            }
            recorded.insert(k, None);
            let contact_recorded = proposal
                .contact
                .as_ref()
                .and_then(|p| p.email.as_ref())
                .and_then(|e| emails.get(&e.as_str().to_lowercase()).copied());
            RowPlan::Add { proposal, contact_recorded }
        })
        .collect();
    Ok(CsvPreview { columns: parsed.columns, latin1: parsed.latin1, rows })
}

/// Records what [`csv_preview`] shows for `bytes`, in one transaction:
/// every new application with its contact (as the in-house recruiter to
/// write to), or, when anything fails, nothing.
pub fn csv_import(store: &mut impl Store, bytes: &[u8]) -> Result<CsvImported> {
    let preview = csv_preview(store, bytes)?;
    let skipped = preview.to_skip();
    let (applications, people) = store.write(|tx| {
        let mut applications = Vec::new();
        let mut people = Vec::new();
        // Contacts added by earlier rows, by email, so a recruiter on
        // several rows is one person.
        let mut added: HashMap<String, PersonId> = HashMap::new();
        for row in &preview.rows {
            let RowPlan::Add { proposal, contact_recorded } = row else { continue };
            let app = tx.add_application(&proposal.application)?;
            applications.push(app);
            if let Some(p) = &proposal.contact {
                let email = p.email.as_ref().map(|e| e.as_str().to_lowercase());
                let id = match (contact_recorded, email.as_ref().and_then(|e| added.get(e))) {
                    (Some(id), _) | (None, Some(id)) => *id,
                    (None, None) => {
                        let id = tx.add_person(p)?;
                        people.push(id);
                        if let Some(e) = email {
                            added.insert(e, id);
                        }
                        id
                    }
                };
                tx.involve(app, id, PersonRole::InHouseRecruiter)?;
            }
        }
        Ok((applications, people))
    })?;
    Ok(CsvImported { applications, people, skipped })
}
