//! The web desk (`gonghui serve`): the same books through a browser, for people who should not
//! need a terminal. A peer of `cli/`: handlers read the session, call the use cases (`ops`) and
//! the read layer and report builders, and fill a template; they never touch the store.
//! Server-rendered HTML (askama, escaped at compile time), htmx for partial updates (embedded),
//! plain CSS, nothing fetched from the network. See ../shared/design/service-and-web.md.

mod assets;
mod audit;
mod bank;
mod chair;
mod close;
mod departure;
mod desk;
mod entry;
mod funds;
mod opinion;
mod page;
mod reports;
mod session;
mod settings;
mod upload;
mod users;
mod vouchers;

use crate::error::{Error, Result};
use crate::store::Store;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;

/// What every handler shares: the books' database.
pub(crate) struct App {
    pub store: Store,
    /// Statement imports running on their own, by their id.
    pub jobs: std::sync::Mutex<std::collections::HashMap<String, Arc<bank::Job>>>,
    /// Reads that take long on large books (the todo list, the closing checklists), kept with the
    /// state of the books they were computed on.
    memo: std::sync::Mutex<std::collections::HashMap<String, (String, Arc<dyn std::any::Any + Send + Sync>)>>,
}

impl App {
    /// A read of one union's books computed once per state of the books (every write of the
    /// tool records a new state; "today" counts too) and kept until the next.
    pub async fn remembered<T, Fut>(
        &self,
        ctx: &crate::ops::Ctx,
        what: &str,
        compute: impl FnOnce() -> Fut,
    ) -> Result<T>
    where
        T: Clone + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let state = ctx.books().state().await?;
        let version = format!(
            "{}:{}:{}",
            state.as_ref().map(|e| e.seq).unwrap_or(0),
            state.map(|e| e.root).unwrap_or_default(),
            crate::today()
        );
        let key = format!("{}:{what}", ctx.org.id);
        if let Some((v, value)) = self.memo.lock().expect("not poisoned").get(&key) {
            if *v == version {
                if let Some(t) = value.downcast_ref::<T>() {
                    return Ok(t.clone());
                }
            }
        }
        let t = compute().await?;
        self.memo.lock().expect("not poisoned").insert(key, (version, Arc::new(t.clone())));
        Ok(t)
    }
}

pub(crate) type Shared = Arc<App>;

/// Where the desk may listen: loopback, unless the person starting it says `--insecure-lan`
/// (plain HTTP: passwords and sessions cross the network readable).
pub fn check_listen(addr: &SocketAddr, insecure_lan: bool) -> Result<()> {
    if addr.ip().is_loopback() || insecure_lan {
        return Ok(());
    }
    Err(Error::refused(format!(
        "网页工作台默认只在本机（127.0.0.1）提供；{addr} 可被局域网中的其他电脑访问，而网页以明文 HTTP 传输，\
         密码和会话可被同一网络中的人截获。确需在可信的局域网中使用，请加 --insecure-lan；\
         多人经网络使用时，请在前面架设 HTTPS 反向代理"
    )))
}

/// The warning printed when the desk listens beyond this computer.
pub const LAN_WARNING: &str =
    "警告：网页工作台在局域网上以明文 HTTP 提供（--insecure-lan），同一网络中的人可截获密码和会话；仅在可信网络上使用";

/// The largest upload: a few attachments of up to 20 MB each, or a bank statement.
const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

pub fn router(store: Store) -> Router {
    let app: Shared = Arc::new(App { store, jobs: Default::default(), memo: Default::default() });
    Router::new()
        .route("/", get(desk::page))
        .route("/login", get(session::login_page).post(session::login))
        .route("/logout", post(session::logout))
        .route("/org", post(session::switch_org))
        .route("/vouchers", get(vouchers::list))
        .route("/vouchers/new", get(entry::new_form).post(entry::create))
        .route("/search", get(entry::search))
        .route("/vouchers/batch", post(vouchers::batch))
        .route("/vouchers/{no}", get(vouchers::show))
        .route("/vouchers/{no}/edit", get(entry::edit_form).post(entry::update))
        .route("/vouchers/{no}/attach", post(vouchers::attach).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/vouchers/{no}/files/{n}", get(vouchers::file))
        .route("/vouchers/{no}/{act}", post(vouchers::act))
        .route("/bank", get(bank::page))
        .route("/bank/upload", post(bank::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/bank/import", post(bank::import))
        .route("/bank/jobs/{id}", get(bank::job))
        .route("/bank/lines/{seq}/{act}", post(bank::line))
        .route("/bank/reconcile", get(bank::reconcile))
        .route("/bank/statement", post(bank::statement))
        .route("/close", get(close::page).post(close::close))
        .route("/audit", get(audit::page))
        .route("/audit/run", post(audit::run))
        .route("/audit/dispose", post(audit::dispose))
        .route("/audit/rectify", post(audit::rectify))
        .route("/audit/opinion", get(opinion::page).post(opinion::enter))
        .route("/audit/departure", get(departure::page).post(departure::enter))
        .route("/funds", get(funds::page))
        .route("/funds/budget", post(funds::budget).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/funds/payroll", post(funds::payroll).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/funds/depreciate", post(funds::depreciate))
        .route("/chair", get(chair::page))
        .route("/chair/act", post(chair::act))
        .route("/settings", get(settings::page).post(settings::set))
        .route("/users", get(users::page).post(users::act))
        .route("/reports", get(reports::list))
        .route("/reports/{name}", get(reports::show))
        .route("/assets/{file}", get(assets::file))
        .fallback(page::not_found)
        .layer(middleware::from_fn_with_state(app.clone(), settle))
        .with_state(app)
}

/// After a request that may have written, SQLite's log is copied into the database file, so the
/// file alone always holds the books (a copy taken while the desk runs is complete).
async fn settle(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD);
    let response = next.run(req).await;
    if writes {
        crate::ops::files::settle(&app.store).await;
    }
    response
}

/// What stops the desk: Ctrl+C, or SIGTERM as a service manager sends it. Listened for from the
/// moment this is called, so that a stop sent as soon as the address is printed is not lost (a
/// signal before the listening starts would end the process at once).
pub fn stop_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        async fn one(s: Option<Signal>) {
            match s {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        let (term, int) = (signal(SignalKind::terminate()).ok(), signal(SignalKind::interrupt()).ok());
        async move {
            tokio::select! {
                _ = one(term) => {}
                _ = one(int) => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Serve until `stop` (see [`stop_signal`]): requests under way finish first.
pub async fn serve(
    store: Store,
    listener: tokio::net::TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, router(store))
        .with_graceful_shutdown(stop)
        .await
        .map_err(|e| Error::database(format!("网页工作台停止：{e}")))
}
