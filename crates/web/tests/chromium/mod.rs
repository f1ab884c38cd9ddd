//! Headless Chromium for the browser tests (`browser.rs`, the local app;
//! `browser_server.rs`, server mode): `/usr/bin/chromedriver` started on a
//! free port, a Chromium session through fantoccini with the same flags
//! for every test, and what each page is checked for: text that shows up,
//! screenshots at a laptop's and a phone's width, no error in the
//! browser's console, a label on every form control, no link to nowhere.
//!
//! Without chromedriver a test says why and passes, except in CI
//! (`CI=true`), where it fails: `.ci/run` installs Chromium and its driver.

// Each test binary uses the part of this module it needs.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

pub const DRIVER: &str = "/usr/bin/chromedriver";

/// The chromedriver this test started, stopped when the test ends.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn driver_path() -> Option<PathBuf> {
    let path =
        std::env::var_os("AFTERVIEW_CHROMEDRIVER").map_or_else(|| PathBuf::from(DRIVER), PathBuf::from);
    path.exists().then_some(path)
}

/// The driver, started; `None` (saying why) when it is not installed,
/// outside CI.
pub fn start_driver() -> Option<Driver> {
    let Some(path) = driver_path() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "{DRIVER} is missing: in CI the browser tests must run (apt-get install chromium chromium-driver)"
            );
        }
        eprintln!(
            "skipping the browser test: {DRIVER} is missing (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start listening on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(driver)
}

/// A Chromium session with a profile of its own (so two sessions are two
/// people), its console kept for [`console_errors`].
pub async fn browser(driver: &Driver, profile: &Path, dark: bool) -> Client {
    // Two TLS providers are linked into this test (see Cargo.toml): name one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut caps = serde_json::Map::new();
    let binary =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| Path::new(p).exists());
    let mut options = json!({
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-dev-shm-usage", "--window-size=1280,900",
            format!("--user-data-dir={}", profile.display()),
        ]
    });
    if dark {
        // The system's dark setting, which prefers-color-scheme follows.
        options["args"].as_array_mut().unwrap().push(json!("--force-dark-mode"));
    }
    if let Some(b) = binary {
        options["binary"] = json!(b);
    }
    caps.insert("goog:chromeOptions".into(), options);
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    ClientBuilder::rustls()
        .expect("TLS roots")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

