//! Records on a real file system: atomic writes that never overwrite, and reads that skip what is not a record, saying why.

mod common;

use common::*;
use presscheck_engine::Strategy;
use presscheck_records::record::{Mode, SCHEMA_VERSION};
use presscheck_records::store::{
    MAX_RECORD_BYTES, RecordError, amend_record, read_record, read_records, write_record,
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

/// Makes a file look as old as a killed writer's would be by the next run.
fn age(path: &std::path::Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(past)
        .unwrap();
}

#[test]
fn the_next_write_recovers_what_killed_writers_left() {
    use presscheck_records::store::recover_interrupted;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let kept = model_record("t-kept");
    let kept_text = serde_json::to_string_pretty(&kept).unwrap();
    let lost = model_record("t-lost");
    let lost_text = serde_json::to_string_pretty(&lost).unwrap();
    write_record(d, &kept).unwrap();
    // Killed after writing it all but before naming it; after naming it (a copy of one in place);
    // half way; and one whose writer is still at work (it holds the lock).
    fs::write(d.join(".record-whole.tmp"), &lost_text).unwrap();
    fs::write(d.join(".record-named.tmp"), &kept_text).unwrap();
    fs::write(
        d.join(".record-torn.tmp"),
        &lost_text[..lost_text.len() / 2],
    )
    .unwrap();
    fs::write(d.join(".record-busy.tmp"), &lost_text[..10]).unwrap();
    fs::write(d.join(".record-young.tmp"), &lost_text[..10]).unwrap();
    for name in [
        ".record-whole.tmp",
        ".record-named.tmp",
        ".record-torn.tmp",
        ".record-busy.tmp",
    ] {
        age(&d.join(name));
    }
    let busy = fs::File::open(d.join(".record-busy.tmp")).unwrap();
    busy.lock().unwrap();

    let before = read_records(d).unwrap();
    assert!(
        before
            .notes
            .iter()
            .any(|n| n.contains("5 write(s) were interrupted")),
        "{:?}",
        before.notes
    );
    let recovered = recover_interrupted(d).unwrap();
    assert_eq!(recovered.restored.len(), 1);
    assert_eq!(
        recovered.removed, 2,
        "the torn one and the one already in place"
    );
    assert_eq!(read_record(&recovered.restored[0]).unwrap(), lost);
    // The working writer's file and a file too young to judge are left alone.
    assert!(d.join(".record-busy.tmp").exists());
    assert!(d.join(".record-young.tmp").exists());
    let after = read_records(d).unwrap();
    let mut ids: Vec<_> = after.records.iter().map(|r| r.record.id).collect();
    ids.sort();
    let mut want = vec![kept.id, lost.id];
    want.sort();
    assert_eq!(ids, want, "each run once");
    drop(busy);
}

#[test]
fn a_record_sink_recovers_before_its_first_write() {
    let dir = tempfile::tempdir().unwrap();
    let lost = model_record("t-lost");
    let tmp = dir.path().join(".record-abc.tmp");
    fs::write(&tmp, serde_json::to_string_pretty(&lost).unwrap()).unwrap();
    age(&tmp);
    let sink = presscheck_records::RecordSink::new(dir.path().to_path_buf(), None);
    sink.write(model_record("t-new")).unwrap();
    assert!(!tmp.exists());
    let set = read_records(dir.path()).unwrap();
    assert_eq!(set.records.len(), 2);
    assert!(set.notes.is_empty(), "{:?}", set.notes);
}

#[cfg(unix)]
#[test]
fn pipes_links_and_marks_are_handled_where_records_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let record = model_record("t-0042");
    let path = write_record(d, &record).unwrap();
    // A pipe named like a record: named as one, never opened to wait on.
    let fifo = d.join("pipe.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let e = read_record(&fifo).unwrap_err();
    assert_eq!(e.to_string(), "a pipe (FIFO), not a regular file");
    // Links: to the folder itself (a loop) and to the record (the same file again).
    std::os::unix::fs::symlink(".", d.join("loop.json")).unwrap();
    std::os::unix::fs::symlink(&path, d.join("again.json")).unwrap();
    let set = read_records(d).unwrap();
    assert_eq!(set.records.len(), 1, "{:?}", set.records);
    assert_eq!(set.skipped.len(), 1);
    assert!(
        set.notes.iter().any(|n| n.contains("the same file")),
        "{:?}",
        set.notes
    );
    // A byte order mark before the JSON.
    let mut marked = b"\xEF\xBB\xBF".to_vec();
    marked.extend(fs::read(&path).unwrap());
    fs::write(&path, marked).unwrap();
    assert_eq!(read_record(&path).unwrap(), record);
    // A key file that is a pipe.
    let key = d.join("key");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&key)
            .status()
            .unwrap()
            .success()
    );
    let e = presscheck_records::SigningKey::from_file(&key).unwrap_err();
    assert!(e.to_string().contains("pipe"), "{e}");
}

#[test]
fn a_record_is_amended_in_place_only_by_a_later_form_of_the_same_run() {
    use presscheck_records::store::recover_interrupted;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = scenario("unapproved-interview");
    let ctx = || context("t-amend", Mode::Practice, None);
    let started = at("2026-11-02T09:00:00Z");
    let first = play(&s, Strategy::PublishAll, 4, ctx(), started);
    let path = write_record(d, &first).unwrap();
    let mut later = first.clone();
    later.result.as_mut().unwrap().usual =
        play_with_replays(&s, Strategy::PublishAll, 4, ctx(), started, 50)
            .result
            .unwrap()
            .usual;
    assert!(later.result.as_ref().unwrap().usual.is_some());
    amend_record(&path, &later).unwrap();
    assert_eq!(read_record(&path).unwrap(), later);

    // Another run's record never takes this file's place.
    let other = play(&s, Strategy::Model, 5, ctx(), started);
    let err = amend_record(&path, &other).unwrap_err();
    assert!(err.to_string().contains("not run"), "{err}");
    assert_eq!(read_record(&path).unwrap(), later);

    // An amend killed before its rename leaves a temporary file of a run the
    // folder has: recovery removes it and makes no second record.
    let stale = d.join(".record-amend.tmp");
    fs::write(&stale, serde_json::to_string_pretty(&first).unwrap()).unwrap();
    age(&stale);
    let recovered = recover_interrupted(d).unwrap();
    assert_eq!((recovered.restored.len(), recovered.removed), (0, 1));
    let set = read_records(d).unwrap();
    assert_eq!(set.records.len(), 1);
    assert_eq!(set.records[0].record, later);
}
