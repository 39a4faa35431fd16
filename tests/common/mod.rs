//! Shared test helpers: a fresh store on each engine, and an organisation set up like a school
//! union's.
#![allow(dead_code)]

pub mod cli;
pub mod rng;

use gonghui::ledger::activity::Activity;
use gonghui::ledger::voucher::{Line, NewVoucher, Source};
use gonghui::money::Amount;
use gonghui::ops::{self, Ctx};
use gonghui::store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

static COUNTER: AtomicUsize = AtomicUsize::new(0);
static SAY_ENGINES: Once = Once::new();

/// A database URL on one engine, and what keeps it alive.
pub struct TestDb {
    pub engine: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// SQLite always; PostgreSQL too when GONGHUI_TEST_PG is set (each test in its own schema).
pub async fn databases() -> Vec<TestDb> {
    // Spreadsheets are read by the gonghui binary in a child process, as in real use.
    gonghui::sheet::set_reader(std::path::Path::new(env!("CARGO_BIN_EXE_gonghui")));
    let mut out = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    out.push(TestDb { engine: "sqlite", url: path.display().to_string(), _dir: Some(dir) });
    match std::env::var("GONGHUI_TEST_PG") {
        Ok(pg) if !pg.is_empty() => {
            let schema = format!(
                "t_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                chrono::Utc::now().timestamp_micros() % 1_000_000
            );
            let pool =
                sqlx::PgPool::connect(&pg).await.expect("GONGHUI_TEST_PG is set but PostgreSQL cannot be reached");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&pool).await.unwrap();
            pool.close().await;
            let sep = if pg.contains('?') { '&' } else { '?' };
            out.push(TestDb { engine: "postgres", url: format!("{pg}{sep}options[search_path]={schema}"), _dir: None });
        }
        _ => SAY_ENGINES.call_once(|| {
            eprintln!("GONGHUI_TEST_PG is not set: store tests run on SQLite only");
        }),
    }
    out
}

pub fn yuan(y: i64) -> Amount {
    Amount(y * 100)
}

pub fn date(s: &str) -> chrono::NaiveDate {
    gonghui::ledger::period::parse_date(s).unwrap()
}

pub fn voucher(d: &str, summary: &str, lines: Vec<Line>) -> NewVoucher {
    NewVoucher {
        date: date(d),
        summary: summary.into(),
        attachments: 1,
        lines,
        source: Source::Manual,
        decision_ref: String::new(),
        reverses: None,
    }
}

/// Spend `amount` 元 on `account` from the bank.
pub fn spend(d: &str, account: &str, amount: Amount, activity: &str) -> NewVoucher {
    voucher(d, "活动支出", vec![Line::debit(account, amount, activity), Line::credit("102", amount, "")])
}

/// The day the tests are run on, whatever the clock says: every month of 2025 and 2026 has ended.
pub const TODAY: &str = "2027-01-15";

/// A new union with two activities, acting as the treasurer 张敏.
pub async fn setup(url: &str) -> Ctx {
    gonghui::set_today(date(TODAY));
    let store = Store::open(url).await.unwrap();
    let org = ops::setup::init(&store, "school", "测试学校工会", "anhui", Some(2025), "张敏").await.unwrap();
    let ctx = Ctx { store, org, user: "张敏".into() };
    for (code, name, acct) in [("A01", "三八节活动", "50102"), ("A02", "送温暖", "50405")] {
        ops::setup::add_activity(
            &ctx,
            Activity {
                code: code.into(),
                name: name.into(),
                account: Some(acct.into()),
                project: false,
                earmarked: false,
            },
        )
        .await
        .unwrap();
    }
    ctx
}

