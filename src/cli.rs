//! The command line (DESIGN.md "Stable interface"): `serve`, `hash`, `check-config`,
//! and `users ...`, which edits the same file safely while a server runs (file lock,
//! atomic replace; the server notices the change within a second) — or the database,
//! when `storage.users` is a `postgres://` URL. `migrate` copies the file's users into a
//! database; `export` writes a database back as a seed-compatible YAML (mode 0600: it
//! holds password hashes).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::auth::password::hash_blocking;
use crate::auth::types::{Email, Password, Username};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::store::yaml::YamlStore;
use crate::store::{User, UserStore};

#[derive(Debug, Parser)]
#[command(
    name = "authgate",
    version,
    about = "Secure authentication server: login pages, users in YAML, roles, forward-auth"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct ConfigArg {
    /// Path of config.yaml
    #[arg(long, env = "AUTHGATE_CONFIG", default_value = "config.yaml")]
    pub config: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the login pages (the default command)
    Serve {
        #[command(flatten)]
        config: ConfigArg,
        /// Address to listen on
        #[arg(long, env = "AUTHGATE_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
    },
    /// Read one password per line on stdin, print one argon2id hash per line
    Hash,
    /// Check a configuration file; exit 1 and name the field if something is wrong
    CheckConfig {
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Copy the configuration file's users and pre-authorized emails into a database
    #[cfg(feature = "postgres")]
    Migrate {
        #[command(flatten)]
        config: ConfigArg,
        /// The database, postgres://user:password@host/dbname
        #[arg(long)]
        to: String,
        /// Overwrite the users of a database that already has some
        #[arg(long)]
        replace: bool,
    },
    /// Write the users of the database in `storage.users` as seed-compatible YAML
    #[cfg(feature = "postgres")]
    Export {
        #[command(flatten)]
        config: ConfigArg,
        /// Write here (created with mode 0600) instead of to stdout
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Manage users in the configuration file or database (safe while the server runs)
    Users {
        #[command(flatten)]
        config: ConfigArg,
        #[command(subcommand)]
        action: UsersAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersAction {
    /// List users
    List,
    /// Add a user; the password is read from the first line of stdin
    Add {
        username: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        first_name: Option<String>,
        #[arg(long)]
        last_name: Option<String>,
        /// Comma-separated roles
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
    },
    /// Remove a user
    Remove { username: String },
    /// Replace a user's roles
    SetRoles {
        username: String,
        #[arg(value_delimiter = ',')]
        roles: Vec<String>,
    },
    /// Lift a temporary lock after failed logins
    Unlock { username: String },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Message(String),
    #[error(transparent)]
    Startup(#[from] crate::server::StartupError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command.unwrap_or(Command::Serve {
        config: ConfigArg {
            config: std::env::var_os("AUTHGATE_CONFIG")
                .map_or_else(|| "config.yaml".into(), PathBuf::from),
        },
        bind: std::env::var("AUTHGATE_BIND").unwrap_or_else(|_| "127.0.0.1:8080".into()),
    }) {
        Command::Serve { config, bind } => serve(config.config, bind).await,
        Command::Hash => hash_stdin(),
        Command::CheckConfig { config } => {
            Config::load(&config.config)?;
            println!("{}: OK", config.config.display());
            Ok(())
        }
        Command::Users { config, action } => users(config.config, action).await,
        #[cfg(feature = "postgres")]
        Command::Migrate {
            config,
            to,
            replace,
        } => migrate(config.config, &to, replace).await,
        #[cfg(feature = "postgres")]
        Command::Export { config, output } => export(config.config, output).await,
    }
}

/// The user store `path` names: the file itself, or the database in `storage.users`
/// (migrated, and seeded from the file if never seeded, exactly as `serve` would).
async fn open_store(
    path: &std::path::Path,
    config: &Config,
) -> Result<Arc<dyn UserStore>, CliError> {
    let file = YamlStore::open(path, Arc::new(SystemClock))?;
    match &config.file.storage.users {
        None => Ok(Arc::new(file)),
        #[cfg(feature = "postgres")]
        Some(url) => {
            file.prepare(&crate::server::hash_plain, None)?;
            let (db, _) =
                crate::store::postgres::PostgresStore::connect(url, &file.seed_entries()?).await?;
            Ok(Arc::new(db))
        }
        #[cfg(not(feature = "postgres"))]
        Some(_) => Err(CliError::Message(
            "storage.users: this build has no PostgreSQL support".into(),
        )),
    }
}

#[cfg(feature = "postgres")]
async fn migrate(path: PathBuf, to: &str, replace: bool) -> Result<(), CliError> {
    use crate::store::postgres::PostgresStore;
    Config::load(&path)?;
    let redacted = crate::config::redact_url(to);
    if !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
        return Err(CliError::Message(format!(
            "--to `{redacted}`: expected a postgres:// URL"
        )));
    }
    let file = YamlStore::open(&path, Arc::new(SystemClock))?;
    // Plain-text passwords never reach the database: hashed (and saved) first.
    file.prepare(&crate::server::hash_plain, None)?;
    let seed = file.seed_entries()?;
    let db = PostgresStore::lazy(to)?;
    let n = db.import(&seed, replace).await?;
    println!("copied {n} users from {} to {redacted}", path.display());
    Ok(())
}

#[cfg(feature = "postgres")]
async fn export(path: PathBuf, output: Option<PathBuf>) -> Result<(), CliError> {
    use crate::store::postgres::PostgresStore;
    let (config, _) = Config::load(&path)?;
    let Some(url) = &config.file.storage.users else {
        return Err(CliError::Message(
            "storage.users: not set; the users are in the file already".into(),
        ));
    };
    let db = PostgresStore::lazy(url)?;
    db.migrate_and_seed(None).await?;
    let yaml = db.export().await?.to_yaml()?;
    match output {
        None => std::io::stdout().lock().write_all(yaml.as_bytes())?,
        Some(out) => {
            let mut f = std::fs::OpenOptions::new();
            f.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut f, 0o600);
            let mut file = f.open(&out)?;
            // An existing file keeps its mode through `open`; password hashes are not
            // for other users of the machine.
            #[cfg(unix)]
            std::fs::set_permissions(&out, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
            file.write_all(yaml.as_bytes())?;
            file.sync_all()?;
            eprintln!("wrote {}", out.display());
        }
    }
    Ok(())
}

async fn serve(config: PathBuf, bind: String) -> Result<(), CliError> {
    let clock: crate::clock::SharedClock = Arc::new(SystemClock);
    let state = tokio::task::spawn_blocking(move || crate::server::build_state(&config, clock))
        .await
        .map_err(|e| CliError::Message(e.to_string()))??;
    let listener = crate::server::bind(&bind).await?;
    let addr = listener.local_addr()?;
    if let Some(addr) = state.config.file.server.metrics_bind.clone() {
        let metrics = crate::server::bind(&addr).await?;
        tracing::info!(address = %metrics.local_addr()?, "metrics on /metrics");
        let s = state.clone();
        tokio::spawn(async move {
            if let Err(e) = crate::server::serve_metrics(s, metrics).await {
                tracing::error!(error = %e, "metrics server stopped");
            }
        });
    }
    let stop = crate::server::shutdown_signal()?;
    println!("listening on http://{addr}");
    std::io::stdout().flush()?;
    crate::server::serve_until(state, listener, stop).await?;
    Ok(())
}

fn hash_stdin() -> Result<(), CliError> {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        let pw = Password::parse(&line)
            .map_err(|e| CliError::Message(format!("line {}: {e}", i + 1)))?;
        let h = hash_blocking(&pw).map_err(|e| CliError::Message(e.to_string()))?;
        writeln!(out, "{h}")?;
    }
    Ok(())
}

fn parse_user(name: &str) -> Result<Username, CliError> {
    Username::parse(name).map_err(|e| CliError::Message(e.to_string()))
}

async fn users(path: PathBuf, action: UsersAction) -> Result<(), CliError> {
    let (config, _) = Config::load(&path)?;
    let store = open_store(&path, &config).await?;
    let audit = crate::audit::Audit::open(
        config.file.audit_log.as_deref(),
        path.parent().unwrap_or(std::path::Path::new(".")),
    )?;
    let record = |event: &str, user: &Username| {
        audit.record(SystemClock.now(), event, Some(user.as_str()), None, "ok")
    };
    match action {
        UsersAction::List => {
            let now = SystemClock.now();
            println!(
                "{:<24} {:<24} {:<32} {:<20} STATUS",
                "USERNAME", "NAME", "EMAIL", "ROLES"
            );
            for u in store.list().await? {
                let locked = store.lock_of(&u.username).await?.is_some_and(|t| t > now);
                println!(
                    "{:<24} {:<24} {:<32} {:<20} {}",
                    u.username,
                    u.display_name(),
                    u.email
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    u.roles.join(","),
                    match (u.password_hash.is_some(), locked) {
                        (_, true) => "locked",
                        (false, _) => "guest",
                        _ => "active",
                    }
                );
            }
        }
        UsersAction::Add {
            username,
            email,
            first_name,
            last_name,
            roles,
        } => {
            let username = parse_user(&username)?;
            let email = Email::parse(&email).map_err(|e| CliError::Message(e.to_string()))?;
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            let pw = Password::parse_new(&line, config.file.register.min_password_length)
                .map_err(|e| CliError::Message(e.to_string()))?;
            let hash = hash_blocking(&pw).map_err(|e| CliError::Message(e.to_string()))?;
            store
                .insert(User {
                    username: username.clone(),
                    email: Some(email),
                    first_name,
                    last_name,
                    password_hash: Some(hash),
                    roles: roles.into_iter().filter(|r| !r.trim().is_empty()).collect(),
                    password_hint: None,
                    picture: None,
                })
                .await?;
            record("user_added_by_cli", &username);
            println!("added {username}");
        }
        UsersAction::Remove { username } => {
            let u = parse_user(&username)?;
            store.remove(&u).await?;
            record("user_removed_by_cli", &u);
            println!("removed {u}");
        }
        UsersAction::SetRoles { username, roles } => {
            let u = parse_user(&username)?;
            let roles: Vec<String> = roles.into_iter().filter(|r| !r.trim().is_empty()).collect();
            store.set_roles(&u, roles.clone()).await?;
            record("roles_changed_by_cli", &u);
            println!("{u}: roles {}", roles.join(","));
        }
        UsersAction::Unlock { username } => {
            let u = parse_user(&username)?;
            if store.get(&u).await?.is_none() {
                return Err(CliError::Message(format!("no such user `{u}`")));
            }
            let shared = crate::server::shared_state(&config)?;
            let counters =
                crate::auth::throttle::CounterKey::new(config.cookie_key().unwrap_or_default());
            crate::auth::lift_lock(store.as_ref(), &shared, &counters, &u)
                .await
                .map_err(|e| match e {
                    crate::auth::LoginError::Shared(e) => CliError::Message(format!(
                        "storage.sessions: nothing was unlocked, Redis could not be reached: {e}"
                    )),
                    other => CliError::Message(other.to_string()),
                })?;
            record("unlocked_by_cli", &u);
            println!("unlocked {u}");
        }
    }
    Ok(())
}
