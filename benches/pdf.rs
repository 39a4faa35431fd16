//! Benchmark (release build): a 1,000-page 明细账 PDF of the bank account, built from the store
//! and rendered. Targets (issue 6): 5 s or less and 5 MB or less.
//!
//!     cargo bench --bench pdf

use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::{Line, NewVoucher, Source};
use gonghui::money::Amount;
use gonghui::ops::{self, Ctx};
use gonghui::render::pdf::{render, Font};
use gonghui::report::{self, Request};
use gonghui::store::{PostTarget, Store};
use std::time::Instant;

fn main() {
    let vouchers: i64 = std::env::var("GONGHUI_BENCH_VOUCHERS").ok().and_then(|v| v.parse().ok()).unwrap_or(40_000);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("b.db").display().to_string()).await.unwrap();
        let org = ops::setup::init(&store, "bench", "江城市第一中学工会", "", Some(2025), "bench").await.unwrap();
        let ctx = Ctx { store, org, user: "张敏".into() };
        let vs: Vec<NewVoucher> = (0..vouchers)
            .map(|i| {
                let amount = Amount(10_000 + (i * 7919) % 500_000);
                let (m, d) = ((i * 12 / vouchers) as u32 + 1, (i % 28) as u32 + 1);
                let lines = if i % 3 == 0 {
                    vec![Line::debit("102", amount, ""), Line::credit("401", amount, "")]
                } else {
                    vec![Line::debit("50105", amount, ""), Line::credit("102", amount, "")]
                };
                NewVoucher {
                    date: chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap(),
                    summary: format!("会员活动支出（第{i}笔，慰问品采购）"),
                    attachments: 1,
                    lines,
                    source: Source::Generated("bench".into()),
                    decision_ref: String::new(),
                    reverses: None,
                }
            })
            .collect();
        for chunk in vs.chunks(20_000) {
            ops::vouchers::add_batch(&ctx, chunk, PostTarget::Posted { reviewer: "刘洋", waived: false, poster: "张敏" })
                .await
                .unwrap();
        }
        let font = Font::embedded();
        let t = Instant::now();
        let req = Request { span: Span::year(2025), account: Some("102".into()), by: None, chair: None };
        let r = report::build(&ctx, "bank-journal", &req).await.unwrap();
        let built = t.elapsed().as_secs_f64();
        let rows: usize = r.tables().map(|t| t.rows.len()).sum();
        let t = Instant::now();
        let pdf = render(&r, &font).unwrap();
        let rendered = t.elapsed().as_secs_f64();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages_lopdf = doc.get_pages().len();
        println!(
            "银行存款日记账: {rows} rows, {pages_lopdf} pages, {:.1} MB; report built in {:.2} s, PDF rendered in {:.2} s (total {:.2} s)",
            pdf.len() as f64 / 1e6,
            built,
            rendered,
            built + rendered
        );
    });
}
