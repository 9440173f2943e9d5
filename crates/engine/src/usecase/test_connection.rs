//! Test connection for any environment, step by step: discovery, a token with each configured
//! scope, one harmless call per API (Beneficial owners' access rights, Amlyze events of a number
//! nobody uses, the peer API's recent answers). Each step says ok or what failed (a TLS failure
//! in words). The environment is built from its stored settings and secrets as opening it would
//! (the running sandbox is reused; another environment's embedded sandbox runs for the test).

use std::collections::BTreeSet;
use std::time::Instant;

use amldesk_providers::{Http, HttpConfig, ProviderError, Providers, SCOPE_BASIC};

use super::environment_config::with_environment;
use super::prelude::*;
use crate::open::environment::{connect, stop};

struct Steps(Vec<ConnectionStep>);

impl Steps {
    fn push(&mut self, step: &str, t: Instant, r: std::result::Result<String, String>) -> bool {
        let ok = r.is_ok();
        self.0.push(ConnectionStep {
            step: step.to_owned(),
            ok,
            message: r.unwrap_or_else(|e| e),
            elapsed_ms: t.elapsed().as_millis() as u64,
        });
        ok
    }
    fn provider(
        &mut self,
        step: &str,
        t: Instant,
        r: std::result::Result<String, ProviderError>,
    ) -> bool {
        self.push(step, t, r.map_err(|e| e.user_message()))
    }
}

async fn run_steps(p: &Providers) -> Vec<ConnectionStep> {
    let mut s = Steps(Vec::new());
    let env = &p.env;
    let t = Instant::now();
    let discovered = if env.discovery_url.is_empty() {
        s.push(
            "discovery",
            t,
            Err("not configured: set bankid.discovery_url".into()),
        )
    } else if env.oidc_client_id.is_empty() {
        s.push(
            "discovery",
            t,
            Err("not tried: bankid.client_id is not set".into()),
        )
    } else {
        let d = p
            .oidc
            .discovery()
            .await
            .map(|d| format!("token endpoint {}", d.token_endpoint));
        s.provider("discovery", t, d)
    };
    let mut basic_token = false;
    for scope in &env.scopes {
        let name = format!("token {scope}");
        let t = Instant::now();
        if !discovered {
            s.push(&name, t, Err("not tried: discovery failed".into()));
            continue;
        }
        let scopes: BTreeSet<String> = [SCOPE_BASIC.to_owned(), scope.clone()]
            .into_iter()
            .collect();
        let ok = s.provider(
            &name,
            t,
            p.oidc
                .token(&scopes)
                .await
                .map(|_| "token issued".to_owned()),
        );
        basic_token |= ok && scope == SCOPE_BASIC;
    }
    let t = Instant::now();
    if basic_token {
        let r = p.bo.access_rights().await.map(|a| {
            let access = a.registry().map_or("not stated", |r| r.as_str());
            format!("answered; National Registry access: {access}")
        });
        s.provider("Beneficial owners", t, r);
    } else {
        s.push("Beneficial owners", t, Err("not tried: no token".into()));
    }
    let t = Instant::now();
    if env.amlyze_base.is_empty() {
        s.push(
            "Amlyze",
            t,
            Err("not configured: set amlyze.base_url".into()),
        );
    } else {
        let r = match p.amlyze.events("amldesk-connection-test").await {
            Ok(_) | Err(ProviderError::NotFound { .. }) => Ok("answered".to_owned()),
            Err(e) => Err(e),
        };
        s.provider("Amlyze", t, r);
    }
    let t = Instant::now();
    if env.peer_base.is_empty() {
        s.push("peer", t, Err("not configured: set peer.base_url".into()));
    } else {
        let r = p
            .peer
            .respond("Identity", &[], 1)
            .await
            .map(|_| "answered".to_owned());
        s.provider("peer", t, r);
    }
    s.0
}

/// Tests `environment` (the active one by default) step by step.
pub async fn test_connection(
    ctx: &Arc<Ctx>,
    environment: EnvironmentKind,
) -> Result<ConnectionTest> {
    // The sandbox this engine runs (an offline engine runs none: it starts one for the test).
    let running_sandbox = environment == ctx.environment
        && environment == EnvironmentKind::Sandbox
        && !ctx.base_url.is_empty();
    let steps = if running_sandbox {
        run_steps(&ctx.providers).await
    } else {
        with_environment(ctx, environment, |c| async move {
            let connected = connect(environment, None, &c.store, &c.data_dir, &c.secrets).await?;
            let http = Http::with_network(HttpConfig::default(), &connected.network)?;
            let p = Providers::new(http, connected.env, connected.creds);
            let steps = run_steps(&p).await;
            if let Some(u) = connected.upstream {
                stop(u).await;
            }
            Ok(steps)
        })
        .await?
    };
    let ok = steps.iter().all(|s| s.ok);
    if environment == ctx.environment {
        // Reachability, not completeness: an unconfigured Amlyze does not make the app offline.
        let reached = steps.first().is_some_and(|s| s.ok);
        ctx.online.store(reached, Ordering::Relaxed);
    }
    Ok(ConnectionTest {
        environment,
        ok,
        steps,
    })
}
