//! Checks of materials and their items: ids unique across both, texts, news values, cues, catch chances and general wordings.

use super::checker::Checker;
use crate::diagnostics::Code;
use crate::limits::{MAX_COLUMNS, MAX_ITEMS, MAX_LIST, MAX_MATERIALS};
use crate::locate::Located;
use crate::model::{MaterialKind, ScenarioFile};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The ids materials and items define, for the reference checks.
pub(crate) struct Defined<'a> {
    pub(crate) items: BTreeMap<&'a str, (usize, usize)>,
    pub(crate) materials: BTreeSet<&'a str>,
    /// Ids defined more than once: reported once, where the second one is,
    /// and not again at every place that names them.
    pub(crate) duplicated: BTreeSet<&'a str>,
}

pub(crate) fn check<'a>(c: &mut Checker<'_>, file: &'a ScenarioFile) -> Defined<'a> {
    // Ids are unique across materials and items, so effects can name either.
    let mut seen: HashMap<&str, (String, Located)> = HashMap::new();
    let mut defined = Defined {
        items: BTreeMap::new(),
        materials: BTreeSet::new(),
        duplicated: BTreeSet::new(),
    };
    if file.materials.is_empty() {
        c.error(
            Code::EmptyList,
            "materials",
            "`materials` is empty; a scenario needs source material",
        );
    }
    c.list_len("materials", file.materials.len(), MAX_MATERIALS);
    let total_items: usize = file.materials.iter().map(|m| m.items.len()).sum();
    if total_items > MAX_ITEMS {
        c.error(
            Code::OverLimit,
            "materials",
            format!("the scenario has {total_items} items, more than the limit of {MAX_ITEMS}"),
        );
    }
    let mut duplicated = BTreeSet::new();
    let mut unique = |c: &mut Checker<'_>, path: String, id: &'a str| -> bool {
        if let Some((first, at)) = seen.get(id) {
            duplicated.insert(id);
            let d = c.error(
                Code::DuplicateId,
                &path,
                format!("duplicate id `{id}`; it is already used at {first}"),
            );
            Checker::hint(d, "ids must be unique across materials and items");
            d.add_label(*at, "first defined here");
            false
        } else {
            seen.insert(id, (c.position_text(&path), c.at(&path)));
            true
        }
    };
    for (m, material) in file.materials.iter().enumerate() {
        let mp = format!("materials[{m}]");
        c.id(&format!("{mp}.id"), &material.id);
        unique(c, format!("{mp}.id"), &material.id);
        defined.materials.insert(&material.id);
        c.text(&format!("{mp}.title"), &material.title, true);
        c.text(&format!("{mp}.source"), &material.source, false);
        c.text(&format!("{mp}.description"), &material.description, false);
        c.list_len(&format!("{mp}.markings"), material.markings.len(), MAX_LIST);
        for (k, marking) in material.markings.iter().enumerate() {
            c.text(&format!("{mp}.markings[{k}]"), marking, true);
        }
        if material.items.is_empty() {
            c.error(
                Code::EmptyList,
                &format!("{mp}.items"),
                "a material needs at least one item",
            );
        }
        let sheet = material.kind == MaterialKind::Spreadsheet;
        c.list_len(
            &format!("{mp}.columns"),
            material.columns.len(),
            MAX_COLUMNS,
        );
        for (k, column) in material.columns.iter().enumerate() {
            c.text(&format!("{mp}.columns[{k}]"), column, true);
        }
        if !sheet && !material.columns.is_empty() {
            let d = c.warning(
                Code::SheetFieldIgnored,
                &format!("{mp}.columns"),
                format!(
                    "material `{}` is of kind `{:?}`, not `Spreadsheet`: its `columns` are never shown",
                    material.id,
                    material.kind
                ),
            );
            Checker::hint(d, "write `kind: Spreadsheet`, or remove `columns`");
        }
        for (i, item) in material.items.iter().enumerate() {
            let ip = format!("{mp}.items[{i}]");
            c.id(&format!("{ip}.id"), &item.id);
            if unique(c, format!("{ip}.id"), &item.id) {
                defined.items.insert(&item.id, (m, i));
            }
            c.text(&format!("{ip}.text"), &item.text, true);
            c.text(&format!("{ip}.explanation"), &item.explanation, true);
            if item.newsworthiness > 10 {
                c.error(
                    Code::OutOfRange,
                    &format!("{ip}.newsworthiness"),
                    format!(
                        "`newsworthiness` is {}, outside 0 to 10",
                        item.newsworthiness
                    ),
                );
            }
            c.list_len(&format!("{ip}.cells"), item.cells.len(), MAX_COLUMNS);
            for (k, cell) in item.cells.iter().enumerate() {
                c.text(&format!("{ip}.cells[{k}]"), cell, false);
            }
            if !item.cells.is_empty() {
                if !sheet {
                    let d = c.warning(
                        Code::SheetFieldIgnored,
                        &format!("{ip}.cells"),
                        format!(
                            "item `{}` has `cells`, but its material is of kind `{:?}`, not `Spreadsheet`: they are never shown",
                            item.id,
                            material.kind
                        ),
                    );
                    Checker::hint(
                        d,
                        "write `kind: Spreadsheet` on the material, or remove `cells`",
                    );
                } else if !material.columns.is_empty() && item.cells.len() != material.columns.len()
                {
                    c.warning(
                        Code::SheetFieldIgnored,
                        &format!("{ip}.cells"),
                        format!(
                            "item `{}` has {} cell{} but its sheet has {} column{}",
                            item.id,
                            item.cells.len(),
                            if item.cells.len() == 1 { "" } else { "s" },
                            material.columns.len(),
                            if material.columns.len() == 1 { "" } else { "s" },
                        ),
                    );
                }
            }
            c.list_len(&format!("{ip}.cues"), item.cues.len(), MAX_LIST);
            for (k, cue) in item.cues.iter().enumerate() {
                c.text(&format!("{ip}.cues[{k}]"), cue, true);
            }
            if item.classification.is_sensitive() && item.cues.is_empty() {
                let d = c.warning(
                    Code::NoCues,
                    &format!("{ip}.cues"),
                    format!(
                        "item `{}` is {} but has no cues; a careful reader has nothing to notice",
                        item.id,
                        item.classification.label()
                    ),
                );
                Checker::hint(d, "add the marking, stamp or detail that gives it away");
            }
            if let Some(chance) = item.catch_chance {
                c.fraction(&format!("{ip}.catch_chance"), chance);
            }
            if let Some(g) = &item.generalised {
                let gp = format!("{ip}.generalised");
                c.text(&format!("{gp}.text"), &g.text, true);
                if g.newsworthiness > 10 {
                    c.error(
                        Code::OutOfRange,
                        &format!("{gp}.newsworthiness"),
                        format!("`newsworthiness` is {}, outside 0 to 10", g.newsworthiness),
                    );
                }
                if g.classification > item.classification {
                    c.error(
                        Code::GeneralisedHigher,
                        &format!("{gp}.classification"),
                        "the generalised wording is classified higher than the item itself",
                    );
                }
            }
        }
    }
    defined.duplicated = duplicated;
    defined
}
