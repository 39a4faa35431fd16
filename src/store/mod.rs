//! The store: the only module with SQL. One `Store` over SQLite (default, one file) or
//! PostgreSQL (many users, many organisations). Every query is written once, with `$1`
//! placeholders that both engines accept, and run on either pool through `with_db!`.

mod accounts;
mod allocation;
mod assets;
mod attachments;
mod audit;
mod balances;
mod bank;
mod bank_links;
mod budget;
mod closing;
mod departures;
mod dump;
mod entries;
mod filings;
mod many;
mod notes;
mod opinions;
mod orgs;
mod packing;
mod signatures;
mod state;
mod users;
mod vouchers;

pub use crate::ledger::closing::Reopening;
pub use attachments::{Attachment, NewAttachment};
pub use balances::BalanceRow;
pub use bank::{BankImport, BankMovement, Finish, NewBankLine, PendingLine, StoredLine};
pub use bank_links::{ImportRecord, LineRef};
pub use entries::{EntryOrder, EntryRow};
pub use filings::FilingStep;
pub use orgs::{Event, Org};
pub use signatures::SignedVoucher;
pub use state::Held;
pub use users::User;
pub use vouchers::{PostTarget, VoucherFilter, VoucherHeader, VoucherQuery};

use crate::error::{Error, Result};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AssertSqlSafe, Connection, Database, Postgres, Sqlite, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

#[derive(Clone)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
    /// A transaction shared by the handles that act in it (see [`Store::begin`]).
    SqliteTx(Shared<Sqlite>),
    PgTx(Shared<Postgres>),
}

type Shared<DB> = Arc<Mutex<Option<Transaction<'static, DB>>>>;

/// The connection one store call runs on: a pooled one, or the open transaction's.
pub(crate) enum Handle<'a, DB: Database> {
    Pooled(PoolConnection<DB>),
    Tx(MutexGuard<'a, Option<Transaction<'static, DB>>>),
}

impl<DB: Database> Handle<'_, DB> {
    pub(crate) fn conn(&mut self) -> &mut DB::Connection {
        match self {
            Handle::Pooled(c) => c,
            // `Store::conn` hands out a guard only while the transaction is open.
            Handle::Tx(g) => g.as_mut().expect("an open transaction"),
        }
    }
}