/// Waits until the page's text (or an element's) contains `what`.
pub async fn wait_text(c: &Client, css: &str, what: &str) -> String {
    // Generous: CI runs this beside the rest of the suite on two cores.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = match c.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(what) {
            return text;
        }
        if Instant::now() > deadline {
            let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            panic!("{css} never showed {what:?} on {url}; it shows:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the browser is at this path.
pub async fn wait_path(c: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let url = c.current_url().await.unwrap();
        if url.path() == path {
            return;
        }
        assert!(Instant::now() < deadline, "the browser never reached {path}; it is at {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn fill(c: &Client, id: &str, text: &str) {
    let e = c.find(Locator::Id(id)).await.unwrap_or_else(|_| panic!("no #{id}"));
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// A field's value as the page holds it.
pub async fn value(c: &Client, id: &str) -> String {
    let e = c.find(Locator::Id(id)).await.unwrap_or_else(|_| panic!("no #{id}"));
    e.prop("value").await.unwrap().unwrap_or_default()
}

/// Sets a field's value as a script would (date inputs), for the form to post.
pub async fn set(c: &Client, id: &str, value: &str) {
    c.execute("document.getElementById(arguments[0]).value = arguments[1];", vec![json!(id), json!(value)])
        .await
        .unwrap();
}

/// Presses the primary button of the page's record form.
pub async fn submit(c: &Client) {
    c.find(Locator::Css("form.record button.primary")).await.unwrap().click().await.unwrap();
}

/// Screenshots of the page at a laptop's and a phone's width, as
/// `docs/screenshots/NAME-laptop.png` and `NAME-phone.png`.
pub async fn shot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    for (suffix, w, h) in [("laptop", 1280, 900), ("phone", 390, 844)] {
        c.set_window_size(w, h).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        let png = c.screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}-{suffix}.png")), png).unwrap();
    }
    c.set_window_size(1280, 900).await.unwrap();
}

/// The time to first contentful paint of the page now shown, in ms.
pub async fn first_paint(c: &Client) -> f64 {
    let v = c
        .execute(
            "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : -1;",
            vec![],
        )
        .await
        .unwrap();
    v.as_f64().unwrap_or(-1.0)
}

/// The errors the browser's console got since the last call (a script's
/// error, a refused script or style, a failed load), read from
/// chromedriver's log of the session. The page's own answer having an
/// error status (a form sent back with 422, a wrong password's 401) is
/// logged as "failed to load" too; `expected` lists the statuses this page
/// was meant to answer with, whose lines are left out.
pub async fn console_errors(c: &Client, driver: &Driver, expected: &[u16]) -> Vec<String> {
    let session = c.session_id().await.unwrap().expect("a session id");
    let port = driver.port;
    // fantoccini has no call for this (chromedriver's own endpoint), and
    // it is one small request: made by hand, off the async threads.
    let entries = tokio::task::spawn_blocking(move || chromedriver_log(port, &session)).await.unwrap();
    entries
        .into_iter()
        .filter(|e| e["level"] == "SEVERE")
        .filter_map(|e| e["message"].as_str().map(str::to_owned))
        .filter(|m| {
            !expected.iter().any(|s| m.contains(&format!("the server responded with a status of {s}")))
        })
        .collect()
}

fn chromedriver_log(port: u16, session: &str) -> Vec<Value> {
    let body = r#"{"type":"browser"}"#;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "POST /session/{session}/se/log HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // chromedriver may keep the connection open: read the headers, then
    // as many bytes as they say.
    let mut answer = Vec::new();
    let mut byte = [0u8; 4096];
    let (head_end, length) = loop {
        let n = stream.read(&mut byte).unwrap();
        assert!(n > 0, "chromedriver closed the connection: {}", String::from_utf8_lossy(&answer));
        answer.extend_from_slice(&byte[..n]);
        if let Some(at) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&answer[..at]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or_else(|| panic!("chromedriver's answer has no length: {head}"));
            break (at + 4, length);
        }
    };
    while answer.len() < head_end + length {
        let n = stream.read(&mut byte).unwrap();
        assert!(n > 0, "chromedriver's answer was cut short");
        answer.extend_from_slice(&byte[..n]);
    }
    let json = String::from_utf8_lossy(&answer[head_end..head_end + length]);
    let v: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("chromedriver's log: {e}: {json}"));
    v["value"].as_array().cloned().unwrap_or_else(|| panic!("chromedriver's log: {v}"))
}

/// The form controls of the page that no label names (nor an
/// `aria-label` or `aria-labelledby`), as `tag#id[name]`.
pub async fn unlabelled(c: &Client) -> Vec<String> {
    let v = c
        .execute(
            "return [...document.querySelectorAll('input, select, textarea')]
               .filter(e => !['hidden', 'submit', 'button', 'reset'].includes(e.type))
               .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')
                            && !e.getAttribute('aria-labelledby'))
               .map(e => `${e.tagName.toLowerCase()}#${e.id}[${e.name}]`);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// The links of the page that lead nowhere (`href=""` reloads the page;
/// a screen reader announces a link all the same), by their text.
pub async fn empty_links(c: &Client) -> Vec<String> {
    let v = c
        .execute(
            "return [...document.querySelectorAll('a')]
               .filter(a => (a.getAttribute('href') ?? '').trim() === '')
               .map(a => a.textContent.trim());",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// The page now shown has no console error (but the statuses it was
/// meant to answer with), a label on every form control, and no link
/// that leads nowhere.
pub async fn check_page(c: &Client, driver: &Driver, expected: &[u16]) {
    let url = c.current_url().await.unwrap();
    let errors = console_errors(c, driver, expected).await;
    assert!(errors.is_empty(), "{url}: the console has errors: {errors:#?}");
    let missing = unlabelled(c).await;
    assert!(missing.is_empty(), "{url}: form controls without a label: {missing:?}");
    let nowhere = empty_links(c).await;
    assert!(nowhere.is_empty(), "{url}: links that lead nowhere: {nowhere:?}");
}
