//! BankID Beneficial owners API result (API-NOTES §2). The public documentation lists the
//! elements, not the JSON layout: the list of owners is read from `beneficialOwners`,
//! `beneficials` or `ownership.beneficials`; the organization from `keyInformation` or
//! `organization`. Everything else is kept in `extra`.

use super::de::{open_enum, record};
use super::org::{BeneficialOwner, KeyInformation, OwnershipNode, Shareholder, ShareholderType};
use super::{
    present, raw_availability, Availability, Flag, ModelError, Section, SectionInfo, Text,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

record! {
/// The beneficial-owners answer. Every top-level key is a section: absent = not served, `null`
/// = searched, nothing found, `Unreadable` = a node in it does not fit (raw value kept).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct BoResult {
    #[serde(alias = "organization")]
    #[ts(as = "Option<Option<KeyInformation>>", optional)]
    pub key_information: Option<Section<KeyInformation>>,
    #[serde(alias = "beneficials")]
    #[ts(as = "Option<Option<Vec<BeneficialOwner>>>", optional)]
    pub beneficial_owners: Option<Section<Vec<BeneficialOwner>>>,
    /// Owner structure behind the owners (the "visual maps" of the report), when served.
    #[ts(as = "Option<Option<OwnershipNode>>", optional)]
    pub ownership: Option<Section<OwnershipNode>>,
    /// Owner structure as nodes and edges (the "visual maps" of the report), when served.
    #[ts(as = "Option<Option<OwnershipMap>>", optional)]
    pub ownership_map: Option<Section<OwnershipMap>>,
    /// The organization, when given at the top level rather than in `keyInformation`.
    #[serde(alias = "orgNumber")]
    #[ts(as = "Option<String>", optional)]
    pub organization_number: Option<Section<Text>>,
    #[ts(as = "Option<String>", optional)]
    pub name: Option<Section<Text>>,
    #[ts(as = "Option<String>", optional)]
    pub country: Option<Section<Text>>,
    /// National Registry access at the time of the answer.
    #[ts(as = "Option<BoAccessRights>", optional)]
    pub access_rights: Option<Section<BoAccessRights>>,
    #[ts(as = "Option<bool>", optional)]
    pub sandbox: Option<Section<Flag>>,
}
}

/// The sections of a beneficial-owners answer, in display order.
pub const BO_SECTIONS: &[&str] = &[
    "keyInformation",
    "beneficialOwners",
    "ownership",
    "ownershipMap",
    "accessRights",
];

/// Owner fields that need delegated National Registry access (expands of the BO API).
pub const REGISTRY_EXPANDS: &[&str] = &["citizenship", "birthplace", "identificationNumber", "ssn"];

impl BoResult {
    /// Reads a beneficial-owners answer; fails only when the document is not a JSON object.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("beneficial owners", v)?;
        macro_rules! at {
            ($($f:ident = $p:literal),*) => {$(
                if let Some(s) = r.$f.as_mut() { s.locate($p) }
            )*};
        }
        at!(
            key_information = "keyInformation",
            beneficial_owners = "beneficialOwners",
            ownership = "ownership",
            ownership_map = "ownershipMap",
            organization_number = "organizationNumber",
            name = "name",
            country = "country",
            access_rights = "accessRights",
            sandbox = "sandbox"
        );
        if let Some(Section::Present(o)) = r.ownership.as_mut() {
            o.locate();
        }
        Ok(r)
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The owners, wherever upstream put them.
    pub fn owners(&self) -> &[BeneficialOwner] {
        if let Some(list) = present(&self.beneficial_owners) {
            return list;
        }
        present(&self.ownership)
            .and_then(|o| present(&o.beneficials))
            .map_or(&[], Vec::as_slice)
    }

    pub fn shareholders(&self) -> &[Shareholder] {
        present(&self.ownership)
            .and_then(|o| present(&o.shareholders))
            .map_or(&[], Vec::as_slice)
    }

    pub fn org_number(&self) -> Option<&str> {
        present(&self.key_information)
            .and_then(|k| k.org_number.as_deref())
            .or(present(&self.organization_number).map(|t| &**t))
    }

    pub fn org_name(&self) -> Option<&str> {
        present(&self.key_information)
            .and_then(|k| k.name.as_deref())
            .or(present(&self.name).map(|t| &**t))
    }

    pub fn map(&self) -> Option<&OwnershipMap> {
        present(&self.ownership_map)
    }

    /// The National Registry access stated in the answer.
    pub fn registry_access(&self) -> Option<&RegistryAccess> {
        present(&self.access_rights).and_then(BoAccessRights::registry)
    }

    fn section(&self, first: &str) -> Option<(&str, &str)> {
        match first {
            "keyInformation" | "organization" => {
                self.key_information.as_ref().and_then(Section::unreadable)
            }
            "beneficialOwners" | "beneficials" => self
                .beneficial_owners
                .as_ref()
                .and_then(Section::unreadable),
            "ownership" => self.ownership.as_ref().and_then(Section::unreadable),
            "ownershipMap" => self.ownership_map.as_ref().and_then(Section::unreadable),
            "organizationNumber" | "orgNumber" => self
                .organization_number
                .as_ref()
                .and_then(Section::unreadable),
            "name" => self.name.as_ref().and_then(Section::unreadable),
            "country" => self.country.as_ref().and_then(Section::unreadable),
            "accessRights" => self.access_rights.as_ref().and_then(Section::unreadable),
            "sandbox" => self.sandbox.as_ref().and_then(Section::unreadable),
            _ => None,
        }
    }