pub(crate) enum Conn<'a> {
    Sqlite(Handle<'a, Sqlite>),
    Pg(Handle<'a, Postgres>),
}

/// Run the same code on whichever engine the store holds. Inside, `$c` is a `&mut
/// SqliteConnection` or a `&mut PgConnection` (pooled, or the open transaction's); sqlx infers the
/// engine from it, so one text of a query serves both.
macro_rules! with_db {
    ($store:expr, |$c:ident| $body:expr) => {
        match $store.conn().await? {
            $crate::store::Conn::Sqlite(mut h) => {
                let $c = h.conn();
                $body
            }
            $crate::store::Conn::Pg(mut h) => {
                let $c = h.conn();
                $body
            }
        }
    };
}
pub(crate) use with_db;

/// The books' database: a pool, or a handle on one transaction of it. A clone is another handle
/// on the same pool (or transaction), never a second owner of the transaction.
pub struct Store {
    pub(crate) db: Db,
    /// Whether this handle began its transaction (and so is the one that commits it).
    owner: bool,
    /// A point at which to fail on purpose (tests of atomicity; see [`Store::fault`]).
    fault: Option<Arc<str>>,
    /// The schema version the books were at before this open upgraded them (books made by an
    /// earlier version of the tool); None for new books and books already at this version.
    upgraded_from: Option<i64>,
}

/// SQLite's page cache per connection (a pool has up to four): 64 MB holds a union's books many
/// times over, and a query that walks a million statement lines cannot swell the process…
const DEFAULT_CACHE_KIB: &str = "-65536";
pub(crate) const DEFAULT_CACHE: &str = "PRAGMA cache_size = -65536";
/// …32 MB while an account's statement lines are read through…
pub(crate) const SCAN_CACHE: &str = "PRAGMA cache_size = -32768";
/// …and 96 MB while a large statement is written (its random keys want pages at hand), so that
/// an import of a million lines stays within 300 MB.
pub(crate) const IMPORT_CACHE: &str = "PRAGMA cache_size = -98304";

/// SQLite reads the books through a memory map of up to this many bytes (`GONGHUI_SQLITE_MMAP`
/// to change it, 0 to read through system calls only): a page read from the map costs no copy
/// into SQLite's own cache, which more than halved the time of `verify` and of a month's journal
/// over a million vouchers. Mapped pages are the system's file cache, shared and given back under
/// pressure; what the process itself holds stays bounded by the page cache above.
const DEFAULT_MMAP: &str = "1073741824";

fn mmap_size() -> String {
    std::env::var("GONGHUI_SQLITE_MMAP")
        .ok()
        .filter(|v| v.parse::<u64>().is_ok())
        .unwrap_or_else(|| DEFAULT_MMAP.into())
}

const SQLITE_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/sqlite/0001_ledger.sql")),
    (2, include_str!("../../migrations/sqlite/0002_allocation.sql")),
    (3, include_str!("../../migrations/sqlite/0003_budget.sql")),
    (4, include_str!("../../migrations/sqlite/0004_assets.sql")),
    (5, include_str!("../../migrations/sqlite/0005_bank.sql")),
    (6, include_str!("../../migrations/sqlite/0006_bank_fingerprint_bytes.sql")),
    (7, include_str!("../../migrations/sqlite/0007_audit.sql")),
    (8, include_str!("../../migrations/sqlite/0008_corrections.sql")),
    (9, include_str!("../../migrations/sqlite/0009_integrity.sql")),
    (10, include_str!("../../migrations/sqlite/0010_state.sql")),
    (11, include_str!("../../migrations/sqlite/0011_dirty.sql")),
    (12, include_str!("../../migrations/sqlite/0012_entries_by_account.sql")),
    (13, include_str!("../../migrations/sqlite/0013_bank_lines_by_import.sql")),
    (14, include_str!("../../migrations/sqlite/0014_open_vouchers.sql")),
    (15, include_str!("../../migrations/sqlite/0015_dirty_marks_when.sql")),
    (16, include_str!("../../migrations/sqlite/0016_users.sql")),
    (17, include_str!("../../migrations/sqlite/0017_signatures.sql")),
    (18, include_str!("../../migrations/sqlite/0018_attachments.sql")),
    (19, include_str!("../../migrations/sqlite/0019_sessions.sql")),
    (20, include_str!("../../migrations/sqlite/0020_org_scope.sql")),
    (21, include_str!("../../migrations/sqlite/0021_login_failures.sql")),
    (22, include_str!("../../migrations/sqlite/0022_waiting_vouchers.sql")),
    (23, include_str!("../../migrations/sqlite/0023_audit_opinions.sql")),
    (24, include_str!("../../migrations/sqlite/0024_departure_audits.sql")),
    (25, include_str!("../../migrations/sqlite/0025_statement_notes.sql")),
    (26, include_str!("../../migrations/sqlite/0026_economic_classification.sql")),
    (27, include_str!("../../migrations/sqlite/0027_federation.sql")),
];
const PG_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/postgres/0001_ledger.sql")),
    (2, include_str!("../../migrations/postgres/0002_allocation.sql")),
    (3, include_str!("../../migrations/postgres/0003_budget.sql")),
    (4, include_str!("../../migrations/postgres/0004_assets.sql")),
    (5, include_str!("../../migrations/postgres/0005_bank.sql")),
    (6, include_str!("../../migrations/postgres/0006_bank_fingerprint_bytes.sql")),
    (7, include_str!("../../migrations/postgres/0007_audit.sql")),
    (8, include_str!("../../migrations/postgres/0008_corrections.sql")),
    (9, include_str!("../../migrations/postgres/0009_integrity.sql")),
    (10, include_str!("../../migrations/postgres/0010_state.sql")),
    (11, include_str!("../../migrations/postgres/0011_dirty.sql")),
    (12, include_str!("../../migrations/postgres/0012_entries_by_account.sql")),
    (13, include_str!("../../migrations/postgres/0013_bank_lines_by_import.sql")),
    (14, include_str!("../../migrations/postgres/0014_open_vouchers.sql")),
    (15, include_str!("../../migrations/postgres/0015_dirty_marks_when.sql")),
    (16, include_str!("../../migrations/postgres/0016_users.sql")),
    (17, include_str!("../../migrations/postgres/0017_signatures.sql")),
    (18, include_str!("../../migrations/postgres/0018_attachments.sql")),
    (19, include_str!("../../migrations/postgres/0019_sessions.sql")),
    (20, include_str!("../../migrations/postgres/0020_org_scope.sql")),
    (21, include_str!("../../migrations/postgres/0021_login_failures.sql")),
    (22, include_str!("../../migrations/postgres/0022_waiting_vouchers.sql")),
    (23, include_str!("../../migrations/postgres/0023_audit_opinions.sql")),
    (24, include_str!("../../migrations/postgres/0024_departure_audits.sql")),
    (25, include_str!("../../migrations/postgres/0025_statement_notes.sql")),
    (26, include_str!("../../migrations/postgres/0026_economic_classification.sql")),
    (27, include_str!("../../migrations/postgres/0027_federation.sql")),
];

