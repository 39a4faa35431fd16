//! Benefit rules of a pack (format 2, issue 22 point 1): caps per member per year, per event and
//! per festival; a cap on the union's total as a share of a base (retained 拨缴 income or budgeted
//! income) with an optional per-person ceiling; caps chosen by a setting of the union (湖北: more
//! for an enterprise union with ample funds); count limits; versions by the date they apply from;
//! and layers (province → city → the union's own) where the strictest applies, each cap keeping
//! the document it comes from. Format 1 packs read as before.

use super::pack::{Confidence, BENEFIT_TYPES, FORMS};
use crate::error::{Error, Result};
use crate::ledger::period::parse_date;
use crate::money::Amount;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

/// What a share cap is a share of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareBase {
    /// The year's retained 拨缴 income (402).
    RetainedAllocation,
    /// The year's budgeted income (the adjusted budget).
    BudgetedIncome,
}

impl ShareBase {
    pub fn label(self) -> &'static str {
        match self {
            ShareBase::RetainedAllocation => "当年留成拨缴经费收入",
            ShareBase::BudgetedIncome => "当年预算收入",
        }
    }
}

/// The union's total for a benefit type at most `ratio` of a base; each member at most
/// `per_person_max` (上海 2015: 20% of retained income, at most 400 a person).
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    pub base: ShareBase,
    pub ratio: Decimal,
    pub per_person_max: Option<Amount>,
}

/// A cap chosen by a setting of the union (`settings audit_conditions 经费充裕企业工会`).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub setting: String,
    pub per_member_year: Option<Amount>,
    pub per_event: Option<Amount>,
    pub doc: String,
    pub confidence: Confidence,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BenefitRule {
    pub kind: String,
    /// The first day this version applies (None: the pack's own date).
    pub from: Option<NaiveDate>,
    pub per_member_year: Option<Amount>,
    pub per_event: Option<Amount>,
    /// Per member and festival (重庆: 春节 500, 国庆 300, 其他 100); `其他` for the festivals not named.
    pub per_festival: BTreeMap<String, Amount>,
    pub share: Option<Share>,
    /// At most this many distributions of the type to one member a year.
    pub max_count: Option<u32>,
    pub conditions: Vec<Condition>,
    pub frequency: Option<String>,
    pub forms: Vec<String>,
    pub doc: String,
    pub confidence: Confidence,
}

impl BenefitRule {
    pub fn cite(&self) -> String {
        format!("{}（{}）", self.doc, self.confidence.label())
    }

    /// The rule as a union with these settings has it: a condition it meets replaces the caps it
    /// names, and its document is cited.
    pub fn for_union(&self, settings: &[String]) -> BenefitRule {
        let mut r = self.clone();
        for c in self.conditions.iter().filter(|c| settings.iter().any(|s| s == &c.setting)) {
            r.per_member_year = c.per_member_year.or(r.per_member_year);
            r.per_event = c.per_event.or(r.per_event);
            r.doc = c.doc.clone();
            r.confidence = c.confidence;
        }
        r
    }

    /// The cap for one festival, if the rule has caps per festival.
    pub fn festival_cap(&self, festival: &str) -> Option<Amount> {
        self.per_festival.get(festival).or_else(|| self.per_festival.get("其他")).copied()
    }
}

#[derive(Deserialize, Clone)]
pub(super) struct RawShare {
    of: String,
    ratio: String,
    per_person_max: Option<String>,
}

#[derive(Deserialize, Clone)]
pub(super) struct RawCondition {
    setting: String,
    per_member_year: Option<String>,
    per_event: Option<String>,
    doc: String,
    confidence: String,
}

#[derive(Deserialize, Clone)]
pub(super) struct RawBenefit {
    #[serde(rename = "type")]
    kind: String,
    from: Option<String>,
    per_member_year: Option<String>,
    per_event: Option<String>,
    per_festival: Option<BTreeMap<String, String>>,
    /// Format 1: a cap on the total as a share of budgeted income.
    share_of_budgeted_income: Option<String>,
    share: Option<RawShare>,
    max_count: Option<u32>,
    #[serde(default)]
    when: Vec<RawCondition>,
    frequency: Option<String>,
    forms: Option<Vec<String>>,
    doc: String,
    confidence: String,
}

