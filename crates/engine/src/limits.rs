//! The limits of the scenario format: sizes, counts and ranges a file may not exceed, and what an id may be.
//!
//! They keep hostile or mistaken files from making any tool slow or
//! unbounded, and `docs/scenario-format.md` lists each of them.

/// Largest scenario file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Deepest nesting the parser follows.
pub const MAX_NESTING: usize = 64;
/// Most materials a scenario may have.
pub const MAX_MATERIALS: usize = 100;
/// Most items a scenario may have, over all materials.
pub const MAX_ITEMS: usize = 1000;
/// Most stages a scenario may have.
pub const MAX_STAGES: usize = 200;
/// Most choices a stage may offer.
pub const MAX_CHOICES: usize = 12;
/// Longest text, in characters.
pub const MAX_TEXT: usize = 4000;
/// Most entries in a short list (objectives, cues, markings, lessons).
pub const MAX_LIST: usize = 24;
/// Most outlets a network may have.
pub const MAX_OUTLETS: u64 = 1_000_000;
/// Most links a network may have: its outlets times `follows`. At this size the
/// network takes about 250 MiB while it is generated and 100 MiB afterwards.
pub const MAX_LINKS: u64 = 20_000_000;
/// Most outlets each outlet may follow.
pub const MAX_FOLLOWS: u32 = 50;
/// Most hours a cascade may be simulated for.
pub const MAX_CASCADE_HOURS: u32 = 720;
/// Largest mean audience of one kind of outlet.
pub const MAX_AUDIENCE: u64 = 100_000_000;
/// Deepest nesting of `AnyOf` conditions.
pub const MAX_CONDITION_DEPTH: usize = 8;
/// Most distinct run states explored when checking for dead ends or looking for a way to a stage.
pub const MAX_PATHS_EXPLORED: usize = 20_000;

/// Whether `id` is a valid id for a scenario, material, item, stage or choice:
/// 1 to 64 lower-case ASCII letters, digits and `-`, not starting with `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

/// Most columns of a spreadsheet, and cells of one of its rows.
pub const MAX_COLUMNS: usize = 12;

/// Most outlet kinds a case may define.
pub const MAX_OUTLET_KINDS: usize = 16;

/// Longest delay an outlet kind may have, in hours.
pub const MAX_KIND_DELAY: u32 = 48;
