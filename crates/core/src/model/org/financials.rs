//! `financials.*`: accounting years, key figures, auditor and accountant.

use crate::model::de;
use crate::model::{node, Extra, Metadata, Node};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Financials {
    /// Last three years of accounts.
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Vec<AccountingYear>>>", optional)]
    pub accounting: Option<Node<Vec<AccountingYear>>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<KeyFigures>>", optional)]
    pub key_figures: Option<Node<KeyFigures>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<FinancialParty>>", optional)]
    pub auditor: Option<Node<FinancialParty>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<FinancialParty>>", optional)]
    pub accountant: Option<Node<FinancialParty>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// One year of accounts; the figures vary by country and are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountingYear {
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub year: Option<i64>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub currency: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub turnover: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub operating_profit: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub equity: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub earnings: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub total_assets: Option<f64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyFigures {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub currency: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub share_capital: Option<f64>,
    /// Accounting years: a list of years (`[2025, 2024]`) or of per-year figures; a single
    /// object is read as one year.
    #[serde(
        default,
        deserialize_with = "year_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<AccountingYear>>")]
    pub accounting_years: Vec<AccountingYear>,
    /// Figures per year, when sent apart from `accountingYears`.
    #[serde(
        default,
        deserialize_with = "year_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<AccountingYear>>")]
    pub years: Vec<AccountingYear>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// Years as bare numbers become `{year}`; objects read as figures.
fn year_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<AccountingYear>, D::Error> {
    let v = Value::deserialize(d)?;
    let one = |item: Value| -> Result<AccountingYear, String> {
        match item {
            Value::Object(_) => serde_json::from_value(item).map_err(|e| e.to_string()),
            other => Ok(AccountingYear {
                year: de::value_f64(&other)
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e6)
                    .map(|f| f as i64),
                ..AccountingYear::default()
            }),
        }
    };
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, x)| {
                one(x).map_err(|e| serde::de::Error::custom(format!("year {}: {e}", i + 1)))
            })
            .collect(),
        other => one(other)
            .map(|y| vec![y])
            .map_err(serde::de::Error::custom),
    }
}

/// Auditor or accountant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinancialParty {
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
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}
