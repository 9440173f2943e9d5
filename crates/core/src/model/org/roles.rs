//! `roles` and `authorities`.

use super::beneficials::person_name;
use super::*;
use crate::model::de::record;
use crate::model::de::{self, open_enum};
use crate::model::{Metadata, Node};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

record! {
/// Signature rights and power of procuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct Authorities {
    /// Signature rights (also read from `signature`).
    #[serde(alias = "signature")]
    #[ts(as = "Option<Option<Authority>>", optional)]
    pub signature_rights: Option<Node<Authority>>,
    /// Power of procuration (also read from `procuration`).
    #[serde(alias = "procuration")]
    #[ts(as = "Option<Option<Authority>>", optional)]
    pub power_of_procuration: Option<Node<Authority>>,
    #[ts(optional)]
    pub metadata: Option<Metadata>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct Authority {
    /// The rule as registered ("Styrets leder alene eller to styremedlemmer i fellesskap").
    #[ts(optional)]
    pub description: Option<String>,
    #[ts(optional)]
    pub code: Option<String>,
    #[ts(optional, as = "Option<Vec<OrgRole>>")]
    pub persons: Vec<OrgRole>,
}
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

record! {
/// A role holder. `roleType` is also read from `type` or `role`, and from the key when upstream
/// groups roles by type (`{"ceo": {...}, "boardMembers": [...]}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct OrgRole {
    #[ts(optional)]
    pub role_type: Option<RoleType>,
    #[ts(optional)]
    pub name: Option<String>,
    #[ts(optional)]
    pub first_name: Option<String>,
    #[ts(optional)]
    pub last_name: Option<String>,
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    /// When the role holder is an organization (auditor, accountant, corporate board member).
    #[serde(alias = "organizationNumber")]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[ts(optional)]
    pub from_date: Option<String>,
    #[ts(optional)]
    pub to_date: Option<String>,
    #[ts(optional)]
    pub address: Option<Address>,
    #[ts(optional)]
    pub pep: Option<bool>,
    #[ts(optional)]
    pub sanctioned: Option<bool>,
}
}

impl OrgRole {
    pub fn display_name(&self) -> Option<String> {
        person_name(&self.name, &self.first_name, &self.last_name)
    }
}

/// All roles, in upstream order: a list, or grouped by role (`{"ceo": {...}, "boardMembers":
/// [...]}`, a bare name under a role key being accepted too).
#[derive(Debug, Clone, Default, PartialEq, TS)]
#[ts(rename = "OrgRoles")]
pub struct Roles {
    pub items: Vec<OrgRole>,
    #[ts(optional)]
    pub metadata: Option<Metadata>,
}

impl Serialize for Roles {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("items", &self.items)?;
        if let Some(meta) = &self.metadata {
            m.serialize_entry("metadata", meta)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Roles {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let mut out = Roles::default();
        let err = serde::de::Error::custom;
        match v {
            Value::Array(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    out.push(None, &format!("[{i}]"), item).map_err(err)?;
                }
            }
            Value::Object(mut m) => {
                if let Some(meta) = m.remove("metadata") {
                    out.metadata = de::field(meta)
                        .map_err(|e: serde_json::Error| de::prefixed::<D::Error>("metadata", &e))?;
                }
                if let Some(items) = m.remove("items") {
                    m.insert("items".into(), items);
                }
                for (key, val) in m {
                    let role_key = (key != "items").then_some(key.as_str());
                    match val {
                        Value::Array(items) => {
                            for (i, item) in items.into_iter().enumerate() {
                                out.push(role_key, &format!("{key}[{i}]"), item)
                                    .map_err(err)?;
                            }
                        }
                        Value::Null => {}
                        other => out.push(role_key, &key, other).map_err(err)?,
                    }
                }
            }
            Value::Null => {}
            other => {
                return Err(serde::de::Error::custom(format!(
                    "found {}, expected a list of roles",
                    de::kind_of(&other)
                )))
            }
        }
        Ok(out)
    }
}

impl Roles {
    /// One role holder at `at` (its path inside `roles`); errors name that path.
    fn push(&mut self, key: Option<&str>, at: &str, item: Value) -> Result<(), String> {
        let mut m = match item {
            Value::Object(m) => m,
            Value::Null => return Ok(()),
            // A bare name under a role key.
            Value::String(_) | Value::Number(_) if key.is_some() => {
                self.items.push(OrgRole {
                    role_type: key.map(RoleType::parse),
                    name: de::value_string(&item),
                    ..OrgRole::default()
                });
                return Ok(());
            }
            other => {
                return Err(format!(
                    "{at}: found {}, expected a role holder (an object)",
                    de::kind_of(&other)
                ))
            }
        };
        // `{ "role": "...", "person": {...} }` → flat.
        match m.remove("person") {
            Some(Value::Object(p)) => {
                for (k, v) in p {
                    m.entry(k).or_insert(v);
                }
            }
            None | Some(Value::Null) => {}
            Some(other) => {
                return Err(format!(
                    "{at}.person: found {}, expected a person (an object)",
                    de::kind_of(&other)
                ))
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
        let role: OrgRole = de::record_from::<OrgRole, serde_json::Error>(Value::Object(m))
            .map_err(|e| prefix(at, &e))?;
        self.items.push(role);
        Ok(())
    }
}

fn prefix(p: &str, e: &impl std::fmt::Display) -> String {
    de::prefixed::<serde_json::Error>(p, e).to_string()
}
