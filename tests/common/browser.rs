//! A real browser for the web desk's tests: Debian's chromium driven through chromium-driver
//! (WebDriver), against `gonghui serve` run as a user runs it. Missing browser: under CI=true
//! the test fails; elsewhere it says it is skipped.

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
