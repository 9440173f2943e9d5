//! The subcommands: each opens the engine, runs one use case, prints, and returns an exit code.

use std::path::PathBuf;

use amldesk_core::id::{Country, OrgId};
use amldesk_engine::api::*;
use amldesk_engine::{Engine, EngineConfig, EngineError, OpenOptions};
use clap::{Args, Subcommand};

use crate::output::{self, Progress};

pub struct Global {
    pub data_dir: Option<PathBuf>,
    pub env: Option<String>,
    pub sandbox_url: Option<String>,
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum Lookup {
    /// Organization API: key information plus the chosen expands and reports.
    Org {
        /// NO, SE, FI or DK.
        country: String,
        /// Organization number (or DUNS with --duns).
        identifier: String,
        /// Extra data: address, roles, authorities, financials.keyFigures, ownership.shareholders, sanction, …
        #[arg(long = "expand")]
        expand: Vec<String>,
        /// PDF reports: aml, certificate-of-registration.
        #[arg(long = "report")]
        report: Vec<String>,
        /// Add to an existing case.
        #[arg(long = "case")]
        case: Option<String>,
        /// Read the identifier as a DUNS number.
        #[arg(long)]
        duns: bool,
    },
    /// Beneficial owners API.
    Bo {
        identifier: String,
        /// citizenship, birthplace, ssn (need National Registry access).
        #[arg(long = "expand")]
        expand: Vec<String>,
        #[arg(long = "case")]
        case: Option<String>,
        /// Country of the organization number (default NO).
        #[arg(long, default_value = "NO")]
        country: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum Amlyze {
    /// Push the case's organization as an Amlyze customer and follow the assessment.
    Push {
        case: String,
        /// Only validate (nothing is saved in Amlyze).
        #[arg(long)]
        validate_only: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum Peer {
    /// Ask peers about a person (ID document + phone).
    Request {
        /// 'All categories', 'Address', 'Identity', …
        r#type: String,
        #[arg(long)]
        id_document: String,
        #[arg(long)]
        phone: String,
        #[arg(long = "case")]
        case: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct BatchArgs {
    pub file: PathBuf,
    /// Subjects in flight at once.
    #[arg(long, default_value_t = amldesk_engine::DEFAULT_BATCH_CONCURRENCY)]
    pub concurrency: u32,
    #[arg(long = "expand")]
    pub expand: Vec<String>,
    #[arg(long = "report")]
    pub report: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum Cases {
    /// Every cached case of the active environment, most recent first.
    List {
        /// Every environment's cases, with an environment column.
        #[arg(long)]
        all_environments: bool,
    },
    /// One case in full.
    Show { case: String },
    /// Full-text search over names, numbers and people.
    Search { text: String },
}

const EXIT_FAILED: i32 = 1;
const EXIT_USAGE: i32 = 2;

pub(crate) fn fail(g: &Global, e: &EngineError) -> i32 {
    if g.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "error": e.to_dto() }))
                .unwrap_or_default()
        );
    } else {
        eprintln!("error: {e}");
    }
    // No usable secret store (no keyring, no passphrase) is a setup error, like a usage error.
    if matches!(
        e.code(),
        ErrorCode::Validation | ErrorCode::KeychainUnavailable
    ) {
        EXIT_USAGE
    } else {
        EXIT_FAILED
    }
}

/// The environment `--env` (or `AMLDESK_ENV`) selects; sandbox by default.
pub(crate) fn active_environment(g: &Global) -> Result<EnvironmentKind, EngineError> {
    match g.env.as_deref() {
        None => Ok(EnvironmentKind::Sandbox),
        Some(e) => amldesk_engine::parse_environment("env", e),
    }
}

fn environment(g: &Global) -> Result<EnvironmentKind, EngineError> {
    active_environment(g)
}

fn data_dir(g: &Global) -> PathBuf {
    g.data_dir
        .clone()
        .unwrap_or_else(amldesk_engine::default_data_dir)
}

/// Logs go to `<data dir>/logs/amldesk.log` (level from `AMLDESK_LOG`, default info); never
/// secrets (the clients log method, path, status and timing only).
fn init_logs(dir: &std::path::Path) {
    let logs = dir.join("logs");
    if std::fs::create_dir_all(&logs).is_err() {
        return;
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(logs.join("amldesk.log"))
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("AMLDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}

pub(crate) async fn open(g: &Global, resume: bool) -> Result<Engine, EngineError> {
    let environment = environment(g)?;
    let dir = data_dir(g);
    init_logs(&dir);
    Engine::open_with(
        EngineConfig {
            data_dir: dir,
            environment,
            sandbox_url: g.sandbox_url.clone(),
            secret_store: None,
            webhooks: false,
        },
        OpenOptions { resume },
    )
    .await
}

/// Opens `environment`'s profile without connecting anything (settings, secrets).
pub(crate) async fn open_offline(
    g: &Global,
    environment: EnvironmentKind,
) -> Result<Engine, EngineError> {
    let dir = data_dir(g);
    init_logs(&dir);
    Engine::open_offline(EngineConfig {
        data_dir: dir,
        environment,
        sandbox_url: None,
        secret_store: None,
        webhooks: false,
    })
    .await
}

/// A case id given on the command line that this environment does not hold: if another
/// environment holds it, the refusal names that environment.
pub(crate) async fn refuse_foreign_case(engine: &Engine, case_id: &str) -> Result<(), EngineError> {
    if engine.get_case(case_id).await.is_ok() {
        return Ok(());
    }
    if let Some(other) = engine.case_environment_elsewhere(case_id).await? {
        let here = amldesk_engine::environment_name(engine.environment());
        let there = amldesk_engine::environment_name(other);
        return Err(EngineError::validation(
            "case",
            format!(
                "case {case_id} belongs to the {there} environment, not the {here} one: \
                 environments are kept apart; run it with --env {there}"
            ),
        ));
    }
    Ok(())
}

/// Runs until every session started or resumed here has ended; returns their final views.
async fn follow(g: &Global, engine: &Engine, label: &str, total: Option<u64>) {
    let mut progress = Progress::new(label, total, g.json);
    let mut rx = engine.subscribe();
    let idle = engine.wait_idle();
    tokio::pin!(idle);
    loop {
        tokio::select! {
            _ = &mut idle => break,
            ev = rx.recv() => match ev {
                Ok(ev) => progress.event(&ev),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(_) => break,
            },
        }
    }
    progress.finish();
}

fn parse_country(s: &str) -> Result<Country, EngineError> {
    s.parse::<Country>().map_err(EngineError::from)
}

pub async fn lookup(g: &Global, l: Lookup) -> i32 {
    let req = match &l {
        Lookup::Org {
            country,
            identifier,
            expand,
            report,
            case,
            duns,
        } => parse_country(country).and_then(|c| {
            // Validate before anything opens or connects.
            if *duns {
                OrgId::duns(c, identifier)?;
            } else {
                OrgId::parse(c, identifier)?;
            }
            Ok(LookupRequest {
                case_id: case.clone(),
                country: c,
                identifier: identifier.clone(),
                duns: *duns,
                expands: expand.clone(),
                reports: report.clone(),
                beneficial: false,
                beneficial_expands: vec![],
                skip_organization: false,
            })
        }),
        Lookup::Bo {
            identifier,
            expand,
            case,
            country,
        } => parse_country(country).and_then(|c| {
            OrgId::parse(c, identifier)?;
            Ok(LookupRequest {
                case_id: case.clone(),
                country: c,
                identifier: identifier.clone(),
                duns: false,
                expands: vec![],
                reports: vec![],
                beneficial: true,
                beneficial_expands: expand.clone(),
                skip_organization: true,
            })
        }),
    };
    let req = match req {
        Ok(r) => r,
        Err(e) => return fail(g, &e),
    };
    // Expands and reports are checked too before any connection.
    for (field, list, allowed) in [
        (
            "expand",
            &req.expands,
            &amldesk_engine::plan::ORG_EXPANDS[..],
        ),
        (
            "report",
            &req.reports,
            &amldesk_engine::plan::ORG_REPORTS[..],
        ),
        (
            "beneficial owners expand",
            &req.beneficial_expands,
            &amldesk_engine::plan::BO_EXPANDS[..],
        ),
    ] {
        if let Err(e) = amldesk_engine::plan::check_list(field, list, allowed) {
            return fail(g, &e);
        }
    }
    let engine = match open(g, true).await {
        Ok(e) => e,
        Err(e) => return fail(g, &e),
    };
    if let Some(case_id) = req.case_id.clone() {
        if let Err(e) = refuse_foreign_case(&engine, &case_id).await {
            engine.shutdown().await;
            return fail(g, &e);
        }
    }
    let started = match engine.start_lookup(req).await {
        Ok(s) => s,
        Err(e) => {
            engine.shutdown().await;
            return fail(g, &e);
        }
    };
    follow(g, &engine, "lookup", None).await;
    let code = match engine.get_case(&started.case_id).await {
        Ok(case) => {
            let mine: Vec<&SessionView> = case
                .sessions
                .iter()
                .filter(|s| started.session_ids.contains(&s.id))
                .collect();
            if g.json {
                output::print_json(&case);
            } else {
                output::print_case(&case);
            }
            if mine.iter().all(|s| s.state == SessionState::Done) {
                0
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => fail(g, &e),
    };
    engine.shutdown().await;
    code
}

pub async fn amlyze(g: &Global, a: Amlyze) -> i32 {
    let Amlyze::Push {
        case,
        validate_only,
    } = a;
    let engine = match open(g, true).await {
        Ok(e) => e,
        Err(e) => return fail(g, &e),
    };
    let view = match engine
        .amlyze_push(AmlyzePushRequest {
            case_id: case.clone(),
            validate_only,
        })
        .await
    {
        Ok(v) => v,
        Err(e) => {
            engine.shutdown().await;
            return fail(g, &e);
        }
    };
    follow(g, &engine, "Amlyze", None).await;
    let detail = engine.get_case(&case).await;
    engine.shutdown().await;
    let view = detail
        .ok()
        .and_then(|d| {
            d.amlyze
                .into_iter()
                .find(|x| x.session_id == view.session_id)
        })
        .unwrap_or(view);
    if g.json {
        output::print_json(&view);
    } else {
        output::print_amlyze(&view);
    }
    if view
        .rows
        .iter()
        .all(|r| r.result_type == "REQUEST_ACCEPTED")
    {
        0
    } else {
        EXIT_FAILED
    }
}

pub async fn peer(g: &Global, p: Peer) -> i32 {
    let Peer::Request {
        r#type,
        id_document,
        phone,
        case,
    } = p;
    if let Err(e) = amldesk_core::id::parse_ua_phone(&phone) {
        return fail(g, &e.into());
    }
    let engine = match open(g, true).await {
        Ok(e) => e,
        Err(e) => return fail(g, &e),
    };
    let started = match engine
        .peer_request(PeerRequest {
            case_id: case,
            type_request: r#type,
            id_document,
            phone,
        })
        .await
    {
        Ok(s) => s,
        Err(e) => {
            engine.shutdown().await;
            return fail(g, &e);
        }
    };
    follow(g, &engine, "peer request", None).await;
    let detail = engine.get_case(&started.case_id).await;
    engine.shutdown().await;
    match detail {
        Ok(d) => {
            if g.json {
                output::print_json(&d);
            } else {
                output::print_case(&d);
            }
            if d.peer.iter().all(|p| p.status == "Done") {
                0
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => fail(g, &e),
    }
}

pub async fn batch(g: &Global, b: BatchArgs) -> i32 {
    let csv = match std::fs::read_to_string(&b.file) {
        Ok(c) => c,
        Err(e) => {
            return fail(
                g,
                &EngineError::validation(
                    "file",
                    format!("{} cannot be read ({e})", b.file.display()),
                ),
            )
        }
    };
    let (rows, rejected) = amldesk_engine::batch::parse_csv(&csv);
    if rows.is_empty() {
        for r in &rejected {
            eprintln!("line {}: {}: {}", r.line, r.field, r.message);
        }
        return fail(
            g,
            &EngineError::validation("file", "the file has no usable row (country,identifier)"),
        );
    }
    let engine = match open(g, true).await {
        Ok(e) => e,
        Err(e) => return fail(g, &e),
    };
    let started = match engine
        .start_batch(BatchRequest {
            csv,
            file_name: b.file.file_name().map(|f| f.to_string_lossy().into_owned()),
            expands: b.expand,
            reports: b.report,
            concurrency: Some(b.concurrency),
        })
        .await
    {
        Ok(s) => s,
        Err(e) => {
            engine.shutdown().await;
            return fail(g, &e);
        }
    };
    if !g.json {
        println!(
            "batch {}: {} subjects accepted, {} rows rejected",
            started.batch_id,
            started.accepted,
            started.rejected.len()
        );
        for r in &started.rejected {
            println!("  line {}: {}: {}", r.line, r.field, r.message);
        }
        use std::io::Write;
        let _ = std::io::stdout().flush();
    }
    follow(g, &engine, "batch", Some(u64::from(started.accepted))).await;
    let view = engine.get_batch(&started.batch_id).await;
    engine.shutdown().await;
    match view {
        Ok(v) => {
            if g.json {
                output::print_json(&v);
            } else {
                output::print_batch(&v);
            }
            if v.counts.failed + v.counts.expired + v.counts.cancelled > 0 {
                EXIT_FAILED
            } else {
                0
            }
        }
        Err(e) => fail(g, &e),
    }
}

pub async fn resume(g: &Global) -> i32 {
    let started_at = chrono_now();
    let engine = match open(g, true).await {
        Ok(e) => e,
        Err(e) => return fail(g, &e),
    };
    follow(g, &engine, "resume", None).await;
    let cases = engine.list_cases(CaseQuery::default()).await;
    engine.shutdown().await;
    match cases {
        Ok(list) => {
            let touched: Vec<&CaseSummary> =
                list.iter().filter(|c| c.updated_at >= started_at).collect();
            let attention = touched
                .iter()
                .filter(|c| c.status == CaseStatus::Attention)
                .count();
            if g.json {
                output::print_json(&serde_json::json!({
                    "casesUpdated": touched.len(),
                    "needingAttention": attention,
                }));
            } else {
                println!(
                    "resumed: {} case(s) updated, {} need attention",
                    touched.len(),
                    attention
                );
            }
            if attention > 0 {
                EXIT_FAILED
            } else {
                0
            }
        }
        Err(e) => fail(g, &e),
    }
}

fn chrono_now() -> String {
    // Same format as the store's timestamps (RFC 3339, UTC, milliseconds): comparable as text.
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub async fn cases(g: &Global, c: Cases) -> i32 {
    let engine = match open(g, false).await {
        Ok(e) => e,
        Err(e) => return fail(g, &e),
    };
    let code = match c {
        Cases::List { all_environments } => {
            let list = if all_environments {
                engine.list_cases_all_environments().await
            } else {
                engine.list_cases(CaseQuery::default()).await
            };
            match list {
                Ok(list) => {
                    if g.json {
                        output::print_json(&list);
                    } else {
                        output::print_case_list(&list, all_environments);
                    }
                    0
                }
                Err(e) => fail(g, &e),
            }
        }
        Cases::Show { case } => match match engine.get_case(&case).await {
            Ok(d) => Ok(d),
            Err(e) => match refuse_foreign_case(&engine, &case).await {
                Err(foreign) => Err(foreign),
                Ok(()) => Err(e),
            },
        } {
            Ok(d) => {
                let graph = engine.get_ownership(&case).await.ok();
                if g.json {
                    output::print_json(&output::CaseShow {
                        case: &d,
                        ownership: graph.as_ref(),
                    });
                } else {
                    output::print_case_show(&d, graph.as_ref());
                }
                0
            }
            Err(e) => fail(g, &e),
        },
        Cases::Search { text } => match engine.search(&text).await {
            Ok(hits) => {
                if g.json {
                    output::print_json(&hits);
                } else if hits.is_empty() {
                    println!("no case matches \"{text}\"");
                } else {
                    for h in hits {
                        println!(
                            "{}  {}  {}  {}: {}",
                            h.case_id,
                            h.identifier_display,
                            h.subject_name.unwrap_or_default(),
                            h.field,
                            h.snippet
                        );
                    }
                }
                0
            }
            Err(e) => fail(g, &e),
        },
    };
    engine.shutdown().await;
    code
}
