//! The library's `on_event` hooks: the same events as the webhooks, in order per user,
//! and a hook that fails or panics never breaks a sign-in.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use authgate::{Authgate, Event, ManualClock};

use crate::helpers::*;
use crate::webhooks::{Receiver, SECRET, endpoint, verify};

async fn login(base: &str, c: &reqwest::Client, user: &str, pw: &str) -> reqwest::Response {
    let page = c.get(format!("{base}/login")).send().await.unwrap();
    let token = csrf_of(&page.text().await.unwrap());
    c.post(format!("{base}/login"))
        .form(&[("username", user), ("password", pw), ("csrf_token", &token)])
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hook_that_fails_or_panics_never_breaks_a_sign_in_and_the_next_hook_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, base_config()).unwrap();
    let panicked = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let (p, f, s) = (panicked.clone(), failed.clone(), seen.clone());
    let authgate = Authgate::builder(&path)
        .clock(ManualClock::starting_now())
        .on_event(move |_event: Event| {
            let p = p.clone();
            async move {
                if p.fetch_add(1, Ordering::SeqCst) < usize::MAX {
                    panic!("a hook that panics");
                }
            }
        })
        .on_event(move |event: Event| {
            let f = f.clone();
            async move {
                f.fetch_add(1, Ordering::SeqCst);
                Err::<(), _>(format!("database down while handling {}", event.kind))
            }
        })
        .on_event(move |event: Event| {
            let s = s.clone();
            async move {
                s.lock().unwrap().push(event);
            }
        })
        .build()
        .await
        .unwrap();
    let base = serve_app(authgate.router()).await;
    for _ in 0..3 {
        let c = client();
        let r = login(&base, &c, "jsmith", "Jsmith-Pass-0001").await;
        assert_eq!(r.status(), 303, "a sign-in broke");
        let page = c.get(format!("{base}/")).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let token = csrf_of(&page.text().await.unwrap());
        let r = c
            .post(format!("{base}/logout"))
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
    }
    assert!(eventually(|| async { seen.lock().unwrap().len() >= 6 }).await);
    let kinds: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        ["login", "logout", "login", "logout", "login", "logout"]
    );
    assert_eq!(panicked.load(Ordering::SeqCst), 6);
    assert_eq!(failed.load(Ordering::SeqCst), 6);
    let first = seen.lock().unwrap()[0].clone();
    assert_eq!(first.data.username.as_deref(), Some("jsmith"));
    assert_eq!(first.data.email.as_deref(), Some("jsmith@example.com"));
    assert_eq!(first.data.outcome, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hook_gets_the_very_event_the_webhook_receives() {
    let rx = Receiver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        config_with(&format!("webhooks:\n{}", endpoint(&rx.url("/ok"), ""))),
    )
    .unwrap();
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let s = seen.clone();
    let authgate = Authgate::builder(&path)
        .on_event(move |event: Event| {
            let s = s.clone();
            async move {
                s.lock().unwrap().push(event);
                Ok::<(), std::io::Error>(())
            }
        })
        .build()
        .await
        .unwrap();
    let base = serve_app(authgate.router()).await;
    let r = login(&base, &client(), "rbriggs", "Rbriggs-Pass-0002").await;
    assert_eq!(r.status(), 303);
    let hit = rx.wait_for("/ok", 1).await.remove(0);
    verify(SECRET, &hit).unwrap();
    assert!(eventually(|| async { !seen.lock().unwrap().is_empty() }).await);
    let event = seen.lock().unwrap()[0].clone();
    assert_eq!(event.id, hit.id);
    assert_eq!(serde_json::to_string(&event).unwrap(), hit.body);
}
