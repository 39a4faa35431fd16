//! `gonghui serve`: the web desk on this computer (see `crate::web`).

use super::Global;
use crate::error::{Error, Result};
use clap::Args;
use std::net::SocketAddr;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// 监听地址和端口；默认只允许本机访问（127.0.0.1:8080；端口 0 表示任选空闲端口）
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// 允许在非本机地址上提供（明文 HTTP，同一网络中的人可截获密码；仅限可信局域网）
    #[arg(long)]
    insecure_lan: bool,
    /// 启动后用默认浏览器打开
    #[arg(long)]
    open: bool,
}

pub async fn serve(g: &Global, a: ServeArgs) -> Result<()> {
    let addr: SocketAddr = a
        .listen
        .trim()
        .parse()
        .map_err(|_| Error::input(format!("--listen“{}”不是地址:端口，例如 127.0.0.1:8080", a.listen)))?;
    crate::web::check_listen(&addr, a.insecure_lan)?;
    let store = g.store().await?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        Error::refused(format!(
            "无法在 {addr} 上提供网页工作台：{e}（端口被占用时可换一个，如 --listen 127.0.0.1:8081）"
        ))
    })?;
    let stop = crate::web::stop_signal();
    let bound = listener.local_addr().map_err(|e| Error::database(e.to_string()))?;
    if !bound.ip().is_loopback() {
        eprintln!("{}", crate::web::LAN_WARNING);
    }
    let url = format!("http://{bound}/");
    println!("网页工作台：{url}（按 Ctrl+C 停止）");
    if a.open {
        open_browser(&url);
    }
    crate::web::serve(store, listener, stop).await?;
    println!("网页工作台已停止");
    Ok(())
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if opener.is_err() {
        eprintln!("未能自动打开浏览器，请手动打开 {url}");
    }
}
