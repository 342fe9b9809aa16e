//! Signing and verifying on a real file system: valid, edited, unsigned, other keys; keys from the environment and files.

mod common;

use common::*;
use presscheck_engine::Strategy;
use presscheck_records::record::{Mode, Record};
use presscheck_records::signing::{
    KEY_ENV, KEY_FILE_ENV, KeyError, SignatureCheck, SigningKey, canonical_bytes, check,
    record_hash, sign,
};
use presscheck_records::store::{read_record, read_records, write_record};
use presscheck_records::verify::{Summary, VerdictStatus, verify};
use proptest::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn key() -> SigningKey {
    SigningKey::from_bytes(b"trainer's shared secret").unwrap()
}

fn signed_model() -> Record {
    let mut r = model_record("t-0042");
    sign(&key(), &mut r);
    r
}

/// Verifies a folder holding one record file and returns its verdict.
fn verdict_of(text: &str) -> VerdictStatus {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("r.json"), text).unwrap();
    let set = read_records(dir.path()).unwrap();
    let v = verify(&set, &key());
    assert_eq!(v.len(), 1);
    v[0].status.clone()
}

#[test]
fn a_signed_record_verifies() {
    let r = signed_model();
    let sig = r.signature.as_ref().unwrap();
    assert_eq!(sig.algorithm, "HMAC-SHA256");
    assert_eq!(sig.key_id, key().key_id());
    assert_eq!(sig.value.len(), 64);
    assert_eq!(check(&key(), &r), SignatureCheck::Valid);

    let dir = tempfile::tempdir().unwrap();
    let path = write_record(dir.path(), &r).unwrap();
    assert_eq!(
        check(&key(), &read_record(&path).unwrap()),
        SignatureCheck::Valid
    );
    let set = read_records(dir.path()).unwrap();
    assert_eq!(verify(&set, &key())[0].status, VerdictStatus::Valid);
}

#[test]
fn reformatting_or_reordering_keeps_the_signature() {
    let r = signed_model();
    let compact = serde_json::to_string(&r).unwrap();
    assert_eq!(verdict_of(&compact), VerdictStatus::Valid);
    // Sorted through a `Value`: another field order than the struct's.
    let value = sorted(serde_json::to_value(&r).unwrap());
    let reordered = serde_json::to_string_pretty(&value).unwrap();
    assert_ne!(reordered, serde_json::to_string_pretty(&r).unwrap());
    assert_eq!(verdict_of(&reordered), VerdictStatus::Valid);
    let tabs = serde_json::to_string_pretty(&r)
        .unwrap()
        .replace("  ", "\t");
    assert_eq!(verdict_of(&tabs), VerdictStatus::Valid);
}

#[test]
fn the_canonical_form_is_sorted_compact_and_ignores_the_signature() {
    let unsigned = model_record("t-0042");
    let mut signed = unsigned.clone();
    sign(&key(), &mut signed);
    let bytes = canonical_bytes(&signed);
    assert_eq!(bytes, canonical_bytes(&unsigned));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("{\"decisions\":["), "{}", &text[..40]);
    assert!(text.contains("\"signature\":null"));
    // Sorted through a `Value` and written by serde_json's compact writer, which
    // adds no whitespace: the same bytes come out.
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&sorted(value)).unwrap(), text);
    assert!(!text.contains('\n'));
    // The record hash covers the signature too.
    assert_ne!(record_hash(&signed), record_hash(&unsigned));
    assert_eq!(record_hash(&signed).len(), 64);
}

/// The canonical form by its definition: through a `serde_json::Value` with every map sorted, written compactly.
fn reference_canonical(r: &Record) -> Vec<u8> {
    let mut v = serde_json::to_value(r).unwrap();
    v["signature"] = Value::Null;
    serde_json::to_vec(&sorted(v)).unwrap()
}

