use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Colours only for a person at a terminal: escape codes make a log file or a
    // journal hard to read and to search. NO_COLOR (no-color.org) turns them off there too.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .init();
    let cli = authgate::__private::cli::Cli::parse();
    match authgate::__private::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // A configuration with several problems names one per line, each on its own
            // `error:` line.
            for line in e.to_string().lines() {
                eprintln!("error: {line}");
            }
            std::process::ExitCode::FAILURE
        }
    }
}