/// Rows per multi-row insert: 23 columns × 1,000 stays under SQLite's 32,766 and PostgreSQL's 65,535 binds.
pub const ROWS_PER_INSERT: usize = 1000;

/// The file of a SQLite database URL (a plain path or `sqlite:PATH`); None for PostgreSQL.
pub fn sqlite_path(url: &str) -> Option<&str> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    Some(url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url))
}

/// A database URL as shown: the password of a PostgreSQL URL masked.
pub fn shown(url: &str) -> String {
    // A password given as a query parameter (`?password=…`) is masked too.
    let masked;
    let url = match url.find("password=") {
        Some(i) => {
            let rest = &url[i + "password=".len()..];
            let end = rest.find('&').unwrap_or(rest.len());
            masked = format!("{}password=***{}", &url[..i], &rest[end..]);
            masked.as_str()
        }
        None => url,
    };
    match url.split_once("://") {
        Some((scheme, rest)) if scheme.starts_with("postgres") => match rest.split_once('@') {
            Some((user, host)) if user.contains(':') => {
                format!("{scheme}://{}:***@{host}", user.split(':').next().unwrap_or(""))
            }
            _ => url.to_string(),
        },
        _ => url.to_string(),
    }
}

impl Store {
    /// Open the books at `url`, which must exist: a SQLite file that is not there is refused
    /// (a typo must not create empty books beside the real ones).
    pub async fn open_existing(url: &str) -> Result<Store> {
        if let Some(path) = sqlite_path(url) {
            if !std::path::Path::new(path).exists() {
                return Err(Error::not_found(format!(
                    "找不到账套文件 {path}：请先运行 gonghui init 建立账套，或用 --db 指定账套文件（也可设环境变量 GONGHUI_DB）"
                )));
            }
        }
        Store::open(url).await
    }

