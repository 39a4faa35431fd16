//! The audit checks over one period's books: benefit lists against the rule pack and the member
//! register, vouchers against the cash, collective-decision and internal-control rules, bank
//! payments for doubles and splits. Pure: the checks on facts the books compute (budget execution,
//! the 2% status, bank reconciliation, the hash chain) are in `ledger_checks`.

use super::pack::Pack;
use super::{Benefit, Finding, Member, MemberStatus, Severity};
use crate::ledger::roles::Role;
use crate::ledger::voucher::Line;
use crate::money::Amount;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Every check: (rule, Chinese name, severity).
pub const RULES: &[(&str, &str, Severity)] = &[
    ("benefit_cap", "慰问超过标准", Severity::Medium),
    ("benefit_form", "慰问发放形式违规（现金、购物卡）", Severity::High),
    ("benefit_frequency", "慰问超过次数", Severity::Medium),
    ("benefit_eligibility", "向非会员或退休人员发放", Severity::Medium),
    ("benefit_unsigned", "慰问未实名签收", Severity::Medium),
    ("benefit_no_list", "慰问发放无名单", Severity::Medium),
    ("festival_other", "非法定节日发放慰问", Severity::Medium),
    ("trip", "疑似以工会经费旅游", Severity::Medium),
    ("administration_cost", "行政应负担的费用由工会列支（需核实）", Severity::Low),
    ("festival_share", "节日慰问总额超过预算收入比例", Severity::High),
    ("health_check", "工会经费列支职工体检", Severity::High),
    ("cash_limit", "现金支付达到结算起点", Severity::Medium),
    ("collective_decision", "大额支出未经集体研究决定", Severity::High),
    ("budget_none", "无预算支出", Severity::Medium),
    ("budget_over", "超预算支出", Severity::Medium),
    ("allocation_arrears", "拨缴经费欠缴", Severity::Medium),
    ("upward_unremitted", "应上解经费未上解", Severity::Medium),
    ("bank_unreconciled", "银行存款未对账或对账不符", Severity::Medium),
    ("reconciling_item_old", "未达账项长期未达", Severity::Medium),
    ("negative_balance", "库存现金或银行存款出现负数", Severity::High),
    ("cash_count_mismatch", "库存现金盘点账实不符", Severity::High),
    ("cash_uncounted", "年度未盘点库存现金", Severity::Low),
    ("advance_overdue", "暂付款长期挂账", Severity::Medium),
    ("receivable_overdue", "应收上级经费长期挂账", Severity::Low),
    ("payable_overdue", "其他应付款长期挂账", Severity::Low),
    ("asset_fund_mismatch", "资产基金与资产净值不符", Severity::Medium),
    ("self_disposed", "制单人处理了自己凭证的审计发现", Severity::Medium),
    ("rectification_overdue", "审计发现逾期未整改", Severity::Medium),
    ("duplicate_payment", "疑似重复付款", Severity::Medium),
    ("split_payment", "疑似拆分付款规避集体决策", Severity::High),
    ("asset_unbooked", "资本性支出未登记资产", Severity::Medium),
    ("december_spike", "年末集中支出", Severity::Low),
    ("no_attachment", "凭证无附件", Severity::Low),
    ("review_waived", "免审核记账", Severity::Low),
    ("same_preparer_reviewer", "制单与审核为同一人", Severity::Medium),
    ("combined_duties", "会计与出纳由同一人担任", Severity::Low),
    ("chain_broken", "账簿哈希链断裂或凭证不平", Severity::High),
    ("reopened", "结账后反结账", Severity::Info),
];

/// A finding of `rule` with its name and severity from `RULES`.
pub fn finding(
    rule: &str,
    message: String,
    doc: &str,
    amount: Amount,
    vouchers: Vec<String>,
    members: Vec<String>,
) -> Finding {
    let (_, title, severity) =
        RULES.iter().find(|(r, _, _)| *r == rule).copied().unwrap_or((rule, rule, Severity::Info));
    Finding {
        rule: rule.into(),
        severity,
        title: title.into(),
        message,
        doc: doc.into(),
        amount,
        vouchers,
        members,
        subject: String::new(),
    }
}

/// A posted voucher as the checks need it.
#[derive(Clone, Debug)]
pub struct AuditVoucher {
    pub no: String,
    pub date: NaiveDate,
    pub summary: String,
    pub attachments: i64,
    pub source_kind: String,
    pub source_ref: String,
    pub decision_ref: String,
    pub prepared_by: String,
    pub reviewed_by: Option<String>,
    pub review_waived: bool,
    pub lines: Vec<Line>,
}

