//! `roles` and `authorities`.

use super::beneficials::person_name;
use super::*;
use crate::model::de::{self, open_enum};
use crate::model::{node, Extra, Metadata, Node};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// Signature rights and power of procuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Authorities {
    /// Signature rights (also read from `signature`).
    #[serde(
        default,
        alias = "signature",
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Authority>>", optional)]
    pub signature_rights: Option<Node<Authority>>,
    /// Power of procuration (also read from `procuration`).
    #[serde(
        default,
        alias = "procuration",
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Authority>>", optional)]
    pub power_of_procuration: Option<Node<Authority>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Authority {
    /// The rule as registered ("Styrets leder alene eller to styremedlemmer i fellesskap").
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<OrgRole>>")]
    pub persons: Vec<OrgRole>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

open_enum! {
    pub enum RoleType ts "\"CEO\" | \"CHAIRMAN\" | \"DEPUTY_CHAIRMAN\" | \"PROPRIETOR\" | \"BOARD_MEMBER\" | \"DEPUTY_BOARD_MEMBER\" | \"CONTACT_PERSON\" | \"SECRETARY\" | \"FOREIGN_REPRESENTATIVE\" | \"TRUSTEE\" | \"AUDITOR\" | \"ACCOUNTANT\" | string" {
        Ceo = "CEO" | "DAGL" | "DAGLIG_LEDER" | "MANAGING_DIRECTOR",
        Chairman = "CHAIRMAN" | "CHAIR" | "LEDE" | "STYRELEDER" | "CHAIRMAN_OF_THE_BOARD",
        DeputyChairman = "DEPUTY_CHAIRMAN" | "NEST" | "NESTLEDER" | "VICE_CHAIRMAN",
        Proprietor = "PROPRIETOR" | "INNH" | "INNEHAVER",
        BoardMember = "BOARD_MEMBER" | "BOARD_MEMBERS" | "MEMBER" | "MEDL" | "STYREMEDLEM",
        DeputyBoardMember = "DEPUTY_BOARD_MEMBER" | "DEPUTY_BOARD_MEMBERS" | "DEPUTY" | "DEPUTIES" | "VARA" | "VARAMEDLEM",
        ContactPerson = "CONTACT_PERSON" | "KONT" | "KONTAKTPERSON",
        Secretary = "SECRETARY" | "COMPANY_SECRETARY",
        ForeignRepresentative = "FOREIGN_REPRESENTATIVE" | "REPRESENTATIVE_FOREIGN_ENTITY" | "REPR",
        Trustee = "TRUSTEE" | "BOBE" | "BOSTYRER",
        Auditor = "AUDITOR" | "REVI" | "REVISOR",
        Accountant = "ACCOUNTANT" | "REGN" | "REGNSKAPSFORER",
    }
}

impl RoleType {
    /// Plain words for the officer.
    pub fn label(&self) -> &str {
        match self {
            RoleType::Ceo => "Chief executive officer",
            RoleType::Chairman => "Chair of the board",
            RoleType::DeputyChairman => "Deputy chair of the board",
            RoleType::Proprietor => "Proprietor",
            RoleType::BoardMember => "Board member",
            RoleType::DeputyBoardMember => "Deputy board member",
            RoleType::ContactPerson => "Contact person",
            RoleType::Secretary => "Company secretary",
            RoleType::ForeignRepresentative => "Representative of foreign entity",
            RoleType::Trustee => "Trustee",
            RoleType::Auditor => "Auditor",
            RoleType::Accountant => "Accountant",
            RoleType::Other(s) => s,
        }
    }

    /// Roles that control a foundation (board and management).
    pub fn controls_foundation(&self) -> bool {
        matches!(
            self,
            RoleType::Ceo | RoleType::Chairman | RoleType::DeputyChairman | RoleType::BoardMember
        )
    }
}

/// A role holder. `roleType` is also read from `type` or `role`, and from the key when upstream
/// groups roles by type (`{"ceo": {...}, "boardMembers": [...]}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role_type: Option<RoleType>,
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
    pub first_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub last_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    /// When the role holder is an organization (auditor, accountant, corporate board member).
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
    pub from_date: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub to_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<Address>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub pep: Option<bool>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sanctioned: Option<bool>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl OrgRole {
    pub fn display_name(&self) -> Option<String> {
        person_name(&self.name, &self.first_name, &self.last_name)
    }
}

/// All roles, in upstream order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OrgRoles")]
pub struct Roles {
    pub items: Vec<OrgRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
}

impl<'de> Deserialize<'de> for Roles {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let mut out = Roles::default();
        match v {
            Value::Array(items) => {
                for item in items {
                    out.push(None, item).map_err(serde::de::Error::custom)?;
                }
            }
            Value::Object(mut m) => {
                if let Some(meta) = m.remove("metadata") {
                    out.metadata = serde_json::from_value(meta).ok();
                }
                if let Some(Value::Array(items)) = m.remove("items") {
                    for item in items {
                        out.push(None, item).map_err(serde::de::Error::custom)?;
                    }
                }
                for (key, val) in m {
                    match val {
                        Value::Array(items) => {
                            for item in items {
                                out.push(Some(&key), item)
                                    .map_err(serde::de::Error::custom)?;
                            }
                        }
                        Value::Null => {}
                        other => out
                            .push(Some(&key), other)
                            .map_err(serde::de::Error::custom)?,
                    }
                }
            }
            Value::Null => {}
            other => {
                return Err(serde::de::Error::custom(format!(
                    "expected a list of roles, found {}",
                    de::kind_of(&other)
                )))
            }
        }
        Ok(out)
    }
}

impl Roles {
    fn push(&mut self, key: Option<&str>, item: Value) -> Result<(), String> {
        let Value::Object(mut m) = item else {
            // A bare name under a role key.
            if let (Some(k), Some(name)) = (key, de::value_string(&item)) {
                self.items.push(OrgRole {
                    role_type: Some(RoleType::parse(k)),
                    name: Some(name),
                    ..OrgRole::default()
                });
            }
            return Ok(());
        };
        // `{ "role": "...", "person": {...} }` → flat.
        if let Some(Value::Object(p)) = m.remove("person") {
            for (k, v) in p {
                m.entry(k).or_insert(v);
            }
        }
        if !m.contains_key("roleType") {
            // Grouped by role: the key is the role. `type` there is the holder's kind.
            let from_item = ["role", "type"].into_iter().find(|alt| {
                m.get(*alt).and_then(Value::as_str).is_some_and(|t| {
                    !matches!(
                        de::norm_key(t).as_str(),
                        "person" | "organization" | "organisation" | "company"
                    )
                })
            });
            match (key, from_item) {
                (Some(k), _) => {
                    m.insert("roleType".into(), Value::String(k.to_owned()));
                }
                (None, Some(alt)) => {
                    if let Some(v) = m.remove(alt) {
                        m.insert("roleType".into(), v);
                    }
                }
                (None, None) => {}
            }
        }
        let role: OrgRole = serde_json::from_value(Value::Object(m))
            .map_err(|e| format!("role {}: {e}", self.items.len() + 1))?;
        self.items.push(role);
        Ok(())
    }
}
