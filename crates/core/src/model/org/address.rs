//! `address`: postal and visiting address.

use crate::model::de::record;
use crate::model::{Metadata, Node};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
#[ts(rename = "OrgAddresses")]
pub struct Addresses {
    #[ts(as = "Option<Option<Address>>", optional)]
    pub postal_address: Option<Node<Address>>,
    #[ts(as = "Option<Option<Address>>", optional)]
    pub visiting_address: Option<Node<Address>>,
    #[ts(optional)]
    pub metadata: Option<Metadata>,
}
}

record! {
from_bare = one_line_address;
/// An address; upstream sometimes sends it as one line of text (kept in `addressLines`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
#[ts(rename = "OrgAddress")]
pub struct Address {
    #[ts(optional)]
    pub street: Option<String>,
    #[ts(optional, as = "Option<Vec<String>>")]
    pub address_lines: Vec<String>,
    #[ts(optional)]
    pub post_code: Option<String>,
    #[ts(optional)]
    pub city: Option<String>,
    #[ts(optional)]
    pub municipality: Option<String>,
    #[ts(optional)]
    pub country: Option<String>,
    #[ts(optional)]
    pub country_code: Option<String>,
}
}

impl Address {
    /// One line for display: street/lines, post code and city, country.
    pub fn one_line(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = &self.street {
            parts.push(s.clone());
        }
        parts.extend(self.address_lines.iter().cloned());
        let place = [self.post_code.as_deref(), self.city.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !place.is_empty() {
            parts.push(place);
        }
        if let Some(c) = self.country.as_ref().or(self.country_code.as_ref()) {
            parts.push(c.clone());
        }
        parts.join(", ")
    }
}

fn one_line_address(v: &serde_json::Value) -> Option<Address> {
    v.as_str().map(|s| Address {
        address_lines: vec![s.to_owned()],
        ..Address::default()
    })
}
