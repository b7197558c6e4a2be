//! The command line, whose commands and options are a stable interface (scripts and
//! tests outside this repository call them): `serve`, `hash`, `check-config`, and
//! `users ...`, which edits the same file safely while a server runs (file lock, atomic
//! replace; the server notices the change within a second) — or the database, when
//! `storage.users` is a `postgres://` URL. `migrate` copies the file's users and their
//! state (locks, revocations, pending reset links) into a database; `export` writes a
//! database back as a seed-compatible YAML and the side file a file store reads (new
//! files, mode 0600: they hold password hashes).
//!
//! Invariants:
//! * `--config` is accepted before or after a `users` action;
//! * `hash` reads one password per line from a pipe and prints one PHC string per line;
//!   from a terminal it asks twice with the echo off (prompts on stderr), and the echo
//!   is restored however it ends;
//! * a build without a backend still knows the commands that need it, and says so.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::auth::password::hash_blocking;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::User;
use crate::domain::{Email, Password, Username};
use crate::store::yaml::YamlStore;
use crate::store::{StoreError, UserStore};

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
    #[arg(
        long,
        env = "AUTHGATE_CONFIG",
        default_value = "config.yaml",
        global = true
    )]
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
    /// Copy the configuration file's users, pre-authorized emails, locks, revocations and
    /// pending reset links into a database
    #[command(hide = !crate::store::DATABASE_SUPPORT)]
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
    /// Write the users of the database in `storage.users` as seed-compatible YAML (and,
    /// with --output, their locks, revocations and reset links next to it)
    #[command(hide = !crate::store::DATABASE_SUPPORT)]
    Export {
        #[command(flatten)]
        config: ConfigArg,
        /// Write here (a new file, mode 0600; a symbolic link here is replaced) instead of
        /// to stdout; the state goes to FILE.state.json
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Webhooks (`webhooks:` in the configuration)
    Webhooks {
        #[command(flatten)]
        config: ConfigArg,
        #[command(subcommand)]
        action: WebhooksAction,
    },
    /// Manage users in the configuration file or database (safe while the server runs)
    Users {
        #[command(flatten)]
        config: ConfigArg,
        #[command(subcommand)]
        action: UsersAction,
    },
    /// The OpenID Connect provider ("Sign in with authgate")
    Oidc {
        #[command(flatten)]
        config: ConfigArg,
        #[command(subcommand)]
        action: OidcAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum OidcAction {
    /// Make a new signing key; the previous one stays in the JWKS so tokens it signed
    /// still verify. Restart the instances to sign with the new key.
    RotateKey,
}

#[derive(Debug, Subcommand)]
pub enum WebhooksAction {
    /// Send a signed `ping` event to every endpoint and print what each answered
    Test,
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
    /// Remove a user's second factors (authenticator app, recovery codes), for a user who
    /// lost them; the user is mailed a notice
    #[command(name = "reset-2fa")]
    Reset2fa { username: String },
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
            let (loaded, document) = Config::load(&config.config)?;
            for warning in crate::server::config_warnings(&loaded) {
                eprintln!("warning: {}: {warning}", config.config.display());
            }
            let env = std::env::var(crate::auth::secrets_key::ENV_VAR).ok();
            let in_use = crate::auth::secrets_key::sealed_with_a_secrets_key(
                document
                    .typed
                    .credentials
                    .usernames
                    .values()
                    .filter_map(|e| e.two_factor.as_ref()),
            );
            match crate::auth::secrets_key::check(
                &config.config,
                loaded.settings.two_factor.secrets_key_file.as_deref(),
                env.as_deref(),
                in_use,
            ) {
                Ok(None) => {}
                Ok(Some(note)) => eprintln!("note: {note}"),
                Err(e) => return Err(CliError::Message(format!("two_factor: {e}"))),
            }
            println!("{}: OK", config.config.display());
            Ok(())
        }
        Command::Users { config, action } => users(config.config, action).await,
        Command::Oidc {
            config,
            action: OidcAction::RotateKey,
        } => {
            use crate::auth::provider::{KeyHome, KeyRing, keys::RELOAD_SECS};
            let path = config.config;
            let (loaded, _) = crate::store::yaml::load_config(&path)?;
            let store = open_store(&path, &loaded).await?;
            let home = KeyHome::of(&path, store);
            let kid = KeyRing::rotate(&home, SystemClock.now())
                .await
                .map_err(|e| CliError::Message(e.to_string()))?;
            println!(
                "new signing key {kid} in {home}; the previous key stays in the JWKS until its tokens expire. Running instances sign with the new key within {RELOAD_SECS} s."
            );
            Ok(())
        }
        Command::Webhooks {
            config,
            action: WebhooksAction::Test,
        } => webhooks_test(config.config).await,
        Command::Migrate { .. } | Command::Export { .. } if !crate::store::DATABASE_SUPPORT => {
            Err(no_postgres())
        }
        Command::Migrate {
            config,
            to,
            replace,
        } => migrate(config.config, &to, replace).await,
        Command::Export { config, output } => export(config.config, output).await,
    }
}

