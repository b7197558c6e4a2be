//! Hand edits of `config.yaml` while authgate writes it: two editors, one saving in place
//! (truncate, then write, as nano does) and one through a temporary file and a rename, run
//! against registrations through the real server and `authgate users add/set-roles`
//! processes, all at once.
//!
//! What must hold: no edit is reverted, no section is ever lost (checked at every moment
//! no editor is writing, and at the end), every acknowledged write is on disk, the file
//! parses when quiescent.
//!
//! The editors take turns (one person, two tools) and wait until their save is visible
//! before the other one reads, so they never undo each other. An editor's own lost update
//! (it read the file, authgate wrote, the editor saved what it had read) is not authgate's
//! doing and cannot be prevented by it: the editors detect it exactly (the in-place one by
//! the inode it truncated, the renaming one by what its rename displaced) and the writes
//! it overwrote are reported apart, not counted as lost by authgate.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use authgate::__private::config::{Config, Document, parse_document};

use crate::helpers::*;

/// How long the writers run. The whole test stays well under a minute.
const STRESS: Duration = Duration::from_secs(12);
const BOSSES: usize = 30;
const HEADER: &str = "# Stress test: this comment block must survive every write.\n";
const PASSPHRASE: &str = "stress passphrase 0001";
const REGISTRATION_WORKERS: usize = 3;

fn boss(i: usize) -> String {
    format!("boss{i:02}")
}

/// Every section the file must keep, a gateway rule, and admins for the editors to demote.
fn stress_config(outbox: &Path) -> String {
    let mut bosses = String::new();
    for i in 0..BOSSES {
        let b = boss(i);
        bosses.push_str(&format!(
            "    {b}:\n      email: {b}@example.com\n      roles:\n      - admin\n      - viewer\n"
        ));
    }
    format!(
        "{HEADER}\ncookie:\n  name: authgate\n  key: {KEY}\n  expiry_days: 30\n\
         server:\n  public_url: http://127.0.0.1\n\
         register:\n  enabled: true\n  captcha: false\n\
         rate_limit:\n  registrations_per_hour: 1000000\n\
         # Limits, tuned by hand.\nlogin:\n  max_login_attempts: 9\n\
         access_control:\n  default_policy: deny\n  rules:\n  - domain: app.example.com\n    policy: authenticated\n\
         mail_outbox: {}\n\
         credentials:\n  usernames:\n    jsmith:\n      email: jsmith@example.com\n      password: Jsmith-Pass-0001\n      roles:\n      - admin\n{bosses}",
        outbox.display()
    )
}

/// What `text` lacks of what every version of the file must hold.
fn missing_sections(path: &Path, text: &str) -> Vec<String> {
    let mut missing = Vec::new();
    if !text.starts_with(HEADER) {
        missing.push("the header comment".to_owned());
    }
    if !text.contains("\n# Limits, tuned by hand.\nlogin:\n") {
        missing.push("the comment above `login`".to_owned());
    }
    let doc = match parse_document(path, text) {
        Ok(d) if !text.trim().is_empty() => d,
        Ok(_) => {
            missing.push("everything (the file is empty)".to_owned());
            return missing;
        }
        Err(e) => {
            missing.push(format!("a file that parses ({e})"));
            return missing;
        }
    };
    if let Err(e) = Config::validate(path, &doc.typed) {
        missing.push(format!("a valid file ({e})"));
    }
    let raw = &doc.raw;
    for (section, key, want) in [
        ("cookie", "key", yaml_serde::Value::from(KEY)),
        ("server", "public_url", "http://127.0.0.1".into()),
        ("register", "enabled", true.into()),
        ("rate_limit", "registrations_per_hour", 1_000_000.into()),
        ("login", "max_login_attempts", 9.into()),
        ("access_control", "default_policy", "deny".into()),
    ] {
        if raw.get(section).and_then(|s| s.get(key)) != Some(&want) {
            missing.push(format!("{section}.{key}"));
        }
    }
    if raw.get("mail_outbox").is_none() {
        missing.push("mail_outbox".to_owned());
    }
    if !rule_domains(&doc).contains("app.example.com") {
        missing.push("access_control.rules (app.example.com)".to_owned());
    }
    let users = &doc.typed.credentials.usernames;
    for u in std::iter::once("jsmith".to_owned()).chain((0..BOSSES).map(boss)) {
        if !users.contains_key(&u) {
            missing.push(format!("credentials.usernames.{u}"));
        }
    }
    missing
}

