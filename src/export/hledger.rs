//! `export hledger`: one transaction per posted voucher; accounts `<类别>:<code> <name>` of the
//! leaf account; amounts `1234.56 CNY`, debit positive, credit negative.

use super::{one_line, posted_vouchers};
use crate::books::Books;
use crate::error::Result;
use crate::ledger::chart::ChartView;
use std::fmt::Write;

pub fn account_name(chart: &ChartView, code: &str) -> String {
    match chart.get(code) {
        Some(a) => format!("{}:{} {}", a.class.label(), a.code, a.name.replace(':', "：")),
        None => format!("未知:{code}"),
    }
}

pub async fn export(b: &Books<'_>) -> Result<String> {
    let chart = b.chart().await?;
    let mut out = String::new();
    writeln!(out, "; {} — gonghui 导出的已记账凭证", b.org().name).unwrap();
    writeln!(out, "commodity 1,000.00 CNY\n").unwrap();
    for (h, lines) in posted_vouchers(b).await? {
        writeln!(out, "{} ({}) {}", h.date, h.no, one_line(&h.summary)).unwrap();
        for l in &lines {
            let amount = l.debit - l.credit;
            let tag = if l.activity.is_empty() { String::new() } else { format!("  ; 活动:{}", l.activity) };
            writeln!(out, "    {}  {} CNY{tag}", account_name(&chart, &l.account), amount.plain()).unwrap();
        }
        out.push('\n');
    }
    Ok(out)
}