/// `v` with every object's keys in order: sorted explicitly, because a test
/// dependency (the WebDriver client) turns on serde_json's `preserve_order`.
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[test]
fn the_canonical_form_matches_its_definition_on_real_runs() {
    for name in [
        "unapproved-interview",
        "cd-of-materials",
        "inspection-footage",
    ] {
        let s = scenario(name);
        for (i, strategy) in Strategy::ALL.into_iter().enumerate() {
            let mut r = play(
                &s,
                strategy,
                i as u64,
                context("t", Mode::Assessed, Some("c")),
                at("2026-11-02T09:00:00Z"),
            );
            assert_eq!(
                canonical_bytes(&r),
                reference_canonical(&r),
                "{name} {strategy:?}"
            );
            sign(&key(), &mut r);
            assert_eq!(
                canonical_bytes(&r),
                reference_canonical(&r),
                "{name} {strategy:?} signed"
            );
            // The record hash covers the signature: the whole record, canonically.
            let whole = serde_json::to_vec(&sorted(serde_json::to_value(&r).unwrap())).unwrap();
            let hash = hex_sha256(&whole);
            assert_eq!(record_hash(&r), hash);
        }
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Replaces the first match of `from` in the text (which must be there).
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} not in the record");
    text.replacen(from, to, 1)
}

#[test]
fn editing_the_score_or_the_verdict_in_the_file_is_detected() {
    let r = signed_model();
    let text = serde_json::to_string_pretty(&r).unwrap();
    let score = r.result.as_ref().unwrap().score;
    let json = |x: f64| serde_json::to_string(&x).unwrap();
    let shown = format!("\"score\": {}", json(score));
    let lower = format!("\"score\": {}", json(score - 0.5));
    assert_eq!(
        verdict_of(&edit(&text, &shown, &lower)),
        VerdictStatus::Tampered
    );

    // A failing run that claims to pass.
    let s = scenario("unapproved-interview");
    let mut failed = play(
        &s,
        Strategy::PublishAll,
        3,
        context("t-0043", Mode::Assessed, None),
        at("2026-11-02T10:00:00Z"),
    );
    assert!(!failed.result.as_ref().unwrap().passed);
    sign(&key(), &mut failed);
    let text = serde_json::to_string_pretty(&failed).unwrap();
    assert_eq!(verdict_of(&text), VerdictStatus::Valid);
    assert_eq!(
        verdict_of(&edit(&text, "\"passed\": false", "\"passed\": true")),
        VerdictStatus::Tampered
    );
    let score = failed.result.as_ref().unwrap().score;
    let digits = json(score);
    // Change one digit of the score: e.g. 0.42 → 0.92.
    let pos = digits.find('.').unwrap() + 1;
    let mut changed = digits.clone().into_bytes();
    changed[pos] = if changed[pos] == b'9' { b'1' } else { b'9' };
    let changed = String::from_utf8(changed).unwrap();
    assert_eq!(
        verdict_of(&edit(
            &text,
            &format!("\"score\": {digits}"),
            &format!("\"score\": {changed}")
        )),
        VerdictStatus::Tampered
    );
}

/// Every leaf of a JSON value, with a way to change it.
fn leaves(value: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let mut p = path.clone();
                p.push(k.clone());
                leaves(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = path.clone();
                p.push(i.to_string());
                leaves(v, p, out);
            }
        }
        _ => out.push(path),
    }
}

fn leaf_mut<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, k| match v {
        Value::Object(m) => m.get_mut(k).unwrap(),
        Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
        _ => unreachable!(),
    })
}

#[test]
fn changing_any_field_breaks_the_signature() {
    let r = signed_model();
    let original = serde_json::to_value(&r).unwrap();
    let mut paths = Vec::new();
    leaves(&original, Vec::new(), &mut paths);
    let mut checked = 0;
    for path in paths.iter().filter(|p| p[0] != "signature") {
        let mut v = original.clone();
        let leaf = leaf_mut(&mut v, path);
        *leaf = match leaf {
            Value::String(s) => Value::String(format!("{s}x")),
            Value::Bool(b) => Value::Bool(!*b),
            Value::Number(n) if n.is_u64() => Value::from(n.as_u64().unwrap() + 1),
            Value::Number(n) => Value::from(n.as_f64().unwrap() + 0.25),
            _ => continue,
        };
        let Ok(edited) = serde_json::from_value::<Record>(v) else {
            // An edit that makes it no record at all is refused on reading.
            continue;
        };
        assert_eq!(
            check(&key(), &edited),
            SignatureCheck::Invalid,
            "changing {} went unnoticed",
            path.join(".")
        );
        checked += 1;
    }
    assert!(checked > 50, "only {checked} fields checked");
}

