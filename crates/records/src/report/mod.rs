//! The class report: numbers per scenario, trainee, item, stage and day, written as one offline HTML page, CSV files and certificates.
//!
//! [`build`] aggregates a [`RecordSet`](crate::store::RecordSet) into a [`Report`] that borrows the
//! records (nothing is copied, so 100,000 records stay cheap); [`write()`] puts
//! into a folder:
//!
//! - `index.html`: one self-contained page (inline CSS, charts as inline SVG,
//!   no scripts, fonts or images), readable on screen and printable;
//! - `runs.csv`, `trainees.csv`, `scenarios.csv`, `item-leaks.csv`,
//!   `choices.csv`, `over-time.csv`;
//! - `certificates/<record file stem>.html` for every passed assessed run.
//!
//! Text from records (trainee ids and names, session codes) is user input: it
//! is escaped in HTML, and CSV cells that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`.
//!
//! [`model`] holds the numbers, `aggregate` counts them, `csv`, `page` and
//! `chart` present them, and `write` puts the folder together.

mod aggregate;
mod chart;
mod csv;
pub mod model;
mod page;
mod write;

pub use crate::certificate::{NotEligible, certificate};
pub use crate::html::escape;
pub use aggregate::build;
pub use csv::table as csv_table;
pub use model::*;
pub use page::html;
pub use write::write;
