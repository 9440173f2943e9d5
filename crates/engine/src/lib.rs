//! Use cases: lookups, session scheduler, resume, batch, progress events.
//!
//! `api` is the surface as data (typed IPC, CLI `--json`).

pub mod api;