#[test]
fn unsigned_other_key_and_forged_signatures_are_told_apart() {
    let unsigned = model_record("t-0042");
    assert_eq!(check(&key(), &unsigned), SignatureCheck::Unsigned);

    let other = SigningKey::from_bytes(b"another classroom").unwrap();
    let mut theirs = model_record("t-0042");
    sign(&other, &mut theirs);
    assert_eq!(
        check(&key(), &theirs),
        SignatureCheck::DifferentKey {
            key_id: other.key_id()
        }
    );

    // Someone copies our key id onto a record signed with another key.
    let mut forged = theirs.clone();
    forged.signature.as_mut().unwrap().key_id = key().key_id();
    assert_eq!(check(&key(), &forged), SignatureCheck::Invalid);
    // Or writes nonsense into the MAC.
    let mut junk = signed_model();
    junk.signature.as_mut().unwrap().value = "zz".into();
    assert_eq!(check(&key(), &junk), SignatureCheck::Invalid);
    let mut short = signed_model();
    short.signature.as_mut().unwrap().value.truncate(32);
    assert_eq!(check(&key(), &short), SignatureCheck::Invalid);
    let mut algo = signed_model();
    algo.signature.as_mut().unwrap().algorithm = "none".into();
    assert_eq!(check(&key(), &algo), SignatureCheck::Invalid);
}

#[test]
fn verify_a_folder_of_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_record(d, &signed_model()).unwrap();
    write_record(d, &signed_model()).unwrap();
    write_record(d, &model_record("u")).unwrap();
    let mut theirs = model_record("o");
    sign(&SigningKey::from_bytes(b"x").unwrap(), &mut theirs);
    write_record(d, &theirs).unwrap();
    let tampered = serde_json::to_string_pretty(&signed_model())
        .unwrap()
        .replacen("\"t-0042\"", "\"t-0099\"", 1);
    fs::write(d.join("zz-edited.json"), tampered).unwrap();
    fs::write(d.join("zz-torn.json"), "{\"schema\": 1,").unwrap();

    let set = read_records(d).unwrap();
    let verdicts = verify(&set, &key());
    let summary = Summary::of(&verdicts);
    assert_eq!(
        summary,
        Summary {
            valid: 2,
            unsigned: 1,
            tampered: 1,
            other_key: 1,
            copies: 0,
            unreadable: 1
        }
    );
    assert!(!summary.all_valid());
    assert_eq!(summary.total(), 6);
    assert_eq!(
        summary.to_string(),
        "6 files: 2 valid, 1 edited, 1 unsigned, 1 signed with another key, 0 copies, 1 unreadable"
    );
    let edited = verdicts
        .iter()
        .find(|v| v.path.ends_with("zz-edited.json"))
        .unwrap();
    assert_eq!(edited.status, VerdictStatus::Tampered);
    let torn = verdicts
        .iter()
        .find(|v| v.path.ends_with("zz-torn.json"))
        .unwrap();
    assert!(
        matches!(&torn.status, VerdictStatus::Unreadable { reason } if reason.contains("line 1"))
    );
}

