//! Reading and checking whole files: every problem at once, with its path.

use super::problems::MAX_PROBLEMS;
use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    let p = Path::new("config.yaml");
    let doc = parse_document(p, text)?;
    Config::validate(p, &doc.typed)
}

fn err_text(text: &str) -> String {
    match parse(text) {
        Ok(_) => "accepted".into(),
        Err(e) => e.to_string(),
    }
}

/// Asserts that `text` is refused with a message naming every one of `named`.
fn assert_refused_naming(text: &str, named: &[&str]) {
    let e = err_text(text);
    assert!(named.iter().all(|n| e.contains(n)), "{text}: {e}");
}

#[test]
fn storage_users_takes_a_postgres_url_and_names_itself_when_refusing_one() {
    let e = err_text("storage:\n  users: mysql://u:pw-123@h/db\n");
    assert!(
        e.contains("storage.users") && e.contains("postgres://"),
        "{e}"
    );
    assert!(!e.contains("pw-123"), "password echoed: {e}");
    let e = err_text("storage:\n  users: postgres://u:pw-123@h:notaport/db\n");
    assert!(e.contains("storage.users") && !e.contains("pw-123"), "{e}");
    let ok = parse("storage:\n  users: postgres://u:pw@db.internal:5432/authgate\n");
    if cfg!(feature = "postgres") {
        assert!(ok.is_ok(), "{ok:?}");
    } else {
        let e = ok.map(|_| ()).map_err(|e| e.to_string());
        assert!(e.is_err_and(|e| e.contains("cargo feature `postgres`")));
    }
}

#[test]
fn redis_sessions_are_accepted_only_by_builds_with_the_redis_feature() {
    let e = err_text("storage:\n  sessions: redis://127.0.0.1:6379/\n");
    if cfg!(feature = "redis") {
        assert_eq!(e, "accepted");
    } else {
        assert!(e.contains("`storage.sessions`"), "{e}");
    }
    assert_refused_naming(
        "storage:\n  sessions: memcached://127.0.0.1/\n",
        &["`storage.sessions`"],
    );
}

#[test]
fn the_redis_prefix_defaults_to_authgate_and_must_not_be_empty() {
    let doc = parse_document(Path::new("config.yaml"), "").map_err(|e| e.to_string());
    assert_eq!(
        doc.map(|d| d.typed.storage.redis_prefix().to_owned()),
        Ok("authgate:".into())
    );
    assert_refused_naming(
        "storage:\n  redis_prefix: \"\"\n",
        &["`storage.redis_prefix`"],
    );
}

/// Every problem of `text`, as (field, message).
fn problems(text: &str) -> Vec<(String, String)> {
    problems_at(Path::new("config.yaml"), text)
}

/// Every problem of `text` read as the file at `p`, as (field, message).
fn problems_at(p: &Path, text: &str) -> Vec<(String, String)> {
    match check_text(p, text) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .into_iter()
            .map(|p| (p.field, p.message))
            .collect(),
    }
}

fn fields(text: &str) -> Vec<String> {
    problems(text).into_iter().map(|p| p.0).collect()
}

#[test]
fn every_problem_is_reported_reading_problems_and_broken_rules_alike() {
    let text = "cookie:\n  key: short\n  nme: x\nlogin:\n  lockout_minutes: soon\n  max_concurrent_users: 0\nsession:\n  idle_minutes: 0\nregister:\n  domains: ['a b', ok.example, 'c/d']\n";
    assert_eq!(
        fields(text),
        [
            "cookie.nme",
            "login.lockout_minutes",
            "cookie.key",
            "session.idle_minutes",
            "login.max_concurrent_users",
            "register.domains[0]",
            "register.domains[2]",
        ]
    );
    let all = problems(text);
    assert!(all[1].1.contains("expected a whole number"), "{all:?}");
}