/// What `migrate` and `export` say in a build without the `postgres` feature.
fn no_postgres() -> CliError {
    CliError::Message(
        "this authgate was built without PostgreSQL support (cargo feature `postgres`); \
         `migrate` and `export` need it: build with the default features \
         (`cargo build --release`)"
            .into(),
    )
}

/// The user store `path` names: the file itself, or the database in `storage.users`
/// (migrated, and seeded from the file if never seeded, exactly as `serve` would).
async fn open_store(
    path: &std::path::Path,
    config: &Config,
) -> Result<Arc<dyn UserStore>, CliError> {
    let file = YamlStore::open(path, Arc::new(SystemClock))?;
    match &config.settings.storage.users {
        None => Ok(Arc::new(file)),
        Some(url) => {
            file.prepare(&crate::server::hash_plain, None)?;
            let db = crate::store::open_database(url, &file.seed_entries()?).await?;
            // Instances sharing Redis keep copies of user records: a change made here
            // must give the user a new version there, or they would not see it.
            let shared = crate::server::shared_state(config)?;
            Ok(crate::server::versioned(db.store, true, &shared).0)
        }
    }
}

async fn migrate(path: PathBuf, to: &str, replace: bool) -> Result<(), CliError> {
    crate::store::yaml::load_config(&path)?;
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
    let copied = crate::store::import(to, &seed, replace).await?;
    let count = |table: &str| copied.state.get(table).copied().unwrap_or(0);
    println!(
        "copied {} users from {} to {redacted}, with {} locks, {} revoked re-authentication \
         cookies, {} log-out-everywhere cutoffs and {} pending reset links",
        copied.users,
        path.display(),
        count("locks"),
        count("revoked_tokens"),
        count("revoked_until"),
        count("reset_tokens"),
    );
    if copied.left_out > 0 {
        println!(
            "left out {} entries of the state file that belong to users no longer in the file",
            copied.left_out
        );
    }
    Ok(())
}