fn conf(s: &str, at: &str) -> Result<Confidence> {
    Confidence::parse(s).ok_or_else(|| Error::input(format!("{at}：confidence 应为 V、S 或 U（实为“{s}”）")))
}

fn amount(s: &str, at: &str) -> Result<Amount> {
    Amount::parse(s).map_err(|e| Error::input(format!("{at}：{e}")))
}

/// The pack's benefit rules over those inherited: every version of each type, oldest first.
/// With `strictest` (a city's or a union's layer), a cap is the lower of the layer's and the one
/// below it, forms are those both allow, and the document cites both.
pub(super) fn resolve(
    raws: &[RawBenefit],
    inherited: &BTreeMap<String, Vec<BenefitRule>>,
    strictest: bool,
    at: &str,
) -> Result<BTreeMap<String, Vec<BenefitRule>>> {
    let mut out = inherited.clone();
    let mut replaced: Vec<String> = Vec::new();
    for b in raws {
        if !BENEFIT_TYPES.contains(&b.kind.as_str()) {
            return Err(Error::input(format!("{at}：慰问类型“{}”不认识；可用：{}", b.kind, BENEFIT_TYPES.join("、"))));
        }
        let from = match &b.from {
            Some(t) => {
                Some(parse_date(t).ok_or_else(|| Error::input(format!("{at} {} 的 from“{t}”不是日期", b.kind)))?)
            }
            None => None,
        };
        // The version below this one: the pack's own earlier version of the type, else the
        // inherited one in force on its date.
        let own_earlier = if replaced.contains(&b.kind) || strictest {
            out.get(&b.kind).and_then(|vs| vs.iter().rev().find(|v| v.from < from || from.is_none()).cloned())
        } else {
            None
        };
        let below = own_earlier.or_else(|| inherited.get(&b.kind).and_then(|vs| in_force(vs, from)).cloned());
        let forms = match (&b.forms, &below) {
            (Some(f), _) => f.clone(),
            (None, Some(i)) => i.forms.clone(),
            (None, None) => FORMS.iter().map(|s| s.to_string()).collect(),
        };
        if let Some(f) = forms.iter().find(|f| !FORMS.contains(&f.as_str())) {
            return Err(Error::input(format!("{at}：发放形式“{f}”不认识；可用：{}", FORMS.join("、"))));
        }
        let a = |x: &Option<String>, name: &str| {
            x.as_deref().map(|t| amount(t, &format!("{at} {} 的 {name}", b.kind))).transpose()
        };
        let mut per_festival = BTreeMap::new();
        for (k, v) in b.per_festival.iter().flatten() {
            per_festival.insert(k.clone(), amount(v, &format!("{at} {} 的 per_festival.{k}", b.kind))?);
        }
        let share = match (&b.share, &b.share_of_budgeted_income) {
            (Some(s), _) => Some(Share {
                base: match s.of.as_str() {
                    "retained_allocation" | "留成拨缴经费" => ShareBase::RetainedAllocation,
                    "budgeted_income" | "预算收入" => ShareBase::BudgetedIncome,
                    other => {
                        return Err(Error::input(format!(
                            "{at} {} 的 share.of“{other}”不认识；可用：retained_allocation（留成拨缴经费收入）、budgeted_income（预算收入）",
                            b.kind
                        )))
                    }
                },
                ratio: crate::allocation::parse_ratio(&format!("{at} {} 的 share.ratio", b.kind), &s.ratio)?,
                per_person_max: a(&s.per_person_max, "share.per_person_max")?,
            }),
            (None, Some(t)) => Some(Share {
                base: ShareBase::BudgetedIncome,
                ratio: crate::allocation::parse_ratio("share_of_budgeted_income", t)?,
                per_person_max: None,
            }),
            (None, None) => None,
        };
        let mut conditions = Vec::new();
        for c in &b.when {
            if c.setting.trim().is_empty() {
                return Err(Error::input(format!("{at} {} 的 when 缺少 setting", b.kind)));
            }
            conditions.push(Condition {
                setting: c.setting.clone(),
                per_member_year: a(&c.per_member_year, "when.per_member_year")?,
                per_event: a(&c.per_event, "when.per_event")?,
                doc: c.doc.clone(),
                confidence: conf(&c.confidence, at)?,
            });
        }
        let own = BenefitRule {
            kind: b.kind.clone(),
            from,
            per_member_year: a(&b.per_member_year, "per_member_year")?,
            per_event: a(&b.per_event, "per_event")?,
            per_festival,
            share,
            max_count: b.max_count,
            conditions,
            frequency: b.frequency.clone(),
            forms,
            doc: b.doc.clone(),
            confidence: conf(&b.confidence, at)?,
        };
        let rule = match below {
            Some(i) if strictest => stricter(own, &i),
            Some(i) => inherit(own, &i),
            None => own,
        };
        // A pack's first version of a type replaces the inherited versions (they are another
        // body's) unless it is a stricter layer, whose versions sit beside them.
        let versions = out.entry(b.kind.clone()).or_default();
        if !strictest && !replaced.contains(&b.kind) {
            versions.clear();
            replaced.push(b.kind.clone());
        }
        versions.retain(|v| v.from != rule.from);
        versions.push(rule);
        versions.sort_by_key(|v| v.from);
    }
    Ok(out)
}

