//! Core's integration tests, one binary, one module per concern.

mod bods;
mod export_bindings;
mod models;
mod mutation;
mod props;
mod rules;
mod sandbox_shapes;
