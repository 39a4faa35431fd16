//! Listings the command line (and the web desk) show: vouchers, one voucher (statement lines in
//! `bank`), organisations, the chart of accounts, activities, the budget's lines. Each is read by a
//! `load_…` and built by a pure function, as every report is.

use super::{Cell, Column, Report, Row, RowStyle, Section, Table};
use crate::books::Books;
use crate::budget::Budget;
use crate::error::Result;
use crate::ledger::activity::Activity;
use crate::ledger::chart::{Account, ChartView};
use crate::ledger::period::Period;
use crate::ledger::voucher::{Header, Status};
use crate::money::Amount;
use chrono::NaiveDate;
use serde::Serialize;

mod bank;
mod federation;
mod packs;
pub use bank::{dry_run, imports, load_imports, load_pending, pending, DryRun, Imports, Pending};
pub use federation::{filings, orgs, tree};
pub use packs::{pack_rules, packs};

/// A report that is a plain list: no unit, no signatures.
pub(crate) fn listing(name: &str, title: &str, org: &str, period: &str) -> Report {
    let mut r = Report::new(name, title, org, period);
    r.signatures.clear();
    r
}

/// The vouchers of a month (or all), optionally of one status.
pub struct VoucherList {
    pub org: String,
    pub month: Option<Period>,
    pub headers: Vec<Header>,
}

pub async fn load_vouchers(b: &Books<'_>, month: Option<Period>, status: Option<Status>) -> Result<VoucherList> {
    find_vouchers(b, month, status, &Search::default()).await
}

/// What `voucher list` searches for besides month and status: words of the summary, an amount
/// (the voucher's total or any line's), an account (or its details), an activity, a range of the
/// total — the store's query, whose month and status the listing sets.
pub use crate::books::VoucherQuery as Search;

/// The vouchers of a month (or all), of one status, matching a search.
pub async fn find_vouchers(
    b: &Books<'_>,
    month: Option<Period>,
    status: Option<Status>,
    search: &Search,
) -> Result<VoucherList> {
    let q = Search { month, status, ..search.clone() };
    let (_, headers) = b.voucher_page(&q, 0, i64::MAX).await?;
    Ok(VoucherList { org: b.org().name.clone(), month, headers })
}

/// One voucher as `voucher list --format json` lists it.
#[derive(Debug, Serialize)]
pub struct ListedVoucher {
    pub no: String,
    pub date: NaiveDate,
    pub summary: String,
    pub status: Status,
    pub amount: Amount,
}

pub fn listed(l: &VoucherList) -> Vec<ListedVoucher> {
    l.headers
        .iter()
        .map(|h| ListedVoucher {
            no: h.no.clone(),
            date: h.date,
            summary: h.summary.clone(),
            status: h.status,
            amount: h.total,
        })
        .collect()
}

pub fn vouchers(l: &VoucherList) -> Report {
    let mut r =
        listing("voucher-list", "凭证列表", &l.org, &l.month.map(|p| p.label()).unwrap_or_else(|| "全部".into()));
    let rows = l
        .headers
        .iter()
        .map(|h| {
            Row::new(vec![
                Cell::text(&h.no),
                Cell::text(h.date.to_string()),
                Cell::text(&h.summary),
                Cell::Amount(h.total),
                Cell::text(h.status.label()),
                Cell::text(&h.prepared_by),
                Cell::text(h.reviewed_by.clone().unwrap_or_default()),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("凭证号", 14),
            Column::date("日期"),
            Column::text("摘要", 24),
            Column::amount("金额"),
            Column::text("状态", 6),
            Column::text("制单", 6),
            Column::text("审核", 6),
        ],
        rows,
    }));
    r
}

