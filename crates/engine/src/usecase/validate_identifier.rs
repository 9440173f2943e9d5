use super::prelude::*;

/// Identifier validation (no request).
pub fn validate_identifier(req: &ValidateRequest) -> ValidateResponse {
    let fail = |e: amldesk_core::IdError| ValidateResponse {
        ok: false,
        normalized: None,
        display: None,
        kind: None,
        error: Some(e),
        warning: None,
    };
    match (req.subject_type, req.kind.as_deref()) {
        (SubjectType::Person, Some("phone")) => match parse_ua_phone(&req.identifier) {
            Ok(p) => ValidateResponse {
                ok: true,
                display: Some(p.clone()),
                normalized: Some(p),
                kind: None,
                error: None,
                warning: None,
            },
            Err(e) => fail(e),
        },
        (SubjectType::Person, _) => {
            if req.country == Country::No {
                match parse_no_person(&req.identifier) {
                    Ok(p) => ValidateResponse {
                        ok: true,
                        display: Some(p.clone()),
                        normalized: Some(p),
                        kind: None,
                        error: None,
                        warning: None,
                    },
                    Err(e) => fail(e),
                }
            } else {
                let t = req.identifier.trim();
                if t.is_empty() {
                    fail(amldesk_core::IdError {
                        field: "ID document".into(),
                        message: "the ID document number is empty".into(),
                    })
                } else {
                    ValidateResponse {
                        ok: true,
                        normalized: Some(t.to_owned()),
                        display: Some(t.to_owned()),
                        kind: None,
                        error: None,
                        warning: None,
                    }
                }
            }
        }
        (SubjectType::Organization, k) => {
            let r = if k == Some("duns") {
                OrgId::duns(req.country, &req.identifier)
            } else {
                OrgId::parse(req.country, &req.identifier)
            };
            match r {
                Ok(id) => ValidateResponse {
                    ok: true,
                    display: Some(id.display()),
                    warning: (id.country == Country::Se && id.kind == OrgIdKind::NationalNumber)
                        .then(|| se_orgnr_warning(&id.value))
                        .flatten(),
                    kind: Some(id.kind),
                    normalized: Some(id.value),
                    error: None,
                },
                Err(e) => fail(e),
            }
        }
    }
}