impl AuditVoucher {
    fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
        self.lines.iter().filter(move |l| l.account.starts_with(prefix))
    }
    /// Debit on expenditure (5xx) accounts.
    pub fn spending(&self) -> Amount {
        crate::ledger::voucher::spending(&self.lines)
    }
    fn is_closing(&self) -> bool {
        crate::ledger::closing::is_closing(&self.source_ref)
    }
}

impl AuditVoucher {
    /// A posted voucher prepared by 张敏 and reviewed by 刘洋, one attachment (tests).
    #[cfg(test)]
    pub(crate) fn for_tests(no: &str, date: &str, summary: &str, lines: Vec<Line>) -> AuditVoucher {
        AuditVoucher {
            no: no.into(),
            date: crate::ledger::period::parse_date(date).expect("a date"),
            summary: summary.into(),
            attachments: 1,
            source_kind: "manual".into(),
            source_ref: String::new(),
            decision_ref: String::new(),
            prepared_by: "张敏".into(),
            reviewed_by: Some("刘洋".into()),
            review_waived: false,
            lines,
        }
    }
}

/// A payment out of the bank, from the imported statement.
#[derive(Clone, Debug)]
pub struct Payment {
    pub date: NaiveDate,
    pub counterparty: String,
    /// Positive.
    pub amount: Amount,
    pub voucher_no: String,
}

pub struct Input<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub pack: &'a Pack,
    /// Posted vouchers up to `to` (earlier ones too: advances are aged from their date).
    pub vouchers: &'a [AuditVoucher],
    pub members: &'a [Member],
    /// Benefit lists (those of vouchers outside the period are ignored).
    pub benefits: &'a [Benefit],
    /// Bank payments dated within the period.
    pub payments: &'a [Payment],
    /// The adjusted income budget of the year (for a festival cap set as a share of it).
    pub budgeted_income: Amount,
    /// The retained 拨缴 income (402) of the period (for a cap set as a share of it).
    pub retained_income: Amount,
    /// The union's settings that choose a pack's conditional caps (`audit_conditions`).
    pub conditions: Vec<String>,
}

impl Input<'_> {
    fn in_period(&self, v: &AuditVoucher) -> bool {
        v.date >= self.from && v.date <= self.to
    }
}

fn who(b: &Benefit) -> String {
    if b.member_no.is_empty() {
        b.name.clone()
    } else {
        format!("{} {}", b.member_no, b.name)
    }
}

fn sorted(set: BTreeSet<String>) -> Vec<String> {
    set.into_iter().collect()
}

/// All the pure checks, in the order of `RULES`.
pub fn run(input: &Input) -> Vec<Finding> {
    let mut out = benefits(input);
    out.extend(vouchers(input));
    out.extend(payments(input));
    let listed: BTreeSet<&str> = input.benefits.iter().map(|b| b.voucher_no.as_str()).collect();
    out.extend(super::spending::run(input, &listed));
    out
}

fn base_of(input: &Input, base: crate::audit::caps::ShareBase) -> Amount {
    match base {
        crate::audit::caps::ShareBase::BudgetedIncome => input.budgeted_income,
        crate::audit::caps::ShareBase::RetainedAllocation => input.retained_income,
    }
}