fn rule_domains(doc: &Document) -> BTreeSet<String> {
    doc.raw
        .get("access_control")
        .and_then(|a| a.get("rules"))
        .and_then(|r| r.as_sequence())
        .map(|rules| {
            rules
                .iter()
                .filter_map(|r| r.get("domain").and_then(|d| d.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn usernames(doc: &Document) -> BTreeSet<String> {
    doc.typed.credentials.usernames.keys().cloned().collect()
}

fn roles_of(doc: &Document, user: &str) -> Option<Vec<String>> {
    doc.typed
        .credentials
        .usernames
        .get(user)
        .and_then(|e| e.roles.clone())
}

// ---------------------------------------------------------------------------------------
// The editors

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Truncates the file and writes it again, slowly (nano, many IDEs).
    InPlace,
    /// Writes a new file next to it and renames it over the old one (vim, sed -i, most
    /// "safe save" editors).
    Rename,
}

#[derive(Debug, Clone)]
enum Edit {
    AddUser(String),
    Demote(String),
    AddRule(String),
}

impl Edit {
    /// `text` with this edit made as a person would type it; `None` when the place to
    /// edit is gone from the file.
    fn apply(&self, text: &str) -> Option<String> {
        match self {
            Edit::AddUser(name) => {
                let anchor = "credentials:\n  usernames:\n";
                text.contains(anchor).then(|| {
                    text.replacen(
                        anchor,
                        &format!(
                            "{anchor}    {name}:\n      email: {name}@example.com\n      roles:\n      - viewer\n"
                        ),
                        1,
                    )
                })
            }
            Edit::Demote(b) => {
                // The entry's lines, whatever other fields it holds (authgate gives a
                // user without a password its `reauth_secret` at start).
                let head = format!("    {b}:\n");
                let start = text.find(&head)? + head.len();
                let len = text[start..]
                    .split_inclusive('\n')
                    .take_while(|line| line.starts_with("      "))
                    .map(str::len)
                    .sum::<usize>();
                let entry = &text[start..start + len];
                let admin = "      roles:\n      - admin\n      - viewer\n";
                entry.contains(admin).then(|| {
                    let demoted = entry.replacen(admin, "      roles:\n      - viewer\n", 1);
                    format!("{}{demoted}{}", &text[..start], &text[start + len..])
                })
            }
            Edit::AddRule(domain) => {
                let anchor = "\n  rules:\n";
                let at = text.find(anchor)? + anchor.len();
                let indent: String = text[at..].chars().take_while(|c| *c == ' ').collect();
                let mut out = text.to_owned();
                out.insert_str(
                    at,
                    &format!("{indent}- domain: {domain}\n{indent}  policy: deny\n"),
                );
                Some(out)
            }
        }
    }

    fn holds(&self, doc: &Document) -> bool {
        match self {
            Edit::AddUser(name) => doc.typed.credentials.usernames.contains_key(name),
            Edit::Demote(b) => roles_of(doc, b) == Some(vec!["viewer".to_owned()]),
            Edit::AddRule(domain) => rule_domains(doc).contains(domain),
        }
    }
}

/// A save that overwrote a version the editor had not read: authgate wrote between the
/// editor's read and its save.
#[derive(Debug, Clone)]
struct StaleSave {
    /// From the editor's read to its save.
    window: (Instant, Instant),
    /// What the overwritten version held that the editor's did not, when known exactly.
    overwritten_users: Option<BTreeSet<String>>,
}

#[derive(Debug, Default)]
struct Ledger {
    edits: Vec<(Style, Edit)>,
    /// Edits whose place in the file was gone when the editor came to make them.
    impossible: Vec<String>,
    /// Edits not visible on disk within 2 s of their save.
    never_visible: Vec<String>,
    stale_saves: Vec<StaleSave>,
    /// Moments (no editor writing) at which the file lacked a section.
    lost_section_samples: Vec<String>,
    samples: usize,
    /// Registrations: username and the span from sending the form to the answer.
    registered: Vec<(String, Instant, Instant)>,
    refused_registrations: BTreeMap<u16, usize>,
    cli_added: Vec<(String, Instant, Instant)>,
    /// Last acknowledged `set-roles` per user.
    cli_roles: BTreeMap<String, (Vec<String>, Instant, Instant)>,
    cli_refused: Vec<String>,
}

fn read(path: &Path) -> (String, u64) {
    let mut f = std::fs::File::open(path).expect("open config");
    let ino = f.metadata().expect("fstat").ino();
    let mut s = String::new();
    f.read_to_string(&mut s).expect("read config");
    (s, ino)
}

/// Saves `edit` in `style`; `Err` names an edit whose place was gone.
fn save(style: Style, path: &Path, edit: &Edit) -> Result<Option<StaleSave>, String> {
    let started = Instant::now();
    let (before, read_ino) = read(path);
    let after = edit
        .apply(&before)
        .ok_or_else(|| format!("{edit:?}: its place is gone from the file"))?;
    match style {
        Style::InPlace => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
                .expect("open for writing");
            let saved = Instant::now();
            let written_ino = f.metadata().expect("fstat").ino();
            // A slow disk or a large file: the file stays empty (then short) a while.
            std::thread::sleep(Duration::from_millis(5));
            let (head, tail) = after.split_at(after.len() / 2);
            f.write_all(head.as_bytes()).expect("write");
            std::thread::sleep(Duration::from_millis(1));
            f.write_all(tail.as_bytes()).expect("write");
            drop(f);
            Ok((read_ino != written_ino).then_some(StaleSave {
                window: (started, saved),
                overwritten_users: None,
            }))
        }
        Style::Rename => {
            let tmp = path.with_extension("yaml.editor-save");
            std::fs::write(&tmp, &after).expect("write the editor's new file");
            // An exchange rather than a plain rename: to authgate the same atomic change
            // of what the path names, and it lets this editor see what it replaced.
            rustix::fs::renameat_with(
                rustix::fs::CWD,
                &tmp,
                rustix::fs::CWD,
                path,
                rustix::fs::RenameFlags::EXCHANGE,
            )
            .expect("renameat2(RENAME_EXCHANGE)");
            let saved = Instant::now();
            let displaced = std::fs::read_to_string(&tmp).expect("read what the save replaced");
            std::fs::remove_file(&tmp).expect("remove");
            if displaced == before {
                return Ok(None);
            }
            let users = |t: &str| {
                parse_document(path, t)
                    .map(|d| usernames(&d))
                    .unwrap_or_default()
            };
            let overwritten: BTreeSet<String> = users(&displaced)
                .difference(&users(&before))
                .cloned()
                .collect();
            Ok(Some(StaleSave {
                window: (started, saved),
                overwritten_users: Some(overwritten),
            }))
        }
    }
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[allow(clippy::too_many_arguments)]
fn run_editor(
    style: Style,
    path: PathBuf,
    turn: Arc<Mutex<()>>,
    stop: Arc<AtomicBool>,
    ledger: Arc<Mutex<Ledger>>,
    bosses: Arc<AtomicUsize>,
) {
    let tag = match style {
        Style::InPlace => "ip",
        Style::Rename => "rn",
    };
    let mut rng = Rng(if style == Style::InPlace {
        0x9e37
    } else {
        0x7f4a
    });
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let edit = match n % 3 {
            0 => match bosses.fetch_add(1, Ordering::Relaxed) {
                i if i < BOSSES => Edit::Demote(boss(i)),
                _ => Edit::AddUser(format!("hand{tag}{n}")),
            },
            1 => Edit::AddUser(format!("hand{tag}{n}")),
            _ => Edit::AddRule(format!("e{tag}{n}.example.com")),
        };
        {
            let _turn = turn.lock().expect("editors' turn");
            match save(style, &path, &edit) {
                Err(why) => ledger.lock().unwrap().impossible.push(why),
                Ok(stale) => {
                    let visible = (0..400).any(|_| {
                        let (text, _) = read(&path);
                        let seen = parse_document(&path, &text).is_ok_and(|d| edit.holds(&d));
                        if !seen {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        seen
                    });
                    let mut l = ledger.lock().unwrap();
                    if !visible {
                        l.never_visible.push(format!("{style:?} {edit:?}"));
                    }
                    l.stale_saves.extend(stale);
                    l.edits.push((style, edit));
                }
            }
        }
        std::thread::sleep(Duration::from_millis(80 + rng.below(120)));
    }
}

/// Looks at the file whenever no editor is writing: any version there is one authgate
/// or an editor finished writing.
fn run_monitor(
    path: PathBuf,
    turn: Arc<Mutex<()>>,
    stop: Arc<AtomicBool>,
    ledger: Arc<Mutex<Ledger>>,
) {
    while !stop.load(Ordering::Relaxed) {
        {
            let _turn = turn.lock().expect("editors' turn");
            let (text, _) = read(&path);
            let missing = missing_sections(&path, &text);
            let mut l = ledger.lock().unwrap();
            l.samples += 1;
            if !missing.is_empty() && l.lost_section_samples.len() < 20 {
                l.lost_section_samples.push(missing.join(", "));
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

async fn run_registrations(
    server: String,
    worker: usize,
    stop: Arc<AtomicBool>,
    ledger: Arc<Mutex<Ledger>>,
) {
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let name = format!("r{worker}x{i}");
        let email = format!("{name}@example.com");
        let c = client();
        let sent = Instant::now();
        let status = async {
            let page = c
                .get(format!("{server}/register"))
                .send()
                .await?
                .text()
                .await?;
            let token = csrf_of(&page);
            let form = [
                ("first_name", "Reg"),
                ("last_name", "Istrant"),
                ("email", email.as_str()),
                ("username", name.as_str()),
                ("password", PASSPHRASE),
                ("repeat_password", PASSPHRASE),
                ("csrf_token", token.as_str()),
            ];
            let r = c
                .post(format!("{server}/register"))
                .form(&form)
                .send()
                .await?;
            Ok::<u16, reqwest::Error>(r.status().as_u16())
        }
        .await
        .unwrap_or(0);
        let answered = Instant::now();
        let mut l = ledger.lock().unwrap();
        if status == 303 {
            l.registered.push((name, sent, answered));
        } else {
            *l.refused_registrations.entry(status).or_default() += 1;
        }
    }
}

fn run_cli(path: PathBuf, stop: Arc<AtomicBool>, ledger: Arc<Mutex<Ledger>>) {
    let p = path.to_str().expect("utf-8 path").to_owned();
    let mut i = 0;
    let mut added: Vec<String> = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        if i % 3 == 0
            && let Some(user) = added.last().cloned()
        {
            let roles = if i % 2 == 0 {
                "editor,viewer"
            } else {
                "auditor"
            };
            let sent = Instant::now();
            let (code, _, err) = cli(&["users", "--config", &p, "set-roles", &user, roles], "");
            let answered = Instant::now();
            let mut l = ledger.lock().unwrap();
            if code == 0 {
                let roles = roles.split(',').map(str::to_owned).collect();
                l.cli_roles.insert(user, (roles, sent, answered));
            } else {
                l.cli_refused.push(format!("set-roles: {}", err.trim()));
            }
            continue;
        }
        let name = format!("cli{i}");
        let email = format!("{name}@example.com");
        let sent = Instant::now();
        let (code, _, err) = cli(
            &[
                "users", "--config", &p, "add", &name, "--email", &email, "--roles", "viewer",
            ],
            &format!("{PASSPHRASE}\n"),
        );
        let answered = Instant::now();
        let mut l = ledger.lock().unwrap();
        if code == 0 {
            added.push(name.clone());
            l.cli_added.push((name, sent, answered));
        } else {
            l.cli_refused.push(format!("add: {}", err.trim()));
        }
    }
}

fn overlaps(a: (Instant, Instant), b: (Instant, Instant)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

#[test]
fn hand_edits_in_place_and_by_rename_during_registrations_and_cli_writes_are_never_reverted_and_lose_no_section()
 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, stress_config(&dir.path().join("outbox"))).unwrap();
    let mut server = Server::start(&path);
    let started = Instant::now();

    let stop = Arc::new(AtomicBool::new(false));
    let turn = Arc::new(Mutex::new(()));
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let bosses = Arc::new(AtomicUsize::new(0));
    let mut threads = Vec::new();
    for style in [Style::InPlace, Style::Rename] {
        let (p, t, s, l, b) = (
            path.clone(),
            turn.clone(),
            stop.clone(),
            ledger.clone(),
            bosses.clone(),
        );
        threads.push(std::thread::spawn(move || run_editor(style, p, t, s, l, b)));
    }
    {
        let (p, t, s, l) = (path.clone(), turn.clone(), stop.clone(), ledger.clone());
        threads.push(std::thread::spawn(move || run_monitor(p, t, s, l)));
    }
    {
        let (p, s, l) = (path.clone(), stop.clone(), ledger.clone());
        threads.push(std::thread::spawn(move || run_cli(p, s, l)));
    }
    {
        let (addr, s, l) = (server.addr.clone(), stop.clone(), ledger.clone());
        threads.push(std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let mut tasks = tokio::task::JoinSet::new();
                for w in 0..REGISTRATION_WORKERS {
                    tasks.spawn(run_registrations(addr.clone(), w, s.clone(), l.clone()));
                }
                while tasks.join_next().await.is_some() {}
            });
        }));
    }
    std::thread::sleep(STRESS);
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().expect("a stress thread panicked");
    }

    // Quiescent: every writer has finished and every acknowledged write is on disk.
    let (text, _) = read(&path);
    let missing_at_end = missing_sections(&path, &text);
    let exit = server.terminate();
    let (after_exit, _) = read(&path);
    let doc = parse_document(&path, &after_exit).ok();
    let l = ledger.lock().unwrap();

    let on_disk = doc.as_ref().map(usernames).unwrap_or_default();
    let reverted: Vec<String> = l
        .edits
        .iter()
        .filter(|(_, e)| !doc.as_ref().is_some_and(|d| e.holds(d)))
        .map(|(s, e)| format!("{s:?} {e:?}"))
        .collect();
    // A write an editor's stale save overwrote is the editor's doing, not authgate's.
    let overwritten_by_an_editor = |user: &str, span: (Instant, Instant)| {
        l.stale_saves.iter().any(|s| match &s.overwritten_users {
            Some(users) => users.contains(user),
            None => overlaps(s.window, span),
        })
    };
    let (mut lost, mut overwritten) = (Vec::new(), Vec::new());
    for (user, sent, answered) in l.registered.iter().chain(&l.cli_added) {
        if !on_disk.contains(user) {
            if overwritten_by_an_editor(user, (*sent, *answered)) {
                overwritten.push(user.clone());
            } else {
                lost.push(user.clone());
            }
        }
    }
    for (user, (roles, sent, answered)) in &l.cli_roles {
        let now = doc.as_ref().and_then(|d| roles_of(d, user));
        if now.as_ref() != Some(roles) {
            if overwritten_by_an_editor(user, (*sent, *answered)) {
                overwritten.push(format!("{user} roles"));
            } else {
                lost.push(format!("{user} roles {roles:?}, on disk {now:?}"));
            }
        }
    }
    let by_style = |s: Style| l.edits.iter().filter(|(x, _)| *x == s).count();
    let log = std::fs::read_to_string(&server.stderr_log).unwrap_or_default();
    let redone = log
        .matches("making the change again on their version")
        .count();
    eprintln!(
        "hand-edit stress, {:.1} s: {} edits ({} in place, {} by rename), {} registrations \
         acknowledged ({} refused: {:?}), {} CLI writes acknowledged ({} adds, {} set-roles; \
         {} refused); reverted edits: {}, edits whose place was gone: {}, edits never \
         visible: {}, moments with a lost section: {} of {} looked at, lost sections at the \
         end: {}, acknowledged writes lost: {}; server writes redone on an editor's version: \
         {redone}; editors' own stale saves: {} (writes they overwrote: {}); refusals: {:?}",
        started.elapsed().as_secs_f64(),
        l.edits.len(),
        by_style(Style::InPlace),
        by_style(Style::Rename),
        l.registered.len(),
        l.refused_registrations.values().sum::<usize>(),
        l.refused_registrations,
        l.cli_added.len() + l.cli_roles.len(),
        l.cli_added.len(),
        l.cli_roles.len(),
        l.cli_refused.len(),
        reverted.len(),
        l.impossible.len(),
        l.never_visible.len(),
        l.lost_section_samples.len(),
        l.samples,
        missing_at_end.len(),
        lost.len(),
        l.stale_saves.len(),
        overwritten.len(),
        l.cli_refused.iter().take(3).collect::<Vec<_>>(),
    );
    assert!(
        l.lost_section_samples.is_empty(),
        "sections lost while the writers ran: {:?}",
        l.lost_section_samples
    );
    assert!(
        missing_at_end.is_empty(),
        "the file lost, at the end: {missing_at_end:?}"
    );
    assert!(reverted.is_empty(), "edits reverted: {reverted:?}");
    assert!(l.impossible.is_empty(), "{:?}", l.impossible);
    assert!(l.never_visible.is_empty(), "{:?}", l.never_visible);
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
    assert_eq!(exit, Some(0), "the server did not stop cleanly");
    assert!(
        missing_sections(&path, &after_exit).is_empty(),
        "the server's exit changed the file"
    );
    // The run did exercise every writer.
    assert!(l.edits.len() >= 20, "only {} edits", l.edits.len());
    assert!(
        l.registered.len() >= 10,
        "only {} registrations",
        l.registered.len()
    );
    assert!(
        !l.cli_added.is_empty(),
        "no CLI write succeeded: {:?}",
        l.cli_refused
    );
}
