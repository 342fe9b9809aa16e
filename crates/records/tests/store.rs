//! Records on a real file system: atomic writes that never overwrite, and reads that skip what is not a record, saying why.

mod common;

use common::*;
use presscheck_engine::Strategy;
use presscheck_records::record::{Mode, SCHEMA_VERSION};
use presscheck_records::store::{
    MAX_RECORD_BYTES, RecordError, read_record, read_records, write_record,
};
use std::collections::BTreeSet;
use std::fs;

#[test]
fn a_written_record_reads_back_equal() {
    let dir = tempfile::tempdir().unwrap();
    let record = model_record("t-0042");
    let path = write_record(dir.path(), &record).unwrap();

    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let id8 = &record.id.simple().to_string()[..8];
    assert_eq!(
        name,
        format!("20261102T090000Z-t-0042-unapproved-interview-{id8}.json")
    );
    assert_eq!(read_record(&path).unwrap(), record);

    let set = read_records(dir.path()).unwrap();
    assert_eq!(set.records.len(), 1);
    assert!(set.skipped.is_empty());
    assert_eq!(set.records[0].record, record);
    assert_eq!(set.records[0].path, path);
    // Nothing else is left behind: no temporary file.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_folder_is_created_and_names_are_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b/results");
    let mut record = model_record("x");
    record.trainee.id = "Ådå Qüill / ../../etc <b> ".repeat(5);
    let path = write_record(&nested, &record).unwrap();
    assert_eq!(path.parent().unwrap(), nested);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let trainee_part = name
        .strip_prefix("20261102T090000Z-")
        .and_then(|rest| rest.split("-unapproved-interview-").next())
        .unwrap();
    assert!(trainee_part.len() <= 40, "{trainee_part}");
    assert!(
        trainee_part
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{trainee_part}"
    );
    assert_eq!(read_record(&path).unwrap(), record);
}

#[test]
fn the_same_record_written_fifty_times_gives_fifty_files() {
    let dir = tempfile::tempdir().unwrap();
    let record = model_record("t-0042");
    let paths: Vec<_> = (0..50)
        .map(|_| write_record(dir.path(), &record).unwrap())
        .collect();
    let distinct: BTreeSet<_> = paths.iter().collect();
    assert_eq!(distinct.len(), 50);
    let stem = paths[0].file_stem().unwrap().to_string_lossy().into_owned();
    assert!(paths[1].ends_with(format!("{stem}-2.json")));
    assert!(paths[49].ends_with(format!("{stem}-50.json")));
    let set = read_records(dir.path()).unwrap();
    assert_eq!(set.records.len(), 50);
    assert!(set.records.iter().all(|r| r.record == record));
}

#[test]
fn writers_in_parallel_never_clobber_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let record = model_record("t-0042");
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..10 {
                    write_record(dir.path(), &record).unwrap();
                }
            });
        }
    });
    let set = read_records(dir.path()).unwrap();
    assert_eq!(set.records.len(), 40);
    assert!(set.skipped.is_empty());
}

