use super::*;

#[test]
fn bcrypt_and_argon2_strings_are_hashes_and_anything_else_is_plain_text() {
    assert!(is_password_hash(
        "$2b$12$HQgs7YtzGBkAKhSM28ANJeBI/fa/FVSHjqslvsFZusl7hUQER0vda"
    ));
    assert!(is_password_hash(
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$rN3j6p3bQ1yJm8B3o6k3oQm5M0k3xv3l0g1v5o8f6nE"
    ));
    for plain in ["abc", "$2b$hello", "12345", "$argon2id$nonsense"] {
        assert!(!is_password_hash(plain), "{plain}");
    }
}

/// A person saves between a write's read and its replacement, removing one user and
/// changing another's email: the write is made again on their version, and the state
/// of both goes as it would had the poller seen the save first.
#[test]
fn a_hand_edit_landing_mid_write_takes_the_state_of_the_users_it_removes_or_changes() {
    hand_edit_mid_write(false);
    hand_edit_mid_write(true);
}

fn hand_edit_mid_write(by_rename: bool) {
    use crate::clock::Clock;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    let entry = |name: &str| {
        format!("    {name}:\n      email: {name}@example.com\n      password: Pass-{name}-0001\n")
    };
    let before = format!(
        "cookie:\n  key: unit-test-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz\n\
             credentials:\n  usernames:\n{}{}{}",
        entry("ahmed"),
        entry("jsmith"),
        entry("rbriggs")
    );
    std::fs::write(&path, &before).unwrap();
    let clock = crate::clock::ManualClock::starting_now();
    let far = clock.now() + 3600;
    let state = AuthState {
        revoked: BTreeMap::new(),
        revoked_until: BTreeMap::from([("rbriggs".to_owned(), clock.now())]),
        chains: ["rbriggs", "jsmith"]
            .map(|u| {
                let chain = StoredChain {
                    u: u.to_owned(),
                    g: 1,
                    r: clock.now(),
                    x: false,
                    e: far,
                };
                (format!("{u}-chain"), chain)
            })
            .into(),
        locks: BTreeMap::from([("rbriggs".to_owned(), far)]),
        resets: BTreeMap::from([
            ("ah".to_owned(), ("ahmed".to_owned(), far)),
            ("js".to_owned(), ("jsmith".to_owned(), far)),
            ("rb".to_owned(), ("rbriggs".to_owned(), far)),
        ]),
        invitations: BTreeMap::new(),
    };
    let state_path = state_path(&path);
    std::fs::write(&state_path, serde_json::to_vec(&state).unwrap()).unwrap();
    let store = YamlStore::open(&path, Arc::new(clock)).unwrap();
    store.set_settle_time(Duration::ZERO);
    let edited = before
        .replace(&entry("rbriggs"), "")
        .replace("jsmith@example.com", "john@example.com");

    let mut runs = 0;
    let ahmed = Username::parse("ahmed").unwrap();
    store
        .commit_blocking(|inner| {
            runs += 1;
            if runs == 1 && by_rename {
                let tmp = path.with_extension("yaml.swp");
                std::fs::write(&tmp, &edited).unwrap();
                std::fs::rename(&tmp, &path).unwrap();
            } else if runs == 1 {
                std::fs::write(&path, &edited).unwrap();
            }
            if let Some(e) = inner.users.get_mut(&ahmed) {
                e.roles = Some(vec!["viewer".to_owned()]);
            }
            Ok(((), true))
        })
        .unwrap();

    assert_eq!(
        (runs, store.redone()),
        (2, 1),
        "the write was not redone (by rename: {by_rename})"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("john@example.com") && !text.contains("rbriggs"));
    assert!(text.contains("- viewer"), "the write's own change is lost");
    let on_disk: AuthState = serde_json::from_slice(&std::fs::read(&state_path).unwrap()).unwrap();
    let in_memory = store.read(|i| i.state.clone()).unwrap();
    for s in [&on_disk, &in_memory] {
        assert!(
            s.locks.is_empty(),
            "the removed user's lock stayed (by rename: {by_rename})"
        );
        assert!(s.revoked_until.is_empty(), "its cutoff stayed");
        let links: Vec<&str> = s.resets.keys().map(String::as_str).collect();
        assert_eq!(links, ["ah"], "only the untouched user keeps a reset link");
        let chains: Vec<&str> = s.chains.keys().map(String::as_str).collect();
        assert_eq!(
            chains,
            ["jsmith-chain"],
            "the removed user's cookie chain stayed, or the changed user's went"
        );
    }
}

#[test]
fn the_leading_comment_block_is_kept() {
    let t = "# authgate demo\n# second\n\ncookie:\n  name: x\n# not header\n";
    assert_eq!(leading_comments(t), "# authgate demo\n# second\n\n");
}
