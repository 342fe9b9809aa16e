//! The Press Check class server: a class joins with a code and plays in the browser while the trainer watches live, then debriefs from the projector.
//!
//! A third front end over `presscheck-engine` and `presscheck-records`, with
//! no rule of its own: the server applies each decision to the engine's
//! `Run`, and only it computes outcomes and writes records (signed with its
//! own key, through the records crate). No Bevy.
//!
//! # Reading order
//!
//! Each module uses only those declared before it (`tests/layers.rs`): the
//! configuration, codes, secrets and limits; the stored model and the
//! database; the scenarios on offer and the session events; what usually
//! happens to a run's story, and the authority that applies decisions and
//! keeps it in the record; the shared state; the pages; the routes; the start.
#![warn(missing_docs)]

pub mod code;
pub mod config;
pub mod limiter;

pub mod auth;

pub mod model;

pub mod db;

pub mod catalog;
pub mod events;

pub mod usual;

pub mod authority;

pub mod state;

pub mod pages;

pub mod error;

pub mod routes;

pub mod serve;

pub use config::{Config, Limits, LrsTarget};
pub use serve::{Running, ServeError, run, start};
