//! The audit rule packs: the list (`audit packs`) with each pack's document, layer and date, and
//! one pack's rules in force on a date (`audit pack show`), each with its document and how sure
//! its source is.

use super::listing;
use crate::audit::caps::{BenefitRule, ShareBase};
use crate::audit::pack::{Pack, Sourced, Words};
use crate::report::{Cell, Column, Report, Row, Section, Table};
use chrono::NaiveDate;

fn layer_label(p: &Pack) -> &'static str {
    match p.layer.as_str() {
        "city" => "市级",
        "union" => "本会",
        _ if p.province.is_empty() => "全国",
        _ => "省级",
    }
}

/// Festivals in the order of the year, `其他` last.
fn festival_order(name: &str) -> usize {
    ["元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆"].iter().position(|f| *f == name).unwrap_or(99)
}

fn by_festival(
    caps: &std::collections::BTreeMap<String, crate::money::Amount>,
) -> Vec<(&String, &crate::money::Amount)> {
    let mut v: Vec<_> = caps.iter().collect();
    v.sort_by_key(|(k, _)| festival_order(k));
    v
}

/// The built-in packs (and a union's own, when given).
pub fn packs(list: &[Pack]) -> Report {
    let mut r = listing("packs", "经审规则包", "", "");
    r.unit.clear();
    let rows = list
        .iter()
        .map(|p| {
            let versions: usize = p.versions.values().map(Vec::len).sum();
            let festival = p.benefits.get("节日").map(festival_cap).unwrap_or_else(|| "—".into());
            Row::new(vec![
                Cell::text(&p.id),
                Cell::text(if p.province.is_empty() { "全国" } else { p.province.as_str() }),
                Cell::text(layer_label(p)),
                Cell::text(&p.name),
                Cell::text(p.effective_from.to_string()),
                Cell::text(festival),
                Cell::text(versions.to_string()),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("编号", 14),
            Column::text("省份", 6),
            Column::text("层级", 4),
            Column::text("文件", 36),
            Column::date("施行日期"),
            Column::text("节日慰问标准（现行）", 18),
            Column::text("慰问规则条数", 6),
        ],
        rows,
    }));
    r.notes.push(format!(
        "共 {} 个规则包。查看某一规则包在某日有效的规则：gonghui audit pack show 编号 --date 2025-06-01",
        list.len()
    ));
    r
}

/// How a festival rule caps: per year, per festival, as a share.
fn festival_cap(r: &BenefitRule) -> String {
    let mut parts = Vec::new();
    if let Some(a) = r.per_member_year {
        parts.push(format!("每人每年 {} 元", a.grouped()));
    }
    if !r.per_festival.is_empty() {
        parts.push(
            by_festival(&r.per_festival)
                .iter()
                .map(|(k, v)| format!("{k} {} 元", v.grouped()))
                .collect::<Vec<_>>()
                .join("、"),
        );
    }
    if let Some(s) = &r.share {
        parts.push(share_text(s.base, s.ratio, s.per_person_max));
    }
    if parts.is_empty() {
        "未规定金额".into()
    } else {
        parts.join("；")
    }
}

fn share_text(base: ShareBase, ratio: rust_decimal::Decimal, max: Option<crate::money::Amount>) -> String {
    let mut t = format!("总额不超过{}的 {}", base.label(), crate::allocation::percent_text(ratio));
    if let Some(m) = max {
        t.push_str(&format!("，每人不超过 {} 元", m.grouped()));
    }
    t
}