    /// Open (and create or migrate) the database at `url`: a plain path or `sqlite:PATH` is
    /// SQLite, `postgres://…` is PostgreSQL.
    pub async fn open(url: &str) -> Result<Store> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)
                .map_err(|e| Error::database(format!("数据库地址“{}”无法识别：{e}", shown(url))))?;
            let unreachable = |e: sqlx::Error| {
                Error::database(format!("无法连接 PostgreSQL 数据库“{}”：{}", shown(url), crate::error::db_reason(&e)))
            };
            // One connection first: a server that is not there is said at once, not after the
            // pool's 30 seconds of retries.
            use sqlx::ConnectOptions;
            let first = opts.connect().await.map_err(unreachable)?;
            first.close().await.map_err(unreachable)?;
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts)
                .await
                .map_err(unreachable)?;
            Store { db: Db::Pg(pool), owner: false, fault: None, upgraded_from: None }
        } else {
            let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
            let opts = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
                .pragma("cache_size", DEFAULT_CACHE_KIB)
                .pragma("temp_store", "memory")
                .pragma("mmap_size", mmap_size())
                // Rows cross from SQLite's worker thread in batches: with the default of 50 the two
                // threads wake each other for nearly every row of a long read (a ledger, verify).
                .row_buffer_size(4096);
            let pool =
                SqlitePoolOptions::new().max_connections(4).connect_with(opts).await.map_err(|e| {
                    Error::database(format!("无法打开数据库文件“{path}”：{}", crate::error::db_reason(&e)))
                })?;
            Store { db: Db::Sqlite(pool), owner: false, fault: None, upgraded_from: None }
        };
        let mut store = store;
        store.upgraded_from = store.migrate().await?;
        Ok(store)
    }

    /// Whether placeholders must be numbered (`$1`) rather than anonymous (`?`).
    pub(crate) fn numbered(&self) -> bool {
        !self.is_sqlite()
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self.db, Db::Sqlite(_) | Db::SqliteTx(_))
    }

    pub fn engine(&self) -> &'static str {
        if self.is_sqlite() {
            "sqlite"
        } else {
            "postgres"
        }
    }

    /// Another handle on the same pool (or transaction; it does not own the transaction).
    pub fn handle(&self) -> Store {
        Store { db: self.db.clone(), owner: false, fault: self.fault.clone(), upgraded_from: self.upgraded_from }
    }

    /// SQLite: copy the write-ahead log into the database file now, so that the file alone holds
    /// every committed write while the books stay open (a long-running server). Best effort: a
    /// reader in another process may hold part of the log; the next checkpoint copies the rest.
    pub async fn checkpoint(&self) {
        if let Db::Sqlite(p) = &self.db {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(p).await;
        }
    }

    /// Close the pool, SQLite's write-ahead log first copied into the database file (so the file
    /// alone holds every committed write: a copy of it is the books). A transaction's handle has
    /// nothing to close.
    pub async fn close(self) {
        match &self.db {
            Db::Sqlite(p) => {
                if !p.is_closed() {
                    // Best effort: another process may hold the books open; its last close checkpoints.
                    let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(p).await;
                }
                p.close().await
            }
            Db::Pg(p) => p.close().await,
            Db::SqliteTx(_) | Db::PgTx(_) => {}
        }
    }

    /// SQLite only: the books in `file` (a backup), checked to be gonghui's, copied whole to
    /// `into` without changing `file`.
    pub async fn copy_sqlite_books(file: &str, into: &str) -> Result<()> {
        let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(file).read_only(true);
        let source = sqlx::SqlitePool::connect_with(opts)
            .await
            .map_err(|e| Error::input(format!("{file} 无法打开：{}", crate::error::db_reason(&e))))?;
        let is_books: Option<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'gonghui_migrations'")
                .fetch_optional(&source)
                .await
                .map_err(|e| {
                    Error::input(format!("{file} 不是 gonghui 的账套文件：{}", crate::error::db_reason(&e)))
                })?;
        if is_books.is_none() {
            source.close().await;
            return Err(Error::input(format!("{file} 不是 gonghui 的账套文件")));
        }
        let copied = sqlx::query("VACUUM INTO $1").bind(into).execute(&source).await;
        source.close().await;
        copied?;
        Ok(())
    }

    /// SQLite only: write a consistent copy of the books to `path` (`VACUUM INTO`), while others
    /// may be using them.
    pub async fn backup_to(&self, path: &str) -> Result<()> {
        match &self.db {
            Db::Sqlite(p) => {
                sqlx::query("VACUUM INTO $1").bind(path).execute(p).await?;
                Ok(())
            }
            _ => Err(Error::refused("只有 SQLite 账套文件可以这样备份")),
        }
    }

    /// A connection for one call: a pooled one, or the open transaction's.
    pub(crate) async fn conn(&self) -> Result<Conn<'_>> {
        fn guard<T>(m: &Mutex<Option<T>>) -> Result<MutexGuard<'_, Option<T>>> {
            let g = m.try_lock().map_err(|_| Error::database("内部错误：同一事务中的两个数据库操作重叠"))?;
            if g.is_none() {
                return Err(Error::database("内部错误：事务已经结束"));
            }
            Ok(g)
        }
        Ok(match &self.db {
            Db::Sqlite(p) => Conn::Sqlite(Handle::Pooled(p.acquire().await?)),
            Db::Pg(p) => Conn::Pg(Handle::Pooled(p.acquire().await?)),
            Db::SqliteTx(m) => Conn::Sqlite(Handle::Tx(guard(m)?)),
            Db::PgTx(m) => Conn::Pg(Handle::Tx(guard(m)?)),
        })
    }

    /// A handle on a new transaction: every call made through it runs in that transaction, which
    /// [`Store::commit`] makes permanent; dropped without a commit, nothing of it remains. On a
    /// handle that is already in a transaction, a handle on the same one (committed by whoever
    /// began it), so that use cases compose.
    pub async fn begin(&self) -> Result<Store> {
        let (db, owner) = match &self.db {
            // Take the write lock at once: a transaction that reads and then writes must not find
            // another writer between the two.
            Db::Sqlite(p) => (Db::SqliteTx(Arc::new(Mutex::new(Some(p.begin_with("BEGIN IMMEDIATE").await?)))), true),
            Db::Pg(p) => (Db::PgTx(Arc::new(Mutex::new(Some(p.begin().await?)))), true),
            Db::SqliteTx(m) => (Db::SqliteTx(m.clone()), false),
            Db::PgTx(m) => (Db::PgTx(m.clone()), false),
        };
        Ok(Store { db, owner, fault: self.fault.clone(), upgraded_from: self.upgraded_from })
    }

    /// A new transaction (as [`Store::begin`]) that also holds one organisation's write lock on
    /// PostgreSQL until it ends: read-then-write use cases of one union run one after the other,
    /// as `BEGIN IMMEDIATE` makes them on SQLite, while other unions' books stay free.
    pub async fn begin_for(&self, org_id: i64) -> Result<Store> {
        let s = self.begin().await?;
        if s.owner {
            if let Db::PgTx(m) = &s.db {
                let mut g = m.lock().await;
                let tx = g.as_mut().expect("an open transaction");
                // The key: a constant tag in the high half, the organisation in the low half.
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind((0x6768_i64 << 32) | (org_id & 0xffff_ffff))
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(s)
    }

    /// Whether this handle began its transaction (and so is the one that commits it).
    pub fn is_owner(&self) -> bool {
        self.owner
    }

    /// Commit the transaction this handle began (a handle that joined one, or a pool, has
    /// nothing to commit).
    pub async fn commit(self) -> Result<()> {
        if !self.owner {
            return Ok(());
        }
        self.fault("commit")?;
        match &self.db {
            Db::SqliteTx(m) => {
                if let Some(tx) = m.lock().await.take() {
                    tx.commit().await?;
                }
            }
            Db::PgTx(m) => {
                if let Some(tx) = m.lock().await.take() {
                    tx.commit().await?;
                }
            }
            Db::Sqlite(_) | Db::Pg(_) => {}
        }
        crate::crash_point("committed");
        Ok(())
    }

    /// Fail here on purpose when a test asked for it ([`Store::fail_at`]): shows that a use case
    /// writing twice leaves nothing behind when it stops between the two writes.
    pub fn fault(&self, point: &str) -> Result<()> {
        crate::crash_point(point);
        match &self.fault {
            Some(p) if &**p == point => Err(Error::database(format!("测试注入的故障：{point}"))),
            _ => Ok(()),
        }
    }

    /// Make every later call of [`Store::fault`] with this point fail (tests only).
    #[doc(hidden)]
    pub fn fail_at(&mut self, point: &str) {
        self.fault = Some(Arc::from(point));
    }

    /// Stop failing on purpose (tests only).
    #[doc(hidden)]
    pub fn no_fault(&mut self) {
        self.fault = None;
    }

    /// Whether this open upgraded books made before schema version `version` existed.
    pub fn upgraded_past(&self, version: i64) -> bool {
        self.upgraded_from.is_some_and(|v| v < version)
    }

    /// Bring the schema to this version; returns the version the books were at when they had one
    /// and something was applied.
    async fn migrate(&self) -> Result<Option<i64>> {
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            if !self.is_sqlite() {
                // Several processes may open a new database at once: one migrates, the others wait.
                sqlx::query("SELECT pg_advisory_xact_lock(4242001)").execute(&mut *tx).await?;
                // Books already at this version need no DDL: the tool's own role (which may not
                // create or alter tables, see `create_app_role`) opens them as they are.
                let exists: Option<String> =
                    sqlx::query_scalar("SELECT CAST(to_regclass('gonghui_migrations') AS TEXT)")
                        .fetch_one(&mut *tx)
                        .await?;
                if exists.is_some() {
                    let done: Vec<i64> =
                        sqlx::query_scalar("SELECT version FROM gonghui_migrations").fetch_all(&mut *tx).await?;
                    if PG_MIGRATIONS.iter().all(|(v, _)| done.contains(v)) {
                        tx.commit().await?;
                        return Ok(None);
                    }
                    let can: bool = sqlx::query_scalar("SELECT has_schema_privilege(current_schema(), 'CREATE')")
                        .fetch_one(&mut *tx)
                        .await?;
                    if !can {
                        return Err(Error::refused(
                            "数据库结构需要升级到本版本，但当前账号没有修改数据库结构的权限：\
                             请用拥有数据库结构的账号（迁移账号）运行一次 gonghui orgs，再换回本账号",
                        ));
                    }
                }
            }
            sqlx::query(
                "CREATE TABLE IF NOT EXISTS gonghui_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
            )
            .execute(&mut *tx)
            .await?;
            let done: Vec<i64> =
                sqlx::query_scalar("SELECT version FROM gonghui_migrations").fetch_all(&mut *tx).await?;
            let list = if self.is_sqlite() { SQLITE_MIGRATIONS } else { PG_MIGRATIONS };
            let was = done.iter().max().copied();
            let mut applied = false;
            for (version, sql) in list {
                if done.contains(version) {
                    continue;
                }
                applied = true;
                sqlx::raw_sql(*sql).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO gonghui_migrations (version, applied_at) VALUES ($1, $2)")
                    .bind(*version)
                    .bind(crate::now_text())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(was.filter(|_| applied))
        })
    }
}

