//! `keyInformation`: name, numbers, legal form, status, sectors, LEI.

use crate::model::de;
use crate::model::{node, Coded, Extra, Metadata, Node};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyInformation {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        alias = "organizationNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub duns: Option<String>,
    /// Legal form, e.g. `ASA` / "Allmennaksjeselskap"; `STI` is a foundation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organization_type: Option<Coded>,
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
    pub registered_date: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub founded_date: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub webpage: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub employees: Option<i64>,
    /// Registers the organization is a member of (VAT, business register, …).
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<Coded>>")]
    pub registries: Vec<Coded>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_code: Option<Coded>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<Coded>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub institutional_sector: Option<Coded>,
    /// Industry (NACE) code and text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub industry_sector: Option<Coded>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub purpose: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
    /// Requested separately (`keyInformation.lei`).
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Lei>>", optional)]
    pub lei: Option<Node<Lei>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl KeyInformation {
    /// The organization's number: `orgNumber`/`organizationNumber`, else the country variants'
    /// own fields (`businessId` in Finland, `cvr` in Denmark, `organisationNumber`).
    pub fn identifier(&self) -> Option<String> {
        self.org_number.clone().or_else(|| {
            ["businessId", "organisationNumber", "cvr", "identifier"]
                .iter()
                .find_map(|k| self.extra.get(*k).and_then(de::value_string))
        })
    }

    /// True when the legal form says foundation (`STI` in Norway, `säätiö`, `stiftelse`).
    pub fn is_foundation(&self) -> bool {
        self.organization_type.as_ref().is_some_and(|t| {
            t.code
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("STI"))
                || t.text().is_some_and(looks_like_foundation)
        })
    }
}

pub(crate) fn looks_like_foundation(s: &str) -> bool {
    let s = s.to_lowercase();
    ["stiftelse", "foundation", "säätiö", "saatio", "fond "]
        .iter()
        .any(|w| s.contains(w))
}

/// LEI: upstream sends a bare code or an object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Lei {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lei: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl<'de> Deserialize<'de> for Lei {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match v {
            Value::Object(mut m) => {
                let lei = ["lei", "leiNumber", "number", "code"].iter().find_map(|k| {
                    let s = m.get(*k).and_then(de::value_string)?;
                    m.remove(*k);
                    Some(s)
                });
                Ok(Lei { lei, extra: m })
            }
            other => Ok(Lei {
                lei: de::value_string(&other),
                extra: Extra::new(),
            }),
        }
    }
}
