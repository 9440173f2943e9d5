//! Fault and timing knobs: by flag, by environment (`AMLDESK_SANDBOX_*`) and at run time through
//! `POST /_sandbox/knobs`.

use serde::{Deserialize, Serialize};

/// Everything the sandbox lets a test or a user turn. `Default` is realistic; see
/// [`crate::SandboxConfig::fast`] for tests.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Knobs {
    /// Multiplies every drawn latency (1.0 = realistic, 0.001 = tests).
    pub latency_scale: f64,
    /// Time until a JSON result is ready, drawn uniformly from [min, max] milliseconds.
    pub json_latency_ms: (u64, u64),
    /// Time until a PDF report is ready, drawn uniformly from [min, max] milliseconds.
    pub pdf_latency_ms: (u64, u64),
    /// Share of requests answered with a 5xx (0.0–1.0).
    pub error_5xx_rate: f64,
    /// Share of requests whose TCP connection is dropped without an answer.
    pub reset_rate: f64,
    /// Share of JSON answers whose body is cut (malformed JSON).
    pub malformed_json_rate: f64,
    /// Share of PDF downloads whose body is cut.
    pub truncated_pdf_rate: f64,
    /// Share of result documents (BankID `/json`, access rights, Amlyze results and events,
    /// peer `respond`) in which one section gets a node of another JSON type or is removed.
    pub shape_drift_rate: f64,
    /// Requests per second over all upstream endpoints; above it, 429 with `Retry-After`.
    pub rate_limit_per_sec: Option<u32>,
    pub retry_after_s: u64,
    /// Lifetime of an OIDC access token.
    pub token_lifetime_s: u64,
    /// How long a ready result stays downloadable (upstream: 2 hours).
    pub result_lifetime_s: u64,
    /// Sessions in progress per client; above it, 429.
    pub max_concurrent_sessions: Option<u32>,
    /// Beneficial owners' National Registry access: GRANTED, PENDING or NOT_GRANTED.
    pub national_registry: String,
    /// Whether webhooks are sent at all.
    pub webhooks: bool,
    /// [assumed] De-duplication by `clientReference`: a repeated create with the same reference
    /// answers the session already made, and `GET …/session?clientReference=` finds it. No vendor
    /// document promises this, so it is off by default: the engine must be safe without it.
    pub client_reference_dedup: bool,
    /// A create POST makes the session at once and then holds its answer this long, so a test
    /// can kill the client between the upstream's commit and ours.
    pub create_delay_ms: u64,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            latency_scale: 1.0,
            json_latency_ms: (1000, 4000),
            pdf_latency_ms: (3000, 10000),
            error_5xx_rate: 0.0,
            reset_rate: 0.0,
            malformed_json_rate: 0.0,
            truncated_pdf_rate: 0.0,
            shape_drift_rate: 0.0,
            rate_limit_per_sec: None,
            retry_after_s: 1,
            token_lifetime_s: 300,
            result_lifetime_s: 7200,
            max_concurrent_sessions: None,
            national_registry: "NOT_GRANTED".into(),
            webhooks: true,
            client_reference_dedup: false,
            create_delay_ms: 0,
        }
    }
}

pub const NATIONAL_REGISTRY_VALUES: [&str; 3] = ["GRANTED", "PENDING", "NOT_GRANTED"];

