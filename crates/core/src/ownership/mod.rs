//! Ownership graph and beneficial owners (placeholder, filled below).
