//! `export beancount`: open directives for the accounts used, one transaction per posted voucher
//! with the voucher number as metadata. Account names: `Assets:102-银行存款`.

use super::{one_line, posted_vouchers};
use crate::books::Books;
use crate::error::Result;
use crate::ledger::chart::ChartView;
use std::collections::BTreeSet;
use std::fmt::Write;

pub fn account_name(chart: &ChartView, code: &str) -> String {
    match chart.get(code) {
        Some(a) => {
            let name: String = a.name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect();
            format!("{}:{}-{}", a.class.beancount_root(), a.code, name)
        }
        None => format!("Equity:Unknown-{code}"),
    }
}

pub async fn export(b: &Books<'_>) -> Result<String> {
    let chart = b.chart().await?;
    let vouchers = posted_vouchers(b).await?;
    let mut out = String::new();
    writeln!(out, "; {} — gonghui 导出的已记账凭证", b.org().name).unwrap();
    writeln!(out, "option \"title\" \"{}\"", one_line(&b.org().name)).unwrap();
    writeln!(out, "option \"operating_currency\" \"CNY\"\n").unwrap();
    let used: BTreeSet<&str> = vouchers.iter().flat_map(|(_, ls)| ls.iter().map(|l| l.account.as_str())).collect();
    if let Some((first, _)) = vouchers.first() {
        for code in &used {
            writeln!(out, "{} open {} CNY", first.date, account_name(&chart, code)).unwrap();
        }
        out.push('\n');
    }
    for (h, lines) in &vouchers {
        writeln!(out, "{} * \"{}\"", h.date, one_line(&h.summary)).unwrap();
        writeln!(out, "  voucher: \"{}\"", h.no).unwrap();
        for l in lines {
            let amount = l.debit - l.credit;
            writeln!(out, "  {}  {} CNY", account_name(&chart, &l.account), amount.plain()).unwrap();
            if !l.activity.is_empty() {
                writeln!(out, "    activity: \"{}\"", l.activity).unwrap();
            }
        }
        out.push('\n');
    }
    Ok(out)
}
