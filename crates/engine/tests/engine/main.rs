//! Engine use cases against the sandbox on an ephemeral loopback port (real sockets), one module
//! per use case, plus use cases over a temp store without any upstream (`Ctx::for_tests`).

mod amlyze_peer;
mod batch;
mod casefile;
mod common;
mod ctx;
mod drift;
mod fixtures;
mod lookup;
mod polling;
mod review;
mod review_discrepancy;
mod secrets;
mod settings;
mod views;
