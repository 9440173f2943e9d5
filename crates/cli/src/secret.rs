//! `amldesk secret set|delete <env> <name>` (the value read from standard input, never from the
//! command line) and `amldesk secret list [<env>]` (names and where they are kept, never values).

use std::io::{IsTerminal, Read};

use amldesk_engine::Secret as SecretValue;
use amldesk_engine::{parse_environment, EngineError, ENVIRONMENTS};
use clap::Subcommand;

use crate::commands::{fail, open_offline, Global};
use crate::output;

#[derive(Subcommand, Debug)]
pub enum Secret {
    /// Store a secret read from standard input: bankid.client_secret, amlyze.token or
    /// peer.password.
    Set { environment: String, name: String },
    /// Delete a stored secret.
    Delete { environment: String, name: String },
    /// Which secrets are stored and where (never their values).
    List { environment: Option<String> },
}

/// Standard input without one trailing line break.
fn read_stdin(name: &str) -> Result<SecretValue, EngineError> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("Enter {name}, then press Ctrl-D:");
    }
    let mut s = String::new();
    stdin.read_to_string(&mut s).map_err(|e| {
        EngineError::validation(name, format!("{name}: standard input cannot be read ({e})"))
    })?;
    let v = s
        .strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .unwrap_or(&s);
    Ok(SecretValue::new(v))
}

fn check_name(name: &str) -> Result<(), EngineError> {
    if amldesk_engine::SECRET_NAMES.iter().any(|(n, _)| *n == name) {
        return Ok(());
    }
    Err(EngineError::validation(
        "name",
        format!(
            "\"{name}\" is not a secret name; the secrets are {}",
            amldesk_engine::SECRET_NAMES.map(|(n, _)| n).join(", ")
        ),
    ))
}

pub async fn secret(g: &Global, s: Secret) -> i32 {
    match s {
        Secret::Set { environment, name } => {
            let env = match parse_environment("environment", &environment)
                .and_then(|e| check_name(&name).map(|()| e))
            {
                Ok(e) => e,
                Err(e) => return fail(g, &e),
            };
            let value = match read_stdin(&name) {
                Ok(v) => v,
                Err(e) => return fail(g, &e),
            };
            let engine = match open_offline(g, env).await {
                Ok(e) => e,
                Err(e) => return fail(g, &e),
            };
            let r = engine.secret_set(&name, value).await;
            engine.shutdown().await;
            done(g, r, &environment, &name, "stored")
        }
        Secret::Delete { environment, name } => {
            let env = match parse_environment("environment", &environment)
                .and_then(|e| check_name(&name).map(|()| e))
            {
                Ok(e) => e,
                Err(e) => return fail(g, &e),
            };
            let engine = match open_offline(g, env).await {
                Ok(e) => e,
                Err(e) => return fail(g, &e),
            };
            let r = engine.secret_delete(&name).await;
            engine.shutdown().await;
            done(g, r, &environment, &name, "deleted")
        }
        Secret::List { environment } => {
            let envs = match environment.as_deref() {
                Some(e) => match parse_environment("environment", e) {
                    Ok(e) => vec![e],
                    Err(e) => return fail(g, &e),
                },
                None => ENVIRONMENTS.to_vec(),
            };
            let engine = match open_offline(g, envs[0]).await {
                Ok(e) => e,
                Err(e) => return fail(g, &e),
            };
            let r = engine.secret_list(envs).await;
            engine.shutdown().await;
            match r {
                Ok(list) if g.json => {
                    output::print_json(&list);
                    0
                }
                Ok(list) => {
                    for s in list {
                        println!(
                            "{:<11} {:<21} {:<11} {} ({})",
                            amldesk_engine::environment_name(s.environment),
                            s.name,
                            if s.stored { "stored" } else { "not stored" },
                            s.store,
                            s.location
                        );
                    }
                    0
                }
                Err(e) => fail(g, &e),
            }
        }
    }
}

fn done(g: &Global, r: Result<(), EngineError>, env: &str, name: &str, what: &str) -> i32 {
    match r {
        Ok(()) => {
            if g.json {
                output::print_json(
                    &serde_json::json!({"environment": env, "name": name, "change": what}),
                );
            } else {
                println!("{env} {name} {what}");
            }
            0
        }
        Err(e) => fail(g, &e),
    }
}
