//! Pure domain: identifiers, response models, ownership graph and beneficial owners. No I/O.

pub mod id;
pub mod model;
pub mod ownership;

pub use id::{Country, IdError, OrgId, OrgIdKind};
