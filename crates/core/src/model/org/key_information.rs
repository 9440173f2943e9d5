//! `keyInformation`: name, numbers, legal form, status, sectors, LEI.

use crate::model::de;
use crate::model::de::record;
use crate::model::{Coded, Extra, Metadata, Node};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct KeyInformation {
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(alias = "organizationNumber")]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[ts(optional)]
    pub duns: Option<String>,
    /// Legal form, e.g. `ASA` / "Allmennaksjeselskap"; `STI` is a foundation.
    #[ts(optional)]
    pub organization_type: Option<Coded>,
    #[ts(optional)]
    pub country: Option<String>,
    #[ts(optional)]
    pub registered_date: Option<String>,
    #[ts(optional)]
    pub founded_date: Option<String>,
    #[ts(optional)]
    pub webpage: Option<String>,
    #[ts(optional)]
    pub employees: Option<i64>,
    /// Registers the organization is a member of (VAT, business register, …).
    #[ts(optional, as = "Option<Vec<Coded>>")]
    pub registries: Vec<Coded>,
    #[ts(optional)]
    pub status_code: Option<Coded>,
    #[ts(optional)]
    pub status: Option<Coded>,
    #[ts(optional)]
    pub institutional_sector: Option<Coded>,
    /// Industry (NACE) code and text.
    #[ts(optional)]
    pub industry_sector: Option<Coded>,
    #[ts(optional)]
    pub purpose: Option<String>,
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
    /// Requested separately (`keyInformation.lei`).
    #[ts(as = "Option<Option<Lei>>", optional)]
    pub lei: Option<Node<Lei>>,
    #[ts(optional)]
    pub metadata: Option<Metadata>,
}
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

record! {
/// LEI: upstream sends a bare code or an object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct Lei {
    #[ts(optional)]
    pub lei: Option<String>,
}
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
            Value::Array(_) => Err(serde::de::Error::custom(
                "found a list, expected a LEI code or an object with one",
            )),
            other => Ok(Lei {
                lei: de::value_string(&other),
                extra: Extra::new(),
            }),
        }
    }
}
