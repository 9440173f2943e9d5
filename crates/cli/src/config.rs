//! `amldesk config show [<env>]`, `amldesk config set <env>.<key> <value>` and `amldesk config
//! test [<env>]`: an environment's
//! addresses, client, scopes and network settings (kept in that environment's database; every
//! change is audited by key, never by value).

use amldesk_engine::{parse_environment, EngineError, CONFIG_KEYS};
use clap::Subcommand;

use crate::commands::{active_environment, fail, open_offline, Global};
use crate::output;

#[derive(Subcommand, Debug)]
pub enum Config {
    /// Show an environment's settings and their defaults (default: the `--env` one).
    Show {
        /// sandbox, test or production.
        environment: Option<String>,
    },
    /// Set one setting, e.g. `amldesk config set test.bankid.scopes "aml_organization/basic
    /// aml_organization/OFAC"`. An empty value unsets it.
    Set {
        /// `<env>.<key>`; keys: bankid.discovery_url, bankid.client_id, bankid.scopes,
        /// bankid.client_reference_dedup, amlyze.base_url, peer.base_url, peer.user, http.proxy,
        /// http.ca_file.
        setting: String,
        value: String,
    },
    /// Test connection step by step with the saved settings: discovery, a token with each
    /// scope, one harmless call per API (default: the `--env` one). Exit 1 when a step fails.
    Test {
        /// sandbox, test or production.
        environment: Option<String>,
    },
}

/// Splits `<env>.<key>`.
fn split(setting: &str) -> Result<(amldesk_engine::api::EnvironmentKind, &str), EngineError> {
    let Some((env, key)) = setting.split_once('.') else {
        return Err(EngineError::validation(
            "setting",
            format!(
                "\"{setting}\" must be <env>.<key>, e.g. test.bankid.client_id; the keys are {}",
                CONFIG_KEYS.join(", ")
            ),
        ));
    };
    Ok((parse_environment("setting", env)?, key))
}

/// Opens the named environment (default: the `--env` one) offline.
async fn open_named(
    g: &Global,
    environment: Option<&str>,
) -> Result<(amldesk_engine::api::EnvironmentKind, amldesk_engine::Engine), EngineError> {
    let env = match environment {
        Some(e) => parse_environment("environment", e)?,
        None => active_environment(g)?,
    };
    Ok((env, open_offline(g, env).await?))
}

pub async fn config(g: &Global, c: Config) -> i32 {
    match c {
        Config::Test { environment } => {
            let (env, engine) = match open_named(g, environment.as_deref()).await {
                Ok(x) => x,
                Err(e) => return fail(g, &e),
            };
            let r = engine.test_connection(env).await;
            engine.shutdown().await;
            match r {
                Ok(t) => {
                    if g.json {
                        output::print_json(&t);
                    } else {
                        println!("{} environment", amldesk_engine::environment_name(env));
                        for s in &t.steps {
                            let verdict = if s.ok { "ok" } else { "FAILED" };
                            println!(
                                "  {:<40} {verdict}: {} ({} ms)",
                                s.step, s.message, s.elapsed_ms
                            );
                        }
                    }
                    i32::from(!t.ok)
                }
                Err(e) => fail(g, &e),
            }
        }
        Config::Show { environment } => {
            let (_, engine) = match open_named(g, environment.as_deref()).await {
                Ok(x) => x,
                Err(e) => return fail(g, &e),
            };
            let view = engine.config_show().await;
            engine.shutdown().await;
            match view {
                Ok(v) if g.json => {
                    output::print_json(&v);
                    0
                }
                Ok(v) => {
                    println!(
                        "{} environment (cases and settings in {})",
                        amldesk_engine::environment_name(v.environment),
                        v.database
                    );
                    for e in &v.entries {
                        match (&e.value, &e.default) {
                            (Some(val), _) => println!("  {:<31} {val}", e.key),
                            (None, Some(d)) => println!("  {:<31} (default) {d}", e.key),
                            (None, None) => println!("  {:<31} (not set)", e.key),
                        }
                    }
                    0
                }
                Err(e) => fail(g, &e),
            }
        }
        Config::Set { setting, value } => {
            let (env, key) = match split(&setting) {
                Ok(x) => x,
                Err(e) => return fail(g, &e),
            };
            // Validate before opening anything.
            if let Err(e) = amldesk_engine::EnvConfig::default().set(key, &value) {
                return fail(g, &e);
            }
            let engine = match open_offline(g, env).await {
                Ok(e) => e,
                Err(e) => return fail(g, &e),
            };
            let r = engine.config_set(key, &value).await;
            engine.shutdown().await;
            match r {
                Ok(()) => {
                    if g.json {
                        output::print_json(
                            &serde_json::json!({"environment": env, "key": key, "changed": true}),
                        );
                    } else if value.trim().is_empty() {
                        println!("{setting} unset");
                    } else {
                        println!("{setting} set");
                    }
                    0
                }
                Err(e) => fail(g, &e),
            }
        }
    }
}