/// What a version leaves out comes from the version below it (format 1 inheritance).
fn inherit(mut own: BenefitRule, below: &BenefitRule) -> BenefitRule {
    own.per_member_year = own.per_member_year.or(below.per_member_year);
    own.per_event = own.per_event.or(below.per_event);
    if own.per_festival.is_empty() {
        own.per_festival = below.per_festival.clone();
    }
    own.share = own.share.or(below.share.clone());
    own.max_count = own.max_count.or(below.max_count);
    if own.conditions.is_empty() {
        own.conditions = below.conditions.clone();
    }
    own.frequency = own.frequency.or(below.frequency.clone());
    own
}

/// The stricter of two layers: each cap the lower, forms both allow, both documents cited.
fn stricter(own: BenefitRule, below: &BenefitRule) -> BenefitRule {
    let lower = |a: Option<Amount>, b: Option<Amount>| match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    let mut per_festival = below.per_festival.clone();
    for (k, v) in &own.per_festival {
        let e = per_festival.entry(k.clone()).or_insert(*v);
        *e = (*e).min(*v);
    }
    let share = match (&own.share, &below.share) {
        (Some(a), Some(b)) if a.base == b.base => Some(Share {
            base: a.base,
            ratio: a.ratio.min(b.ratio),
            per_person_max: lower(a.per_person_max, b.per_person_max),
        }),
        (a, b) => a.clone().or(b.clone()),
    };
    let confidence = match (own.confidence, below.confidence) {
        (Confidence::Unverified, _) | (_, Confidence::Unverified) => Confidence::Unverified,
        (Confidence::Secondary, _) | (_, Confidence::Secondary) => Confidence::Secondary,
        _ => Confidence::Verified,
    };
    BenefitRule {
        kind: own.kind.clone(),
        from: own.from,
        per_member_year: lower(own.per_member_year, below.per_member_year),
        per_event: lower(own.per_event, below.per_event),
        per_festival,
        share,
        max_count: match (own.max_count, below.max_count) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
        conditions: if own.conditions.is_empty() { below.conditions.clone() } else { own.conditions.clone() },
        frequency: own.frequency.clone().or(below.frequency.clone()),
        forms: own.forms.iter().filter(|f| below.forms.contains(f)).cloned().collect(),
        doc: format!("{}；从严适用：{}", own.doc, below.doc),
        confidence,
    }
}

