//! How the desk lays out each kind of material, the same in the game, the terminal and the browser.

use crate::model::{Item, MaterialKind};

/// How the desk lays a material out, in every front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskForm {
    /// A page: title, stamps, then the items as paragraphs.
    Paper,
    /// A photo frame showing the description, the items as captions under it.
    Photo,
    /// A table: a header of columns, a row per item.
    Sheet,
    /// A player's strip, the items as transcript lines.
    Recording,
    /// A post: the account, the items as the post's text.
    Post,
}

impl MaterialKind {
    /// How the desk shows a material of this kind.
    pub fn form(self) -> DeskForm {
        match self {
            MaterialKind::Document
            | MaterialKind::Disc
            | MaterialKind::Footage
            | MaterialKind::InterviewRequest
            | MaterialKind::Notes => DeskForm::Paper,
            MaterialKind::Photo => DeskForm::Photo,
            MaterialKind::Spreadsheet => DeskForm::Sheet,
            MaterialKind::Recording => DeskForm::Recording,
            MaterialKind::SocialPost => DeskForm::Post,
        }
    }
}

impl Item {
    /// The item as a spreadsheet row: its `cells`, or its text in one cell when it has none.
    pub fn row(&self) -> Vec<&str> {
        if self.cells.is_empty() {
            vec![self.text.as_str()]
        } else {
            self.cells.iter().map(String::as_str).collect()
        }
    }
}