impl Store {
    /// PostgreSQL only, run by the role that owns the schema: a login role `name` for the tool to
    /// connect as, which may read and write the rows of the unions `orgs` (row-level security) and
    /// nothing else — it owns no table, so
    /// it cannot alter or drop them or switch their triggers off, and it is no superuser, so it
    /// cannot set `session_replication_role` either. (Whoever holds the owner's or a superuser's
    /// login can still do all of that: this bounds the tool, not a database administrator.)
    pub async fn create_app_role(&self, name: &str, password: Option<&str>, orgs: &[i64]) -> Result<()> {
        if self.is_sqlite() {
            return Err(Error::input("数据库账号只用于 PostgreSQL；SQLite 账套是一个文件，由文件权限保护"));
        }
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && name.len() <= 63;
        if !valid {
            return Err(Error::input(format!("数据库账号名“{name}”只能用小写字母、数字和下划线，且以字母开头")));
        }
        let schema: String =
            with_db!(self, |c| sqlx::query_scalar("SELECT current_schema()").fetch_one(&mut *c).await?);
        let schema = schema.replace('"', "\"\"");
        let mut sql = format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
                 CREATE ROLE \"{name}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
             END IF; END $$;
             GRANT USAGE ON SCHEMA \"{schema}\" TO \"{name}\";
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"{schema}\" TO \"{name}\";"
        );
        if let Some(p) = password {
            sql.push_str(&format!(" ALTER ROLE \"{name}\" PASSWORD '{}';", p.replace('\'', "''")));
        }
        // The unions it may act in (row-level security, migration 0020): these and no others.
        sql.push_str(&format!(" DELETE FROM role_orgs WHERE role_name = '{name}';"));
        for org in orgs {
            sql.push_str(&format!(" INSERT INTO role_orgs (role_name, org) VALUES ('{name}', {org});"));
        }
        with_db!(self, |c| {
            sqlx::raw_sql(AssertSqlSafe(sql.clone())).execute(&mut *c).await?;
            Ok(())
        })
    }
}

