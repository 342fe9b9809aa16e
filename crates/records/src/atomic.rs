//! Writing files so that a crash never leaves half of one: a temporary file in the same folder, flushed, then moved into place.
//!
//! [`write_replacing`] is for files that are rewritten (settings, remembered
//! results); [`write_new`] for files that must never replace another (run records).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Largest number of `-2`, `-3`, … tried for a name that is taken.
const MAX_ATTEMPTS: u32 = 10_000;

/// A hidden temporary file in `dir`, readable by others as an ordinary file would be.
fn temporary(dir: &Path, prefix: &str, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp");
    // Temporary files are private (0600) by default; these become ordinary
    // files another account may need to read (the umask still applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    // Held until the file is in place or gone: a lock that can be taken marks
    // a temporary file whose writer was killed (see `store::recover_interrupted`).
    tmp.as_file().lock()?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Flushes a folder, so a new name in it survives a power cut.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replaces `path` with `bytes` in one step: readers see the old file or the new one, never a mix.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_replacing_as(path, &format!(".{name}-"), bytes)
}

/// [`write_replacing`] with a temporary file named `<prefix>….tmp`, for a folder that recognises its own temporary files.
pub fn write_replacing_as(path: &Path, prefix: &str, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let tmp = temporary(dir, prefix, bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Writes `bytes` into `dir` as `<stem>.<ext>`, or `<stem>-2.<ext>`, `<stem>-3.<ext>`… when the name is taken; never replaces a file.
///
/// A killed process leaves at most a hidden `<prefix>….tmp` file, never a torn one.
pub fn write_new(
    dir: &Path,
    prefix: &str,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut tmp = temporary(dir, prefix, bytes)?;
    let mut attempt = 1;
    let path = loop {
        let name = if attempt == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{attempt}.{ext}")
        };
        let path = dir.join(name);
        match tmp.persist_noclobber(&path) {
            Ok(_) => break path,
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists && attempt < MAX_ATTEMPTS => {
                tmp = e.file;
                attempt += 1;
            }
            Err(e) => return Err(e.error),
        }
    };
    sync_dir(dir);
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_file_holds_the_new_bytes_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        write_replacing(&path, b"one").unwrap();
        write_replacing(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_new_file_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new(dir.path(), ".x-", "run", "json", b"a").unwrap();
        let b = write_new(dir.path(), ".x-", "run", "json", b"b").unwrap();
        assert_eq!(a.file_name().unwrap(), "run.json");
        assert_eq!(b.file_name().unwrap(), "run-2.json");
        assert_eq!(std::fs::read(&a).unwrap(), b"a");
    }
}
