//! Reading files that may be hostile: only regular files, never blocking on open, never more than a limit; and walking folders without following a link loop or counting one file twice.
//!
//! Every file a front end reads that a user, a trainee or an author could
//! have put there — scenarios, records, key files, choices files, settings —
//! is read through [`read_regular`], and every folder is listed through
//! [`walk`].

use std::collections::HashSet;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Most entries [`walk`] looks at before it stops, so a folder with millions of files cannot stall a tool.
pub const MAX_WALK_ENTRIES: usize = 1_000_000;

/// Deepest folder [`walk`] goes into below its root.
pub const MAX_WALK_DEPTH: usize = 32;

/// The UTF-8 byte order mark some editors put at the start of a text file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// It could not be opened.
    #[error("cannot open: {0}")]
    Open(#[source] io::Error),
    /// It is not a regular file.
    #[error("is {0}, not a regular file")]
    NotAFile(&'static str),
    /// It is larger than the limit.
    #[error("is larger than the limit of {}", size(*.0))]
    TooLarge(u64),
    /// Reading failed part way.
    #[error("cannot read: {0}")]
    Read(#[source] io::Error),
}

/// `1 MiB`, `4 KiB`, `300 bytes`.
fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / 1024 / 1024)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// What a non-regular file is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// Opens for reading without waiting: opening a pipe with no writer would otherwise block for ever.
fn open_without_blocking(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // O_NOCTTY: a terminal device never becomes our controlling terminal.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// The bytes of `path`, if it is a regular file of at most `limit` bytes.
///
/// The type is checked on the opened file itself, so a file swapped for a pipe
/// between a check and the open cannot make this wait; the limit holds even if
/// the file grows while it is read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    // A cheap look first, so a folder or a device gets its own message.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(ReadError::NotAFile(kind_of(meta.file_type())));
    }
    let file = open_without_blocking(path).map_err(ReadError::Open)?;
    let meta = file.metadata().map_err(ReadError::Open)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Read)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// `bytes` without a leading UTF-8 byte order mark.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// Whether [`walk`] goes into subfolders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Only the folder's own entries.
    ThisFolder,
    /// Subfolders too (hidden ones, like `.git`, are skipped).
    Subfolders,
}

/// What [`walk`] found: the matching files, and anything an author or a trainer should hear about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    /// Matching entries, sorted by path, each file once. Pipes and devices with a
    /// matching name are listed too, so reading them can say what they are.
    pub files: Vec<PathBuf>,
    /// What was left out and why: link loops, a second path to the same file, the entry limit.
    pub notes: Vec<String>,
}

/// The entries of `dir` whose path `wanted` accepts, following links to files and folders.
///
/// A link back to a folder being walked is named in [`Walk::notes`] and not
/// followed, and a file reached twice (through a link) is listed once. At
/// most [`MAX_WALK_ENTRIES`] entries are looked at, at most
/// [`MAX_WALK_DEPTH`] folders deep. Only an unreadable `dir` is an error.
pub fn walk(dir: &Path, depth: Depth, wanted: &dyn Fn(&Path) -> bool) -> io::Result<Walk> {
    // The root must be readable: an author pointing at the wrong folder is told.
    std::fs::read_dir(dir)?;
    let max_depth = match depth {
        Depth::ThisFolder => 1,
        Depth::Subfolders => MAX_WALK_DEPTH,
    };
    let mut out = Walk::default();
    let mut seen = HashSet::new();
    let mut looked = 0usize;
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .min_depth(1)
        .max_depth(max_depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            // Hidden subfolders (`.git`, `.xapi-spool`) are not walked into.
            !(e.depth() > 0
                && e.file_type().is_dir()
                && e.file_name().as_encoded_bytes().starts_with(b"."))
        });
    for entry in entries {
        looked += 1;
        if looked > MAX_WALK_ENTRIES {
            out.notes.push(format!(
                "{}: stopped after {MAX_WALK_ENTRIES} entries; is this the right folder?",
                dir.display()
            ));
            break;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if let Some(ancestor) = e.loop_ancestor() {
                    let at = e.path().map(Path::display).map(|p| p.to_string());
                    out.notes.push(format!(
                        "{}: a link back to {}; not followed",
                        at.unwrap_or_default(),
                        ancestor.display()
                    ));
                }
                // Anything else (an entry that vanished, a broken link) is simply not there.
                continue;
            }
        };
        if entry.file_type().is_dir() || !wanted(entry.path()) {
            continue;
        }
        // The same file through two paths is one file.
        if let Some(identity) = identity(&entry)
            && !seen.insert(identity)
        {
            out.notes.push(format!(
                "{}: the same file as one listed before (through a link); counted once",
                entry.path().display()
            ));
            continue;
        }
        out.files.push(entry.into_path());
    }
    out.files.sort();
    Ok(out)
}

/// The device and inode of what an entry points to.
#[cfg(unix)]
fn identity(entry: &walkdir::DirEntry) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = entry.metadata().ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(entry: &walkdir::DirEntry) -> Option<PathBuf> {
    std::fs::canonicalize(entry.path()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(4 * 1024 * 1024), "4 MiB");
        assert_eq!(size(4096), "4 KiB");
        assert_eq!(size(300), "300 bytes");
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'x'; 101]).unwrap();
        assert!(matches!(
            read_regular(&p, 100),
            Err(ReadError::TooLarge(100))
        ));
        assert_eq!(read_regular(&p, 101).unwrap().len(), 101);
    }

    #[test]
    fn a_folder_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_regular(dir.path(), 100).unwrap_err();
        assert_eq!(e.to_string(), "is a folder, not a regular file");
    }

    #[test]
    fn the_byte_order_mark_is_dropped() {
        assert_eq!(without_bom(b"\xEF\xBB\xBF(a)"), b"(a)");
        assert_eq!(without_bom(b"(a)"), b"(a)");
    }
}