/// What `voucher review --month/--all` is about to approve.
pub fn review_preview(org: &str, what: &str, p: &crate::ledger::voucher::ReviewPreview) -> Report {
    let mut r = listing("review-preview", "待审核凭证（审核前核对）", org, what);
    let rows = p
        .vouchers
        .iter()
        .map(|(h, amount)| {
            Row::new(vec![
                Cell::text(&h.no),
                Cell::text(h.date.to_string()),
                Cell::text(&h.summary),
                Cell::Amount(*amount),
                Cell::Int(h.attachments),
                Cell::text(&h.prepared_by),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("凭证号", 14),
            Column::date("日期"),
            Column::text("摘要", 20),
            Column::amount("金额"),
            Column::number("附件"),
            Column::text("制单", 6),
        ],
        rows,
    }));
    r.notes.push(format!(
        "共 {} 张，金额合计 {}，其中支出 {}。",
        p.vouchers.len(),
        p.total.grouped(),
        p.spending.grouped()
    ));
    if p.budget.is_empty() {
        r.notes.push("预算：记账后均不超出预算。".into());
    } else {
        for b in &p.budget {
            r.notes.push(format!("预算：{b}"));
        }
    }
    r
}

/// `members list`: the roll, with how many in each status.
pub fn members(org: &str, list: &[crate::audit::Member]) -> Report {
    let mut r = listing("members", "会员名册", org, "");
    let rows = list
        .iter()
        .map(|m| {
            Row::new(vec![
                Cell::text(&m.no),
                Cell::text(&m.name),
                Cell::text(&m.dept),
                m.joined.map(|d| Cell::text(d.to_string())).unwrap_or(Cell::Empty),
                Cell::text(m.status.label()),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("工号", 8),
            Column::text("姓名", 6),
            Column::text("部门", 10),
            Column::date("入会日期"),
            Column::text("状态", 4),
        ],
        rows,
    }));
    let counts: Vec<String> = crate::audit::MemberStatus::ALL
        .iter()
        .map(|s| format!("{} {} 人", s.label(), list.iter().filter(|m| m.status == *s).count()))
        .collect();
    r.notes.push(format!("共 {} 人：{}。", list.len(), counts.join("，")));
    r
}

/// The chart of accounts (`all`: the accounts not enabled too).
pub fn accounts(org: &str, accounts: &[Account], all: bool) -> Report {
    let view = ChartView::new(accounts.to_vec());
    let mut r = listing("accounts", "会计科目表", org, "《工会会计制度》（财会〔2021〕7号）");
    r.unit.clear();
    let rows = accounts
        .iter()
        .filter(|x| all || x.enabled)
        .map(|x| Row {
            cells: vec![
                Cell::text(&x.code),
                Cell::text(&x.name),
                Cell::text(x.class.label()),
                Cell::text(x.side.label()),
                Cell::text(if !x.enabled {
                    "未启用"
                } else if view.is_leaf(&x.code) {
                    "可记账"
                } else {
                    "汇总"
                }),
            ],
            style: RowStyle::Normal,
            indent: ((x.code.len().saturating_sub(3)) / 2) as u8,
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("科目编码", 9),
            Column::text("科目名称", 18),
            Column::text("类别", 6),
            Column::text("余额方向", 4),
            Column::text("状态", 6),
        ],
        rows,
    }));
    r
}

/// The 经济分类 (款级) list of a year: each 类 and its items, with the union accounts whose lines
/// fall under an item when they carry no code of their own.
pub fn econ(org: &str, year: i32, list: &crate::ledger::econ::Classification, accounts: &[Account]) -> Report {
    let mut r = listing("econ", "部门预算支出经济分类（款级）", org, &format!("{year}年度适用：{}", list.name));
    r.unit.clear();
    let names: std::collections::BTreeMap<&str, &str> =
        accounts.iter().map(|a| (a.code.as_str(), a.name.as_str())).collect();
    let mut rows = Vec::new();
    for c in &list.classes {
        rows.push(Row::styled(vec![Cell::text(&c.code), Cell::text(&c.name), Cell::Empty], RowStyle::Subtotal));
        for i in list.items.iter().filter(|i| i.code.starts_with(c.code.as_str())) {
            let by_default: Vec<String> = list
                .defaults
                .iter()
                .filter(|(_, code)| **code == i.code)
                .map(|(acct, _)| {
                    format!("{acct} {}", names.get(acct.as_str()).copied().unwrap_or("")).trim().to_string()
                })
                .collect();
            rows.push(Row {
                cells: vec![Cell::text(&i.code), Cell::text(&i.name), Cell::text(&by_default.join("、"))],
                style: RowStyle::Normal,
                indent: 1,
            });
        }
    }
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![Column::text("经济分类", 8), Column::text("名称", 16), Column::text("未填时默认归入的科目", 30)],
        rows,
    }));
    r.notes.push(format!("来源：{}（可信度 {}）。", list.source, list.confidence));
    r.notes.push(
        "凭证分录写 --dr 50105=300.00@A07#30399（导入文件加“经济分类”列），预算文件加“经济分类”列；未填的按上表默认归类，无默认的科目列“未分类”。"
            .into(),
    );
    r
}