    fn unreadable_at(&self, path: &str) -> Option<(&str, &str)> {
        let mut keys = path.split(['.', '[']);
        let first = keys.next().unwrap_or_default();
        self.section(first).or_else(|| {
            let second = keys.next()?;
            (first == "ownership")
                .then(|| present(&self.ownership).and_then(|o| o.unreadable(second)))
                .flatten()
        })
    }

    /// Availability of `path`. The answer's own sections count as requested (the API has no
    /// expands for them); an owner field that needs National Registry access
    /// ([`REGISTRY_EXPANDS`]) is `NotAvailable` when the answer says access is not granted.
    pub fn availability(&self, path: &str, requested: &[String]) -> Availability {
        if self.unreadable_at(path).is_some() {
            return Availability::Unreadable;
        }
        let last = path.rsplit(['.', ']']).next().unwrap_or_default();
        if REGISTRY_EXPANDS.contains(&last) {
            if !requested.iter().any(|r| r.trim() == last) {
                return Availability::NotRequested;
            }
            if self
                .registry_access()
                .is_some_and(|a| *a != RegistryAccess::Granted)
            {
                return Availability::NotAvailable;
            }
            let any = |k: &str| {
                self.owners().iter().any(|o| match k {
                    "citizenship" => o.citizenship.is_some(),
                    "birthplace" => o.birthplace.is_some(),
                    _ => o.extra.get(k).is_some_and(|v| !v.is_null()),
                })
            };
            return if any(last) {
                Availability::Present
            } else {
                Availability::Empty
            };
        }
        let mut all: Vec<String> = requested.to_vec();
        all.extend(BO_SECTIONS.iter().map(|s| (*s).to_owned()));
        raw_availability(&self.to_json(), path, &all)
    }

    /// Every known section ([`BO_SECTIONS`]), the registry fields that were requested, then any
    /// other section that was unreadable.
    pub fn sections(&self, requested: &[String]) -> Vec<SectionInfo> {
        let mut paths: Vec<String> = BO_SECTIONS.iter().map(|s| (*s).to_owned()).collect();
        for e in REGISTRY_EXPANDS {
            if requested.iter().any(|r| r.trim() == *e) {
                paths.push(format!("beneficialOwners[].{e}"));
            }
        }
        for p in self.unreadable_sections() {
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
        paths
            .into_iter()
            .map(|p| match self.unreadable_at(&p) {
                Some((at, why)) => SectionInfo {
                    reason: Some(format!("at `{at}`: {why}")),
                    availability: Availability::Unreadable,
                    path: p,
                },
                None => SectionInfo {
                    availability: self.availability(&p, requested),
                    reason: None,
                    path: p,
                },
            })
            .collect()
    }

    /// Paths of the sections that did not fit.
    pub fn unreadable_sections(&self) -> Vec<String> {
        let mut out: Vec<String> = [
            "keyInformation",
            "beneficialOwners",
            "ownership",
            "ownershipMap",
            "organizationNumber",
            "name",
            "country",
            "accessRights",
            "sandbox",
        ]
        .into_iter()
        .filter(|k| self.section(k).is_some())
        .map(str::to_owned)
        .collect();
        if let Some(o) = present(&self.ownership) {
            out.extend(
                o.unreadable_sections()
                    .into_iter()
                    .map(|s| format!("ownership.{s}")),
            );
        }
        out
    }
}

open_enum! {
    /// Status of the delegated National Registry access (citizenship, birthplace, ssn).
    pub enum RegistryAccess ts "\"GRANTED\" | \"PENDING\" | \"NOT_GRANTED\" | string" {
        Granted = "GRANTED",
        Pending = "PENDING",
        NotGranted = "NOT_GRANTED" | "DENIED",
    }
}

record! {
/// `GET /beneficial/access-rights`. `nationalRegistry` is a section: a value that is not a
/// status is kept as unreadable, not read as "no access".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct BoAccessRights {
    #[ts(as = "Option<RegistryAccess>", optional)]
    pub national_registry: Option<Section<RegistryAccess>>,
}
}

impl BoAccessRights {
    /// Reads the access-rights answer; fails only when the document is not a JSON object.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("access rights", v)?;
        if let Some(s) = r.national_registry.as_mut() {
            s.locate("nationalRegistry");
        }
        Ok(r)
    }

    pub fn registry(&self) -> Option<&RegistryAccess> {
        present(&self.national_registry)
    }
}

record! {
/// The owner structure as a graph: node ids are upstream's own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct OwnershipMap {
    #[ts(optional, as = "Option<Vec<OwnershipMapNode>>")]
    pub nodes: Vec<OwnershipMapNode>,
    #[ts(optional, as = "Option<Vec<OwnershipMapEdge>>")]
    pub edges: Vec<OwnershipMapEdge>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct OwnershipMapNode {
    #[ts(optional)]
    pub id: Option<String>,
    #[serde(rename = "type")]
    #[ts(optional)]
    pub node_type: Option<ShareholderType>,
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(alias = "orgNumber")]
    #[ts(optional)]
    pub organization_number: Option<String>,
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    #[ts(optional)]
    pub subject: Option<bool>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct OwnershipMapEdge {
    #[ts(optional)]
    pub from: Option<String>,
    #[ts(optional)]
    pub to: Option<String>,
    #[ts(optional)]
    pub percentage: Option<f64>,
    #[ts(optional)]
    pub voting_percentage: Option<f64>,
}
}