#[test]
fn temporary_torn_and_foreign_files_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let record = model_record("t-0042");
    let good = write_record(d, &record).unwrap();
    let text = fs::read_to_string(&good).unwrap();

    // What a killed writer leaves: a hidden temporary file. Never read.
    fs::write(d.join(".record-abc123.tmp"), &text[..text.len() / 2]).unwrap();
    fs::write(d.join(".hidden.json"), "{").unwrap();
    // Not records by name: ignored without a word.
    fs::write(d.join("notes.txt"), "hello").unwrap();
    fs::create_dir(d.join("sub.json")).unwrap();
    // Named like records but broken: skipped with a reason.
    fs::write(d.join("torn.json"), &text[..text.len() / 2]).unwrap();
    fs::write(d.join("garbage.json"), "this is not json").unwrap();
    fs::write(d.join("empty.json"), "").unwrap();
    fs::write(d.join("binary.json"), [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    fs::write(
        d.join("extra-field.json"),
        text.replacen("\"schema\": 1,", "\"schema\": 1,\n  \"hacked\": true,", 1),
    )
    .unwrap();
    fs::write(
        d.join("newer.json"),
        text.replacen(
            "\"schema\": 1,",
            &format!("\"schema\": {},", SCHEMA_VERSION + 1),
            1,
        ),
    )
    .unwrap();
    let big = vec![b' '; MAX_RECORD_BYTES as usize + 10];
    fs::write(d.join("huge.json"), big).unwrap();

    let set = read_records(d).unwrap();
    assert_eq!(set.records.len(), 1, "only the good record counts");
    assert_eq!(set.records[0].path, good);
    let reasons: Vec<(String, String)> = set
        .skipped
        .iter()
        .map(|s| {
            (
                s.path.file_name().unwrap().to_string_lossy().into_owned(),
                s.reason.clone(),
            )
        })
        .collect();
    let names: Vec<&str> = reasons.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "binary.json",
            "empty.json",
            "extra-field.json",
            "garbage.json",
            "huge.json",
            "newer.json",
            "torn.json"
        ]
    );
    let reason = |name: &str| &reasons.iter().find(|(n, _)| n == name).unwrap().1;
    assert!(
        reason("torn.json").starts_with("line "),
        "{}",
        reason("torn.json")
    );
    assert!(
        reason("torn.json").contains("cut short"),
        "{}",
        reason("torn.json")
    );
    assert!(
        reason("garbage.json").starts_with("line 1, column "),
        "{}",
        reason("garbage.json")
    );
    assert!(reason("garbage.json").contains("not valid JSON"));
    assert!(
        reason("extra-field.json").contains("line 3, column"),
        "{}",
        reason("extra-field.json")
    );
    assert!(reason("extra-field.json").contains("unknown field `hacked`"));
    assert!(reason("newer.json").contains("newer"));
    assert!(reason("huge.json").contains("larger than 4 MiB"));
    assert!(reason("binary.json").contains("UTF-8"));
    assert!(reason("empty.json").contains("empty"));
}

#[test]
fn one_record_read_alone_explains_itself() {
    let dir = tempfile::tempdir().unwrap();
    let missing = read_record(&dir.path().join("nope.json")).unwrap_err();
    assert!(matches!(missing, RecordError::Io(_)));
    assert!(missing.to_string().starts_with("cannot read"));
    let p = dir.path().join("bad.json");
    fs::write(&p, "{\n  \"schema\": \"one\"\n}").unwrap();
    let e = read_record(&p).unwrap_err();
    assert!(matches!(e, RecordError::Invalid { line: 2, .. }), "{e:?}");
    assert!(e.to_string().contains("not a run record"), "{e}");
}

#[test]
fn an_unreadable_folder_is_the_only_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(read_records(&dir.path().join("missing")).is_err());
    let empty = read_records(dir.path()).unwrap();
    assert!(empty.records.is_empty() && empty.skipped.is_empty());
}

#[test]
fn records_are_sorted_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario("unapproved-interview");
    for (i, when) in [
        "2026-11-03T10:00:00Z",
        "2026-11-01T10:00:00Z",
        "2026-11-02T10:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        let r = abandon(
            &s,
            Strategy::Model,
            i as u64,
            2,
            context("t", Mode::Practice, None),
            at(when),
        );
        write_record(dir.path(), &r).unwrap();
    }
    let set = read_records(dir.path()).unwrap();
    let names: Vec<String> = set
        .records
        .iter()
        .map(|r| r.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names[0].starts_with("20261101T"));
}

#[cfg(unix)]
#[test]
fn records_are_readable_by_others_like_ordinary_files() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = write_record(dir.path(), &model_record("t")).unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    // An ordinary file shows what the umask allows; a record is 0644 within that
    // (a temporary file would be 0600 whatever the umask).
    let plain = dir.path().join("plain");
    fs::write(&plain, "x").unwrap();
    let umasked = fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644 & umasked, "{mode:o}");
}