/// Checks on the benefit lists of the period's vouchers, each row against the rule in force on
/// its voucher's date.
pub fn benefits(input: &Input) -> Vec<Finding> {
    let pack = input.pack;
    let vouchers: BTreeMap<&str, (NaiveDate, &str)> = input
        .vouchers
        .iter()
        .filter(|v| input.in_period(v))
        .map(|v| (v.no.as_str(), (v.date, v.summary.as_str())))
        .collect();
    let rows: Vec<(&Benefit, NaiveDate, &str)> =
        input.benefits.iter().filter_map(|b| vouchers.get(b.voucher_no.as_str()).map(|(d, s)| (b, *d, *s))).collect();
    let register: BTreeMap<&str, &Member> = input.members.iter().map(|m| (m.no.as_str(), m)).collect();
    let rule_on = |kind: &str, date: NaiveDate| pack.benefit(kind, date, &input.conditions);
    let mut out = Vec::new();

    // Per event, per voucher: one finding for everyone on a list over the cap.
    let mut over_event: BTreeMap<(&str, &str), (Amount, BTreeSet<String>, Amount, String)> = BTreeMap::new();
    // Forms not allowed, per voucher and form.
    // With the allowed forms and the rule's citation.
    let mut bad_form: BTreeMap<(&str, &str, &str), (Amount, BTreeSet<String>, String, String)> = BTreeMap::new();
    let mut unsigned: BTreeMap<&str, (Amount, BTreeSet<String>)> = BTreeMap::new();
    let mut ineligible: BTreeMap<(&str, String), (Amount, BTreeSet<String>)> = BTreeMap::new();
    // Per member and type over the period: total, count, vouchers, the last date.
    let mut per_member: BTreeMap<(String, &str), (Amount, usize, BTreeSet<String>, NaiveDate)> = BTreeMap::new();
    // Per member and festival (for caps per festival): total, vouchers, the last date.
    let mut per_festival: BTreeMap<(String, String), (Amount, BTreeSet<String>, NaiveDate)> = BTreeMap::new();
    // Per type: the union's total and its vouchers (for caps as a share of a base).
    let mut totals: BTreeMap<&str, (Amount, BTreeSet<String>, NaiveDate)> = BTreeMap::new();
    for (b, date, summary) in &rows {
        let rule = rule_on(&b.kind, *date);
        if let Some(cap) = rule.as_ref().and_then(|r| r.per_event) {
            if b.amount > cap {
                let e = over_event.entry((b.voucher_no.as_str(), b.kind.as_str())).or_default();
                e.0 += b.amount - cap;
                e.1.insert(format!("{}（{} 元）", who(b), b.amount.grouped()));
                e.2 = cap;
                e.3 = rule.as_ref().map(|r| r.cite()).unwrap_or_default();
            }
        }
        if let Some(r) = &rule {
            if !r.forms.iter().any(|f| f == &b.form) {
                let e = bad_form.entry((b.voucher_no.as_str(), b.kind.as_str(), b.form.as_str())).or_default();
                e.0 += b.amount;
                e.1.insert(who(b));
                e.2 = r.forms.join("、");
                e.3 = r.cite();
            }
        }
        if !b.signed {
            let e = unsigned.entry(b.voucher_no.as_str()).or_default();
            e.0 += b.amount;
            e.1.insert(who(b));
        }
        let member = register.get(b.member_no.as_str());
        let why = match member {
            None if pack.members_only.value => Some("不在会员名册中".to_string()),
            Some(m) if m.status == MemberStatus::Retired && pack.retirees_excluded.value => {
                Some("退休人员".to_string())
            }
            Some(m) if m.status == MemberStatus::Transferred && pack.members_only.value => Some("已调离".to_string()),
            Some(m) if pack.members_only.value && m.joined.is_some_and(|j| j > *date) => {
                Some(format!("发放时尚未入会（{} 入会）", m.joined.map(|j| j.to_string()).unwrap_or_default()))
            }
            _ => None,
        };
        if let Some(why) = why {
            let e = ineligible.entry((b.voucher_no.as_str(), why)).or_default();
            e.0 += b.amount;
            e.1.insert(who(b));
        }
        let e = per_member.entry((who(b), b.kind.as_str())).or_insert((Amount::ZERO, 0, BTreeSet::new(), *date));
        e.0 += b.amount;
        e.1 += 1;
        e.2.insert(b.voucher_no.clone());
        e.3 = e.3.max(*date);
        if b.kind == "节日" {
            let festival = pack.festivals.value.found_in(summary).unwrap_or("其他").to_string();
            let e = per_festival.entry((who(b), festival)).or_insert((Amount::ZERO, BTreeSet::new(), *date));
            e.0 += b.amount;
            e.1.insert(b.voucher_no.clone());
            e.2 = e.2.max(*date);
        }
        let e = totals.entry(b.kind.as_str()).or_insert((Amount::ZERO, BTreeSet::new(), *date));
        e.0 += b.amount;
        e.1.insert(b.voucher_no.clone());
        e.2 = e.2.max(*date);
    }
    for ((v, kind), (excess, people, cap, cited)) in over_event {
        out.push(finding(
            "benefit_cap",
            format!(
                "凭证 {v} 的{kind}慰问有 {} 人超过每次 {} 元的标准：{}",
                people.len(),
                cap.grouped(),
                people.iter().cloned().collect::<Vec<_>>().join("、")
            ),
            &cited,
            excess,
            vec![v.to_string()],
            sorted(people.into_iter().map(|p| p.split('（').next().unwrap_or("").to_string()).collect()),
        ));
    }
    // Members of the register who may receive benefits: the share cap's per-person part.
    let members = input.members.iter().filter(|m| m.status != MemberStatus::Retired).count().max(1);
    for ((member, kind), (total, count, vouchers, last)) in &per_member {
        let Some(r) = rule_on(kind, *last) else { continue };
        // A share with a per-person ceiling (上海 2015): each member at most min(ceiling,
        // ratio × base ÷ members); a share alone caps only the union's total (北京).
        let share_cap = r.share.as_ref().and_then(|s| {
            let ceiling = s.per_person_max?;
            let each = Amount(crate::money::apply_rate(base_of(input, s.base), s.ratio).fen() / members as i64);
            Some(ceiling.min(each))
        });
        let cap = match (r.per_member_year, share_cap) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(cap) = cap {
            if *total > cap {
                out.push(finding(
                    "benefit_cap",
                    format!(
                        "{member} 本期{kind}慰问合计 {} 元，超过每人每年 {} 元的标准",
                        total.grouped(),
                        cap.grouped()
                    ),
                    &r.cite(),
                    *total - cap,
                    sorted(vouchers.clone()),
                    vec![member.clone()],
                ));
            }
        }
        let once = matches!(r.frequency.as_deref(), Some("每年一次") | Some("一次"));
        let limit = r.max_count.map(|n| n as usize).or(once.then_some(1));
        if let Some(limit) = limit.filter(|l| *count > *l) {
            out.push(finding(
                "benefit_frequency",
                format!(
                    "{member} 本期领取{kind}慰问 {count} 次，规定{}",
                    r.frequency.clone().unwrap_or_else(|| format!("每年不超过 {limit} 次"))
                ),
                &r.cite(),
                *total,
                sorted(vouchers.clone()),
                vec![member.clone()],
            ));
        }
    }
    for ((member, festival), (total, vouchers, last)) in &per_festival {
        let Some(r) = rule_on("节日", *last) else { continue };
        let Some(cap) = r.festival_cap(festival) else { continue };
        if *total > cap {
            out.push(finding(
                "benefit_cap",
                format!(
                    "{member} {festival}慰问合计 {} 元，超过该节日每人 {} 元的标准",
                    total.grouped(),
                    cap.grouped()
                ),
                &r.cite(),
                *total - cap,
                sorted(vouchers.clone()),
                vec![member.clone()],
            ));
        }
    }
    for ((v, kind, form), (amount, people, forms, cited)) in bad_form {
        out.push(finding(
            "benefit_form",
            format!("凭证 {v} 的{kind}慰问以“{form}”发放给 {} 人；允许的形式：{forms}", people.len()),
            &cited,
            amount,
            vec![v.to_string()],
            sorted(people),
        ));
    }
    for ((v, why), (amount, people)) in ineligible {
        let doc = if why == "退休人员" { &pack.retirees_excluded } else { &pack.members_only };
        out.push(finding(
            "benefit_eligibility",
            format!(
                "凭证 {v} 向{why}发放慰问 {} 人：{}",
                people.len(),
                people.iter().cloned().collect::<Vec<_>>().join("、")
            ),
            &doc.cite(),
            amount,
            vec![v.to_string()],
            sorted(people),
        ));
    }
    for (v, (amount, people)) in unsigned {
        out.push(finding(
            "benefit_unsigned",
            format!("凭证 {v} 的发放名单有 {} 人未签收", people.len()),
            &pack.signed_receipts.cite(),
            amount,
            vec![v.to_string()],
            sorted(people),
        ));
    }
    // The union's total of a type against a share of its base.
    for (kind, (total, vouchers, last)) in totals {
        let Some(r) = rule_on(kind, last) else { continue };
        let Some(s) = &r.share else { continue };
        let base = base_of(input, s.base);
        let cap = crate::money::apply_rate(base, s.ratio);
        if total > cap {
            out.push(finding(
                "festival_share",
                format!(
                    "本期{kind}慰问合计 {} 元，超过{} {} 元的 {}（{} 元）",
                    total.grouped(),
                    s.base.label(),
                    base.grouped(),
                    crate::allocation::percent_text(s.ratio),
                    cap.grouped()
                ),
                &r.cite(),
                total - cap,
                sorted(vouchers),
                Vec::new(),
            ));
        }
    }
    out
}