pub fn activities(org: &str, activities: &[Activity]) -> Report {
    let mut r = listing("activities", "活动/项目", org, "");
    r.unit.clear();
    let rows = activities
        .iter()
        .map(|x| {
            Row::new(vec![
                Cell::text(&x.code),
                Cell::text(&x.name),
                Cell::text(x.account.clone().unwrap_or_default()),
                Cell::text(x.kind_label()),
                Cell::text(if x.earmarked { "专项" } else { "非专项" }),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("活动编码", 8),
            Column::text("活动名称", 16),
            Column::text("常用科目", 8),
            Column::text("支出类型", 8),
            Column::text("资金性质", 6),
        ],
        rows,
    }));
    r
}

/// The budget's original lines and each adjustment, as entered.
pub fn budget_lines(org: &str, b: &Budget) -> Report {
    let year = b.year;
    let mut r = listing("budget-lines", "预算明细", org, &format!("{year}年度"));
    for v in &b.versions {
        let title = if v.version == 0 {
            "年初预算".to_string()
        } else {
            format!("第 {} 次调整（{} 批准，文号 {}，理由：{}）", v.version, v.approved_on, v.doc_no, v.reason)
        };
        let mut rows: Vec<Row> = v
            .lines
            .iter()
            .map(|l| {
                Row::new(vec![
                    Cell::text(&l.account),
                    Cell::text(&l.activity),
                    Cell::Amount(l.amount),
                    Cell::text(&l.note),
                ])
            })
            .collect();
        // Income and spending are totalled apart: added together they mean nothing.
        for (label, class) in [("收入合计", '4'), ("支出合计", '5')] {
            let total: Amount = v.lines.iter().filter(|l| l.account.starts_with(class)).map(|l| l.amount).sum();
            rows.push(Row::styled(
                vec![Cell::text(label), Cell::Empty, Cell::Amount(total), Cell::Empty],
                RowStyle::Total,
            ));
        }
        r.sections.push(Section::Table(Table {
            title: Some(title),
            columns: vec![
                Column::text("科目编码", 8),
                Column::text("活动编码", 8),
                Column::amount("金额"),
                Column::text("说明", 20),
            ],
            rows,
        }));
    }
    if b.versions.is_empty() {
        r.notes.push(format!("{year} 年尚未导入预算"));
    }
    r
}

/// The waiting list as people read it.
pub fn todo_text(org: &str, items: &[crate::books::todo::Todo]) -> String {
    if items.is_empty() {
        return format!("{org}：没有待办事项。\n");
    }
    let mut out = format!("{org} 待办事项（{} 项）：\n", items.len());
    for (i, t) in items.iter().enumerate() {
        out.push_str(&format!("{}. {}（{}）\n   → {}\n", i + 1, t.what, t.who, t.command));
    }
    out
}

/// The users of the database with the roles each holds in this union (`users list`).
pub fn users(org: &str, users: &[(crate::store::User, Vec<crate::ledger::roles::Role>)], mode: &str) -> Report {
    let mut r = listing("users", "用户和角色", org, "");
    r.unit.clear();
    r.notes.push(format!("身份验证：{mode}"));
    let rows = users
        .iter()
        .map(|(u, roles)| {
            Row::new(vec![
                Cell::text(&u.name),
                Cell::text(roles.iter().map(|x| x.label()).collect::<Vec<_>>().join("、")),
                Cell::text(if u.disabled_at.is_some() { "已停用" } else { "在用" }),
                Cell::text(crate::shown_time(&u.created_at)),
                Cell::text(&u.created_by),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("姓名", 8),
            Column::text("本会角色", 16),
            Column::text("状态", 4),
            Column::text("登记时间", 16),
            Column::text("登记人", 8),
        ],
        rows,
    }));
    r
}

