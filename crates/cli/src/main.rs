//! `amldesk`: the engine's use cases from a terminal.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Sandbox(args) => args.run().await,
    }
}
