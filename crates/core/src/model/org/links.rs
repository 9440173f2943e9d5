//! `links.reports`: links to the PDF reports.

use crate::model::de;
use crate::model::Extra;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OrgLinks")]
pub struct Links {
    /// Links to the PDF reports, as a list or as `{name: url}`.
    #[serde(
        default,
        deserialize_with = "report_links",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<ReportLink>>")]
    pub reports: Vec<ReportLink>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportLink {
    /// `aml`, `certificate-of-registration`, …
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub href: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

fn report_links<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ReportLink>, D::Error> {
    let v = Value::deserialize(d)?;
    let from_item = |name: Option<String>, item: Value| -> Option<ReportLink> {
        match item {
            Value::Object(mut m) => {
                if !m.contains_key("href") {
                    if let Some(u) = m.remove("url").or_else(|| m.remove("link")) {
                        m.insert("href".into(), u);
                    }
                }
                if let Some(n) = name {
                    m.entry("name").or_insert(Value::String(n));
                }
                serde_json::from_value(Value::Object(m)).ok()
            }
            other => de::value_string(&other).map(|href| ReportLink {
                name,
                href: Some(href),
                extra: Extra::new(),
            }),
        }
    };
    Ok(match v {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|i| from_item(None, i))
            .collect(),
        Value::Object(m) => m
            .into_iter()
            .filter_map(|(k, i)| from_item(Some(k), i))
            .collect(),
        _ => Vec::new(),
    })
}