/// Checks on the period's vouchers: health checks, cash, collective decisions, attachments,
/// preparer and reviewer; and advances (135) still open at the end of the period.
pub fn vouchers(input: &Input) -> Vec<Finding> {
    let pack = input.pack;
    let mut out = Vec::new();
    for v in input.vouchers.iter().filter(|v| input.in_period(v)) {
        let spending = v.spending();
        if pack.health_checks_excluded.value && spending.fen() > 0 && v.summary.contains("体检") {
            out.push(finding(
                "health_check",
                format!(
                    "凭证 {}（{}）以工会经费支付职工体检 {} 元；职工体检应由行政负担",
                    v.no,
                    v.summary,
                    spending.grouped()
                ),
                &pack.health_checks_excluded.cite(),
                spending,
                vec![v.no.clone()],
                Vec::new(),
            ));
        }
        let cash_out: Amount = v.under("101").map(|l| l.credit).sum();
        if cash_out >= pack.cash_limit.value {
            out.push(finding(
                "cash_limit",
                format!(
                    "凭证 {}（{}）以现金支付 {} 元，达到结算起点 {} 元，应通过银行转账或公务卡支付",
                    v.no,
                    v.summary,
                    cash_out.grouped(),
                    pack.cash_limit.value.grouped()
                ),
                &pack.cash_limit.cite(),
                cash_out,
                vec![v.no.clone()],
                Vec::new(),
            ));
        }
        if !v.is_closing() && spending >= pack.collective_decision.value && v.decision_ref.trim().is_empty() {
            out.push(finding(
                "collective_decision",
                format!(
                    "凭证 {}（{}）支出 {} 元，达到须集体研究决定的金额 {} 元，凭证上没有会议纪要号",
                    v.no,
                    v.summary,
                    spending.grouped(),
                    pack.collective_decision.value.grouped()
                ),
                &pack.collective_decision.cite(),
                spending,
                vec![v.no.clone()],
                Vec::new(),
            ));
        }
        let moves_money = v.lines.iter().any(|l| l.account.starts_with("101") || l.account.starts_with("102"));
        // Correcting and closing vouchers need no documents (会计基础工作规范 第五十一条).
        let exempt = v.is_closing() || v.source_kind == "reversal";
        if moves_money && v.attachments <= 0 && !exempt {
            out.push(finding(
                "no_attachment",
                format!("凭证 {}（{}）收付款项，但附件数为 0（缺少原始凭证）", v.no, v.summary),
                &pack.attachments.cite(),
                v.lines.iter().map(|l| l.debit).sum(),
                vec![v.no.clone()],
                Vec::new(),
            ));
        }
        if !v.review_waived && v.reviewed_by.as_deref().is_some_and(|r| crate::names::same(r, &v.prepared_by)) {
            out.push(finding(
                "same_preparer_reviewer",
                format!("凭证 {} 由 {} 制单并审核，不相容岗位未分离", v.no, v.prepared_by),
                &pack.separation_of_duties.cite(),
                v.lines.iter().map(|l| l.debit).sum(),
                vec![v.no.clone()],
                Vec::new(),
            ));
        }
    }
    out.extend(advances(input));
    out
}

