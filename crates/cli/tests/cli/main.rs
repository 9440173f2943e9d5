//! The `amldesk` binary's tests, one binary: lookups and offline review, crash/resume,
//! environments, an orderly exit, and a profile without a keyring.

mod common;
mod crash;
mod environments;
mod exit;
mod export;
mod lookup_review;
mod passphrase;
mod review;
mod show;
mod ubo;
