//! Every path template, field name and constant of the served contract, in one place
//! (API-NOTES.md). Items marked [assumed] there are our choice and are served exactly as written
//! here, so that following the real reference later is an edit of this file.

// ---- OIDC-style auth [doc] ----
pub const REALM: &str = "sandbox";
pub const DISCOVERY: &str = "/auth/realms/sandbox/.well-known/openid-configuration";
pub const TOKEN: &str = "/auth/realms/sandbox/protocol/openid-connect/token";
/// Vendor extension field in discovery that carries the AML base URL [doc].
pub const FIELD_AML_BASEURL: &str = "aml-baseurl";

pub const SCOPE_BASIC: &str = "aml_organization/basic";
pub const SCOPE_OFAC: &str = "aml_organization/OFAC";
pub const SCOPE_CREDIT: &str = "aml_organization/financials.credit";
pub const ALL_SCOPES: [&str; 3] = [SCOPE_BASIC, SCOPE_OFAC, SCOPE_CREDIT];

// ---- BankID Organization API ([assumed] paths beyond `/organization/session/{no,se,fi}`) ----
pub const ORG_CREATE: &str = "/organization/session/{country}";
/// [assumed] idempotency lookup: `GET /organization/session?clientReference=…`.
pub const ORG_LOOKUP: &str = "/organization/session";
pub const ORG_STATUS: &str = "/organization/session/{country_or_id}";
pub const ORG_JSON: &str = "/organization/session/{session_id}/json";
pub const ORG_REPORT: &str = "/organization/session/{session_id}/report/{report}";

// ---- BankID Beneficial owners API ([assumed] beyond `POST /beneficial/session/`) ----
pub const BEN_CREATE: &str = "/beneficial/session/";
pub const BEN_CREATE_NO_SLASH: &str = "/beneficial/session";
pub const BEN_STATUS: &str = "/beneficial/session/{session_id}";
pub const BEN_JSON: &str = "/beneficial/session/{session_id}/json";
pub const BEN_REPORT: &str = "/beneficial/session/{session_id}/report";
/// Where the session status's `links` point for a READY report [assumed path; the link itself is
/// [doc], seed 002]: deliberately not the path template, so a client that ignores the link
/// shows in `/_sandbox/stats`.
pub const ORG_REPORT_LINK: &str = "/organization/documents/{session_id}/{report}";
pub const BEN_REPORT_LINK: &str = "/beneficial/documents/{session_id}";
pub const BEN_ACCESS_RIGHTS: &str = "/beneficial/access-rights";

// ---- Amlyze [doc] ----
pub const AMLYZE_BATCH: &str = "/amlyze-ws-rest/batch-customers";
pub const AMLYZE_VALIDATE: &str = "/amlyze-ws-rest/validate-batch-customers";
pub const AMLYZE_EVENTS: &str =
    "/api/integration-services/v1/communications-events/{communication_number}";
pub const EVENT_KYC_SCORING: &str = "app.amlyze.customer.riskmanagement.kyc_scoring.completed";
pub const EVENT_SCREENING: &str = "app.amlyze.customer.screening.sanctions.completed";

// ---- Peer data exchange [doc]; getToken's Basic auth and answer shape [assumed] ----
pub const PEER_TOKEN: &str = "/auth/getToken";
pub const PEER_CREATE: &str = "/api/createrequest";
pub const PEER_RESPOND: &str = "/api/respond";
/// The vendor's own spelling of "pending" [doc].
pub const PEER_PENDING: &str = "Panding";
pub const PEER_DONE: &str = "Done";
pub const PEER_TYPES: [&str; 10] = [
    "All categories",
    "Address",
    "Consumer Profile",
    "Contacts",
    "Credit History",
    "Identity",
    "Name",
    "Services",
    "Socio-Demographic Profile",
    "Subscription",
];

// ---- Sandbox control (never subject to faults) ----
pub const CONTROL_PREFIX: &str = "/_sandbox/";
pub const CONTROL_KNOBS: &str = "/_sandbox/knobs";
pub const CONTROL_RESET: &str = "/_sandbox/reset";
pub const CONTROL_STATS: &str = "/_sandbox/stats";

// ---- Session model [assumed] ----
pub const ENTITY_JSON: &str = "jsonData";
/// Report names in the path, and the entity key in the status document (`<name>-report`).
pub const ORG_REPORTS: [&str; 2] = ["aml", "certificate-of-registration"];
pub const BEN_REPORT_NAME: &str = "beneficial";
pub const FIELD_CLIENT_REFERENCE: &str = "clientReference";
pub const HEADER_CLIENT_REFERENCE: &str = "x-client-reference";

/// Expands the organization session accepts [doc list, assumed spelling].
pub const ORG_EXPANDS: [&str; 17] = [
    "keyInformation.lei",
    "address",
    "roles",
    "authorities",
    "financials",
    "financials.accounting",
    "financials.keyFigures",
    "financials.auditor",
    "financials.accountant",
    "financials.credit",
    "ownership",
    "ownership.shareholders",
    "ownership.beneficials",
    "ownership.subsidiaries",
    "ownership.indicators",
    "sanction",
    "sanction.ofac",
];
/// Expands of the beneficial-owners session [doc].
pub const BEN_EXPANDS: [&str; 4] = ["citizenship", "birthplace", "identificationNumber", "ssn"];

/// Webhook events [doc]; payload `{"sessionId", "event", "report"}` [assumed].
pub const WEBHOOK_EVENTS: [&str; 4] = ["JsonDataReady", "ReportReady", "AllDone", "Failed"];

/// Lifetime of a peer API key [doc].
pub const PEER_TOKEN_LIFETIME_S: i64 = 24 * 3600;