/// The people of the union and the roles each holds: 会计 and 出纳 in one hand is allowed in a
/// small union (the tool lets it be granted) and reported here as a matter of internal control.
pub fn staff(pack: &Pack, people: &[(String, Vec<Role>)]) -> Vec<Finding> {
    people
        .iter()
        .filter(|(_, roles)| roles.contains(&Role::Accountant) && roles.contains(&Role::Cashier))
        .map(|(name, _)| {
            finding(
                "combined_duties",
                format!(
                    "{name} 同时担任会计和出纳，钱账未分管；小型工会可以兼任，但应由他人定期核对库存现金和银行对账单"
                ),
                &pack.separation_of_duties.cite(),
                Amount::ZERO,
                Vec::new(),
                Vec::new(),
            )
        })
        .collect()
}

/// Advances (135 暂付款) paid out, receivables from the upper union (13102) and other payables
/// (215) not cleared (first in, first out) that are older than the pack's limits at the end of
/// the period.
fn advances(input: &Input) -> Vec<Finding> {
    let pack = input.pack;
    let mut out = aged(input, "135", true, "advance_overdue", "暂付款", &pack.advance_max_days);
    out.extend(aged(input, "13102", true, "receivable_overdue", "应收上级转拨经费", &pack.receivable_max_days));
    out.extend(aged(input, "215", false, "payable_overdue", "其他应付款", &pack.payable_max_days));
    out
}