/// The rules of the cookie key's reuse, the connection deadlines and the static
/// folder report through the collector like every other: all at once, each with its
/// full path.
#[test]
fn a_shared_cookie_key_bad_deadlines_and_a_static_dir_holding_the_config_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    let key = "a-cookie-key-that-is-long-enough-for-authgate-0123";
    let text = format!(
        "cookie:\n  key: {key}\nlogin:\n  lockout_minutes: soon\nserver:\n  static_dir: .\n  max_connections: 0\n  timeouts: {{headers: 10, body: 0, request: 7200}}\noauth2:\n  okta:\n    client_id: c\n    client_secret: {key}\n    redirect_uri: https://a.example/oauth/okta/callback\n    issuer: https://i.example\nsmtp:\n  username: u\n  password: {key}\n"
    );
    let found = problems_at(&path, &text);
    let fields: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        fields,
        [
            "login.lockout_minutes",
            "cookie.key",
            "cookie.key",
            "server.timeouts.body",
            "server.timeouts.request",
            "server.max_connections",
            "server.static_dir",
        ],
        "{found:?}"
    );
    assert!(
        found[1].1.contains("`oauth2.okta.client_secret`"),
        "{found:?}"
    );
    assert!(found[2].1.contains("`smtp.password`"), "{found:?}");
    assert!(found[6].1.contains("the config file"), "{found:?}");
}

#[test]
fn a_required_key_set_aside_is_not_reported_a_second_time_as_missing() {
    let text = "credentials:\n  usernames:\n    g:\n      oauth: {provider: google, sub: [1]}\n";
    assert_eq!(fields(text), ["credentials.usernames.g.oauth.sub"]);
    // Without its key the provider entry is still read as missing it, once.
    let text = "credentials:\n  usernames:\n    g:\n      oauth: {provider: google}\n";
    assert_eq!(fields(text), ["credentials.usernames.g.oauth"]);
}

#[test]
fn a_problem_inside_a_list_sets_the_whole_list_aside_and_the_rest_is_still_checked() {
    let text = "access_control:\n  rules:\n    - {domain: a.example, policy: nope}\n    - {domain: b.example}\n  default_policy: authenticatd\nlogin:\n  lockout_minutes: 0\n";
    let found = fields(text);
    assert_eq!(
        found,
        [
            "access_control.rules[0].policy",
            "access_control.default_policy",
            "login.lockout_minutes",
        ]
    );
}

#[test]
fn numbered_and_odd_keys_are_set_aside_too() {
    let found = problems("fields:\n  login:\n    7: x\n  logn: {}\n1: x\ntrue: y\n");
    let shown: Vec<String> = found.iter().map(|(f, m)| format!("{f}: {m}")).collect();
    assert_eq!(
        shown,
        [
            "(top level): `1` is not a section name",
            "(top level): `true` is not a section name",
            "fields.login: invalid type: integer `7`, expected text",
            "fields.logn: unknown form; known forms: login, logout, code, register, forgot_password, forgot_username, change_password, account, oauth, two_factor_setup, two_factor_login, validation; or a language: en, de, fr, es, it, pt-BR, nl, pl, ja, zh-CN, ar",
        ]
    );
}

#[test]
fn a_file_full_of_mistakes_reports_a_bounded_number_of_them() {
    let text: String = (0..500).map(|i| format!("key{i}: x\n")).collect();
    let found = fields(&text);
    assert_eq!(found.len(), MAX_PROBLEMS);
    assert_eq!(found[0], "key0");
}

#[test]
fn each_section_names_its_fields_from_the_section() {
    let mut p = Problems::default();
    {
        let mut s = p.section("server");
        s.add("trusted_proxies[3]", "x");
        s.add("public_url", "y");
        s.add("", "z");
        assert_eq!(s.check("k", Ok::<u8, String>(1)), Some(1));
        assert_eq!(s.check("k", Err::<u8, String>("no".into())), None);
    }
    let e = p
        .into_result(Path::new("c.yaml"), ())
        .map_err(|e| e.to_string());
    assert_eq!(
        e,
        Err("c.yaml: `server.trusted_proxies[3]`: x\nc.yaml: `server.public_url`: y\nc.yaml: `server`: z\nc.yaml: `server.k`: no".to_owned())
    );
}

#[test]
fn an_empty_file_is_a_valid_config_with_defaults() {
    let c = parse("").map_err(|e| e.to_string());
    assert!(c.is_ok(), "{c:?}");
}

