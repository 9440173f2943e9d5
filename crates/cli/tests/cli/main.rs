//! The `amldesk` binary's tests, one binary: lookups and offline review, and crash/resume.

mod common;
mod crash;
mod lookup_review;
mod show;