/// One pack's rules in force on `on`, for a union with these settings.
pub fn pack_rules(p: &Pack, on: NaiveDate, conditions: &[String]) -> Report {
    let mut r = listing("pack", &format!("经审规则包 {}", p.id), "", &format!("{on} 有效的规则"));
    r.unit.clear();
    let mut rows = Vec::new();
    let mut add = |rule: &str, content: String, doc: &str, confidence: &str| {
        rows.push(Row::new(vec![Cell::text(rule), Cell::text(content), Cell::text(doc), Cell::text(confidence)]));
    };
    for kind in crate::audit::pack::BENEFIT_TYPES {
        let Some(b) = p.benefit(kind, on, conditions) else { continue };
        let mut content = Vec::new();
        if let Some(a) = b.per_member_year {
            content.push(format!("每人每年 {} 元", a.grouped()));
        }
        if let Some(a) = b.per_event {
            content.push(format!("每次 {} 元", a.grouped()));
        }
        for (k, v) in by_festival(&b.per_festival) {
            content.push(format!("{k}每人 {} 元", v.grouped()));
        }
        if let Some(s) = &b.share {
            content.push(share_text(s.base, s.ratio, s.per_person_max));
        }
        if let Some(n) = b.max_count {
            content.push(format!("每年不超过 {n} 次"));
        }
        if let Some(f) = &b.frequency {
            content.push(f.clone());
        }
        content.push(format!("形式：{}", b.forms.join("、")));
        for c in &b.conditions {
            let cap = c.per_member_year.or(c.per_event).map(|a| a.grouped()).unwrap_or_default();
            content.push(format!("“{}”的工会：{cap} 元（settings audit_conditions）", c.setting));
        }
        if let Some(f) = b.from {
            content.push(format!("自 {f} 起"));
        }
        add(&format!("{kind}慰问"), content.join("；"), &b.doc, b.confidence.label());
    }
    let amount = |s: &Sourced<crate::money::Amount>| format!("{} 元", s.value.grouped());
    let yes = |s: &Sourced<bool>| if s.value { "是".to_string() } else { "否".to_string() };
    let days = |s: &Sourced<i64>| format!("{} 天", s.value);
    let words = |s: &Sourced<Words>| {
        let mut t = s.value.list.join("、");
        if !s.value.except.is_empty() {
            t.push_str(&format!("（不含：{}）", s.value.except.join("、")));
        }
        t
    };
    for (name, content, s) in [
        ("现金结算起点", amount(&p.cash_limit), (&p.cash_limit.doc, p.cash_limit.confidence)),
        (
            "须集体研究决定的金额",
            amount(&p.collective_decision),
            (&p.collective_decision.doc, p.collective_decision.confidence),
        ),
        ("问题金额提高一级", amount(&p.severity_raise_at), (&p.severity_raise_at.doc, p.severity_raise_at.confidence)),
    ] {
        add(name, content, s.0, s.1.label());
    }
    for (name, s) in [
        ("只有会员享受福利", &p.members_only),
        ("退休人员慰问由行政负担", &p.retirees_excluded),
        ("体检由行政负担", &p.health_checks_excluded),
        ("严禁无预算、超预算列支", &p.budget_control),
        ("按月拨缴 2%", &p.allocation_due),
        ("上解上级工会", &p.upward_share),
        ("每月银行对账", &p.bank_reconciliation),
        ("已记账簿不得涂改", &p.books_integrity),
        ("实名发放、实名签收", &p.signed_receipts),
        ("现金、银行存款不得为负", &p.cash_nonnegative),
        ("盘点库存现金", &p.cash_count),
        ("审计发现按期整改", &p.rectification),
        ("收付凭证附原始凭证", &p.attachments),
        ("不相容岗位分离", &p.separation_of_duties),
    ] {
        add(name, yes(s), &s.doc, s.confidence.label());
    }
    for (name, s) in [
        ("暂付款挂账期限", &p.advance_max_days),
        ("应收上级经费挂账期限", &p.receivable_max_days),
        ("其他应付款挂账期限", &p.payable_max_days),
        ("重复付款间隔", &p.duplicate_days),
        ("拆分付款间隔", &p.split_days),
    ] {
        add(name, days(s), &s.doc, s.confidence.label());
    }
    for (name, s) in [
        ("法定节日", &p.festivals),
        ("其他节日", &p.other_days),
        ("慰问科目", &p.gift_accounts),
        ("发放慰问的词语", &p.gift_words),
        ("购物卡类词语", &p.card_words),
        ("现金发放词语", &p.cash_words),
        ("旅游词语", &p.trip_words),
        ("行政负担的事项", &p.administration_words),
    ] {
        add(name, words(s), &s.doc, s.confidence.label());
    }
    add(
        "12 月支出占全年比重上限",
        crate::allocation::percent_text(p.december_share.value),
        &p.december_share.doc,
        p.december_share.confidence.label(),
    );
    r.sections.push(Section::Table(Table {
        title: Some(format!("{}（{}，{} 施行）", p.name, layer_label(p), p.effective_from)),
        columns: vec![
            Column::text("规则", 10),
            Column::text("内容", 30),
            Column::text("依据", 36),
            Column::text("来源可靠程度", 8),
        ],
        rows,
    }));
    if !p.layers_below.is_empty() {
        r.notes.push(format!(
            "以 {} 为基础{}",
            p.layers_below.join(" ← "),
            if p.layer == "province" {
                "，本规则包写明的条款取代基础规则包的同名条款"
            } else {
                "，逐条从严适用"
            }
        ));
    }
    r
}
