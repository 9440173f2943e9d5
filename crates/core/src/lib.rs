//! Pure domain: identifiers, response models, ownership graph and beneficial owners. No I/O.
//!
//! - [`id`]: identifier parsing and validation (before any network call).
//! - [`model`]: tolerant typed views of the four upstream answers; `OrgResult::from_json`,
//!   `BoResult::from_json`, … never panic, keep unknown fields and enum values, and keep "not
//!   requested" (absent) apart from "searched, nothing found" (`Node::Empty`).
//! - [`ownership`]: the ownership graph built from any number of results, indirect shares,
//!   the three beneficial-owner rules side by side, sanctions through ownership, and the
//!   serializable [`ownership::GraphView`] the UI draws.

pub mod id;
pub mod model;
pub mod ownership;

pub use id::{Country, IdError, OrgId, OrgIdKind};
