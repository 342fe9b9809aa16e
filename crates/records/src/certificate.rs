//! Certificates: a printable, self-contained page (A4 landscape) for a passed assessed run.
//!
//! The page shows who passed what, with which score and when, and the record
//! id and record hash ([`record_hash`]) so a certificate can be traced back to
//! its record and the record checked with `presscheck verify`.

use crate::html::{escape, score_pct};
use crate::record::{Mode, Record, Status};
use crate::signing::{SignatureCheck, SigningKey, check_and_hash, record_hash};
use jiff::tz::TimeZone;

/// Why a record earns no certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotEligible {
    /// The run was abandoned (or carries no result).
    #[error("the run was not finished")]
    NotFinished,
    /// The run did not pass.
    #[error("the run did not pass")]
    NotPassed,
    /// A practice run; only assessed runs earn certificates.
    #[error("a practice run earns no certificate; only assessed runs do")]
    Practice,
    /// The record was changed after it was signed.
    #[error("the record was changed after it was signed (its signature does not match)")]
    SignatureMismatch,
}

/// Whether a record earns a certificate: finished, passed and assessed.
pub fn eligible(record: &Record) -> Result<(), NotEligible> {
    let Some(result) = &record.result else {
        return Err(NotEligible::NotFinished);
    };
    if record.status != Status::Finished {
        return Err(NotEligible::NotFinished);
    }
    if !result.passed {
        return Err(NotEligible::NotPassed);
    }
    if record.mode != Mode::Assessed {
        return Err(NotEligible::Practice);
    }
    Ok(())
}

/// The certificate page of a passed assessed run; with a key, its signature is checked and printed on the page.
pub fn certificate(record: &Record, key: Option<&SigningKey>) -> Result<String, NotEligible> {
    eligible(record)?;
    let (status, hash) = check_and_hash(key, record);
    if status == Some(SignatureCheck::Invalid) {
        return Err(NotEligible::SignatureMismatch);
    }
    Ok(page(record, status.as_ref(), &hash))
}

/// What the page says about the signature; `None` when no key was at hand to check it.
fn signature_line(record: &Record, status: Option<&SignatureCheck>) -> String {
    let key_id = record
        .signature
        .as_ref()
        .map(|s| s.key_id.as_str())
        .unwrap_or("");
    match status {
        Some(SignatureCheck::Valid) => format!(
            "Signature verified (HMAC-SHA256, key {key_id}): the record is unchanged since it was written."
        ),
        Some(SignatureCheck::Unsigned) => "The record is not signed.".to_string(),
        Some(SignatureCheck::Invalid) => {
            "WARNING: the record's signature does not match; it was changed after it was written."
                .to_string()
        }
        Some(SignatureCheck::DifferentKey { key_id }) => format!(
            "Signed with key {key_id}, which was not the key at hand: the signature was not checked."
        ),
        None if record.signature.is_some() => {
            format!("Signed with key {key_id}; the signature was not checked (no key was given).")
        }
        None => "The record is not signed; no key was given.".to_string(),
    }
}

const STYLE: &str = "@page{size:A4 landscape;margin:0}
*{box-sizing:border-box}
html,body{margin:0;padding:0;background:#e9ecef;color:#1d232a}
body{font-family:Georgia,'Times New Roman',serif}
.sheet{width:297mm;height:210mm;margin:1.5rem auto;padding:14mm;background:#fff;box-shadow:0 2px 12px rgba(0,0,0,.2);overflow:hidden}
.frame{height:100%;border:5px double #2f5d7c;padding:11mm 18mm;display:flex;flex-direction:column;align-items:center;text-align:center}
.org{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;letter-spacing:.2em;text-transform:uppercase;font-size:10pt;color:#2f5d7c;margin:0}
h1{font-size:30pt;letter-spacing:.06em;margin:6mm 0 5mm;font-weight:normal}
p{margin:1.6mm 0;font-size:13pt}
.name{font-size:26pt;font-weight:bold;margin:3mm 0}
.scenario{font-size:18pt;font-weight:bold;margin:2mm 0}
.muted{color:#5f6b76;font-weight:normal}
.score{font-size:15pt}
.details{margin-top:auto;width:100%;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:8.5pt;color:#39434d;text-align:left;border-top:1px solid #cfd6dd;padding-top:3mm}
.details dl{display:grid;grid-template-columns:max-content 1fr;gap:.6mm 4mm;margin:0}
.details dt{font-weight:600}.details dd{margin:0;word-break:break-all;font-family:ui-monospace,'DejaVu Sans Mono',monospace}
@media print{html,body{background:#fff}.sheet{margin:0;box-shadow:none;page-break-after:always}}";

/// The certificate page of `record`, whatever its eligibility; `status` is the signature check, if one was made.
pub fn html(record: &Record, status: Option<&SignatureCheck>) -> String {
    page(record, status, &record_hash(record))
}

/// The page, with the record hash already computed.
pub(crate) fn page(record: &Record, status: Option<&SignatureCheck>, hash: &str) -> String {
    let score = record.result.as_ref().map_or(0.0, |r| r.score);
    let pass_mark = record
        .result
        .as_ref()
        .map_or(record.scenario.pass_mark, |r| r.pass_mark);
    let name = if record.trainee.name.trim().is_empty() {
        &record.trainee.id
    } else {
        &record.trainee.name
    };
    let date = record
        .ended_at
        .to_zoned(TimeZone::UTC)
        .strftime("%-d %B %Y")
        .to_string();
    let session = match &record.session {
        Some(code) => format!("<p>in class session <b>{}</b></p>", escape(code)),
        None => String::new(),
    };
    format!(
        "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">
<title>Certificate: {name} passed {title}</title><style>{STYLE}</style></head>
<body><main class=\"sheet\"><div class=\"frame\">
<p class=\"org\">Press Check · confidentiality review before publication</p>
<h1>Certificate of achievement</h1>
<p>This certifies that</p>
<p class=\"name\">{name}</p>
<p>passed the assessed scenario</p>
<p class=\"scenario\">{title} <span class=\"muted\">version {version}</span></p>
<p class=\"score\">with a score of <b>{score}</b> (pass mark {mark})</p>
<p>on <b>{date}</b></p>
{session}
<div class=\"details\"><dl>
<dt>Trainee id</dt><dd>{trainee_id}</dd>
<dt>Record id</dt><dd>{record_id}</dd>
<dt>Record hash</dt><dd>{hash}</dd>
<dt>Signature</dt><dd style=\"font-family:inherit;word-break:normal\">{signature}</dd>
</dl></div>
</div></main></body></html>
",
        name = escape(name),
        title = escape(&record.scenario.title),
        version = escape(&record.scenario.version),
        score = score_pct(score),
        mark = score_pct(pass_mark),
        trainee_id = escape(&record.trainee.id),
        record_id = record.id.hyphenated(),
        hash = hash,
        signature = escape(&signature_line(record, status)),
    )
}
