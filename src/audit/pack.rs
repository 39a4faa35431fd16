//! Audit rule packs (data, `rules/packs/*.toml`): per province and effective period, caps per
//! benefit type, allowed forms of payment, the cash limit, the collective-decision amount and the
//! eligibility rules — each citing its document and how sure the source is. A pack names its
//! `base`; what it leaves out comes from there.

pub use super::caps::BenefitRule;
use super::caps::{self, in_force};
use super::Severity;
use crate::error::{Error, Result};
use crate::ledger::period::parse_date;
use crate::money::Amount;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const BENEFIT_TYPES: &[&str] = &["节日", "生日", "结婚", "生育", "住院", "丧事", "退休", "困难"];
pub const FORMS: &[&str] = &["实物", "提货券", "购物卡", "现金", "转账"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    /// The primary text was read.
    Verified,
    /// A secondary source quotes it.
    Secondary,
    /// General practice, no source found: a default to confirm.
    Unverified,
}

impl Confidence {
    pub fn parse(s: &str) -> Option<Confidence> {
        Some(match s {
            "V" => Confidence::Verified,
            "S" => Confidence::Secondary,
            "U" => Confidence::Unverified,
            _ => return None,
        })
    }
    /// A citation without the mark of how sure its source is (the text members read carries the
    /// document only; the committee's findings list keeps the mark).
    pub fn strip(cited: &str) -> &str {
        for c in [Confidence::Verified, Confidence::Secondary, Confidence::Unverified] {
            if let Some(doc) = cited.strip_suffix(&format!("（{}）", c.label())) {
                return doc;
            }
        }
        cited
    }

    pub fn label(self) -> &'static str {
        match self {
            Confidence::Verified => "已核实原文",
            Confidence::Secondary => "二手来源",
            Confidence::Unverified => "未核实，默认值",
        }
    }
}

/// A value with the document it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub doc: String,
    pub confidence: Confidence,
}

impl<T> Sourced<T> {
    /// "document（how sure）", as a finding cites it.
    pub fn cite(&self) -> String {
        format!("{}（{}）", self.doc, self.confidence.label())
    }
}

/// Words (or account prefixes) a check looks for in a voucher, and words that, found first, mean
/// it is something else (`旅游局` is not a trip, `收回购物卡` is not a card handed out).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Words {
    pub list: Vec<String>,
    pub except: Vec<String>,
}

impl Words {
    /// The first word of the list the text names once the exceptions are taken out of it.
    pub fn found_in(&self, text: &str) -> Option<&str> {
        let mut t = text.to_string();
        for e in &self.except {
            t = t.replace(e.as_str(), "");
        }
        self.list.iter().find(|w| t.contains(w.as_str())).map(String::as_str)
    }

    /// Whether the text names one of the exceptions (a refund, a joint congress): for checks where
    /// an exception makes the whole voucher something else.
    pub fn exempts(&self, text: &str) -> bool {
        self.except.iter().any(|e| text.contains(e.as_str()))
    }

