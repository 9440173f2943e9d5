//! The `amldesk` binary's tests, one binary: lookups and offline review, crash/resume, and
//! environments.

mod common;
mod crash;
mod environments;
mod lookup_review;
mod show;
