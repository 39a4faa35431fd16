//! Benchmark (release build): a city federation in one database — a 市总工会, 10 区/县总工会 and
//! grassroots unions under them, 500 in all, of 20 to 3,000 members and 200 to 20,000 vouchers
//! each (about 2 million vouchers) — then what the upper union reads: the consolidated 02表 and
//! 01表 over every level, the table by union, one district's direct consolidation, and any single
//! union's trial balance while 8 other clients post 50 vouchers a second in all.
//!
//!     GONGHUI_BENCH_PG=postgres://postgres@127.0.0.1:5432/test cargo bench --bench federation
//!     GONGHUI_BENCH_UNIONS=100 GONGHUI_BENCH_SCALE=0.1 …   # a smaller city (vouchers × scale)
//!
//! Targets (issue 24, PostgreSQL): consolidated 01/02表 over 500 unions ≤ 1 s; a single union's
//! trial balance ≤ 20 ms at p95 under the posting load.

use gonghui::ledger::federation::{Kind, Scope};
use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::{Line, NewVoucher, Source};
use gonghui::money::Amount;
use gonghui::ops::{self, Ctx};
use gonghui::report::{self, Request};
use gonghui::store::{Org, PostTarget};
use std::time::{Duration, Instant};

mod common;

const COUNTIES: usize = 10;
const POSTED: PostTarget<'static> = PostTarget::Posted { reviewer: "刘洋", waived: false, poster: "张敏" };

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in [0, 1) in millionths.
    fn unit(&mut self) -> u64 {
        self.next() % 1_000_000
    }
}

/// Vouchers of a union of this size: one in ten a 拨缴 receipt (Dr 102 / Cr 402 60% / Cr 211
/// 40%), the rest spending (the shared generator's 2–4 lines).
fn year_of(n: u64, rng: &mut Rng) -> Vec<NewVoucher> {
    let mut seed = rng.next() | 1;
    (0..n)
        .map(|i| {
            if i % 10 == 0 {
                let total = (rng.next() % 5_000_000) as i64 * 5 + 500;
                let kept = Amount(total * 3 / 5);
                let up = Amount(total) - kept;
                NewVoucher {
                    date: chrono::NaiveDate::from_ymd_opt(2025, (i % 12) as u32 + 1, 15).unwrap(),
                    summary: format!("{}月拨缴经费", i % 12 + 1),
                    attachments: 1,
                    lines: vec![
                        Line::debit("102", Amount(total), ""),
                        Line::credit("402", kept, ""),
                        Line::credit("211", up, ""),
                    ],
                    source: Source::Generated("bench".into()),
                    decision_ref: String::new(),
                    reverses: None,
                }
            } else {
                common::voucher(i, &mut seed)
            }
        })
        .collect()
}

fn one(date: &str, summary: &str, lines: Vec<Line>) -> NewVoucher {
    NewVoucher {
        date: gonghui::ledger::period::parse_date(date).unwrap(),
        summary: summary.into(),
        attachments: 1,
        lines,
        source: Source::Generated("bench".into()),
        decision_ref: String::new(),
        reverses: None,
    }
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * q).round() as usize]
}