#[test]
fn an_unknown_key_or_section_or_a_wrong_type_is_named_with_its_full_path() {
    for (text, named) in [
        (
            "credentials:\n  usernames:\n    jsmith:\n      pasword: x\n",
            "`credentials.usernames.jsmith.pasword`",
        ),
        ("servr:\n  public_url: x\n", "`servr`"),
        (
            "login:\n  lockout_minutes: soon\n",
            "`login.lockout_minutes`",
        ),
    ] {
        assert_refused_naming(text, &[named]);
    }
}

#[test]
fn yaml_syntax_errors_give_line_and_column() {
    assert_refused_naming("cookie:\n  name: [unclosed\n", &["line ", "column "]);
}

#[test]
fn null_sections_and_unconfigured_providers_are_accepted() {
    let c = parse(
        "server:\nlogin:\noauth2:\n  google:\n    client_id: null\n    client_secret: null\n    redirect_uri: null\n",
    );
    let c = c.map_err(|e| e.to_string());
    assert!(c.is_ok(), "{c:?}");
}

/// The `pre-authorized` emails of `text`: `None` without the section, `Some(None)` for
/// anyone, `Some(Some(list))` for a list.
fn pre_authorized_emails(text: &str) -> Option<Option<Vec<String>>> {
    parse_document(Path::new("c"), text)
        .ok()
        .and_then(|d| d.typed.pre_authorized)
        .map(|p| p.emails().map(<[String]>::to_vec))
}

#[test]
fn an_empty_pre_authorized_list_means_nobody_in_either_spelling() {
    for text in ["pre-authorized: []\n", "pre-authorized:\n  emails: []\n"] {
        let emails = pre_authorized_emails(text);
        assert_eq!(emails, Some(Some(Vec::new())), "{text}");
    }
    let open = pre_authorized_emails("pre-authorized:\n  emails: null\n");
    assert_eq!(open, Some(None));
}

#[test]
fn pre_authorized_may_be_a_map_or_a_bare_list() {
    for text in [
        "pre-authorized:\n  emails: [a@x.io]\n",
        "pre-authorized:\n- a@x.io\n",
    ] {
        let emails = pre_authorized_emails(text);
        assert_eq!(emails, Some(Some(vec!["a@x.io".to_owned()])), "{text}");
    }
}

#[test]
fn an_empty_bare_pre_authorized_list_means_nobody_not_anyone() {
    for text in ["pre-authorized: []\n", "pre-authorized:\n  emails: []\n"] {
        let emails = pre_authorized_emails(text);
        assert_eq!(emails, Some(Some(Vec::new())), "{text}");
    }
    assert_refused_naming(
        "pre-authorized: melsby@example.com\n",
        &["`pre-authorized`", "a list of email addresses"],
    );
}

#[test]
fn numeric_passwords_are_read_as_strings() {
    let d = parse_document(
        Path::new("c"),
        "credentials:\n  usernames:\n    a:\n      password: 12345\n",
    );
    let pw = d.ok().and_then(|d| {
        d.typed
            .credentials
            .usernames
            .get("a")
            .and_then(|u| u.password.clone())
    });
    assert_eq!(pw.as_deref(), Some("12345"));
}

#[test]
fn usernames_differing_only_in_case_are_refused() {
    assert_refused_naming(
        "credentials:\n  usernames:\n    JSmith: {email: a@x.io}\n    jsmith: {email: b@x.io}\n",
        &["case-insensitive"],
    );
}

#[test]
fn a_cookie_key_that_is_also_a_client_or_smtp_secret_is_refused_naming_both() {
    let key = "a-cookie-key-that-is-long-enough-for-authgate-0123";
    assert_refused_naming(
        &format!(
            "cookie:\n  key: {key}\noauth2:\n  okta:\n    client_id: c\n    client_secret: {key}\n    redirect_uri: https://a.example/oauth/okta/callback\n    issuer: https://i.example\n"
        ),
        &["cookie.key", "oauth2.okta.client_secret"],
    );
    assert_refused_naming(
        &format!("cookie:\n  key: {key}\nsmtp:\n  username: u\n  password: {key}\n"),
        &["cookie.key", "smtp.password"],
    );
    assert!(
        parse(&format!(
            "cookie:\n  key: {key}\noauth2:\n  okta:\n    client_id: c\n    client_secret: other\n    redirect_uri: https://a.example/oauth/okta/callback\n    issuer: https://i.example\n"
        ))
        .is_ok()
    );
}