    /// Whether an account is one of the listed codes or under one.
    pub fn has_account(&self, account: &str) -> bool {
        self.list.iter().any(|p| account.starts_with(p.as_str()))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pack {
    pub id: String,
    pub province: String,
    pub name: String,
    pub effective_from: NaiveDate,
    pub cash_limit: Sourced<Amount>,
    pub collective_decision: Sourced<Amount>,
    pub members_only: Sourced<bool>,
    pub retirees_excluded: Sourced<bool>,
    pub health_checks_excluded: Sourced<bool>,
    pub advance_max_days: Sourced<i64>,
    /// 13102 应收上级转拨经费 open longer than this: a finding.
    pub receivable_max_days: Sourced<i64>,
    /// 215 其他应付款 open longer than this: a finding.
    pub payable_max_days: Sourced<i64>,
    /// The same payee paid the same amount within this many days: a possible double payment.
    pub duplicate_days: Sourced<i64>,
    /// Payments to one payee within this many days that together reach the collective-decision
    /// amount while each stays below it: a possible split.
    pub split_days: Sourced<i64>,
    /// No spending without a budget or over it.
    pub budget_control: Sourced<bool>,
    /// The employer pays 2% of the wage bill every month.
    pub allocation_due: Sourced<bool>,
    /// The upper union's share is remitted.
    pub upward_share: Sourced<bool>,
    /// The bank account is reconciled with the statement every month.
    pub bank_reconciliation: Sourced<bool>,
    /// Posted books are not altered; errors are corrected by red-ink reversal.
    pub books_integrity: Sourced<bool>,
    /// Benefits are paid to and signed for by the named member.
    pub signed_receipts: Sourced<bool>,
    /// 库存现金 and 银行存款 are never negative.
    pub cash_nonnegative: Sourced<bool>,
    /// The cash on hand is counted and agrees with the cash book.
    pub cash_count: Sourced<bool>,
    /// A finding accepted as a problem is put right by its deadline (整改台账).
    pub rectification: Sourced<bool>,
    /// A voucher that moves money carries its original documents.
    pub attachments: Sourced<bool>,
    /// The preparer is not the reviewer.
    pub separation_of_duties: Sourced<bool>,
    /// Each benefit type's rule in force last (the pack as it stands).
    pub benefits: BTreeMap<String, BenefitRule>,
    /// Every version of each type's rule, oldest first (`from`).
    pub versions: BTreeMap<String, Vec<BenefitRule>>,
    /// `province`, `city` or `union`.
    pub layer: String,
    /// The packs below this one (its bases), nearest first, as `id（name）`.
    pub layers_below: Vec<String>,
    /// The statutory festivals (节日慰问 only on these), each as summaries spell it.
    pub festivals: Sourced<Words>,
    /// Other days (教师节, 圣诞 …): gifts for them are a finding.
    pub other_days: Sourced<Words>,
    /// The accounts gifts and benefits are booked to (50105 会员活动支出).
    pub gift_accounts: Sourced<Words>,
    /// Words that make a voucher on those accounts a distribution of gifts or benefits; its
    /// exceptions (收回, 退回) make it a refund.
    pub gift_words: Sourced<Words>,
    /// Words that name shopping cards or stored-value vouchers (form 购物卡), and cash handed out
    /// (form 现金).
    pub card_words: Sourced<Words>,
    pub cash_words: Sourced<Words>,
    /// Trips at the union's expense (公款旅游), with what is not one (旅游局).
    pub trip_words: Sourced<Words>,
    /// Spending that is the administration's (教代会), asked about at low severity.
    pub administration_words: Sourced<Words>,
    /// December's share of the year's spending above which it is a finding.
    pub december_share: Sourced<rust_decimal::Decimal>,
    /// A finding whose amount reaches this is rated one level higher (一般 → 严重, 轻微 → 一般).
    pub severity_raise_at: Sourced<Amount>,
    /// The pack's own rating of a rule, over the rating by rule in `checks::RULES`.
    pub severity: BTreeMap<String, Severity>,
}

impl Pack {
    /// The rule for a benefit type in force on a date, as a union with these settings has it.
    pub fn benefit(&self, kind: &str, on: NaiveDate, settings: &[String]) -> Option<BenefitRule> {
        in_force(self.versions.get(kind)?, Some(on)).map(|r| r.for_union(settings))
    }

    /// A finding's severity: the pack's rating of its rule (else the rule's own), raised one
    /// level when its amount reaches `severity_raise_at`. A 提示 stays a 提示.
    pub fn rate(&self, rule: &str, by_rule: Severity, amount: Amount) -> Severity {
        let s = self.severity.get(rule).copied().unwrap_or(by_rule);
        if amount < self.severity_raise_at.value || amount.is_zero() {
            return s;
        }
        match s {
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            other => other,
        }
    }
}

#[derive(Deserialize, Default, Clone)]
struct RawSourced {
    amount: Option<String>,
    value: Option<bool>,
    days: Option<i64>,
    list: Option<Vec<String>>,
    /// Words added to the inherited list (a union's own pack extends its province's).
    add: Option<Vec<String>>,
    except: Option<Vec<String>>,
    ratio: Option<String>,
    doc: String,
    confidence: String,
}

#[derive(Deserialize, Clone)]
struct RawPack {
    id: String,
    province: String,
    name: String,
    effective_from: String,
    base: Option<String>,
    /// `province` (the default), `city` or `union`: a city's or a union's layer over its base,
    /// where the strictest of the layers applies.
    layer: Option<String>,
    cash_limit: Option<RawSourced>,
    collective_decision: Option<RawSourced>,
    members_only: Option<RawSourced>,
    retirees_excluded: Option<RawSourced>,
    health_checks_excluded: Option<RawSourced>,
    advance_max_days: Option<RawSourced>,
    receivable_max_days: Option<RawSourced>,
    payable_max_days: Option<RawSourced>,
    duplicate_days: Option<RawSourced>,
    split_days: Option<RawSourced>,
    budget_control: Option<RawSourced>,
    allocation_due: Option<RawSourced>,
    upward_share: Option<RawSourced>,
    bank_reconciliation: Option<RawSourced>,
    books_integrity: Option<RawSourced>,
    signed_receipts: Option<RawSourced>,
    cash_nonnegative: Option<RawSourced>,
    cash_count: Option<RawSourced>,
    rectification: Option<RawSourced>,
    attachments: Option<RawSourced>,
    separation_of_duties: Option<RawSourced>,
    #[serde(default)]
    benefit: Vec<super::caps::RawBenefit>,
    festivals: Option<RawSourced>,
    other_days: Option<RawSourced>,
    gift_accounts: Option<RawSourced>,
    gift_words: Option<RawSourced>,
    card_words: Option<RawSourced>,
    cash_words: Option<RawSourced>,
    trip_words: Option<RawSourced>,
    administration_words: Option<RawSourced>,
    december_share: Option<RawSourced>,
    severity_raise_at: Option<RawSourced>,
    severity: Option<BTreeMap<String, String>>,
}

macro_rules! packs {
    ($($f:literal),* $(,)?) => { &[$(($f, include_str!(concat!("../../rules/packs/", $f, ".toml")))),*] };
}

pub const BUILTIN: &[(&str, &str)] = packs!(
    "national-2017",
    "anhui-2025",
    "beijing-2019",
    "fujian-2018",
    "shandong-2019",
    "henan-2018",
    "hubei-2018",
    "neimenggu-2018",
    "jiangsu-2015",
    "shanghai-2015",
    "guangdong-2018",
    "zhejiang-2015",
    "guangxi-2015",
    "chongqing-2015",
    "tianjin-2015",
    "sichuan-2018",
    "jiangxi-2018",
    "hainan-2015",
);

fn conf(s: &str, at: &str) -> Result<Confidence> {
    Confidence::parse(s).ok_or_else(|| Error::input(format!("{at}：confidence 应为 V、S 或 U（实为“{s}”）")))
}

fn amount(s: &str, at: &str) -> Result<Amount> {
    Amount::parse(s).map_err(|e| Error::input(format!("{at}：{e}")))
}

fn raw(text: &str, source: &str) -> Result<RawPack> {
    toml::from_str(text).map_err(|e| Error::input(format!("规则包 {source} 有误：{e}")))
}

/// Resolve a pack over its base (the base already resolved).
fn resolve(r: &RawPack, base: Option<&Pack>) -> Result<Pack> {
    let at = format!("规则包 {}", r.id);
    let strict_layer = matches!(r.layer.as_deref(), Some("city") | Some("union")) && base.is_some();
    let sourced_amount =
        |x: &Option<RawSourced>, name: &str, from: Option<&Sourced<Amount>>| -> Result<Sourced<Amount>> {
            match (x, from) {
                // A city's or union's layer: the lower amount applies, with its document.
                (Some(_), Some(b)) if strict_layer && name != "severity_raise_at" => {
                    let own =
                        amount(x.as_ref().and_then(|s| s.amount.as_deref()).unwrap_or(""), &format!("{at} 的 {name}"))?;
                    let s = x.as_ref().expect("matched");
                    Ok(if own <= b.value {
                        Sourced { value: own, doc: s.doc.clone(), confidence: conf(&s.confidence, &at)? }
                    } else {
                        b.clone()
                    })
                }
                (Some(s), _) => Ok(Sourced {
                    value: amount(s.amount.as_deref().unwrap_or(""), &format!("{at} 的 {name}"))?,
                    doc: s.doc.clone(),
                    confidence: conf(&s.confidence, &at)?,
                }),
                (None, Some(b)) => Ok(b.clone()),
                (None, None) => Err(Error::input(format!("{at}：缺少 {name}（且没有 base 可继承）"))),
            }
        };
    let sourced_bool = |x: &Option<RawSourced>, name: &str, from: Option<&Sourced<bool>>| -> Result<Sourced<bool>> {
        match (x, from) {
            (Some(s), _) => Ok(Sourced {
                value: s.value.unwrap_or(true),
                doc: s.doc.clone(),
                confidence: conf(&s.confidence, &at)?,
            }),
            (None, Some(b)) => Ok(b.clone()),
            (None, None) => Err(Error::input(format!("{at}：缺少 {name}"))),
        }
    };
    let layer = r.layer.clone().unwrap_or_else(|| "province".to_string());
    if !matches!(layer.as_str(), "province" | "city" | "union") {
        return Err(Error::input(format!("{at}：layer“{layer}”不认识；可用：province、city、union")));
    }
    let strictest = layer != "province" && base.is_some();
    let versions = caps::resolve(&r.benefit, &base.map(|b| b.versions.clone()).unwrap_or_default(), strictest, &at)?;
    let benefits: BTreeMap<String, BenefitRule> =
        versions.iter().filter_map(|(k, vs)| vs.last().map(|v| (k.clone(), v.clone()))).collect();
    let days = |x: &Option<RawSourced>, name: &str, from: Option<&Sourced<i64>>| -> Result<Sourced<i64>> {
        match (x, from) {
            (Some(s), Some(b)) if strict_layer && s.days.is_some_and(|d| d > b.value) => Ok(b.clone()),
            (Some(s), _) => Ok(Sourced {
                value: s.days.ok_or_else(|| Error::input(format!("{at}：{name} 缺少 days")))?,
                doc: s.doc.clone(),
                confidence: conf(&s.confidence, &at)?,
            }),
            (None, Some(b)) => Ok(b.clone()),
            (None, None) => Err(Error::input(format!("{at}：缺少 {name}"))),
        }
    };
    let words = |x: &Option<RawSourced>, name: &str, from: Option<&Sourced<Words>>| -> Result<Sourced<Words>> {
        match (x, from) {
            (Some(s), inherited) => {
                let mut list = match (&s.list, inherited) {
                    (Some(l), _) => l.clone(),
                    (None, Some(b)) => b.value.list.clone(),
                    (None, None) => Vec::new(),
                };
                list.extend(s.add.iter().flatten().cloned());
                let except = match (&s.except, inherited) {
                    (Some(e), _) => e.clone(),
                    (None, Some(b)) => b.value.except.clone(),
                    (None, None) => Vec::new(),
                };
                if list.iter().chain(&except).any(|w| w.trim().is_empty()) {
                    return Err(Error::input(format!("{at}：{name} 的词语不能为空")));
                }
                Ok(Sourced { value: Words { list, except }, doc: s.doc.clone(), confidence: conf(&s.confidence, &at)? })
            }
            (None, Some(b)) => Ok(b.clone()),
            (None, None) => Err(Error::input(format!("{at}：缺少 {name}（且没有 base 可继承）"))),
        }
    };
    let ratio = |x: &Option<RawSourced>,
                 name: &str,
                 from: Option<&Sourced<rust_decimal::Decimal>>|
     -> Result<Sourced<rust_decimal::Decimal>> {
        match (x, from) {
            (Some(s), _) => Ok(Sourced {
                value: crate::allocation::parse_ratio(&format!("{at} 的 {name}"), s.ratio.as_deref().unwrap_or(""))?,
                doc: s.doc.clone(),
                confidence: conf(&s.confidence, &at)?,
            }),
            (None, Some(b)) => Ok(b.clone()),
            (None, None) => Err(Error::input(format!("{at}：缺少 {name}（且没有 base 可继承）"))),
        }
    };
    Ok(Pack {
        id: r.id.clone(),
        province: r.province.clone(),
        name: r.name.clone(),
        effective_from: parse_date(&r.effective_from)
            .ok_or_else(|| Error::input(format!("{at}：effective_from“{}”不是日期", r.effective_from)))?,
        cash_limit: sourced_amount(&r.cash_limit, "cash_limit", base.map(|b| &b.cash_limit))?,
        collective_decision: sourced_amount(
            &r.collective_decision,
            "collective_decision",
            base.map(|b| &b.collective_decision),
        )?,
        members_only: sourced_bool(&r.members_only, "members_only", base.map(|b| &b.members_only))?,
        retirees_excluded: sourced_bool(&r.retirees_excluded, "retirees_excluded", base.map(|b| &b.retirees_excluded))?,
        health_checks_excluded: sourced_bool(
            &r.health_checks_excluded,
            "health_checks_excluded",
            base.map(|b| &b.health_checks_excluded),
        )?,
        advance_max_days: days(&r.advance_max_days, "advance_max_days", base.map(|b| &b.advance_max_days))?,
        receivable_max_days: days(&r.receivable_max_days, "receivable_max_days", base.map(|b| &b.receivable_max_days))?,
        payable_max_days: days(&r.payable_max_days, "payable_max_days", base.map(|b| &b.payable_max_days))?,
        duplicate_days: days(&r.duplicate_days, "duplicate_days", base.map(|b| &b.duplicate_days))?,
        split_days: days(&r.split_days, "split_days", base.map(|b| &b.split_days))?,
        budget_control: sourced_bool(&r.budget_control, "budget_control", base.map(|b| &b.budget_control))?,
        allocation_due: sourced_bool(&r.allocation_due, "allocation_due", base.map(|b| &b.allocation_due))?,
        upward_share: sourced_bool(&r.upward_share, "upward_share", base.map(|b| &b.upward_share))?,
        bank_reconciliation: sourced_bool(
            &r.bank_reconciliation,
            "bank_reconciliation",
            base.map(|b| &b.bank_reconciliation),
        )?,
        books_integrity: sourced_bool(&r.books_integrity, "books_integrity", base.map(|b| &b.books_integrity))?,
        signed_receipts: sourced_bool(&r.signed_receipts, "signed_receipts", base.map(|b| &b.signed_receipts))?,
        cash_nonnegative: sourced_bool(&r.cash_nonnegative, "cash_nonnegative", base.map(|b| &b.cash_nonnegative))?,
        cash_count: sourced_bool(&r.cash_count, "cash_count", base.map(|b| &b.cash_count))?,
        rectification: sourced_bool(&r.rectification, "rectification", base.map(|b| &b.rectification))?,
        attachments: sourced_bool(&r.attachments, "attachments", base.map(|b| &b.attachments))?,
        separation_of_duties: sourced_bool(
            &r.separation_of_duties,
            "separation_of_duties",
            base.map(|b| &b.separation_of_duties),
        )?,
        benefits,
        versions,
        layers_below: base
            .map(|b| {
                let mut l = vec![format!("{}（{}）", b.id, b.name)];
                l.extend(b.layers_below.iter().cloned());
                l
            })
            .unwrap_or_default(),
        layer,
        festivals: words(&r.festivals, "festivals", base.map(|b| &b.festivals))?,
        other_days: words(&r.other_days, "other_days", base.map(|b| &b.other_days))?,
        gift_accounts: words(&r.gift_accounts, "gift_accounts", base.map(|b| &b.gift_accounts))?,
        gift_words: words(&r.gift_words, "gift_words", base.map(|b| &b.gift_words))?,
        card_words: words(&r.card_words, "card_words", base.map(|b| &b.card_words))?,
        cash_words: words(&r.cash_words, "cash_words", base.map(|b| &b.cash_words))?,
        trip_words: words(&r.trip_words, "trip_words", base.map(|b| &b.trip_words))?,
        administration_words: words(
            &r.administration_words,
            "administration_words",
            base.map(|b| &b.administration_words),
        )?,
        december_share: ratio(&r.december_share, "december_share", base.map(|b| &b.december_share))?,
        severity_raise_at: sourced_amount(
            &r.severity_raise_at,
            "severity_raise_at",
            base.map(|b| &b.severity_raise_at),
        )?,
        severity: {
            let mut m = base.map(|b| b.severity.clone()).unwrap_or_default();
            for (rule, level) in r.severity.iter().flatten() {
                if !super::checks::RULES.iter().any(|(id, _, _)| id == rule) {
                    return Err(Error::input(format!("{at}：[severity] 中的检查项“{rule}”不存在")));
                }
                let s = Severity::parse(level).ok_or_else(|| {
                    Error::input(format!("{at}：[severity] {rule} 应为 high、medium、low 或 info（实为“{level}”）"))
                })?;
                m.insert(rule.clone(), s);
            }
            m
        },
    })
}

/// The setting that names the conditions a union meets for a pack's conditional caps
/// (`经费充裕企业工会`), separated by commas or 、.
pub const CONDITIONS: &str = "audit_conditions";

/// The union's own amount from which spending needs a collective decision (its 议事规则).
pub const DECISION_AMOUNT: &str = "decision_amount";

impl Pack {
    /// The pack with the union's own decision amount: it replaces a default (a value no source
    /// gives), and otherwise applies only where it is stricter than the pack's.
    pub fn with_decision_amount(mut self, amount: Amount) -> Pack {
        let d = &self.collective_decision;
        if d.confidence == Confidence::Unverified || amount < d.value {
            let was = format!("规则包原为 {} 元：{}", d.value.grouped(), d.doc);
            self.collective_decision = Sourced {
                value: amount,
                doc: format!(
                    "本会议事规则：单笔 {} 元以上的支出须集体研究决定（settings decision_amount；{was}）",
                    amount.grouped()
                ),
                confidence: Confidence::Verified,
            };
        }
        self
    }
}

/// The conditions a setting names.
pub fn conditions_of(text: &str) -> Vec<String> {
    text.split([',', '，', '、']).map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
}

/// The setting that keeps the union's chosen rule pack (a built-in id, or `toml:` and its text).
pub const SETTING: &str = "audit_rules";

/// A pack given as a built-in id, a file, or (as kept in the settings) `toml:` and its text.
/// Returns the pack and what to keep as the union's choice.
pub fn choose(rules: &str) -> Result<(Pack, String)> {
    if let Some(text) = rules.strip_prefix("toml:") {
        return Ok((from_file(text, "本会规则包")?, rules.to_string()));
    }
    if rules.ends_with(".toml") || std::path::Path::new(rules).exists() {
        let text = std::fs::read_to_string(rules)
            .map_err(|e| Error::io(format!("无法读取规则包 {rules}：{}", crate::error::os(&e))))?;
        return Ok((from_file(&text, rules)?, format!("toml:{text}")));
    }
    let p = builtin()?.into_iter().find(|p| p.id == rules).ok_or_else(|| {
        Error::not_found(format!(
            "没有名为“{rules}”的规则包；内置：{}，或给出 .toml 文件路径",
            BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join("、")
        ))
    })?;
    Ok((p, rules.to_string()))
}

/// The built-in packs, resolved over their bases.
pub fn builtin() -> Result<Vec<Pack>> {
    let raws: Vec<RawPack> = BUILTIN.iter().map(|(n, t)| raw(t, n)).collect::<Result<_>>()?;
    let mut out: Vec<Pack> = Vec::new();
    for r in &raws {
        let base = match &r.base {
            Some(b) => Some(
                out.iter()
                    .find(|p| &p.id == b)
                    .cloned()
                    .ok_or_else(|| Error::input(format!("规则包 {} 的 base“{b}”不存在", r.id)))?,
            ),
            None => None,
        };
        out.push(resolve(r, base.as_ref())?);
    }
    Ok(out)
}

/// A user's own pack, resolved over a built-in base.
pub fn from_file(text: &str, source: &str) -> Result<Pack> {
    let r = raw(text, source)?;
    let all = builtin()?;
    let base = r
        .base
        .as_ref()
        .map(|b| all.iter().find(|p| &p.id == b).cloned().ok_or_else(|| Error::input(format!("base“{b}”不存在"))));
    resolve(&r, base.transpose()?.as_ref())
}

/// The pack in force for a province (pinyin id prefix or Chinese name) on a date: the latest
/// whose period has begun, else the national baseline.
pub fn select(province: &str, on: NaiveDate) -> Result<Pack> {
    let all = builtin()?;
    let own = all
        .iter()
        .filter(|p| !province.is_empty() && (p.province == province || p.id.starts_with(&format!("{province}-"))))
        .filter(|p| p.effective_from <= on)
        .max_by_key(|p| p.effective_from);
    Ok(own.or_else(|| all.iter().find(|p| p.id.starts_with("national"))).cloned().expect("the baseline exists"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn a_finding_is_rated_by_its_rule_or_the_pack_and_raised_by_its_amount() {
        use crate::audit::Severity::*;
        let national = builtin().unwrap().into_iter().find(|p| p.id == "national-2017").unwrap();
        assert_eq!(national.severity_raise_at.value, Amount(1_000_000));
        assert_eq!(national.rate("benefit_cap", Medium, Amount(10_000)), Medium, "100 元 over the cap: 一般");
        assert_eq!(national.rate("benefit_cap", Medium, Amount(1_000_000)), High, "10,000 元 and more: 严重");
        assert_eq!(national.rate("no_attachment", Low, Amount(2_000_000)), Medium);
        assert_eq!(national.rate("reopened", Info, Amount(2_000_000)), Info, "a 提示 stays one");
        let own = "id = \"own\"\nprovince = \"\"\nname = \"本会\"\neffective_from = \"2025-01-01\"\nbase = \"national-2017\"\nseverity_raise_at = { amount = \"300\", doc = \"本会\", confidence = \"U\" }\n[severity]\nno_attachment = \"medium\"\n";
        let p = from_file(own, "own.toml").unwrap();
        assert_eq!(p.rate("no_attachment", Low, Amount(100)), Medium, "the pack's own rating");
        assert_eq!(p.rate("benefit_cap", Medium, Amount(30_000)), High, "raised at the pack's amount");
        let e =
            from_file(&own.replace("no_attachment = \"medium\"", "no_attachment = \"grave\""), "own.toml").unwrap_err();
        assert!(e.message().contains("grave"), "{}", e.message());
        let e = from_file(&own.replace("no_attachment =", "no_such_rule ="), "own.toml").unwrap_err();
        assert!(e.message().contains("no_such_rule"), "{}", e.message());
    }

    #[test]
    fn built_in_packs_load_and_inherit() {
        let all = builtin().unwrap();
        assert!(all.len() >= 15, "{} packs", all.len());
        let anhui = select("anhui", d("2025-06-01")).unwrap();
        assert_eq!(anhui.id, "anhui-2025");
        let festival = &anhui.benefits["节日"];
        assert_eq!(festival.per_member_year, Some(Amount(220_000)));
        assert!(
            !festival.forms.iter().any(|f| f == "现金" || f == "购物卡"),
            "no cash or shopping cards for festivals"
        );
        assert_eq!(festival.confidence, Confidence::Secondary);
        assert_eq!(anhui.cash_limit.value, Amount(100_000), "inherited from the baseline");
        assert_eq!(anhui.cash_limit.confidence, Confidence::Verified);
        assert_eq!(anhui.benefits["生日"].per_event, Some(Amount(50_000)));
        assert!(anhui.benefits["住院"].forms.iter().any(|f| f == "现金"), "condolence money may be cash");
        assert_eq!(
            select("安徽", d("2024-06-01")).unwrap().id,
            "national-2017",
            "before 2025 no Anhui pack is built in"
        );
        assert_eq!(select("", d("2025-01-01")).unwrap().id, "national-2017");
        let beijing = select("beijing", d("2019-05-01")).unwrap();
        let share = beijing.benefits["节日"].share.clone().unwrap();
        assert_eq!(
            (share.base, share.ratio),
            (super::caps::ShareBase::BudgetedIncome, rust_decimal::Decimal::new(5, 1))
        );
        assert_eq!(beijing.benefits["生日"].per_event, Some(Amount(30_000)));
        for p in &all {
            for b in p.benefits.values() {
                assert!(!b.doc.is_empty(), "{} {} cites its document", p.id, b.kind);
            }
        }
    }

    #[test]
    fn the_unions_decision_amount_replaces_a_default_and_otherwise_only_tightens() {
        let national = select("", chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()).unwrap();
        assert_eq!(national.collective_decision.value, Amount(3_000_000));
        assert_eq!(national.collective_decision.confidence, Confidence::Unverified);
        let raised = national.clone().with_decision_amount(Amount(5_000_000));
        assert_eq!(raised.collective_decision.value, Amount(5_000_000), "a default gives way");
        assert!(
            raised.collective_decision.doc.contains("规则包原为 30,000.00 元"),
            "{}",
            raised.collective_decision.doc
        );
        let own = "id = \"s\"\nprovince = \"安徽\"\nname = \"本校\"\neffective_from = \"2025-01-01\"\nbase = \"anhui-2025\"\n\
                   collective_decision = { amount = \"8000\", doc = \"市总工会规定\", confidence = \"S\" }\n";
        let sourced = from_file(own, "s.toml").unwrap();
        assert_eq!(sourced.clone().with_decision_amount(Amount(1_000_000)).collective_decision.value, Amount(800_000));
        assert_eq!(sourced.with_decision_amount(Amount(500_000)).collective_decision.value, Amount(500_000));
    }

    #[test]
    fn a_users_pack_overrides_and_bad_packs_are_refused() {
        let own = "id = \"school-2025\"\nprovince = \"安徽\"\nname = \"本校工会经费管理办法\"\neffective_from = \"2025-03-01\"\nbase = \"anhui-2025\"\n\
                   collective_decision = { amount = \"20000\", doc = \"本校工会委员会议事规则\", confidence = \"V\" }\n\
                   [[benefit]]\ntype = \"生日\"\nper_event = \"300\"\ndoc = \"本校规定\"\nconfidence = \"V\"\n";
        let p = from_file(own, "school.toml").unwrap();
        assert_eq!(p.collective_decision.value, Amount(2_000_000));
        assert_eq!(p.benefits["生日"].per_event, Some(Amount(30_000)));
        assert_eq!(p.benefits["生日"].forms, vec!["实物", "提货券"], "forms inherited from Anhui");
        assert_eq!(p.benefits["节日"].per_member_year, Some(Amount(220_000)), "the rest from Anhui");
        let bad = own.replace("type = \"生日\"", "type = \"旅游\"");
        assert!(from_file(&bad, "bad.toml").unwrap_err().message().contains("旅游"));
        let bad = own.replace("doc = \"本校规定\"\nconfidence = \"V\"", "doc = \"本校规定\"\nconfidence = \"maybe\"");
        assert_ne!(bad, own);
        assert!(from_file(&bad, "bad.toml").unwrap_err().message().contains("confidence"));
    }
}