/// Who did what, when (`log`): the union's event log.
pub fn events(org: &str, period: &str, events: &[crate::store::Event]) -> Report {
    let mut r = listing("log", "操作记录", org, period);
    r.unit.clear();
    let rows = events
        .iter()
        .map(|e| {
            Row::new(vec![
                Cell::text(e.id.to_string()),
                Cell::text(crate::shown_time(&e.at)),
                Cell::text(&e.actor),
                Cell::text(event_label(&e.kind)),
                Cell::text(&e.subject),
                Cell::text(&e.detail),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("序号", 5),
            Column::text("时间", 16),
            Column::text("操作人", 8),
            Column::text("操作", 10),
            Column::text("对象", 20),
            Column::text("说明", 24),
        ],
        rows,
    }));
    r
}

/// An event's kind as people read it (the kind itself when unknown).
pub fn event_label(kind: &str) -> &str {
    match kind {
        "setting" => "修改设置",
        "user_add" => "登记用户/授予角色",
        "user_disable" => "停用用户",
        "user_password" => "设置密码",
        "voucher_add" => "录入凭证",
        "voucher_import" => "导入凭证",
        "voucher_import_again" => "重复导入凭证",
        "voucher_edit" => "修改凭证",
        "voucher_void" => "作废凭证",
        "voucher_review" => "审核凭证",
        "voucher_unreview" => "取消审核",
        "voucher_post" => "凭证记账",
        "voucher_reverse" => "红字冲销",
        "review_waived" => "免审核记账",
        "bank_import" => "导入银行流水",
        "bank_match" => "流水对应凭证",
        "bank_ignore" => "流水不入账",
        "bank_unignore" => "撤销不入账",
        "bank_undo_import" => "撤销流水导入",
        "bank_statement" => "登记对账单余额",
        "members_import" => "导入会员名册",
        "benefits_import" => "导入发放名单",
        "close_month" => "月末结账",
        "close_year" => "年终结账",
        "close_year_warning" => "年终结账提醒",
        "close_year_accept" => "接受风险结账",
        "reopen_month" => "反结账（月）",
        "reopen_year" => "反结账（年）",
        "audit_run" => "经审检查",
        "audit_dispose" => "审计发现处理",
        "audit_opinion" => "录入经审会审查意见",
        "departure_audit" => "录入离任审计记录",
        "statement_note" => "录入报表附注",
        "budget_refused" => "超预算拒绝记账",
        "budget_over" => "超预算记账",
        "budget_none" => "无预算记账",
        "budget_import" => "导入预算",
        "budget_text" => "录入预算说明书",
        "payroll_import" => "导入工资数据",
        "allocation_settings" => "拨缴设置",
        "asset_add" => "购置资产",
        "asset_dispose" => "处置资产",
        "depreciate" => "计提折旧",
        "account_add" => "增设科目",
        "account_enable" => "启用科目",
        "activity_add" => "新增活动",
        other => other,
    }
}

/// A voucher's attachments (`voucher show`).
pub fn attachments(org: &str, no: &str, files: &[crate::store::Attachment]) -> Report {
    let mut r = listing("attachments", &format!("凭证 {no} 的附件"), org, "");
    r.unit.clear();
    let rows = files
        .iter()
        .map(|a| {
            Row::new(vec![
                Cell::text(a.n.to_string()),
                Cell::text(&a.file_name),
                Cell::text(a.media_type.rsplit('/').next().unwrap_or("").to_uppercase()),
                Cell::text(crate::ledger::attachment::size_text(a.size.max(0) as u64)),
                Cell::text(&a.invoice_no),
                Cell::text(a.invoice_amount.map(|f| Amount(f).grouped()).unwrap_or_default()),
                Cell::text(&a.sha256[..16]),
                Cell::text(format!("{} {}", a.added_by, crate::shown_time(&a.added_at))),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("序号", 4),
            Column::text("文件", 20),
            Column::text("类型", 5),
            Column::text("大小", 8),
            Column::text("发票号码", 20),
            Column::text("价税合计", 10),
            Column::text("SHA-256（前16位）", 16),
            Column::text("附上", 16),
        ],
        rows,
    }));
    r
}
