//! `amldesk`: the engine's use cases from a terminal.
//!
//! Exit codes: 0 success, 1 some subjects failed (or a runtime error), 2 usage or validation
//! error (validation happens before any request).
//!
//! Orderly exit: `main` returns its [`ExitCode`] only after the engine has shut down (its store
//! threads joined) and the async runtime has stopped and joined its threads. Nothing here ends the
//! process early: exiting while a thread that touched SQLCipher/OpenSSL still runs can
//! abort in OpenSSL's exit-time cleanup (`double free or corruption`, exit 134).

mod bench;
mod commands;
mod config;
mod export;
mod output;
mod review;
mod review_settings;
mod secret;
mod ubo;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(name = "amldesk", version, about = "AML Desk from the command line")]
struct Cli {
    /// Data directory (profile database and documents).
    #[arg(long, global = true, env = "AMLDESK_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Environment: sandbox, test or production.
    #[arg(long, global = true, env = "AMLDESK_ENV")]
    env: Option<String>,
    /// Base URL of a running sandbox (instead of starting one in-process).
    #[arg(long, global = true, env = "AMLDESK_SANDBOX_URL")]
    sandbox_url: Option<String>,
    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the four upstream APIs simulated on loopback until stopped.
    Sandbox(amldesk_sandbox::SandboxArgs),
    /// Look up an organization or its beneficial owners.
    #[command(subcommand)]
    Lookup(commands::Lookup),
    /// Amlyze: push a case's organization and follow its assessment.
    #[command(subcommand)]
    Amlyze(commands::Amlyze),
    /// Peer data exchange: ask about a person.
    #[command(subcommand)]
    Peer(commands::Peer),
    /// Look up every subject of a CSV file (`country,identifier[,name]`, header optional).
    Batch(commands::BatchArgs),
    /// Continue every unfinished session and wait for them.
    Resume,
    /// Cached cases (work offline).
    #[command(subcommand)]
    Cases(commands::Cases),
    /// An environment's settings: addresses, client, scopes, proxy, CA.
    #[command(subcommand)]
    Config(config::Config),
    /// An environment's secrets (read from standard input; never shown).
    #[command(subcommand)]
    Secret(secret::Secret),
    /// Beneficial owners by every rule, and sanctions through ownership, from a BODS 0.4 file.
    Ubo(ubo::UboArgs),
    /// A case's screening hits, each with its id and disposition.
    Hits(review::HitsArgs),
    /// Review one hit: true-match, false-positive or escalate, with a reason code.
    Review(review::ReviewArgs),
    /// Decide on a case: approve, reject or escalate, with a reason.
    Decide(review::DecideArgs),
    /// Confirm a pending decision as the second reviewer (four-eyes).
    Confirm(review::ConfirmArgs),
    /// What changed since the previous snapshot of a case.
    Changes(review::ChangesArgs),
    /// Deleting closed cases whose retention has ended.
    #[command(subcommand)]
    Retention(review::Retention),
    /// The hash-chained audit log.
    #[command(subcommand)]
    Audit(review::Audit),
    /// Four-eyes mode, retention years and the default reviewer of this profile.
    #[command(subcommand)]
    ReviewSettings(review_settings::ReviewSettingsCmd),
    /// Measure a scenario (batch, cache, ubo): `BENCH <name> <value> <unit>`.
    Bench(bench::BenchArgs),
    /// Write a case's case file (summary HTML and PDF, reports, raw answers, BODS ownership,
    /// audit log, manifest of SHA-256) to a new folder or ZIP.
    Export(export::ExportArgs),
    /// Recompute every hash of a case file (folder or ZIP); exits 1 naming each difference.
    Verify(export::VerifyArgs),
}

/// Types the passphrase on a terminal (no echo); `None` without one. `new`: asked twice.
fn prompt_passphrase(new: bool) -> Option<amldesk_engine::Secret> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return None;
    }
    let ask = |what: &str| {
        rpassword::prompt_password(what)
            .ok()
            .filter(|p| !p.is_empty())
    };
    if !new {
        return ask("Passphrase of this AML Desk profile: ").map(Into::into);
    }
    eprintln!(
        "No OS keyring is available: the case database key and other secrets will be kept in \
         the data directory, encrypted under a passphrase."
    );
    let first = ask("New passphrase: ")?;
    let again = ask("The same passphrase again: ")?;
    if first != again {
        eprintln!("error: the two passphrases differ");
        return None;
    }
    Some(first.into())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(
        cli.command,
        Command::Sandbox(_) | Command::Ubo(_) | Command::Bench(_) | Command::Verify(_)
    ) {
        amldesk_engine::set_passphrase_prompt(prompt_passphrase);
        if std::env::var(amldesk_engine::SECRET_STORE_ENV).is_ok_and(|v| v.trim() == "memory") {
            eprintln!(
                "note: {}=memory: secrets and the cases of this run are kept for this run only \
                 and forgotten when it ends.",
                amldesk_engine::SECRET_STORE_ENV
            );
        }
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = rt.block_on(async move {
        let global = commands::Global {
            data_dir: cli.data_dir,
            env: cli.env,
            sandbox_url: cli.sandbox_url,
            json: cli.json,
        };
        match cli.command {
            Command::Sandbox(args) => match args.run().await {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {e}");
                    1
                }
            },
            Command::Lookup(l) => commands::lookup(&global, l).await,
            Command::Amlyze(a) => commands::amlyze(&global, a).await,
            Command::Peer(p) => commands::peer(&global, p).await,
            Command::Batch(b) => commands::batch(&global, b).await,
            Command::Resume => commands::resume(&global).await,
            Command::Cases(c) => commands::cases(&global, c).await,
            Command::Config(c) => config::config(&global, c).await,
            Command::Secret(s) => secret::secret(&global, s).await,
            Command::Ubo(u) => ubo::run(&u),
            Command::Hits(a) => review::hits(&global, a).await,
            Command::Review(a) => review::review(&global, a).await,
            Command::Decide(a) => review::decide(&global, a).await,
            Command::Confirm(a) => review::confirm(&global, a).await,
            Command::Changes(a) => review::changes(&global, a).await,
            Command::Retention(r) => review::retention(&global, r).await,
            Command::Audit(a) => review::audit(&global, a).await,
            Command::ReviewSettings(c) => review_settings::review_settings(&global, c).await,
            Command::Bench(b) => bench::run(&global, b).await,
            Command::Export(a) => export::export(&global, a).await,
            Command::Verify(a) => export::verify(&global, &a),
        }
    });
    // Every task still parked is dropped here (with the engine handles it holds, whose store
    // threads join when the last goes), and the worker and blocking threads are joined. A
    // blocking task that does not end in time (a hung keyring call) is abandoned, not waited
    // for forever.
    rt.shutdown_timeout(Duration::from_secs(10));
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