/// The version in force on a date (None: the latest): the last whose `from` has come.
pub fn in_force(versions: &[BenefitRule], on: Option<NaiveDate>) -> Option<&BenefitRule> {
    match on {
        None => versions.last(),
        Some(d) => versions.iter().rev().find(|v| v.from.is_none_or(|f| f <= d)).or(versions.first()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::checks::{self, AuditVoucher, Input};
    use crate::audit::pack::{self, Pack};
    use crate::audit::{Benefit, Member, MemberStatus};
    use crate::ledger::voucher::Line;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn get(id: &str) -> Pack {
        pack::builtin().unwrap().into_iter().find(|p| p.id == id).unwrap()
    }

    #[test]
    fn every_rule_of_every_pack_cites_its_document_and_how_sure_it_is() {
        let all = pack::builtin().unwrap();
        assert!(all.len() >= 15, "{} packs", all.len());
        for p in &all {
            assert!(!p.name.is_empty(), "{}", p.id);
            let sourced: Vec<(&str, &str)> = vec![
                ("cash_limit", &p.cash_limit.doc),
                ("collective_decision", &p.collective_decision.doc),
                ("members_only", &p.members_only.doc),
                ("retirees_excluded", &p.retirees_excluded.doc),
                ("health_checks_excluded", &p.health_checks_excluded.doc),
                ("advance_max_days", &p.advance_max_days.doc),
                ("receivable_max_days", &p.receivable_max_days.doc),
                ("payable_max_days", &p.payable_max_days.doc),
                ("duplicate_days", &p.duplicate_days.doc),
                ("split_days", &p.split_days.doc),
                ("budget_control", &p.budget_control.doc),
                ("allocation_due", &p.allocation_due.doc),
                ("upward_share", &p.upward_share.doc),
                ("bank_reconciliation", &p.bank_reconciliation.doc),
                ("books_integrity", &p.books_integrity.doc),
                ("signed_receipts", &p.signed_receipts.doc),
                ("cash_nonnegative", &p.cash_nonnegative.doc),
                ("cash_count", &p.cash_count.doc),
                ("rectification", &p.rectification.doc),
                ("attachments", &p.attachments.doc),
                ("separation_of_duties", &p.separation_of_duties.doc),
                ("festivals", &p.festivals.doc),
                ("other_days", &p.other_days.doc),
                ("gift_accounts", &p.gift_accounts.doc),
                ("gift_words", &p.gift_words.doc),
                ("card_words", &p.card_words.doc),
                ("cash_words", &p.cash_words.doc),
                ("trip_words", &p.trip_words.doc),
                ("administration_words", &p.administration_words.doc),
                ("december_share", &p.december_share.doc),
                ("severity_raise_at", &p.severity_raise_at.doc),
            ]
            .into_iter()
            .map(|(n, doc)| (n, doc.as_str()))
            .collect();
            for (name, doc) in sourced {
                assert!(doc.trim().chars().count() >= 6, "{} {name} cites a document: “{doc}”", p.id);
            }
            for (kind, versions) in &p.versions {
                for r in versions {
                    assert!(r.doc.trim().chars().count() >= 6, "{} {kind} cites a document", p.id);
                    // A number from a secondary or unverified source names it in its document.
                    for c in &r.conditions {
                        assert!(!c.doc.trim().is_empty(), "{} {kind} {} cites a document", p.id, c.setting);
                    }
                }
            }
        }
        // The national baseline cites no province's document.
        let national = get("national-2017");
        for (name, doc) in [
            ("members_only", &national.members_only.doc),
            ("retirees_excluded", &national.retirees_excluded.doc),
            ("health_checks_excluded", &national.health_checks_excluded.doc),
        ] {
            assert!(!doc.contains("皖工发"), "national {name}: {doc}");
        }
        for kind in ["节日", "结婚", "生育"] {
            assert!(!national.benefits[kind].forms.iter().any(|f| f == "转账"), "national {kind}: no 转账 for gifts");
        }
    }

    #[test]
    fn a_check_uses_the_version_in_force_on_the_vouchers_date() {
        let p = get("neimenggu-2018");
        let cap = |date: &str| p.benefit("节日", d(date), &[]).unwrap().per_member_year.unwrap();
        assert_eq!(cap("2018-06-01"), Amount(150_000));
        assert_eq!(cap("2020-06-01"), Amount(200_000));
        assert_eq!(cap("2022-12-31"), Amount(200_000));
        assert_eq!(cap("2023-01-01"), Amount(250_000));
        // A later version keeps what it does not change (forms).
        assert_eq!(p.benefit("节日", d("2023-06-01"), &[]).unwrap().forms, vec!["实物", "提货券"]);
        assert_eq!(pack::select("内蒙古", d("2024-01-01")).unwrap().id, "neimenggu-2018");
    }

    #[test]
    fn conditional_festival_and_share_caps() {
        let hubei = get("hubei-2018");
        let on = d("2025-06-01");
        assert_eq!(hubei.benefit("节日", on, &[]).unwrap().per_member_year, Some(Amount(120_000)));
        let ample = hubei.benefit("节日", on, &["经费充裕企业工会".to_string()]).unwrap();
        assert_eq!(ample.per_member_year, Some(Amount(150_000)));
        assert!(ample.doc.contains("1500"), "{}", ample.doc);
        let cq = get("chongqing-2015");
        assert_eq!(cq.benefit("节日", d("2016-06-01"), &[]).unwrap().festival_cap("端午"), Some(Amount(10_000)));
        assert_eq!(cq.benefit("节日", d("2019-06-01"), &[]).unwrap().festival_cap("端午"), Some(Amount(20_000)));
        assert_eq!(cq.benefit("节日", d("2019-06-01"), &[]).unwrap().festival_cap("春节"), Some(Amount(50_000)));
        let sh = get("shanghai-2015").benefit("节日", d("2015-09-01"), &[]).unwrap();
        let share = sh.share.unwrap();
        assert_eq!(
            (share.base, share.ratio, share.per_person_max),
            (ShareBase::RetainedAllocation, Decimal::new(2, 1), Some(Amount(40_000)))
        );
    }

    #[test]
    fn a_unions_layer_cannot_loosen_its_provinces_rules() {
        let own = "id = \"school-2025\"\nprovince = \"安徽\"\nname = \"本校工会经费管理办法\"\neffective_from = \"2025-01-01\"\n\
                   base = \"anhui-2025\"\nlayer = \"union\"\n\
                   collective_decision = { amount = \"8000\", doc = \"本校工会议事规则第六条\", confidence = \"V\" }\n\
                   cash_limit = { amount = \"5000\", doc = \"本校财务制度\", confidence = \"V\" }\n\
                   [[benefit]]\ntype = \"节日\"\nper_member_year = \"3000\"\nforms = [\"实物\", \"提货券\", \"购物卡\"]\ndoc = \"本校规定\"\nconfidence = \"V\"\n\
                   [[benefit]]\ntype = \"生日\"\nper_event = \"300\"\ndoc = \"本校规定：生日 300 元\"\nconfidence = \"V\"\n";
        let p = pack::from_file(own, "school.toml").unwrap();
        assert_eq!(p.layer, "union");
        assert_eq!(p.layers_below.first().map(|l| l.starts_with("anhui-2025")), Some(true));
        let festival = p.benefit("节日", d("2025-06-01"), &[]).unwrap();
        assert_eq!(festival.per_member_year, Some(Amount(220_000)), "the province's 2200 is stricter than 3000");
        assert_eq!(festival.forms, vec!["实物", "提货券"], "cards stay forbidden");
        assert!(festival.doc.contains("本校规定") && festival.doc.contains("皖工发"), "{}", festival.doc);
        assert_eq!(p.benefit("生日", d("2025-06-01"), &[]).unwrap().per_event, Some(Amount(30_000)), "300 under 500");
        assert_eq!(p.collective_decision.value, Amount(800_000), "the union's own lower amount");
        assert_eq!(p.collective_decision.doc, "本校工会议事规则第六条");
        assert_eq!(p.cash_limit.value, Amount(100_000), "5000 would loosen the 1000 of the regulation");
        // The same file as a plain province-style override would loosen them: the layer decides.
        let over = pack::from_file(&own.replace("layer = \"union\"\n", ""), "school.toml").unwrap();
        assert_eq!(over.benefit("节日", d("2025-06-01"), &[]).unwrap().per_member_year, Some(Amount(300_000)));
        let bad = own.replace("layer = \"union\"", "layer = \"county\"");
        assert!(pack::from_file(&bad, "school.toml").unwrap_err().message().contains("county"));
    }

    fn gift(no: &str, date: &str, summary: &str, fen: i64) -> AuditVoucher {
        AuditVoucher::for_tests(
            no,
            date,
            summary,
            vec![Line::debit("50105", Amount(fen), ""), Line::credit("102", Amount(fen), "")],
        )
    }

    fn row(no: &str, member: &str, kind: &str, fen: i64) -> Benefit {
        Benefit {
            voucher_no: no.into(),
            member_no: member.into(),
            name: format!("会员{member}"),
            kind: kind.into(),
            amount: Amount(fen),
            form: "实物".into(),
            signed: true,
            file_name: "名单.csv".into(),
            file_line: 2,
        }
    }

    fn caps_found_in(
        p: &Pack,
        vs: &[AuditVoucher],
        rows: &[Benefit],
        retained: Amount,
        year: i32,
        conditions: &[&str],
    ) -> Vec<String> {
        let members: Vec<Member> = ["E1", "E2"]
            .iter()
            .map(|n| Member {
                no: n.to_string(),
                name: format!("会员{n}"),
                dept: String::new(),
                joined: None,
                status: MemberStatus::InService,
            })
            .collect();
        let input = Input {
            from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
            pack: p,
            vouchers: vs,
            members: &members,
            benefits: rows,
            payments: &[],
            budgeted_income: Amount::ZERO,
            retained_income: retained,
            conditions: conditions.iter().map(|c| c.to_string()).collect(),
        };
        checks::benefits(&input).into_iter().map(|f| format!("{} {}", f.rule, f.message)).collect()
    }

    #[test]
    fn benefit_lists_are_checked_per_festival_per_share_and_per_condition() {
        // 重庆 2018: 端午 200 a member; 国庆 300.
        let cq = get("chongqing-2015");
        let vs =
            vec![gift("V1", "2019-06-05", "端午节慰问品", 50_000), gift("V2", "2019-09-28", "国庆节慰问品", 60_000)];
        let rows =
            vec![row("V1", "E1", "节日", 25_000), row("V1", "E2", "节日", 20_000), row("V2", "E1", "节日", 30_000)];
        let found = caps_found_in(&cq, &vs, &rows, Amount::ZERO, 2019, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("会员E1 端午慰问合计 250.00 元，超过该节日每人 200.00 元"), "{found:?}");
        // 上海 2015: each member at most min(400, 20% × retained ÷ members), the total at most 20%.
        let sh = get("shanghai-2015");
        let v15 = vec![gift("V1", "2015-09-20", "中秋节慰问品", 35_000)];
        let rows = vec![row("V1", "E1", "节日", 35_000)];
        // Retained 3,000: 20% is 600, 300 a member (below the 400 ceiling): 350 is over by 50.
        let found = caps_found_in(&sh, &v15, &rows, Amount(300_000), 2015, &[]);
        assert!(
            found.iter().any(|f| f.starts_with("benefit_cap") && f.contains("超过每人每年 300.00 元")),
            "{found:?}"
        );
        assert!(!found.iter().any(|f| f.starts_with("festival_share")), "350 is within 600: {found:?}");
        // Retained 1,500: 20% is 300; the total 350 is over it too.
        let found = caps_found_in(&sh, &v15, &rows, Amount(150_000), 2015, &[]);
        assert!(
            found.iter().any(|f| f.starts_with("festival_share") && f.contains("当年留成拨缴经费收入")),
            "{found:?}"
        );
        // Retained 10,000: 20% is 2,000, 1,000 a member, capped at 400: 350 is within.
        assert!(caps_found_in(&sh, &v15, &rows, Amount(1_000_000), 2015, &[]).is_empty());
        // 湖北: 1,300 in a year is over 1,200, within an ample-funds enterprise union's 1,500.
        let hb = get("hubei-2018");
        let rows = vec![row("V1", "E1", "节日", 70_000), row("V2", "E1", "节日", 60_000)];
        assert_eq!(caps_found_in(&hb, &vs, &rows, Amount::ZERO, 2019, &[]).len(), 1);
        assert!(caps_found_in(&hb, &vs, &rows, Amount::ZERO, 2019, &["经费充裕企业工会"]).is_empty());
    }
}