fn main() {
    let unions: usize = env_or("GONGHUI_BENCH_UNIONS", 500);
    let scale: f64 = env_or("GONGHUI_BENCH_SCALE", 1.0);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        println!("engine: {}; {unions} unions, voucher counts × {scale}", common::engine());
        let store = common::open_store(dir.path(), "federation").await;
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let started = Instant::now();
        let mut orgs: Vec<Org> = Vec::new();
        let (mut vouchers, mut members) = (0u64, 0u64);
        for k in 0..unions {
            let (code, kind, upper) = match k {
                0 => ("CITY".to_string(), Kind::City, None),
                k if k <= COUNTIES => (format!("X{k:02}"), Kind::County, Some("CITY".to_string())),
                k => (format!("S{k:04}"), Kind::Grassroots, Some(format!("X{:02}", (k - 1) % COUNTIES + 1))),
            };
            let org = ops::setup::init(&store, &code, &format!("{code}工会"), "", Some(2025), "bench").await.unwrap();
            let ctx = Ctx { store: store.handle(), org, user: "张敏".into() };
            if upper.is_some() || kind != Kind::Grassroots {
                ops::federation::set_place(&ctx, upper.as_deref(), Some(kind)).await.unwrap();
            }
            ops::setup::add_activity(
                &ctx,
                gonghui::ledger::activity::Activity { code: "A01".into(), name: "活动".into(), account: None, project: false, earmarked: false },
            )
            .await
            .unwrap();
            // Sizes skewed as a city's are: many small unions, a few large ones.
            let x = rng.unit() as f64 / 1e6;
            let n = ((200.0 + 19_800.0 * x.powi(4)) * scale).max(1.0) as u64;
            members += 20 + (2_980.0 * x.powi(4)) as u64;
            for chunk in year_of(n, &mut rng).chunks(20_000) {
                ops::vouchers::add_batch(&ctx, chunk, POSTED).await.unwrap();
            }
            vouchers += n;
            orgs.push(ctx.org.clone());
        }
        // Subsidies down the tree (508 / 403) on both sides.
        let ctx_of = |o: &Org| Ctx { store: store.handle(), org: o.clone(), user: "张敏".into() };
        let ids: std::collections::BTreeMap<i64, Org> = store.orgs().await.unwrap().into_iter().map(|o| (o.id, o)).collect();
        for o in ids.values() {
            let Some(up) = o.upper.and_then(|u| ids.get(&u)) else { continue };
            let amount = Amount(100_000 + (o.id % 7) * 10_000);
            let down = one("2025-06-10", &format!("补助{}", o.name), vec![Line::debit("50801", amount, ""), Line::credit("102", amount, "")]);
            ops::vouchers::add_batch(&ctx_of(up), &[down], POSTED).await.unwrap();
            let got = one("2025-06-12", "上级补助", vec![Line::debit("102", amount, ""), Line::credit("40301", amount, "")]);
            ops::vouchers::add_batch(&ctx_of(o), &[got], POSTED).await.unwrap();
        }
        let built = started.elapsed().as_secs_f64();
        println!("built {unions} unions ({members} members, {vouchers} vouchers and the subsidies) in {built:.1} s");

        let city = ctx_of(&orgs[0]);
        let year = Request { span: Span::year(2025), account: None, by: None, chair: None };
        let timed = |label: String, scope: Scope, ctx: Ctx, name: &'static str, by_union: bool| {
            let year = year.clone();
            async move {
                let mut times = Vec::new();
                let mut members = 0;
                for _ in 0..5 {
                    let t = Instant::now();
                    let (tree, m) = ops::federation::members(&ctx, scope).await.unwrap();
                    let r = report::consolidate(&ctx.store, &tree, &m, scope, name, &year, by_union).await.unwrap();
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                    members = m.len();
                    assert!(!r.sections.is_empty());
                }
                let best = times.iter().cloned().fold(f64::MAX, f64::min);
                println!("{label} over {members} unions: median {:.0} ms, best {best:.0} ms", quantile(&mut times, 0.5));
            }
        };
        timed("汇总 02表 (scope all)".into(), Scope::All, ctx_of(&orgs[0]), "income-expense", false).await;
        timed("汇总 01表 (scope all)".into(), Scope::All, ctx_of(&orgs[0]), "balance-sheet", false).await;
        timed("02表 by union (scope all)".into(), Scope::All, ctx_of(&orgs[0]), "income-expense", true).await;
        timed("汇总 02表 of one district (scope direct)".into(), Scope::Direct, ctx_of(&orgs[1]), "income-expense", false).await;
        drop(city);
        // The upward share of a district's 49 schools and of the city's 10 districts: each
        // school's remittances and share due read from its books (the upper union's statement is
        // empty here, so this is the subordinates' side and the bank read).
        for (label, o) in [("上解经费对账表 of one district", &orgs[1]), ("上解经费对账表 of the city", &orgs[0])] {
            let mut times = Vec::new();
            let mut n = 0;
            for _ in 0..5 {
                let t = Instant::now();
                let (unions, _) = gonghui::books::federation::upward(&store, o, 2025).await.unwrap();
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                n = unions.len();
            }
            println!("{label} over {n} unions: median {:.0} ms", quantile(&mut times, 0.5));
        }

        // Any single union's trial balance while 8 clients post 50 vouchers a second in all.
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let posted = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let mut clients = Vec::new();
        for c in 0..8u64 {
            let (stop, posted, store) = (stop.clone(), posted.clone(), store.handle());
            let targets: Vec<Org> = orgs.iter().skip(1 + COUNTIES).cloned().collect();
            clients.push(tokio::spawn(async move {
                let mut rng = Rng(0x9E37_79B9 + c * 7919);
                let mut seed = rng.next() | 1;
                let mut i = 0u64;
                // Paced: client c posts at 160 ms steps, so the 8 post 50 a second in all.
                let start = tokio::time::Instant::now() + Duration::from_millis(20 * c);
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let o = &targets[(rng.next() % targets.len() as u64) as usize];
                    let ctx = Ctx { store: store.handle(), org: o.clone(), user: "张敏".into() };
                    ops::vouchers::add_batch(&ctx, &[common::voucher(i, &mut seed)], POSTED).await.unwrap();
                    posted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    i += 1;
                    tokio::time::sleep_until(start + Duration::from_millis(160 * i)).await;
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let load_started = Instant::now();
        let mut times = Vec::new();
        for k in 0..400u64 {
            let o = &orgs[(k * 7919 % orgs.len() as u64) as usize];
            let ctx = ctx_of(o);
            let t = Instant::now();
            let r = report::build(&ctx, "trial-balance", &year).await.unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(r.notes[0].starts_with("试算平衡"), "{:?}", r.notes);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let secs = load_started.elapsed().as_secs_f64();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for c in clients {
            c.await.unwrap();
        }
        let rate = posted.load(std::sync::atomic::Ordering::Relaxed) as f64 / (secs + 0.5);
        let (p50, p95) = (quantile(&mut times, 0.5), quantile(&mut times, 0.95));
        println!(
            "single union trial balance ({} runs, {rate:.0} vouchers/s posted by 8 clients meanwhile): p50 {p50:.1} ms, p95 {p95:.1} ms",
            times.len()
        );
        common::drop_pg_schemas().await;
    });
}
