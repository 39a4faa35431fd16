//! Benchmark (release build): the web desk's pages on a book of 100,000 vouchers (issues 19, 23).
//!
//! The books: N generated vouchers of 2025, posted but for the last 300 (drafts waiting for
//! review), and a December statement of 2,000 lines left pending. Each page is requested 100
//! times in process, through the desk's router with a logged-in session (server-side time: the
//! session, the queries, the template), after 3 requests to warm up; p50, p95 and the slowest
//! are printed. Long actions (importing a statement) are excluded.
//!
//! ```text
//! cargo bench --bench web                         # 100,000 vouchers, SQLite
//! GONGHUI_BENCH_VOUCHERS=10000 cargo bench --bench web
//! GONGHUI_BENCH_PG=postgres://postgres@127.0.0.1:5432/test cargo bench --bench web
//! ```
//!
//! Target: every page ≤ 100 ms at the 95th percentile.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gonghui::ops::{self, Ctx};
use gonghui::store::PostTarget;
use std::time::Instant;
use tower::ServiceExt;

mod common;
use common::voucher;

const PASSWORD: &str = "bench-pass-1";
const RUNS: usize = 100;

fn statement(lines: usize) -> String {
    let mut s = String::from("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n");
    let mut bal: i64 = 10_000_000_00;
    for i in 0..lines {
        let day = i % 28 + 1;
        let fen = 1_000 + (i as i64 * 7919) % 90_000 + 3;
        bal -= fen;
        s.push_str(&format!(
            "4400****0001,基准测试工会,202512{day:02} 10:00:00,{}.{:02},0,{}.{:02},人民币元,商户{},6222****,建行,202512{day:02},采购{i},,SN{i}\n",
            fen / 100,
            fen % 100,
            bal / 100,
            bal % 100,
            i % 300
        ));
    }
    s
}

