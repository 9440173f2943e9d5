//! `links.reports`: links to the PDF reports.

use crate::model::de;
use crate::model::de::record;
use crate::model::Extra;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(default, rename_all = "camelCase")]
#[ts(rename = "OrgLinks")]
pub struct Links {
    /// Links to the PDF reports, as a list or as `{name: url}`.
    #[ts(optional, as = "Option<Vec<ReportLink>>")]
    pub reports: Vec<ReportLink>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct ReportLink {
    /// `aml`, `certificate-of-registration`, …
    #[ts(optional)]
    pub name: Option<String>,
    #[ts(optional)]
    pub href: Option<String>,
}
}

impl<'de> Deserialize<'de> for Links {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let Value::Object(mut m) = v else {
            return Err(serde::de::Error::custom(format!(
                "found {}, expected an object of links",
                de::kind_of(&v)
            )));
        };
        let reports = match m.remove("reports") {
            Some(r) => {
                report_links(r).map_err(|e| serde::de::Error::custom(format!("reports: {e}")))?
            }
            None => Vec::new(),
        };
        Ok(Links { reports, extra: m })
    }
}

/// A list of links (objects or bare addresses) or `{name: link}`.
fn report_links(v: Value) -> Result<Vec<ReportLink>, String> {
    let from_item = |name: Option<String>, item: Value| -> Result<Option<ReportLink>, String> {
        match item {
            Value::Null => Ok(None),
            Value::Object(mut m) => {
                if !m.contains_key("href") {
                    if let Some(u) = m.remove("url").or_else(|| m.remove("link")) {
                        m.insert("href".into(), u);
                    }
                }
                if let Some(n) = name {
                    m.entry("name").or_insert(Value::String(n));
                }
                de::record_from::<ReportLink, serde_json::Error>(Value::Object(m))
                    .map(Some)
                    .map_err(|e| e.to_string())
            }
            Value::Array(_) => Err("found a list, expected a link".into()),
            other => Ok(de::value_string(&other).map(|href| ReportLink {
                name,
                href: Some(href),
                extra: Extra::new(),
            })),
        }
    };
    let mut out = Vec::new();
    match v {
        Value::Null => {}
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                out.extend(from_item(None, item).map_err(|e| prefix(&format!("[{i}]"), &e))?);
            }
        }
        Value::Object(m) => {
            for (k, item) in m {
                out.extend(from_item(Some(k.clone()), item).map_err(|e| prefix(&k, &e))?);
            }
        }
        Value::String(s) => out.push(ReportLink {
            href: Some(s),
            ..ReportLink::default()
        }),
        other => {
            return Err(format!(
                "found {}, expected a list of links",
                de::kind_of(&other)
            ))
        }
    }
    Ok(out)
}

fn prefix(p: &str, e: &str) -> String {
    de::prefixed::<serde_json::Error>(p, &e).to_string()
}
