//! One material on the browser desk, in the form its kind calls for: a page, a photo with captions, a sheet of rows, a recording's transcript, a post.

use maud::{Markup, html};
use presscheck_engine::desk_form::DeskForm;
use presscheck_engine::model::{Item, Material};

/// The material as an `article`, classed by its form so the style sheet can draw it.
pub fn card(material: &Material) -> Markup {
    let form = material.kind.form();
    let class = match form {
        DeskForm::Paper => "document",
        DeskForm::Photo => "document photo",
        DeskForm::Sheet => "document sheet",
        DeskForm::Recording => "document recording",
        DeskForm::Post => "document post",
    };
    html! {
        article class=(class) {
            @if form == DeskForm::Post {
                div.post-head {
                    span.avatar aria-hidden="true" {}
                    div {
                        strong { @if material.source.is_empty() { (material.title) } @else { (material.source) } }
                        div.source { (material.kind.heading()) " · " (material.title) }
                    }
                }
            } @else {
                h3 { (material.kind.heading()) " · " (material.title) }
                @if !material.source.is_empty() { div.source { (material.source) } }
            }
            @if !material.markings.is_empty() {
                div.stamps { @for m in &material.markings { span.stamp { (m) } } }
            }
            @match form {
                DeskForm::Photo => {
                    figure.print {
                        div.frame role="img" aria-label=(shows(material)) { span { "[ photograph ] " (shows(material)) } }
                        figcaption { ul { @for item in &material.items { li { "Caption: " (item.text) (cues(item)) } } } }
                    }
                }
                DeskForm::Sheet => {
                    @if !material.description.is_empty() { p.source { (material.description) } }
                    table {
                        @if !material.columns.is_empty() {
                            thead { tr { @for c in &material.columns { th scope="col" { (c) } } } }
                        }
                        tbody {
                            @for item in &material.items {
                                tr { @for value in item.row() { td { (value) } } }
                                @if !item.cues.is_empty() {
                                    tr.cues { td colspan=(item.row().len().max(material.columns.len())) { (cues(item)) } }
                                }
                            }
                        }
                    }
                }
                DeskForm::Recording => {
                    div.strip aria-hidden="true" { span.rec { "REC" } @if !material.description.is_empty() { " " (material.description) } }
                    ol.transcript { @for item in &material.items { li { "\u{201c}" (item.text) "\u{201d}" (cues(item)) } } }
                }
                DeskForm::Paper | DeskForm::Post => {
                    @if !material.description.is_empty() { p.source { (material.description) } }
                    ul { @for item in &material.items { li { (item.text) (cues(item)) } } }
                }
            }
        }
    }
}

/// What a photo shows: its description, or its title.
fn shows(material: &Material) -> &str {
    if material.description.is_empty() {
        &material.title
    } else {
        &material.description
    }
}

/// The margin notes a careful reader can spot on an item.
fn cues(item: &Item) -> Markup {
    html! { @for cue in &item.cues { span.margin-note { "margin: " (cue) } } }
}

#[cfg(test)]
mod tests {
    use super::card;

    fn material(scenario: &[u8], id: &str) -> presscheck_engine::model::Material {
        let s = presscheck_engine::load(scenario).expect("valid").scenario;
        let m = s.material_ix(id).expect("material");
        s.file.materials[m].clone()
    }

    #[test]
    fn a_sheet_is_a_table_of_its_columns_and_cells_and_a_recording_a_transcript() {
        let sheet = card(&material(
            include_bytes!("../../../../scenarios/unapproved-interview.ron"),
            "trial-summary",
        ))
        .into_string();
        for expected in [
            r#"<article class="document sheet">"#,
            r#"<th scope="col">Arrangement</th>"#,
            "<td>Trial site</td><td>Skarrow Point range, hangar 4</td>",
            r#"<span class="margin-note">margin: A pencilled grid reference next to the site name</span>"#,
        ] {
            assert!(sheet.contains(expected), "{expected} not in {sheet}");
        }
        // The story's sentence is not what the sheet shows.
        assert!(!sheet.contains("Trials take place at the Skarrow Point range"));
        let recording = card(&material(
            include_bytes!("../../../../scenarios/inspection-footage.ron"),
            "engineer-call",
        ))
        .into_string();
        assert!(recording.contains(r#"<article class="document recording">"#));
        assert!(
            recording.contains(r#"<ol class="transcript"><li>“Field trials of the new vehicle"#),
            "{recording}"
        );
    }

    #[test]
    fn every_text_of_a_post_is_escaped() {
        let mut m = material(
            include_bytes!("../../../../scenarios/unapproved-interview.ron"),
            "trial-summary",
        );
        m.kind = presscheck_engine::model::MaterialKind::SocialPost;
        m.source = "<script>alert(1)</script>".into();
        let html = card(&m).into_string();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>"));
        assert!(html.contains(r#"<span class="avatar" aria-hidden="true">"#));
    }
}