/// Add, review (as another person) and post vouchers; returns their numbers.
pub async fn post_all(ctx: &mut Ctx, vs: &[NewVoucher]) -> Vec<String> {
    let preparer = ctx.user.clone();
    let ids = ops::vouchers::add_batch(ctx, vs, gonghui::store::PostTarget::Draft).await.unwrap();
    let nos: Vec<String> = ids.into_iter().map(|(_, n)| n).collect();
    ctx.user = "刘洋".into();
    ops::vouchers::review(ctx, &nos).await.unwrap();
    ctx.user = preparer;
    ops::vouchers::post(ctx, &nos).await.unwrap();
    nos
}

/// Switch the review waiver on as a one-person union does: asked for by the acting user and
/// confirmed by a second person (the waiver needs two, issue 17).
#[allow(dead_code)]
pub async fn waive(ctx: &Ctx, reason: &str) {
    let first = ops::setup::set_setting(ctx, ops::REVIEW_WAIVER, "on", reason).await.unwrap();
    assert!(matches!(first, ops::setup::SettingDone::AwaitingSecond { .. }), "{first:?}");
    let chair = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: "王主席".into() };
    ops::setup::set_setting(&chair, ops::REVIEW_WAIVER, "on", reason).await.unwrap();
    assert!(ctx.review_waived().await.unwrap());
}

/// Close a year as a union with two people does: the closing vouchers prepared by the acting
/// user, reviewed by 刘洋, then posted and the year locked by a second run (one run under the
/// review waiver).
#[allow(dead_code)]
pub async fn close_year(
    ctx: &Ctx,
    year: i32,
    finished: &std::collections::BTreeSet<String>,
    accept: Option<&ops::yearend::Acceptance>,
) -> gonghui::error::Result<ops::yearend::YearClosed> {
    let first = ops::yearend::close_year(ctx, year, finished, accept).await?;
    if !first.awaiting_review {
        return Ok(first);
    }
    let reviewer = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: "刘洋".into() };
    ops::vouchers::review(&reviewer, &first.vouchers).await?;
    ops::yearend::close_year(ctx, year, finished, accept).await
}

/// The text of each page of a PDF, as a reader's copy-and-paste would give it.
/// A row of a CSV whose first cell is `label`, its cells.
pub fn csv_row<'a>(csv: &'a str, label: &str) -> Vec<&'a str> {
    csv.lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .find(|l| l.split(',').next() == Some(label))
        .unwrap_or_else(|| panic!("{label} in {csv}"))
        .split(',')
        .collect()
}

pub fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages.iter().map(|p| doc.extract_text(&[*p]).unwrap_or_default()).collect()
}

/// The bank's statement of every posted movement of 102 in 2025 (a personal-style export with a
/// running balance; counterparty = the voucher's summary), imported; every line must match a
/// voucher. Movements whose summary holds `leave_out` never reached the bank (a mistaken booking
/// and its reversal).
pub async fn import_statement(ctx: &Ctx, dir: &std::path::Path, leave_out: Option<&str>) {
    let moves = ctx.store.bank_movements(&ctx.org, "102", date("2025-01-01"), date("2025-12-31")).await.unwrap();
    let mut text = String::from("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n");
    let mut balance = Amount::ZERO;
    let posted = moves.iter().filter(|m| m.status == gonghui::ledger::voucher::Status::Posted);
    for m in posted.filter(|m| leave_out.is_none_or(|w| !m.summary.contains(w))) {
        balance += m.amount;
        text.push_str(&format!(
            "{},CNY,{},{},{},{},\n",
            m.date,
            m.amount.plain(),
            balance.plain(),
            m.summary,
            m.summary
        ));
    }
    let f = dir.join("statement.csv");
    std::fs::write(&f, text).unwrap();
    let rules = gonghui::import::classify::parse(gonghui::import::classify::DEFAULT, "default").unwrap();
    let s = ops::bank::import(ctx, &f, "auto", None, "102", false, &rules, None).await.unwrap();
    let pending: Vec<_> =
        ctx.books().pending_lines(None).await.unwrap().into_iter().map(|l| (l.date, l.amount, l.summary)).collect();
    assert_eq!(s.pending, 0, "every line matches a voucher: {pending:?}");
}