impl Knobs {
    /// Defaults overlaid with every `AMLDESK_SANDBOX_<KNOB>` variable that is set.
    pub fn from_env() -> anyhow::Result<Knobs> {
        let mut k = Knobs::default();
        let var = |name: &str| std::env::var(format!("AMLDESK_SANDBOX_{name}")).ok();
        macro_rules! env_num {
            ($field:ident, $name:literal) => {
                if let Some(v) = var($name) {
                    k.$field = v.trim().parse().map_err(|_| {
                        anyhow::anyhow!("AMLDESK_SANDBOX_{} must be a number; got \"{}\"", $name, v)
                    })?;
                }
            };
        }
        env_num!(latency_scale, "LATENCY_SCALE");
        env_num!(error_5xx_rate, "ERROR_5XX_RATE");
        env_num!(reset_rate, "RESET_RATE");
        env_num!(malformed_json_rate, "MALFORMED_JSON_RATE");
        env_num!(truncated_pdf_rate, "TRUNCATED_PDF_RATE");
        env_num!(shape_drift_rate, "SHAPE_DRIFT_RATE");
        env_num!(retry_after_s, "RETRY_AFTER_S");
        env_num!(token_lifetime_s, "TOKEN_LIFETIME_S");
        env_num!(result_lifetime_s, "RESULT_LIFETIME_S");
        env_num!(create_delay_ms, "CREATE_DELAY_MS");
        if let Some(v) = var("CLIENT_REFERENCE_DEDUP") {
            k.client_reference_dedup = parse_bool(&v)
                .map_err(|e| anyhow::anyhow!("AMLDESK_SANDBOX_CLIENT_REFERENCE_DEDUP: {e}"))?;
        }
        if let Some(v) = var("JSON_LATENCY_MS") {
            k.json_latency_ms = parse_range(&v)
                .map_err(|e| anyhow::anyhow!("AMLDESK_SANDBOX_JSON_LATENCY_MS: {e}"))?;
        }
        if let Some(v) = var("PDF_LATENCY_MS") {
            k.pdf_latency_ms = parse_range(&v)
                .map_err(|e| anyhow::anyhow!("AMLDESK_SANDBOX_PDF_LATENCY_MS: {e}"))?;
        }
        if let Some(v) = var("RATE_LIMIT_PER_SEC") {
            k.rate_limit_per_sec = parse_opt(&v)
                .map_err(|e| anyhow::anyhow!("AMLDESK_SANDBOX_RATE_LIMIT_PER_SEC: {e}"))?;
        }
        if let Some(v) = var("MAX_CONCURRENT_SESSIONS") {
            k.max_concurrent_sessions = parse_opt(&v)
                .map_err(|e| anyhow::anyhow!("AMLDESK_SANDBOX_MAX_CONCURRENT_SESSIONS: {e}"))?;
        }
        if let Some(v) = var("NATIONAL_REGISTRY") {
            k.national_registry = v.trim().to_ascii_uppercase();
        }
        k.validate().map_err(anyhow::Error::msg)?;
        Ok(k)
    }

