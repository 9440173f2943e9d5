//! Pure domain: identifiers, response models, ownership graph and beneficial owners. No I/O.
//!
//! - [`id`]: identifier parsing and validation (before any network call).
//! - [`model`]: tolerant typed views of the four upstream answers, read section by section
//!   (`model::Section`). `OrgResult::from_json`, `BoResult::from_json`, … never panic and fail
//!   only when the document is not a JSON object; they keep unknown fields and enum values, keep
//!   "not requested" (absent, `None`) apart from "searched, nothing found" (`Section::Empty`), and
//!   keep a section holding a node of a shape its schema never allows as `Section::Unreadable`
//!   (raw value, path of the misfit, reason) while the other sections read as usual. The
//!   variants read on purpose are listed in `model::accepted::ACCEPTED`.
//! - [`ownership`]: the ownership graph built from any number of results, indirect shares,
//!   the three beneficial-owner rules side by side, sanctions through ownership, and the
//!   serializable [`ownership::GraphView`] the UI draws.

pub mod bods;
pub mod id;
pub mod model;
pub mod ownership;

pub use id::{Country, IdError, OrgId, OrgIdKind};
