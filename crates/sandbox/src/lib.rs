//! The four upstream APIs simulated over HTTP on loopback, with realistic data and fault knobs.