fn main() {
    let total: u64 = std::env::var("GONGHUI_BENCH_VOUCHERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    gonghui::set_today(chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        println!("engine: {}, vouchers: {total}", common::engine());
        let store = common::open_store(dir.path(), "web").await;
        let org = ops::setup::init(&store, "bench", "基准测试工会", "", Some(2025), "王主席").await.unwrap();
        let mut ctx = Ctx { store: store.handle(), org, user: "王主席".into() };
        use gonghui::ledger::roles::Role;
        ops::users::add(&ctx, "王主席", &[Role::Chair, Role::Admin], Some(PASSWORD)).await.unwrap();
        ops::users::add(&ctx, "张敏", &[Role::Accountant], Some(PASSWORD)).await.unwrap();
        ops::users::add(&ctx, "刘洋", &[Role::Chief], Some(PASSWORD)).await.unwrap();
        ctx.user = "张敏".into();
        ops::setup::add_activity(
            &ctx,
            gonghui::ledger::activity::Activity {
                code: "A01".into(),
                name: "节日慰问".into(),
                account: Some("50105".into()),
                project: false,
                earmarked: false,
            },
        )
        .await
        .unwrap();
        let t = Instant::now();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let drafts = 300.min(total);
        let mut i = 0;
        while i < total {
            let n = 20_000.min(total - i);
            let vs: Vec<_> = (i..i + n).map(|k| voucher(k, &mut seed)).collect();
            // The last few stay drafts, waiting for review.
            let split = vs.len().saturating_sub(if i + n == total { drafts as usize } else { 0 });
            let posted = PostTarget::Posted { reviewer: "刘洋", waived: false, poster: "刘洋" };
            ops::vouchers::add_batch(&ctx, &vs[..split], posted).await.unwrap();
            if split < vs.len() {
                ops::vouchers::add_batch(&ctx, &vs[split..], PostTarget::Draft).await.unwrap();
            }
            i += n;
        }
        let file = dir.path().join("建设银行对账单-202512.csv");
        let text = statement(2_000);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        std::fs::write(&file, gbk).unwrap();
        let rules = ops::bank::rules(None).unwrap();
        let s = ops::bank::import(&ctx, &file, "auto", None, "102", false, &rules, None).await.unwrap();
        println!(
            "books made in {:.1} s ({} statement lines, {} pending)",
            t.elapsed().as_secs_f64(),
            s.imported,
            s.pending
        );

        // The year audited, so that the 经审 page lists its findings (a long action, not timed
        // as a page).
        let t = Instant::now();
        let (_, kept) = ops::audit::run(&ctx, gonghui::ledger::period::Span::year(2025), None).await.unwrap();
        println!("audit of 2025 in {:.1} s: {} findings", t.elapsed().as_secs_f64(), kept.len());
        let (token, _) = ops::users::open_session(&store, "张敏", PASSWORD).await.unwrap();
        let app = gonghui::web::router(store.handle());
        let june = gonghui::ledger::period::Period::new(2025, 6);
        let filter = gonghui::books::VoucherFilter { from: Some(june), to: Some(june), ..Default::default() };
        let one = ctx.books().voucher_headers(&filter).await.unwrap()[0].no.clone();
        let pages: Vec<(&str, String)> = vec![
            ("工作台", "/".into()),
            ("凭证列表（最近一月，第 1 页）", "/vouchers".into()),
            ("凭证列表（6月第 20 页）", "/vouchers?month=2025-06&page=20".into()),
            ("凭证列表（12月草稿）", "/vouchers?month=2025-12&status=draft".into()),
            ("凭证列表（6月科目+金额区间）", "/vouchers?month=2025-06&account=501&min=100&max=2000".into()),
            ("凭证", format!("/vouchers/{}", url(&one))),
            ("录入凭证", "/vouchers/new".into()),
            ("科目搜索 hyhd", "/search?account=hyhd".into()),
            ("银行（待分类流水）", "/bank".into()),
            ("余额调节表 12月", "/bank/reconcile?month=2025-12".into()),
            ("结账 12月", "/close?month=2025-12".into()),
            ("报表列表", "/reports".into()),
            ("科目余额表 全年", "/reports/trial-balance?year=2025".into()),
            ("预算执行 按活动", "/reports/budget?year=2025&by=activity".into()),
            ("明细账 102 6月", "/reports/ledger?account=102&month=2025-06".into()),
            ("收入支出表 全年", "/reports/income-expense?year=2025".into()),
            ("经审 发现", "/audit?year=2025".into()),
            ("审查意见", "/audit/opinion?year=2025".into()),
            ("主席", "/chair?year=2025".into()),
        ];
        // A write between requests (a setting changed by the 管理员) gives the books a new state:
        // the desk's remembered reads are computed again, as after the treasurer's own writes.
        let admin = Ctx { store: store.handle(), org: ctx.org.clone(), user: "王主席".into() };
        let mut flip = 0;
        let mut write = || {
            flip += 1;
            let (admin, v) = (&admin, format!("{}", 60 + flip % 2));
            async move { ops::setup::set_setting(admin, "reconcile_age_days", &v, "基准测试").await.unwrap() }
        };
        let get = |path: String| {
            let (app, token) = (app.clone(), token.clone());
            async move {
                let req = Request::get(&path)
                    .header(header::COOKIE, format!("gonghui_session={token}"))
                    .body(Body::empty())
                    .unwrap();
                let t = Instant::now();
                let res = app.oneshot(req).await.unwrap();
                let status = res.status();
                let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                assert_eq!(status, StatusCode::OK, "{path}: {}", String::from_utf8_lossy(&body));
                ms
            }
        };
        let pct = |times: &mut Vec<f64>, q: f64| {
            times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1)]
        };
        println!(
            "{:<32} {:>10} {:>10} {:>9} {:>9} {:>9}",
            "page", "1st p50 ms", "1st max ms", "p50 ms", "p95 ms", "max ms"
        );
        let (mut worst, mut worst_first): (f64, f64) = (0.0, 0.0);
        for (name, path) in pages {
            // The first request after a write, five times.
            let mut first = Vec::new();
            for _ in 0..5 {
                write().await;
                first.push(get(path.clone()).await);
            }
            let mut times = Vec::with_capacity(RUNS);
            for k in 0..RUNS + 3 {
                let ms = get(path.clone()).await;
                if k >= 3 {
                    times.push(ms);
                }
            }
            let (f50, fmax) = (pct(&mut first, 0.5), pct(&mut first, 1.0));
            let (p50, p95, max) = (pct(&mut times, 0.5), pct(&mut times, 0.95), pct(&mut times, 1.0));
            worst = worst.max(p95);
            worst_first = worst_first.max(fmax);
            println!("{name:<32} {f50:>10.1} {fmax:>10.1} {p50:>9.1} {p95:>9.1} {max:>9.1}");
        }
        println!(
            "slowest p95: {worst:.1} ms (target ≤ 100 ms); slowest first request after a write: {worst_first:.1} ms"
        );
        drop(app);
        store.close().await;
        common::drop_pg_schemas().await;
    });
}

fn url(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