#[test]
fn keys_come_from_bytes_files_or_variables() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("key");
    fs::write(&file, "trainer's shared secret\n").unwrap();
    let from_file = SigningKey::from_file(&file).unwrap();
    assert_eq!(from_file.key_id(), key().key_id());
    fs::write(&file, "trainer's shared secret\r\n").unwrap();
    assert_eq!(
        SigningKey::from_file(&file).unwrap().key_id(),
        key().key_id()
    );
    // Only one newline is trimmed: the rest is part of the key.
    fs::write(&file, "trainer's shared secret\n\n").unwrap();
    assert_ne!(
        SigningKey::from_file(&file).unwrap().key_id(),
        key().key_id()
    );

    fs::write(&file, "\n").unwrap();
    assert!(matches!(
        SigningKey::from_file(&file),
        Err(KeyError::Empty(_))
    ));
    assert!(matches!(
        SigningKey::from_file(&dir.path().join("missing")),
        Err(KeyError::File(..))
    ));
    assert!(matches!(
        SigningKey::from_bytes(b""),
        Err(KeyError::Empty(_))
    ));

    let v = |key: Option<&str>, file: Option<&Path>| {
        SigningKey::from_vars(key.map(Into::into), file.map(|f| f.as_os_str().to_owned()))
    };
    fs::write(&file, "trainer's shared secret\n").unwrap();
    assert!(v(None, None).unwrap().is_none());
    assert_eq!(
        v(Some("trainer's shared secret"), None)
            .unwrap()
            .unwrap()
            .key_id(),
        key().key_id()
    );
    assert_eq!(
        v(None, Some(&file)).unwrap().unwrap().key_id(),
        key().key_id()
    );
    assert!(matches!(v(Some("a"), Some(&file)), Err(KeyError::Both)));
    assert!(matches!(v(Some(""), None), Err(KeyError::Empty(_))));
    assert!(matches!(
        v(None, Some(Path::new(""))),
        Err(KeyError::Empty(_))
    ));
    let e = v(Some("a"), Some(&file)).unwrap_err().to_string();
    assert!(e.contains(KEY_ENV) && e.contains(KEY_FILE_ENV), "{e}");
}

#[test]
fn the_key_is_never_printed() {
    let k = SigningKey::from_bytes(b"very secret words").unwrap();
    let shown = format!("{k:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains(&k.key_id()));
    assert_eq!(k.key_id().len(), 16);
}

/// What the environment test's child process checks; a no-op in a normal run.
#[test]
fn env_child() {
    let Some(expect) = std::env::var_os("PRESSCHECK_RECORDS_TEST_EXPECT") else {
        return;
    };
    let expect = expect.into_string().unwrap();
    let got = SigningKey::from_env();
    match expect.split_once(':') {
        Some(("key", id)) => assert_eq!(got.unwrap().unwrap().key_id(), id),
        Some(("error", text)) => assert!(got.unwrap_err().to_string().contains(text)),
        _ => assert!(got.unwrap().is_none()),
    }
}

#[test]
fn keys_come_from_the_real_environment() {
    // The environment is process-wide: each case runs this test binary again
    // with its own variables, checked by `env_child`.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("key");
    fs::write(&file, "trainer's shared secret\n").unwrap();
    let file = file.to_str().unwrap();
    let id = key().key_id();
    let key_case = format!("key:{id}");
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[(KEY_ENV, "trainer's shared secret")], &key_case),
        (&[(KEY_FILE_ENV, file)], &key_case),
        (
            &[(KEY_ENV, "x"), (KEY_FILE_ENV, file)],
            "error:set only one",
        ),
        (&[], "none"),
    ];
    for (vars, expect) in cases {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["env_child", "--exact", "--test-threads=1"])
            .env_remove(KEY_ENV)
            .env_remove(KEY_FILE_ENV)
            .envs(vars.iter().copied())
            .env("PRESSCHECK_RECORDS_TEST_EXPECT", expect)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "{vars:?} → {expect}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Whatever the numbers and text, a signed record written and read back still verifies.
    #[test]
    fn signatures_survive_writing_and_reading(
        score in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
        duration in proptest::num::f64::NORMAL | proptest::num::f64::ZERO,
        seed in any::<u64>(),
        name in "\\PC{0,40}",
        session in proptest::option::of("\\PC{0,12}"),
    ) {
        let mut r = model_record("t-0042");
        r.result.as_mut().unwrap().score = score;
        r.duration_seconds = duration;
        r.seed = seed;
        r.trainee.name = name;
        r.session = session;
        sign(&key(), &mut r);
        let before = canonical_bytes(&r);
        for text in [serde_json::to_string_pretty(&r).unwrap(), serde_json::to_string(&r).unwrap()] {
            let back: Record = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&canonical_bytes(&back), &before);
            prop_assert_eq!(&before, &reference_canonical(&back));
            prop_assert_eq!(check(&key(), &back), SignatureCheck::Valid);
            prop_assert_eq!(record_hash(&back), record_hash(&r));
        }
    }
}
