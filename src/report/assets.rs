//! 固定资产及库存物品登记表: each asset with its cost, life, depreciation to date and net value.

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::error::Result;
use crate::ledger::assets::accumulated;
use crate::money::Amount;
use crate::ops::Ctx;

pub async fn build(ctx: &Ctx, req: &Request) -> Result<Report> {
    let to = req.span.to;
    let runs = ctx.store.depreciation_runs(&ctx.org).await?;
    let last_run = runs.iter().map(|(p, _, _)| *p).filter(|p| *p <= to).max();
    let mut r = Report::new("assets", "固定资产及库存物品登记表", &ctx.org.name, &format!("截至{}", to.label()));
    let mut rows = Vec::new();
    let (mut tc, mut ta, mut tn) = (Amount::ZERO, Amount::ZERO, Amount::ZERO);
    for a in ctx.store.assets(&ctx.org).await? {
        if crate::ledger::period::Period::of(a.acquired_on) > to {
            continue;
        }
        let acc = match (a.stock, last_run) {
            (false, Some(p)) => accumulated(&a, p),
            _ => Amount::ZERO,
        };
        let gone = a.disposed_on.is_some_and(|d| crate::ledger::period::Period::of(d) <= to);
        let net = if gone { Amount::ZERO } else { a.cost - acc };
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
    Ok(r)
}