/// What is still open on `prefix` at the end of the period, first in first out: opened by debits
/// (`debit_opens`) or by credits, older than `limit` days.
fn aged(
    input: &Input,
    prefix: &str,
    debit_opens: bool,
    rule: &str,
    what: &str,
    limit: &super::pack::Sourced<i64>,
) -> Vec<Finding> {
    let mut open: Vec<(NaiveDate, String, String, Amount)> = Vec::new();
    let mut ordered: Vec<&AuditVoucher> = input.vouchers.iter().filter(|v| v.date <= input.to).collect();
    ordered.sort_by_key(|v| v.date);
    for v in ordered {
        for l in v.under(prefix) {
            let (opens, clears) = if debit_opens { (l.debit, l.credit) } else { (l.credit, l.debit) };
            if opens.fen() > 0 {
                open.push((v.date, v.no.clone(), v.summary.clone(), opens));
            }
            let mut clear = clears;
            while clear.fen() > 0 && !open.is_empty() {
                let take = if open[0].3 <= clear { open[0].3 } else { clear };
                open[0].3 -= take;
                clear -= take;
                if open[0].3.is_zero() {
                    open.remove(0);
                }
            }
        }
    }
    let days = limit.value;
    open.into_iter()
        .filter(|(d, _, _, a)| a.fen() > 0 && (input.to - *d).num_days() > days)
        .map(|(d, no, summary, a)| {
            finding(
                rule,
                format!(
                    "凭证 {no}（{summary}，{d}）的{what}尚有 {} 元未结清，至 {} 已挂账 {} 天（超过 {days} 天）",
                    a.grouped(),
                    input.to,
                    (input.to - d).num_days()
                ),
                &limit.cite(),
                a,
                vec![no],
                Vec::new(),
            )
        })
        .collect()
}

/// Bank payments: the same payee paid the same amount twice within a few days; several payments
/// to one payee within a few days, each below the collective-decision amount, together reaching it.
pub fn payments(input: &Input) -> Vec<Finding> {
    let pack = input.pack;
    let mut by_payee: BTreeMap<&str, Vec<&Payment>> = BTreeMap::new();
    for p in input.payments.iter().filter(|p| !p.counterparty.trim().is_empty()) {
        by_payee.entry(p.counterparty.as_str()).or_default().push(p);
    }
    let threshold = pack.collective_decision.value;
    let mut out = Vec::new();
    for (payee, mut ps) in by_payee {
        ps.sort_by_key(|p| p.date);
        let mut reported: BTreeSet<usize> = BTreeSet::new();
        for i in 0..ps.len() {
            for j in i + 1..ps.len() {
                if (ps[j].date - ps[i].date).num_days() > pack.duplicate_days.value {
                    break;
                }
                if ps[j].amount == ps[i].amount && !reported.contains(&j) {
                    reported.insert(j);
                    out.push(finding(
                        "duplicate_payment",
                        format!(
                            "{} 与 {} 两次向“{payee}”支付 {} 元（相隔 {} 天），请核实是否重复付款",
                            ps[i].date,
                            ps[j].date,
                            ps[i].amount.grouped(),
                            (ps[j].date - ps[i].date).num_days()
                        ),
                        &pack.duplicate_days.cite(),
                        ps[j].amount,
                        sorted(
                            [ps[i].voucher_no.clone(), ps[j].voucher_no.clone()]
                                .into_iter()
                                .filter(|n| !n.is_empty())
                                .collect(),
                        ),
                        Vec::new(),
                    ));
                }
            }
        }
        // Splits: a window of payments each below the threshold whose sum reaches it.
        let mut i = 0;
        while i < ps.len() {
            let mut j = i;
            let mut sum = Amount::ZERO;
            while j < ps.len()
                && (ps[j].date - ps[i].date).num_days() <= pack.split_days.value
                && ps[j].amount < threshold
            {
                sum += ps[j].amount;
                j += 1;
            }
            if j - i >= 2 && sum >= threshold {
                out.push(finding(
                    "split_payment",
                    format!(
                        "{} 至 {} 向“{payee}”分 {} 笔支付共 {} 元，每笔低于、合计达到须集体研究决定的金额 {} 元",
                        ps[i].date,
                        ps[j - 1].date,
                        j - i,
                        sum.grouped(),
                        threshold.grouped()
                    ),
                    &pack.split_days.cite(),
                    sum,
                    sorted(ps[i..j].iter().map(|p| p.voucher_no.clone()).filter(|n| !n.is_empty()).collect()),
                    Vec::new(),
                ));
                i = j;
            } else {
                i += 1;
            }
        }
    }
    out
}
