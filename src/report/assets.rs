//! 固定资产及库存物品登记表: each asset with its cost, life, depreciation to date and net value.

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::Books;
use crate::error::Result;
use crate::ledger::assets::{accumulated, Asset};
use crate::ledger::period::Period;
use crate::money::Amount;

pub struct Input {
    pub org: String,
    pub to: Period,
    /// The months depreciation was run for.
    pub runs: Vec<Period>,
    pub assets: Vec<Asset>,
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    Ok(Input {
        org: b.org().name.clone(),
        to: req.span.to,
        runs: b.depreciation_runs().await?.into_iter().map(|(p, _, _)| p).collect(),
        assets: b.assets().await?,
    })
}

/// An asset at the end of `to` (depreciation run through `last_run`): (accumulated
/// depreciation, net value, disposed of); None when acquired later.
pub fn at(a: &Asset, last_run: Option<Period>, to: Period) -> Option<(Amount, Amount, bool)> {
    if Period::of(a.acquired_on) > to {
        return None;
    }
    let acc = match (a.stock, last_run) {
        (false, Some(p)) => accumulated(a, p),
        _ => Amount::ZERO,
    };
    let gone = a.disposed_on.is_some_and(|d| Period::of(d) <= to);
    Some((acc, if gone { Amount::ZERO } else { a.cost - acc }, gone))
}

/// The register's fixed assets (库存物品 aside) in use at the end of `to`: (cost, accumulated
/// depreciation) — what 162 and 163 should hold.
pub fn fixed_totals(assets: &[Asset], runs: &[Period], to: Period) -> (Amount, Amount) {
    let last_run = runs.iter().copied().filter(|p| *p <= to).max();
    assets
        .iter()
        .filter(|a| !a.stock)
        .filter_map(|a| at(a, last_run, to).filter(|(_, _, gone)| !gone).map(|(acc, _, _)| (a.cost, acc)))
        .fold((Amount::ZERO, Amount::ZERO), |(c, d), (cost, acc)| (c + cost, d + acc))
}

pub fn build(i: &Input) -> Report {
    let to = i.to;
    let last_run = i.runs.iter().copied().filter(|p| *p <= to).max();
    let mut r = Report::new("assets", "固定资产及库存物品登记表", &i.org, &format!("截至{}", to.label()));
    let mut rows = Vec::new();
    let (mut tc, mut ta, mut tn) = (Amount::ZERO, Amount::ZERO, Amount::ZERO);
    for a in &i.assets {
        let Some((acc, net, gone)) = at(a, last_run, to) else { continue };
        if !gone {
            tc += a.cost;
            ta += acc;
            tn += net;
        }
        rows.push(Row::new(vec![
            Cell::Int(a.id),
            Cell::text(&a.name),
            Cell::text(&a.category),
            Cell::text(a.acquired_on.to_string()),
            Cell::Amount(a.cost),
            Cell::text(if a.stock { "—".to_string() } else { format!("{} 年", a.life_months / 12) }),
            Cell::Amount(acc),
            Cell::Amount(net),
            Cell::text(if gone { format!("已处置 {}", a.disposed_on.unwrap()) } else { "在用".into() }),
        ]));
    }
    rows.push(Row::styled(
        vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Amount(tc),
            Cell::Empty,
            Cell::Amount(ta),
            Cell::Amount(tn),
            Cell::Empty,
        ],
        RowStyle::Total,
    ));
    r.landscape = true;
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::number("编号"),
            Column::text("名称", 16),
            Column::text("类别", 10),
            Column::date("取得日期"),
            Column::amount("原值"),
            Column::text("年限", 5),
            Column::amount("累计折旧"),
            Column::amount("净值"),
            Column::text("状态", 10),
        ],
        rows,
    }));
    r.notes.push("折旧按年限平均法按月计提，不留残值，当月增加当月计提、当月减少当月不提（《工会会计制度》第三十五条）；合计不含已处置资产。".into());
    r
}