async fn export(path: PathBuf, output: Option<PathBuf>) -> Result<(), CliError> {
    let (config, _) = crate::store::yaml::load_config(&path)?;
    let Some(url) = &config.settings.storage.users else {
        return Err(CliError::Message(
            "storage.users: not set; the users are in the file already".into(),
        ));
    };
    let seed = crate::store::export(url).await?;
    let yaml = seed.to_yaml()?;
    match output {
        None => {
            std::io::stdout().lock().write_all(yaml.as_bytes())?;
            let state: usize = seed.state.counts().values().sum();
            if state > 0 {
                eprintln!(
                    "note: the database also holds {state} locks, revocations and reset \
                     links; export with --output FILE to write them to FILE.state.json"
                );
            }
        }
        Some(out) => {
            crate::store::file::write_atomic(&out, yaml.as_bytes())?;
            let mut side = out.as_os_str().to_owned();
            side.push(".state.json");
            crate::store::file::write_atomic(std::path::Path::new(&side), &seed.state_json()?)?;
            eprintln!("wrote {} and {}", out.display(), side.display());
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
    if let Some(warning) = crate::server::bind_warning(&state.config, addr) {
        tracing::warn!("{warning}");
    }
    if let Some(addr) = state.config.settings.server.metrics_bind.clone() {
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
    if std::io::IsTerminal::is_terminal(&stdin) {
        return hash_typed();
    }
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

/// `hash` at a terminal: the password typed twice without echo, one PHC string printed.
fn hash_typed() -> Result<(), CliError> {
    let first = read_hidden("Password: ")?;
    let second = read_hidden("Repeat password: ")?;
    if first != second {
        return Err(CliError::Message(
            "the two passwords differ; nothing was hashed".into(),
        ));
    }
    let pw = Password::parse(&first).map_err(|e| CliError::Message(e.to_string()))?;
    let h = hash_blocking(&pw).map_err(|e| CliError::Message(e.to_string()))?;
    writeln!(std::io::stdout().lock(), "{h}")?;
    Ok(())
}

/// One line from the terminal on stdin, with `prompt` on stderr and the echo off while
/// it is typed.
fn read_hidden(prompt: &str) -> Result<String, CliError> {
    use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
    /// Puts the terminal back as it was, also when reading fails.
    struct Restore(rustix::termios::Termios);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = tcsetattr(std::io::stdin(), OptionalActions::Now, &self.0);
        }
    }
    let stdin = std::io::stdin();
    let saved = tcgetattr(&stdin).map_err(|e| CliError::Io(e.into()))?;
    let mut quiet = saved.clone();
    quiet.local_modes.remove(LocalModes::ECHO);
    // Still echo the Enter key, so the next prompt starts on a line of its own.
    quiet.local_modes.insert(LocalModes::ECHONL);
    let restore = Restore(saved);
    tcsetattr(&stdin, OptionalActions::Flush, &quiet).map_err(|e| CliError::Io(e.into()))?;
    let mut err = std::io::stderr().lock();
    write!(err, "{prompt}")?;
    err.flush()?;
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line)?;
    drop(restore);
    if read == 0 {
        writeln!(err)?;
        return Err(CliError::Message("no password typed".into()));
    }
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

fn parse_user(name: &str) -> Result<Username, CliError> {
    Username::parse(name).map_err(|e| CliError::Message(e.to_string()))
}

/// `rows` as text columns, each as wide as its widest cell (in characters) plus two
/// spaces; the last column is not padded.
fn columns<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < N {
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `webhooks test`: one signed `ping` per endpoint, its answer printed; exit 1 if any
/// endpoint did not answer 2xx.
async fn webhooks_test(path: PathBuf) -> Result<(), CliError> {
    let (config, _) = Config::load(&path)?;
    if config.settings.webhooks.is_empty() {
        println!("no webhooks configured");
        return Ok(());
    }
    let mut failed = 0;
    for endpoint in &config.settings.webhooks {
        let answer = crate::events::ping(endpoint, SystemClock.now()).await;
        match answer.result {
            Ok((status, body)) => {
                let body: String = body.chars().take(200).collect();
                println!(
                    "{}: HTTP {status} {}",
                    answer.url,
                    body.trim().escape_debug()
                );
            }
            Err(e) => {
                failed += 1;
                println!("{}: failed: {e}", answer.url);
            }
        }
    }
    if failed > 0 {
        return Err(CliError::Message(format!(
            "{failed} of {} endpoints did not accept the ping",
            config.settings.webhooks.len()
        )));
    }
    Ok(())
}

/// How long `authgate users ...` waits for its event's webhooks before it exits.
const CLI_EVENT_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

async fn users(path: PathBuf, action: UsersAction) -> Result<(), CliError> {
    let (config, _) = crate::store::yaml::load_config(&path)?;
    let store = open_store(&path, &config).await?;
    let audit = crate::audit::Audit::open(
        config.settings.audit_log.as_deref(),
        path.parent().unwrap_or(std::path::Path::new(".")),
    )?;
    let events = crate::events::Events::new(
        &config.settings.webhooks,
        Vec::new(),
        store.clone(),
        Arc::new(SystemClock),
        Arc::new(crate::metrics::Metrics::default()),
    )
    .map_err(|e| CliError::Message(e.to_string()))?;
    events.start();
    let record = |event: &str, user: &Username, was: Option<&User>| {
        audit.record(SystemClock.now(), event, Some(user.as_str()), None, "ok");
        let kind = event.strip_suffix("_by_cli").unwrap_or(event);
        match was {
            Some(u) => events.emit_about(kind, u, None, "ok", "cli"),
            None => events.emit(kind, Some(user.as_str()), None, "ok", "cli"),
        }
    };
    let result = users_action(&config, &store, action, &record).await;
    if events.active() && !events.drain(CLI_EVENT_WAIT).await {
        eprintln!(
            "warning: webhooks: not every endpoint accepted the event within {} s; it was not delivered",
            CLI_EVENT_WAIT.as_secs()
        );
    }
    result
}

async fn users_action(
    config: &Config,
    store: &Arc<dyn UserStore>,
    action: UsersAction,
    record: &dyn Fn(&str, &Username, Option<&User>),
) -> Result<(), CliError> {
    match action {
        UsersAction::List => list_users(store.as_ref()).await?,
        UsersAction::Add {
            username,
            email,
            first_name,
            last_name,
            roles,
        } => {
            let username = parse_user(&username)?;
            let email = Email::parse_new(&email)
                .map_err(|e| CliError::Message(format!("--email `{email}`: {e}")))?;
            let user = User {
                username,
                email: Some(email),
                first_name,
                last_name,
                password_hash: None,
                roles: roles.into_iter().filter(|r| !r.trim().is_empty()).collect(),
                password_hint: None,
                picture: None,
                email_verified: true,
            };
            let username = add_user(store.as_ref(), config, user).await?;
            record("user_added_by_cli", &username, None);
            println!("added {username}");
        }
        UsersAction::Remove { username } => {
            let u = parse_user(&username)?;
            // The event says who the user was: once removed, the store no longer knows.
            let was = store.get(&u).await?;
            // The store drops the reset links, lock and cutoff kept with the user.
            saved(store.remove(&u).await)?;
            record("user_removed_by_cli", &u, was.as_ref());
            println!("removed {u}");
            // With shared state, its failure counter and lock in Redis go too, so a
            // newcomer of the name starts clean. The removal stands if Redis is away.
            if let Err(e) = lift_lock(store.as_ref(), config, &u).await? {
                eprintln!(
                    "warning: storage.sessions: the failed-login counter of `{u}` could not be cleared ({e}); it expires by itself"
                );
            }
        }
        UsersAction::SetRoles { username, roles } => {
            let u = parse_user(&username)?;
            let roles: Vec<String> = roles.into_iter().filter(|r| !r.trim().is_empty()).collect();
            saved(store.set_roles(&u, roles.clone()).await)?;
            record("roles_changed_by_cli", &u, None);
            println!("{u}: roles {}", roles.join(","));
        }
        UsersAction::Unlock { username } => {
            let u = parse_user(&username)?;
            if store.get(&u).await?.is_none() {
                return Err(CliError::Message(format!("no such user `{u}`")));
            }
            lift_lock(store.as_ref(), config, &u)
                .await?
                .map_err(|e| match e {
                    crate::auth::LoginError::Shared(e) => CliError::Message(format!(
                        "storage.sessions: nothing was unlocked, Redis could not be reached: {e}"
                    )),
                    other => CliError::Message(other.to_string()),
                })?;
            record("unlocked_by_cli", &u, None);
            println!("unlocked {u}");
        }
        UsersAction::Reset2fa { username } => {
            let u = parse_user(&username)?;
            let Some(user) = store.get(&u).await? else {
                return Err(CliError::Message(format!("no such user `{u}`")));
            };
            // Passkeys are kept apart from the other factors: they go too.
            let mut passkeys = 0;
            for (id, _) in store.passkeys(&u).await? {
                passkeys += usize::from(store.remove_passkey(&u, &id).await?);
            }
            let others = crate::auth::two_factor::clear(store.as_ref(), &u).await?;
            if !others && passkeys == 0 {
                println!("{u} has no second factor");
                return Ok(());
            }
            record("two_factor_reset_by_cli", &u, None);
            println!("removed the second factors of {u}");
            notify_reset(config, &user).await;
        }
    }
    Ok(())
}

/// A change the store made but could not announce to the running instances
/// ([`StoreError::SavedUnannounced`]) is done: the command says so, and how the
/// instances learn of it, and carries on as done (the event is sent, the exit status is 0).
fn saved(r: Result<(), StoreError>) -> Result<(), StoreError> {
    match r {
        Err(StoreError::SavedUnannounced(how)) => {
            eprintln!("warning: the change was saved, but {how}");
            Ok(())
        }
        other => other,
    }
}

/// Mails `user` that an administrator removed their second factors; a mail that cannot
/// be sent is a warning (the reset stands).
async fn notify_reset(config: &crate::config::Config, user: &User) {
    let Some(to) = crate::mail::messages::Recipient::of(user) else {
        return;
    };
    // No request asked for it: the deployment's language.
    let notice = crate::i18n::sync_scope(config.languages.default_lang(), || {
        crate::mail::messages::two_factor_changed(
            &to,
            "An administrator removed the second factors of your account (authenticator app and recovery codes).",
        )
    });
    let mail = crate::mail::messages::signed_by(notice, &config.settings.branding.app_name);
    let sent = match crate::mail::from_config(config) {
        Ok(m) => m.send(&mail).await,
        Err(e) => Err(e),
    };
    if let Err(e) = sent {
        eprintln!(
            "warning: the notice to {} could not be sent: {e}",
            to.email()
        );
    }
}

/// `users list`: one row per user, with whether they are locked out now.
async fn list_users(store: &dyn UserStore) -> Result<(), CliError> {
    let now = SystemClock.now();
    let mut rows = vec![["USERNAME", "NAME", "EMAIL", "ROLES", "STATUS"].map(String::from)];
    for u in store.list().await? {
        let locked = store.lock_of(&u.username).await?.is_some_and(|t| t > now);
        rows.push([
            u.username.to_string(),
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
            .to_owned(),
        ]);
    }
    print!("{}", columns(&rows));
    Ok(())
}

/// `users add`: `user` with the password read from the first line of stdin.
async fn add_user(
    store: &dyn UserStore,
    config: &Config,
    mut user: User,
) -> Result<Username, CliError> {
    let username = user.username.clone();
    let shown = user
        .email
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    if username.is_email_shaped()
        && user
            .email
            .as_ref()
            .is_none_or(|e| username.as_str() != e.canonical())
    {
        return Err(CliError::Message(format!(
            "`{username}`: a username that is an email address must be the user's own email (--email)"
        )));
    }
    let rules =
        crate::auth::validation::ExtraRules::new(config.settings.validation.clone(), Vec::new());
    let refused = |what: &str, value: &str, r: Result<(), String>| {
        r.map_err(|m| CliError::Message(format!("{what} `{value}`: {m}")))
    };
    refused(
        "username",
        username.as_str(),
        rules.username(username.as_str()),
    )?;
    refused("--email", &shown, rules.email(&shown))?;
    for name in [&user.first_name, &user.last_name].into_iter().flatten() {
        refused("name", name, rules.name(name))?;
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let pw = Password::parse_new(&line, config.settings.register.min_password_length)
        .map_err(|e| CliError::Message(e.to_string()))?;
    user.password_hash = Some(hash_blocking(&pw).map_err(|e| CliError::Message(e.to_string()))?);
    store.insert(user).await.map_err(|e| match e {
        StoreError::EmailTaken => CliError::Message(format!(
            "--email `{shown}` is taken: it is another user's email or username"
        )),
        e => e.into(),
    })?;
    Ok(username)
}

/// Clears `user`'s failed-login counter and lock, in the store and in shared state.
/// The outer error is a configuration that cannot be opened; the inner one, the lift's.
async fn lift_lock(
    store: &dyn UserStore,
    config: &Config,
    user: &Username,
) -> Result<Result<(), crate::auth::LoginError>, CliError> {
    let shared = crate::server::shared_state(config)?;
    let counters = crate::auth::throttle::CounterKey::new(config.cookie_key().unwrap_or_default());
    Ok(crate::auth::lift_lock(store, &shared, &counters, user).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_as_wide_as_their_widest_cell_counted_in_characters() {
        let rows = [
            ["A".to_owned(), "B".to_owned(), "C".to_owned()],
            ["zoë".to_owned(), "x".to_owned(), "last".to_owned()],
            ["q".to_owned(), "longer".to_owned(), String::new()],
        ];
        assert_eq!(
            columns(&rows),
            "A    B       C\nzoë  x       last\nq    longer\n"
        );
    }

    /// A minimal build keeps the commands it lacks, and says what is missing.
    #[cfg(not(feature = "postgres"))]
    #[tokio::test]
    async fn migrate_and_export_in_a_build_without_postgres_say_so() {
        for args in [
            vec![
                "authgate",
                "migrate",
                "--to",
                "postgres://u@h/db",
                "--replace",
            ],
            vec![
                "authgate", "export", "--config", "x.yaml", "--output", "o.yaml",
            ],
        ] {
            let cli = Cli::try_parse_from(&args).map_err(|e| e.to_string());
            let Ok(cli) = cli else {
                unreachable!("{args:?} refused by the parser: {cli:?}")
            };
            let e = run(cli).await.map(|()| "ran".to_owned());
            let e = e.map_err(|e| e.to_string()).err().unwrap_or_default();
            assert!(
                e.contains("without PostgreSQL support") && e.contains("cargo build --release"),
                "{e}"
            );
        }
    }
}