    /// Checks ranges; the message names the knob and what is expected.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [
            ("error_5xx_rate", self.error_5xx_rate),
            ("reset_rate", self.reset_rate),
            ("malformed_json_rate", self.malformed_json_rate),
            ("truncated_pdf_rate", self.truncated_pdf_rate),
            ("shape_drift_rate", self.shape_drift_rate),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be between 0.0 and 1.0; got {v}"));
            }
        }
        if !(self.latency_scale >= 0.0 && self.latency_scale.is_finite()) {
            return Err(format!(
                "latency_scale must be a number of at least 0; got {}",
                self.latency_scale
            ));
        }
        for (name, (lo, hi)) in [
            ("json_latency_ms", self.json_latency_ms),
            ("pdf_latency_ms", self.pdf_latency_ms),
        ] {
            if lo > hi {
                return Err(format!("{name} needs min ≤ max; got [{lo}, {hi}]"));
            }
        }
        if !NATIONAL_REGISTRY_VALUES.contains(&self.national_registry.as_str()) {
            return Err(format!(
                "national_registry must be GRANTED, PENDING or NOT_GRANTED; got \"{}\"",
                self.national_registry
            ));
        }
        if self.rate_limit_per_sec == Some(0) {
            return Err("rate_limit_per_sec must be at least 1 (or null for no limit)".into());
        }
        Ok(())
    }

    /// Applies a partial JSON object (only the keys given change).
    pub fn merged(&self, patch: &serde_json::Value) -> Result<Knobs, String> {
        let patch = patch
            .as_object()
            .ok_or("the knobs must be a JSON object, e.g. {\"error_5xx_rate\": 0.1}")?;
        let mut current = serde_json::to_value(self).map_err(|e| e.to_string())?;
        let obj = current
            .as_object_mut()
            .ok_or("internal: knobs are not an object")?;
        for (k, v) in patch {
            if !obj.contains_key(k) {
                return Err(format!(
                    "unknown knob \"{k}\"; known knobs: {}",
                    obj.keys().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            obj.insert(k.clone(), v.clone());
        }
        let k: Knobs =
            serde_json::from_value(current).map_err(|e| format!("invalid knob value: {e}"))?;
        k.validate()?;
        Ok(k)
    }
}

/// `1000..4000`, `1000-4000` or `1000,4000` (milliseconds).
pub fn parse_range(s: &str) -> Result<(u64, u64), String> {
    let t = s.trim();
    let parts: Vec<&str> = if t.contains("..") {
        t.split("..").collect()
    } else {
        t.split([',', '-']).collect()
    };
    let err = || format!("expected a range of milliseconds like 1000..4000; got \"{t}\"");
    if parts.len() != 2 {
        return Err(err());
    }
    let lo: u64 = parts[0].trim().parse().map_err(|_| err())?;
    let hi: u64 = parts[1].trim().parse().map_err(|_| err())?;
    if lo > hi {
        return Err(format!("the range {lo}..{hi} has min above max"));
    }
    Ok((lo, hi))
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(format!("expected true or false; got \"{s}\"")),
    }
}

/// A limit given on the command line: a number, or `none` for no limit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit(pub Option<u32>);

pub fn parse_limit(s: &str) -> Result<Limit, String> {
    parse_opt(s).map(Limit)
}

/// A number, or `none`/`off`/empty for no limit.
pub fn parse_opt(s: &str) -> Result<Option<u32>, String> {
    let t = s.trim().to_ascii_lowercase();
    if t.is_empty() || t == "none" || t == "off" {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| format!("expected a whole number or \"none\"; got \"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_changes_only_given_keys() {
        let k = Knobs::default();
        let m = k
            .merged(&serde_json::json!({"error_5xx_rate": 0.5, "json_latency_ms": [1, 2]}))
            .expect("valid patch");
        assert_eq!(m.error_5xx_rate, 0.5);
        assert_eq!(m.json_latency_ms, (1, 2));
        assert_eq!(m.pdf_latency_ms, k.pdf_latency_ms);
    }

    #[test]
    fn merge_rejects_unknown_and_out_of_range() {
        let k = Knobs::default();
        let e = k
            .merged(&serde_json::json!({"nope": 1}))
            .expect_err("unknown");
        assert!(e.contains("unknown knob \"nope\""), "{e}");
        let e = k
            .merged(&serde_json::json!({"reset_rate": 2.0}))
            .expect_err("range");
        assert!(e.contains("reset_rate"), "{e}");
        for bad in [-0.1, 1.5] {
            let e = k
                .merged(&serde_json::json!({"shape_drift_rate": bad}))
                .expect_err("range");
            assert!(
                e.contains("shape_drift_rate must be between 0.0 and 1.0"),
                "{e}"
            );
        }
        let e = k
            .merged(&serde_json::json!({"national_registry": "MAYBE"}))
            .expect_err("enum");
        assert!(e.contains("national_registry"), "{e}");
    }

    #[test]
    fn ranges_parse() {
        assert_eq!(parse_range("1..4"), Ok((1, 4)));
        assert_eq!(parse_range("10-20"), Ok((10, 20)));
        assert!(parse_range("20..10").is_err());
        assert!(parse_range("x").is_err());
        assert_eq!(parse_opt("none"), Ok(None));
        assert_eq!(parse_opt("7"), Ok(Some(7)));
        assert_eq!(parse_bool("true"), Ok(true));
        assert_eq!(parse_bool(" False "), Ok(false));
        assert!(parse_bool("maybe").is_err());
    }

    #[test]
    fn client_reference_dedup_is_off_by_default_and_settable() {
        let k = Knobs::default();
        assert!(!k.client_reference_dedup, "no vendor document promises it");
        assert_eq!(k.create_delay_ms, 0);
        let m = k
            .merged(&serde_json::json!({"client_reference_dedup": true, "create_delay_ms": 50}))
            .expect("valid patch");
        assert!(m.client_reference_dedup);
        assert_eq!(m.create_delay_ms, 50);
    }
}
