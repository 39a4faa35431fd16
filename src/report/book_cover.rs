//! 账簿启用及交接表 (会计基础工作规范 第五十八条): the first page of a book — the union, the book,
//! when it was started, who answers for it — with the people who keep it (from their roles and
//! the first and last acts the log records of them) and rows for the handovers to be signed.

use super::{Cell, Column, Report, Request, Row, Section, Table};
use crate::books::Books;
use crate::error::Result;
use crate::ledger::chart::ChartView;
use crate::ledger::profile::Profile;
use crate::ledger::roles::Role;
use std::collections::BTreeMap;

/// A person who keeps the book: name, duties, first act, and when disabled.
pub struct Keeper {
    pub name: String,
    /// Their roles (会计, 出纳, 会计主管); in books without registered users, what the log shows
    /// them doing (制单, 记账, 导入流水).
    pub duties: Vec<String>,
    pub first: Option<String>,
    pub left: Option<String>,
}

pub struct Input {
    pub org: String,
    pub book: String,
    pub started: String,
    pub profile: Profile,
    pub keepers: Vec<Keeper>,
}

/// The book a ledger's account names: 总账 by default.
fn book_name(chart: &ChartView, account: Option<&str>) -> String {
    match account {
        None => "总账".into(),
        Some("101") => "库存现金日记账".into(),
        Some("102") => "银行存款日记账".into(),
        Some(code) => format!("明细账（{code} {}）", chart.get(code).map(|a| a.name.as_str()).unwrap_or("")),
    }
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    let chart = b.chart().await?;
    let started = match b.year_setting().await? {
        Some(y) => format!("{y}年1月1日"),
        None => b.first_voucher_period().await?.map(|p| format!("{}1日", p.label())).unwrap_or_default(),
    };
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    // In books without registered users (open mode), who did the bookkeeping, in order.
    let mut did: Vec<(String, Vec<String>)> = Vec::new();
    for e in b.events(None).await? {
        first.entry(e.actor.clone()).or_insert_with(|| crate::shown_date(&e.at));
        let duty = match e.kind.as_str() {
            "voucher_add" | "voucher_import" => "制单",
            "voucher_post" => "记账",
            "bank_import" => "导入流水",
            _ => continue,
        };
        match did.iter_mut().find(|(n, _)| *n == e.actor) {
            Some((_, d)) if !d.iter().any(|x| x == duty) => d.push(duty.into()),
            Some(_) => {}
            None => did.push((e.actor.clone(), vec![duty.into()])),
        }
    }
    let keeps = [Role::Chief, Role::Accountant, Role::Cashier];
    let mut keepers: Vec<Keeper> = b
        .users_with_roles()
        .await?
        .into_iter()
        .filter(|(_, roles)| roles.iter().any(|r| keeps.contains(r)))
        .map(|(u, roles)| Keeper {
            first: first.get(&u.name).cloned(),
            left: u.disabled_at.as_deref().map(crate::shown_date),
            duties: roles.into_iter().filter(|r| keeps.contains(r)).map(|r| r.label().to_string()).collect(),
            name: u.name,
        })
        .collect();
    if keepers.is_empty() {
        keepers = did
            .into_iter()
            .map(|(name, duties)| Keeper { first: first.get(&name).cloned(), left: None, duties, name })
            .collect();
    }
    Ok(Input {
        org: b.org().name.clone(),
        book: book_name(&chart, req.account.as_deref()),
        started,
        profile: Profile::from_setting(b.setting(crate::ledger::profile::SETTING).await?.as_deref())?,
        keepers,
    })
}

pub fn build(i: &Input) -> Report {
    let mut r = Report::new("book-cover", "账簿启用及交接表", &i.org, "");
    r.unit.clear();
    r.signatures.clear();
    let p = &i.profile;
    let pairs = [
        ("单位名称", i.org.clone()),
        ("统一社会信用代码", super::or_line(&p.credit_code)),
        ("账簿名称", i.book.clone()),
        ("账簿编号", "________".into()),
        ("账簿册数", "共    册，本册为第    册".into()),
        ("账簿页数", "本账簿共计    页".into()),
        ("启用日期", super::or_line(&i.started)),
        ("单位负责人", super::or_line(&p.head)),
        ("主管会计工作负责人", super::or_line(&p.finance_head)),
        ("会计机构负责人", super::or_line(&p.accounting_head)),
        ("单位（盖章）", String::new()),
    ];
    r.sections.push(Section::Table(Table {
        title: Some("账簿启用".into()),
        columns: vec![Column::text("项目", 10), Column::text("内容", 30)],
        rows: pairs.into_iter().map(|(k, v)| Row::new(vec![Cell::text(k), Cell::text(v)])).collect(),
    }));
    let mut keepers: Vec<Row> = i
        .keepers
        .iter()
        .map(|k| {
            Row::new(vec![
                Cell::text(&k.name),
                Cell::text(k.duties.join("、")),
                Cell::text(k.first.clone().unwrap_or_default()),
                Cell::text(k.left.clone().unwrap_or_default()),
                Cell::Empty,
            ])
        })
        .collect();
    keepers.extend((0..2).map(|_| Row::new(vec![Cell::Empty; 5])));
    r.sections.push(Section::Table(Table {
        title: Some("经管人员".into()),
        columns: vec![
            Column::text("姓名", 8),
            Column::text("职别", 10),
            Column::text("接管日期", 10),
            Column::text("移交日期", 10),
            Column::text("签章", 10),
        ],
        rows: keepers,
    }));
    r.sections.push(Section::Table(Table {
        title: Some("交接记录".into()),
        columns: vec![
            Column::text("交接日期", 10),
            Column::text("移交人", 8),
            Column::text("接管人", 8),
            Column::text("监交人", 8),
            Column::text("备注", 14),
        ],
        rows: (0..4).map(|_| Row::new(vec![Cell::Empty; 5])).collect(),
    }));
    r.notes.push("经管人员的接管日期为操作记录中此人第一次办理业务的日期；移交日期为停用日期。交接时由移交人、接管人和监交人签章。".into());
    r
}