#[test]
fn short_and_sample_cookie_keys_are_refused_with_advice() {
    assert_refused_naming(
        "cookie:\n  key: some_signature_key\n",
        &["cookie.key", "sample"],
    );
    assert_refused_naming(
        "cookie:\n  key: tooshort\n",
        &["at least 32", "openssl rand"],
    );
}

#[test]
fn explicit_null_max_attempts_means_no_limit_and_absence_means_five() {
    let none = parse("login:\n  max_login_attempts: null\n").map(|c| c.settings.login.max_attempts);
    assert_eq!(none.ok(), Some(None));
    let five = parse("login: {}\n").map(|c| c.settings.login.max_attempts);
    assert_eq!(five.ok(), Some(Some(5)));
}

#[test]
fn trusted_proxies_accept_addresses_and_ranges_and_name_bad_entries() {
    let ok = parse("server:\n  trusted_proxies: [10.0.0.1, 172.16.0.0/12, '::1']\n");
    assert_eq!(ok.map(|c| c.trusted_proxies.len()).ok(), Some(3));
    assert_refused_naming(
        "server:\n  trusted_proxies: [10.0.0.1, nonsense]\n",
        &["server.trusted_proxies[1]"],
    );
}

#[test]
fn field_overrides_are_checked_and_applied() {
    let c = parse("fields:\n  login:\n    Username: Benutzername\n");
    assert_eq!(
        c.map(|c| c.labels.get("login", "Username").to_owned())
            .ok()
            .as_deref(),
        Some("Benutzername")
    );
    assert_refused_naming(
        "fields:\n  login:\n    Usrname: x\n",
        &["fields.login.Usrname"],
    );
}

#[test]
fn branding_is_checked_field_by_field() {
    let ok = parse(
        "branding:\n  app_name: Acme login\n  logo_url: /static/logo.svg\n  accent_color: '#0a7d3b'\n",
    );
    assert_eq!(
        ok.map(|c| c.settings.branding.app_name).ok().as_deref(),
        Some("Acme login")
    );
    for (yaml, field) in [
        (
            "branding:\n  accent_color: green\n",
            "branding.accent_color",
        ),
        (
            "branding:\n  accent_color: '#12345'\n",
            "branding.accent_color",
        ),
        (
            "branding:\n  accent_color_dark: '#12345g'\n",
            "branding.accent_color_dark",
        ),
        (
            "branding:\n  logo_url: https://cdn.example.com/l.png\n",
            "branding.logo_url",
        ),
        (
            "branding:\n  logo_url: //cdn.example.com/l.png\n",
            "branding.logo_url",
        ),
        ("branding:\n  app_name: ''\n", "branding.app_name"),
        ("branding:\n  colour: '#000000'\n", "branding.colour"),
        (
            "server:\n  static_dir: /no/such/folder\n",
            "server.static_dir",
        ),
    ] {
        let e = err_text(yaml);
        assert!(e.contains(&format!("`{field}`")), "{yaml}: {e}");
    }
}

#[test]
fn https_public_url_turns_on_secure_cookies() {
    let c = parse("server:\n  public_url: https://auth.example.com/\n");
    assert_eq!(
        c.map(|c| (c.secure_cookies, c.public_url)).ok(),
        Some((true, "https://auth.example.com".into()))
    );
}

#[test]
fn check_config_names_the_bad_provider_key() {
    let base = "client_id: c\n    client_secret: s\n    redirect_uri: https://a.example/oauth/x/callback\n";
    assert_eq!(
        err_text(&format!("oauth2:\n  google:\n    {base}")),
        "accepted"
    );
    for (provider, extra, named) in [
        (
            "google",
            "issuer: accounts.google.com",
            "`oauth2.google.issuer`",
        ),
        (
            "microsoft",
            "tenant_id: a/b",
            "`oauth2.microsoft.tenant_id`",
        ),
        ("google", "roles: ['a,b']", "`oauth2.google.roles`"),
        ("my idp", "issuer: https://i.example", "`oauth2.my idp`"),
    ] {
        let text = format!("oauth2:\n  {provider}:\n    {base}    {extra}\n");
        assert_refused_naming(&text, &[named]);
    }
}
