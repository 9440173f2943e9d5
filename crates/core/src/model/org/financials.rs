//! `financials.*`: accounting years, key figures, auditor and accountant.

use crate::model::de::{self, record};
use crate::model::{Metadata, Section};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

record! {
/// `financials`: each key is a section of its own (`financials.keyFigures`, …), read apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct Financials {
    /// Last three years of accounts.
    #[ts(as = "Option<Option<Vec<AccountingYear>>>", optional)]
    pub accounting: Option<Section<Vec<AccountingYear>>>,
    #[ts(as = "Option<Option<KeyFigures>>", optional)]
    pub key_figures: Option<Section<KeyFigures>>,
    #[ts(as = "Option<Option<FinancialParty>>", optional)]
    pub auditor: Option<Section<FinancialParty>>,
    #[ts(as = "Option<Option<FinancialParty>>", optional)]
    pub accountant: Option<Section<FinancialParty>>,
    #[ts(as = "Option<Metadata>", optional)]
    pub metadata: Option<Section<Metadata>>,
}
}

crate::model::section_holder!(Financials, "financials", {
    accounting = "accounting",
    key_figures = "keyFigures",
    auditor = "auditor",
    accountant = "accountant",
    metadata = "metadata",
});

record! {
from_bare = bare_year;
/// One year of accounts; the figures vary by country and are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct AccountingYear {
    #[ts(optional)]
    pub year: Option<i64>,
    #[ts(optional)]
    pub currency: Option<String>,
    #[ts(optional)]
    pub turnover: Option<f64>,
    #[ts(optional)]
    pub operating_profit: Option<f64>,
    #[ts(optional)]
    pub equity: Option<f64>,
    #[ts(optional)]
    pub earnings: Option<f64>,
    #[ts(optional)]
    pub total_assets: Option<f64>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct KeyFigures {
    #[ts(optional)]
    pub currency: Option<String>,
    #[ts(optional)]
    pub share_capital: Option<f64>,
    /// Accounting years: a list of years (`[2025, 2024]`) or of per-year figures; a single
    /// object is read as one year.
    #[ts(optional, as = "Option<Vec<AccountingYear>>")]
    pub accounting_years: Vec<AccountingYear>,
    /// Figures per year, when sent apart from `accountingYears`.
    #[ts(optional, as = "Option<Vec<AccountingYear>>")]
    pub years: Vec<AccountingYear>,
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
    #[ts(optional)]
    pub metadata: Option<Metadata>,
}
}

/// A year sent bare (`2025`, `"2025"`) is the year without figures.
fn bare_year(v: &Value) -> Option<AccountingYear> {
    matches!(v, Value::Number(_) | Value::String(_)).then(|| AccountingYear {
        year: de::value_f64(v)
            .filter(|f| f.fract() == 0.0 && f.abs() < 1e6)
            .map(|f| f as i64),
        ..AccountingYear::default()
    })
}

record! {
/// Auditor or accountant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct FinancialParty {
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(alias = "organizationNumber")]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
}
}
