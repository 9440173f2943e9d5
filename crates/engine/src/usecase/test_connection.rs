use super::prelude::*;

/// Checks one provider of the active environment step by step.
pub async fn test_connection(ctx: &Arc<Ctx>, provider: Provider) -> Result<ConnectionTest> {
    let p = &ctx.providers;
    let mut steps = Vec::new();
    let t = std::time::Instant::now();
    let mut step = |name: &str,
                    r: std::result::Result<String, amldesk_providers::ProviderError>,
                    t: std::time::Instant| {
        let ok = r.is_ok();
        steps.push(ConnectionStep {
            step: name.to_owned(),
            ok,
            message: match r {
                Ok(m) => m,
                Err(e) => e.user_message(),
            },
            elapsed_ms: t.elapsed().as_millis() as u64,
        });
        ok
    };
    match provider {
        Provider::Organization | Provider::Beneficial => {
            let d = p
                .oidc
                .discovery()
                .await
                .map(|d| format!("token endpoint {}", d.token_endpoint));
            if step("discovery", d, t) {
                let t2 = std::time::Instant::now();
                let scopes = [amldesk_providers::SCOPE_BASIC.to_owned()]
                    .into_iter()
                    .collect();
                let tok = p
                    .oidc
                    .token(&scopes)
                    .await
                    .map(|_| "token issued".to_owned());
                if step("token", tok, t2) && provider == Provider::Beneficial {
                    let t3 = std::time::Instant::now();
                    let r = p.bo.access_rights().await.map(|a| {
                        let access = a.registry().map_or("not stated", |r| r.as_str());
                        format!("National Registry access: {access}")
                    });
                    step("request", r, t3);
                }
            }
        }
        Provider::Amlyze => {
            let r = p
                .amlyze
                .events("amldesk-connection-test")
                .await
                .map(|_| "answered".to_owned());
            let r = match r {
                Err(amldesk_providers::ProviderError::NotFound { .. }) => Ok("answered".to_owned()),
                other => other,
            };
            step("request", r, t);
        }
        Provider::Peer => {
            let r = p
                .peer
                .respond("Identity", &[], 1)
                .await
                .map(|_| "answered".to_owned());
            step("request", r, t);
        }
    }
    let ok = steps.iter().all(|s| s.ok);
    ctx.online.store(ok, Ordering::Relaxed);
    Ok(ConnectionTest {
        provider,
        ok,
        steps,
    })
}
