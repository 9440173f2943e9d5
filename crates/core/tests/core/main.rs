//! Core's integration tests, one binary, one module per concern.

mod changes;
mod export_bindings;
mod models;
mod mutation;
mod props;
mod sandbox_shapes;
