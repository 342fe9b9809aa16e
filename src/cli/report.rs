//! `presscheck report DIR --out FOLDER`: the class report (HTML and CSV) and certificates; `presscheck certificate RECORD`.

use super::EXIT_USAGE;
use super::results::{TrustArgs, signing_key, trusted_records};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The results folder.
    pub dir: PathBuf,
    /// Folder to write `index.html`, the CSV files and `certificates/` into.
    #[arg(long, value_name = "FOLDER")]
    pub out: PathBuf,
    #[command(flatten)]
    pub trust: TrustArgs,
}

#[derive(Debug, Args)]
pub struct CertificateArgs {
    /// The record of a passed, assessed run.
    pub record: PathBuf,
    /// Where to write the certificate page (HTML).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The signing key file (default: $PRESSCHECK_SIGNING_KEY or $PRESSCHECK_SIGNING_KEY_FILE).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

pub fn run(args: ReportArgs) -> ExitCode {
    let started = std::time::Instant::now();
    let (set, key) = match trusted_records(&args.dir, &args.trust) {
        Ok(x) => x,
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let report = presscheck_records::report::build(&set);
    match presscheck_records::report::write(&report, &args.out, key.as_ref()) {
        Ok(files) => {
            let certificates = files
                .iter()
                .filter(|f| f.parent().is_some_and(|p| p.ends_with("certificates")))
                .count();
            println!(
                "report: {} records ({} skipped) → {} ({} files, {certificates} certificates) in {:.2} s",
                set.records.len(),
                set.skipped.len(),
                args.out.join("index.html").display(),
                files.len(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: error: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}

pub fn certificate(args: CertificateArgs) -> ExitCode {
    let key = match signing_key(args.key_file.as_deref()) {
        Ok(k) => k,
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let record = match presscheck_records::store::read_record(&args.record) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: error: {e}", args.record.display());
            return ExitCode::FAILURE;
        }
    };
    let html = match presscheck_records::report::certificate(&record, key.as_ref()) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{}: no certificate: {e}", args.record.display());
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&args.out, html) {
        eprintln!("{}: error: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    println!("certificate: {}", args.out.display());
    ExitCode::SUCCESS
}
