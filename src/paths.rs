//! Where Press Check keeps its files: the data folder and the default results folder.

use std::path::PathBuf;

/// `$PRESSCHECK_DATA_DIR`, else `$XDG_DATA_HOME/presscheck`, else `~/.local/share/presscheck`.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("PRESSCHECK_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_DATA_HOME").map(|d| PathBuf::from(d).join("presscheck")))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/presscheck"))
        })
}

/// The results folder when none is given: `results/` in the data folder.
pub fn default_results_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("results"))
}
