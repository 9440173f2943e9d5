//! `address`: postal and visiting address.

use crate::model::de;
use crate::model::{node, Extra, Metadata, Node};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OrgAddresses")]
pub struct Addresses {
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Address>>", optional)]
    pub postal_address: Option<Node<Address>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Address>>", optional)]
    pub visiting_address: Option<Node<Address>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OrgAddress")]
pub struct Address {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub street: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub address_lines: Vec<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub post_code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub city: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub municipality: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country_code: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
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
