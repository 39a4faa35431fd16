//! A real browser for the web desk's tests: Debian's chromium driven through chromium-driver
//! (WebDriver), against `gonghui serve` run as a user runs it. Missing browser: under CI=true
//! the test fails; elsewhere it says it is skipped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use thirtyfour::prelude::*;
use thirtyfour::ChromiumLikeCapabilities;

/// A child process killed when dropped.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn found(names: &[&str]) -> Option<PathBuf> {
    names.iter().map(PathBuf::from).find(|p| p.exists())
}

/// The browser and its driver, if this machine has them.
pub fn browser_paths(test: &str) -> Option<(PathBuf, PathBuf)> {
    let chromium = found(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let driver = found(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI: chromium and chromium-driver are needed for the browser tests (apt-get install -y chromium chromium-driver)")
        }
        _ => {
            eprintln!("{test}: skipped — chromium or chromium-driver is not installed (apt-get install -y chromium chromium-driver)");
            None
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `gonghui serve` on a free port of loopback; returns it and its address (http://127.0.0.1:N).
pub fn serve(dir: &Path, db: &str) -> (Running, String) {
    let mut c = crate::common::cli::command(dir, &["--db", db, "serve", "--listen", "127.0.0.1:0"]);
    let mut child = c.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let at = line.find("http://").unwrap_or_else(|| panic!("serve said: {line}"));
    let host: String = line[at + "http://".len()..].chars().take_while(|c| *c != '/').collect();
    (Running(child), format!("http://{host}"))
}

/// A headless chromium at 1366×768 through its driver.
pub async fn open(chromium: &Path, driver: &Path, profile: &Path) -> (Running, WebDriver) {
    let port = free_port();
    let child =
        Command::new(driver).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let running = Running(child);
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&chromium.display().to_string()).unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=zh-CN",
        "--window-size=1366,768",
        &format!("--user-data-dir={}", profile.display()),
    ] {
        caps.add_arg(arg).unwrap();
    }
    let mut last = None;
    for _ in 0..50 {
        match WebDriver::new(format!("http://127.0.0.1:{port}"), caps.clone()).await {
            Ok(d) => {
                d.set_window_rect(0, 0, 1366, 768).await.unwrap();
                return (running, d);
            }
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("chromedriver did not start: {last:?}");
}

/// Save a screenshot as target/screenshots/NAME.png (for people to look at).
pub async fn shot(d: &WebDriver, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    d.screenshot(&dir.join(format!("{name}.png"))).await.unwrap();
}

/// The element, waited for (a click's page may still be loading).
pub async fn el(d: &WebDriver, by: By) -> WebElement {
    d.query(by).first().await.unwrap()
}

/// The text of the element with this id.
pub async fn text(d: &WebDriver, id: &str) -> String {
    el(d, By::Id(id)).await.text().await.unwrap()
}

/// Click what submits a form or follows a link, and wait for the next page.
pub async fn submit(d: &WebDriver, e: WebElement) {
    let old = d.find(By::Tag("html")).await.unwrap();
    e.click().await.unwrap();
    old.wait_until().stale().await.unwrap();
}

/// Sign in at the desk's login page.
pub async fn login(d: &WebDriver, base: &str, name: &str, password: &str) {
    d.goto(format!("{base}/login")).await.unwrap();
    el(d, By::Id("name")).await.send_keys(name).await.unwrap();
    el(d, By::Id("password")).await.send_keys(password).await.unwrap();
    submit(d, el(d, By::Id("login")).await).await;
}

/// A file behind a link, fetched by the page with its session: its bytes.
pub async fn fetched(d: &WebDriver, href: &str) -> Vec<u8> {
    let r = d
        .execute(
            "return fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b)))",
            vec![serde_json::Value::from(href)],
        )
        .await
        .unwrap();
    r.json().as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u8).collect()
}

/// POST a form from the page's own script (as a forged request would): the HTTP status.
pub async fn post(d: &WebDriver, path: &str, fields: &[(&str, &str)]) -> i64 {
    let pairs: Vec<serde_json::Value> = fields.iter().map(|(k, v)| serde_json::json!([k, v])).collect();
    let r = d
        .execute(
            "return fetch(arguments[0], {method: 'POST', body: new URLSearchParams(arguments[1])}).then(r => r.status)",
            vec![serde_json::Value::from(path), serde_json::Value::Array(pairs)],
        )
        .await
        .unwrap();
    r.json().as_i64().unwrap()
}

/// The CSRF token of the signed-in page.
pub async fn csrf(d: &WebDriver) -> String {
    el(d, By::Css("form.logout input[name=csrf]")).await.attr("value").await.unwrap().unwrap()
}

/// The demo's books on one engine (SQLite in `dir`, or the PostgreSQL database `url` names)
/// served, and a browser opened on them.
pub struct DemoDesk {
    /// What `--db` names for the command line.
    pub books: String,
    pub base: String,
    pub b: WebDriver,
    _server: Running,
    _driver: Running,
}

pub async fn demo_desk(dir: &Path, engine: &str, url: &str, chromium: &Path, driver: &Path) -> DemoDesk {
    let books = if engine == "sqlite" {
        crate::common::cli::ok(dir, &["demo", "--out", "demo"]);
        "demo/gonghui.db".to_string()
    } else {
        crate::common::cli::ok(dir, &["--db", url, "demo", "--out", "demo"]);
        url.to_string()
    };
    let (server, base) = serve(dir, &books);
    let (driver, b) = open(chromium, driver, &dir.join("profile")).await;
    DemoDesk { books, base, b, _server: server, _driver: driver }
}

/// The page as it stands has no horizontal scroll (said with its address when it has); saved
/// as a screenshot when named.
pub async fn fits(d: &WebDriver, shot_as: Option<&str>) {
    let wide = d
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
        .await
        .unwrap();
    let url = d.current_url().await.unwrap();
    assert!(wide.json().as_i64().unwrap() <= 0, "{url}: horizontal scroll: {:?}", wide.json());
    if let Some(name) = shot_as {
        shot(d, name).await;
    }
}

/// The page again at a phone's size (390×844) without horizontal scroll; back to the desk's
/// size after.
pub async fn fits_a_phone(d: &WebDriver, shot_as: Option<&str>) {
    d.set_window_rect(0, 0, 390, 844).await.unwrap();
    d.refresh().await.unwrap();
    el(d, By::Tag("main")).await;
    fits(d, shot_as).await;
    d.set_window_rect(0, 0, 1366, 768).await.unwrap();
}