/// Placeholders written in the order they are bound: `$1`, `$2`… on PostgreSQL, `?` on SQLite
/// (see [`values_clause`]), for statements that bind thousands of values (`IN (…)` lists).
pub(crate) struct Placeholders {
    next: usize,
    numbered: bool,
}

impl Placeholders {
    pub(crate) fn new(numbered: bool) -> Placeholders {
        Placeholders { next: 1, numbered }
    }

    /// The next placeholder.
    pub(crate) fn one(&mut self) -> String {
        let n = self.next;
        self.next += 1;
        if self.numbered {
            format!("${n}")
        } else {
            "?".to_string()
        }
    }

    /// `count` placeholders separated by commas.
    pub(crate) fn list(&mut self, count: usize) -> String {
        (0..count).map(|_| self.one()).collect::<Vec<_>>().join(",")
    }

    /// Rows of `cols` placeholders for a `VALUES` clause.
    pub(crate) fn rows(&mut self, rows: usize, cols: usize) -> String {
        let s = values_clause(rows, cols, self.next, self.numbered);
        self.next += rows * cols;
        s
    }
}

/// Placeholders `($1,$2,…),(…)` for a multi-row insert of `rows` rows of `cols` columns,
/// numbered from `first`. SQLite gets anonymous `?` instead: it looks up a numbered parameter's
/// name by a linear scan, which makes binding thousands of `$N` quadratic.
pub(crate) fn values_clause(rows: usize, cols: usize, first: usize, numbered: bool) -> String {
    values_clause_prefixed(rows, "", cols, first, numbered)
}

/// The same, each row starting with `prefix` (constants written into the SQL, ending in a comma).
pub(crate) fn values_clause_prefixed(rows: usize, prefix: &str, cols: usize, first: usize, numbered: bool) -> String {
    let mut s = String::with_capacity(rows * (cols * 5 + prefix.len()));
    let mut n = first;
    for r in 0..rows {
        if r > 0 {
            s.push(',');
        }
        s.push('(');
        s.push_str(prefix);
        for c in 0..cols {
            if c > 0 {
                s.push(',');
            }
            if numbered {
                s.push('$');
                s.push_str(&n.to_string());
            } else {
                s.push('?');
            }
            n += 1;
        }
        s.push(')');
    }
    s
}

impl Store {
    /// Run raw SQL, bypassing every rule of the tool: for tests that play the part of someone
    /// editing the database behind the tool's back.
    #[doc(hidden)]
    pub async fn raw_execute_for_tests(&self, sql: &str) -> Result<()> {
        let sql = sql.to_string();
        with_db!(self, |c| {
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *c).await?;
            Ok(())
        })
    }
}
