//! `amldesk`: the engine's use cases from a terminal.
fn main() {
    println!("amldesk {}", env!("CARGO_PKG_VERSION"));
}
