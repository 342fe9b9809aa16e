//! Writing a report folder: the page, the CSV files and the certificates, in parallel.

use super::csv::TABLES;
use super::model::{CERTIFICATES_DIR, Report};
use super::page::html;
use crate::certificate::page as certificate_page;
use crate::signing::{SignatureCheck, SigningKey, check_and_hash};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// Writes the certificates; stale pages from an earlier report into the same folder are removed,
/// so a record found edited since then does not keep its certificate.
fn write_certificates(
    report: &Report<'_>,
    dir: &Path,
    key: Option<&SigningKey>,
) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let written: Vec<Option<PathBuf>> = report
        .certificates
        .par_iter()
        .map(|c| {
            let (status, hash) = check_and_hash(key, c.record);
            // A record whose signature fails gets no certificate, even if the caller kept it.
            if status == Some(SignatureCheck::Invalid) {
                return Ok(None);
            }
            let path = dir.join(format!("{}.html", c.stem));
            std::fs::write(&path, certificate_page(c.record, status.as_ref(), &hash))?;
            Ok(Some(path))
        })
        .collect::<io::Result<_>>()?;
    let written: Vec<PathBuf> = written.into_iter().flatten().collect();
    let keep: BTreeSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let path = entry.path();
        let is_page = path.extension().is_some_and(|e| e == "html");
        if is_page && !keep.contains(path.as_path()) && entry.file_type().is_ok_and(|t| t.is_file())
        {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(written)
}

/// Writes `index.html`, the CSV files and the certificates into `out` (created if needed); returns every file written.
///
/// With a key, each certificate says whether the record's signature was
/// verified, and records whose signature does not match get none.
pub fn write(
    report: &Report<'_>,
    out: &Path,
    key: Option<&SigningKey>,
) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let index = out.join("index.html");
    let (page, csvs) = rayon::join(
        || std::fs::write(&index, html(report)),
        || {
            TABLES
                .par_iter()
                .map(|(name, f)| {
                    let p = out.join(name);
                    let mut file = std::io::BufWriter::new(std::fs::File::create(&p)?);
                    f(report, &mut file)?;
                    std::io::Write::flush(&mut file)?;
                    Ok(p)
                })
                .collect::<io::Result<Vec<PathBuf>>>()
        },
    );
    page?;
    let mut files = vec![index];
    files.extend(csvs?);
    files.extend(write_certificates(
        report,
        &out.join(CERTIFICATES_DIR),
        key,
    )?);
    Ok(files)
}
