//! Checks on what the period's spending vouchers say, needing no benefit list (issue 22, point 3):
//! gifts for days that are not statutory festivals, cards or cash handed out and trips named in a
//! summary, distributions without a list, December's share of the year's spending, the review
//! waiver, the administration's costs charged to the union, and capital spending without its asset.
//! The words, days and accounts are the pack's data. Pure.

use super::checks::{finding, AuditVoucher, Input};
use super::pack::{Pack, Words};
use super::Finding;
use crate::ledger::period::Period;
use crate::money::Amount;
use std::collections::{BTreeMap, BTreeSet};

/// The benefit type a summary speaks of, by its words (festival gifts when it names none).
const TYPE_WORDS: &[(&str, &[&str])] = &[
    ("生日", &["生日", "蛋糕"]),
    ("结婚", &["结婚", "新婚"]),
    ("生育", &["生育", "生小孩", "添丁"]),
    ("住院", &["住院", "生病", "手术", "病"]),
    ("丧事", &["去世", "丧", "病故", "逝世"]),
    ("退休", &["退休"]),
    ("困难", &["困难", "帮扶"]),
];

fn benefit_type(summary: &str) -> &'static str {
    TYPE_WORDS.iter().find(|(_, ws)| ws.iter().any(|w| summary.contains(w))).map(|(t, _)| *t).unwrap_or("节日")
}

/// Debits less credits on the accounts `words` lists.
fn on_accounts(v: &AuditVoucher, words: &Words) -> Amount {
    v.lines.iter().filter(|l| words.has_account(&l.account)).map(|l| l.debit - l.credit).sum()
}

fn is_exempt(v: &AuditVoucher) -> bool {
    v.source_kind == "reversal" || crate::ledger::closing::is_closing(&v.source_ref)
}

/// Every check of this module over the input; `listed` are the vouchers with a benefit list.
pub fn run(input: &Input, listed: &BTreeSet<&str>) -> Vec<Finding> {
    let pack = input.pack;
    let mut out = Vec::new();
    let mut waived: Vec<&AuditVoucher> = Vec::new();
    for v in input.vouchers.iter().filter(|v| v.date >= input.from && v.date <= input.to) {
        if v.review_waived {
            waived.push(v);
        }
        if is_exempt(v) {
            continue;
        }
        out.extend(gifts(pack, v, listed));
        out.extend(trip(pack, v));
        out.extend(administration(pack, v));
    }
    out.extend(waiver(pack, &waived));
    out.extend(december(input));
    out.extend(assets(input));
    out
}

/// A voucher paying gifts or benefits: for a day that is not a statutory festival; in a form the
/// pack forbids for its type (cards, cash); with no list of who received them.
fn gifts(pack: &Pack, v: &AuditVoucher, listed: &BTreeSet<&str>) -> Vec<Finding> {
    let amount = on_accounts(v, &pack.gift_accounts.value);
    let mut out = Vec::new();
    if amount.fen() <= 0 {
        return out;
    }
    // A refund or recovery (收回, 退回) hands nothing out.
    if pack.gift_words.value.exempts(&v.summary) || pack.gift_words.value.found_in(&v.summary).is_none() {
        return out;
    }
    if let Some(day) = pack.other_days.value.found_in(&v.summary) {
        if pack.festivals.value.found_in(&v.summary).is_none() {
            out.push(finding(
                "festival_other",
                format!(
                    "凭证 {}（{}）为“{day}”发放慰问或福利 {} 元；{day}不是法定节日，不属于节日慰问的范围",
                    v.no,
                    v.summary,
                    amount.grouped()
                ),
                &pack.other_days.cite(),
                amount,
                vec![v.no.clone()],
                Vec::new(),
            ));
        }
    }
    // A list says each form exactly (the list checks use it); the summary only without one.
    if !listed.contains(v.no.as_str()) {
        let kind = benefit_type(&v.summary);
        let rule = pack.benefits.get(kind);
        for (form, words) in [("购物卡", &pack.card_words), ("现金", &pack.cash_words)] {
            let Some(word) = words.value.found_in(&v.summary) else { continue };
            if rule.is_some_and(|r| !r.forms.iter().any(|f| f == form)) {
                let allowed = rule.map(|r| r.forms.join("、")).unwrap_or_default();
                out.push(finding(
                    "benefit_form",
                    format!(
                        "凭证 {}（{}）的摘要写明“{word}”，{kind}慰问以{form}形式发放 {} 元；允许的形式：{allowed}",
                        v.no,
                        v.summary,
                        amount.grouped()
                    ),
                    &words.cite(),
                    amount,
                    vec![v.no.clone()],
                    Vec::new(),
                ));
            }
        }
        // A distribution to many (festival gifts) needs its list of who signed for what; an
        // individual's condolence (住院, 丧事 …) has that person's own receipt attached.
        if pack.signed_receipts.value && kind == "节日" {
            out.push(finding(
                "benefit_no_list",
                format!(
                    "凭证 {}（{}）集体发放慰问或福利 {} 元，没有导入发放名单（实名签收表）",
                    v.no,
                    v.summary,
                    amount.grouped()
                ),
                &pack.signed_receipts.cite(),
                amount,
                vec![v.no.clone()],
                Vec::new(),
            ));
        }
    }
    out
}

/// Spending named a trip (旅游), not a body named so (旅游局).
fn trip(pack: &Pack, v: &AuditVoucher) -> Option<Finding> {
    let spent = v.spending();
    let word = pack.trip_words.value.found_in(&v.summary)?;
    (spent.fen() > 0).then(|| {
        finding(
            "trip",
            format!(
                "凭证 {}（{}）的摘要写明“{word}”，支出 {} 元；请核实是否以工会经费旅游",
                v.no,
                v.summary,
                spent.grouped()
            ),
            &pack.trip_words.cite(),
            spent,
            vec![v.no.clone()],
            Vec::new(),
        )
    })
}

/// The administration's costs (教代会) charged to the union: to be verified.
fn administration(pack: &Pack, v: &AuditVoucher) -> Option<Finding> {
    let spent = v.spending();
    // A joint congress (双代会) is partly the union's own.
    if pack.administration_words.value.exempts(&v.summary) {
        return None;
    }
    let word = pack.administration_words.value.found_in(&v.summary)?;
    (spent.fen() > 0).then(|| {
        finding(
            "administration_cost",
            format!(
                "凭证 {}（{}）以工会经费列支“{word}”费用 {} 元；{word}一般由行政负担，需核实",
                v.no,
                v.summary,
                spent.grouped()
            ),
            &pack.administration_words.cite(),
            spent,
            vec![v.no.clone()],
            Vec::new(),
        )
    })
}

/// Vouchers posted under the review waiver, by the one who prepared them: one finding.
fn waiver(pack: &Pack, waived: &[&AuditVoucher]) -> Option<Finding> {
    if waived.is_empty() {
        return None;
    }
    let people: BTreeSet<&str> = waived.iter().map(|v| v.prepared_by.as_str()).collect();
    let nos: Vec<String> = waived.iter().map(|v| v.no.clone()).collect();
    let shown: Vec<&str> = nos.iter().take(10).map(String::as_str).collect();
    Some(finding(
        "review_waived",
        format!(
            "本期 {} 张凭证在免审核（一人记账）下由制单人 {} 自行记账，未经他人审核：{}{}",
            waived.len(),
            people.into_iter().collect::<Vec<_>>().join("、"),
            shown.join("、"),
            if nos.len() > shown.len() { " 等" } else { "" }
        ),
        &pack.separation_of_duties.cite(),
        waived.iter().map(|v| v.lines.iter().map(|l| l.debit).sum::<Amount>()).sum(),
        nos,
        Vec::new(),
    ))
}

/// Operating spending (5xx, closing vouchers aside; capital spending decided collectively aside)
/// by month of one calendar year.
fn spending_by_month(input: &Input, year: i32) -> BTreeMap<u32, Amount> {
    let mut by: BTreeMap<u32, Amount> = BTreeMap::new();
    for v in input.vouchers.iter().filter(|v| chrono::Datelike::year(&v.date) == year) {
        if crate::ledger::closing::is_closing(&v.source_ref) {
            continue;
        }
        let decided = !v.decision_ref.trim().is_empty();
        let spent: Amount = v
            .lines
            .iter()
            .filter(|l| l.account.starts_with('5') && !(decided && l.account.starts_with("507")))
            .map(|l| l.debit - l.credit)
            .sum();
        *by.entry(Period::of(v.date).month()).or_default() += spent;
    }
    by
}

/// December's share of the year's spending above the pack's ratio, the months compared: only
/// over a span that holds a whole year.
fn december(input: &Input) -> Vec<Finding> {
    let pack = input.pack;
    let mut out = Vec::new();
    for year in chrono::Datelike::year(&input.from)..=chrono::Datelike::year(&input.to) {
        let whole = input.from <= Period::new(year, 1).first_day() && input.to >= Period::new(year, 12).last_day();
        if !whole {
            continue;
        }
        let by = spending_by_month(input, year);
        let total: Amount = by.values().copied().sum();
        let dec = by.get(&12).copied().unwrap_or_default();
        if total.fen() <= 0 || dec.fen() <= 0 {
            continue;
        }
        let share = rust_decimal::Decimal::from(dec.fen()) / rust_decimal::Decimal::from(total.fen());
        if share <= pack.december_share.value {
            continue;
        }
        let months: Vec<String> =
            (1..=12).map(|m| format!("{m}月 {}", by.get(&m).copied().unwrap_or_default().grouped())).collect();
        let average = Amount((total.fen() - dec.fen()) / 11);
        out.push(finding(
            "december_spike",
            format!(
                "{year}年 12 月支出 {} 元，占全年支出 {} 元的 {}（超过 {}），1–11 月平均每月 {} 元；请核实是否年末突击花钱。各月：{}",
                dec.grouped(),
                total.grouped(),
                crate::allocation::percent_text(share.round_dp(3)),
                crate::allocation::percent_text(pack.december_share.value),
                average.grouped(),
                months.join("，")
            ),
            &pack.december_share.cite(),
            dec,
            Vec::new(),
            Vec::new(),
        ));
    }
    out
}

/// Capital spending (507, 大型修缮 50705 aside) whose asset is not booked: no 162/141 debit in the
/// same voucher (the tool's own purchase books both).
fn assets(input: &Input) -> Vec<Finding> {
    let mut out = Vec::new();
    for v in input.vouchers.iter().filter(|v| v.date >= input.from && v.date <= input.to) {
        if is_exempt(v) {
            continue;
        }
        let capital: Amount = v
            .lines
            .iter()
            .filter(|l| l.account.starts_with("507") && !l.account.starts_with("50705"))
            .map(|l| l.debit - l.credit)
            .sum();
        let booked: Amount = v
            .lines
            .iter()
            .filter(|l| l.account.starts_with("162") || l.account.starts_with("141"))
            .map(|l| l.debit - l.credit)
            .sum();
        if capital.fen() > 0 && booked < capital {
            out.push(finding(
                "asset_unbooked",
                format!(
                    "凭证 {}（{}）资本性支出 {} 元，同一凭证只登记固定资产（162）或库存物品（141）{} 元；资产购置应同时记 162 与 301 资产基金",
                    v.no,
                    v.summary,
                    capital.grouped(),
                    booked.grouped()
                ),
                ASSET_DOC,
                capital - booked,
                vec![v.no.clone()],
                Vec::new(),
            ));
        }
    }
    out
}

/// 《工会会计制度》 on capital spending, as read (../shared/domain/union-finance-rules.md).
pub const ASSET_DOC: &str =
    "《工会会计制度》507 资本性支出、162 固定资产、301 资产基金 科目说明：购置固定资产在记支出的同时，借记固定资产、贷记资产基金（已核实原文）";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::pack;
    use crate::ledger::voucher::Line;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        crate::ledger::period::parse_date(s).unwrap()
    }

    fn v(no: &str, date: &str, summary: &str, lines: Vec<Line>) -> AuditVoucher {
        AuditVoucher::for_tests(no, date, summary, lines)
    }

    fn pay(no: &str, date: &str, summary: &str, account: &str, yuan: i64) -> AuditVoucher {
        let a = Amount(yuan * 100);
        v(no, date, summary, vec![Line::debit(account, a, ""), Line::credit("102", a, "")])
    }

    /// The year 2025 of the national pack over these vouchers.
    fn year_input<'a>(pack: &'a crate::audit::pack::Pack, vs: &'a [AuditVoucher]) -> Input<'a> {
        Input {
            from: d("2025-01-01"),
            to: d("2025-12-31"),
            pack,
            vouchers: vs,
            members: &[],
            benefits: &[],
            payments: &[],
            budgeted_income: Amount::ZERO,
            retained_income: Amount::ZERO,
            conditions: Vec::new(),
        }
    }

    fn rules_of(vs: &[AuditVoucher], listed: &[&str]) -> Vec<(String, Vec<String>)> {
        let pack = pack::select("", d("2025-01-01")).unwrap();
        let input = year_input(&pack, vs);
        let listed: BTreeSet<&str> = listed.iter().copied().collect();
        run(&input, &listed).into_iter().map(|f| (f.rule, f.vouchers)).collect()
    }

    #[test]
    fn violations_are_found_and_near_misses_are_not() {
        let vs = vec![
            // Violations.
            pay("V1", "2025-09-08", "教师节慰问品，120人×300元", "50105", 36_000),
            pay("V2", "2025-09-20", "中秋节福利（超市购物卡）", "50105", 24_000),
            pay("V3", "2025-07-10", "组织会员赴云南旅游", "50102", 80_000),
            pay("V4", "2025-03-20", "教代会会议用餐", "50502", 6_000),
            pay("V5", "2025-06-01", "购置打印机", "50702", 3_000),
            // Near misses.
            pay("N1", "2025-09-15", "中秋节慰问品（月饼），120人", "50105", 24_000),
            v(
                "N2",
                "2025-10-08",
                "收回购物卡（未发放部分退回）",
                vec![Line::debit("102", Amount(120_000), ""), Line::credit("50105", Amount(120_000), "")],
            ),
            pay("N3", "2025-05-10", "支付市旅游局培训场地费", "50501", 2_000),
            pay("N4", "2025-04-02", "第三届双代会（教职工代表大会暨会员代表大会）会务费", "50502", 9_000),
            v(
                "N5",
                "2025-06-02",
                "购置打印机",
                vec![
                    Line::debit("50702", Amount(300_000), ""),
                    Line::credit("102", Amount(300_000), ""),
                    Line::debit("162", Amount(300_000), ""),
                    Line::credit("30104", Amount(300_000), ""),
                ],
            ),
            pay("N6", "2025-05-01", "劳动节慰问品", "50105", 12_000),
        ];
        let found = rules_of(&vs, &["N1", "N6"]);
        let of = |no: &str| -> Vec<&str> {
            found.iter().filter(|(_, v)| v.iter().any(|x| x == no)).map(|(r, _)| r.as_str()).collect()
        };
        assert_eq!(of("V1"), vec!["festival_other", "benefit_no_list"]);
        assert_eq!(of("V2"), vec!["benefit_form", "benefit_no_list"]);
        assert_eq!(of("V3"), vec!["trip"]);
        assert_eq!(of("V4"), vec!["administration_cost"]);
        assert_eq!(of("V5"), vec!["asset_unbooked"]);
        for no in ["N1", "N2", "N3", "N4", "N5", "N6"] {
            assert!(of(no).is_empty(), "{no}: {:?}", of(no));
        }
    }

    #[test]
    fn december_is_compared_with_the_year_and_the_waiver_is_reported() {
        let mut vs: Vec<AuditVoucher> =
            (1..=11).map(|m| pay(&format!("M{m}"), &format!("2025-{m:02}-10"), "文体活动", "50102", 1_000)).collect();
        vs.push(pay("D1", "2025-12-10", "文体活动", "50102", 6_000));
        // A December asset bought on a committee's decision does not count as a rush.
        let mut asset = pay("D2", "2025-12-12", "购置会议室设备", "50702", 50_000);
        asset.decision_ref = "工会委员会2025年第5次会议纪要".into();
        asset.lines.push(Line::debit("162", Amount(5_000_000), ""));
        asset.lines.push(Line::credit("30104", Amount(5_000_000), ""));
        vs.push(asset);
        let found = rules_of(&vs, &[]);
        let spike: Vec<_> = found.iter().filter(|(r, _)| r == "december_spike").collect();
        assert_eq!(spike.len(), 1, "6,000 of 17,000 is 35%: {found:?}");
        // Below the share: nothing.
        vs.retain(|v| v.no != "D1");
        vs.push(pay("D1", "2025-12-10", "文体活动", "50102", 3_000));
        assert!(rules_of(&vs, &[]).iter().all(|(r, _)| r != "december_spike"), "3,000 of 14,000 is 21%");
        // Vouchers posted under the waiver: one finding naming them.
        vs[0].review_waived = true;
        vs[1].review_waived = true;
        let found = rules_of(&vs, &[]);
        let w: Vec<_> = found.iter().filter(|(r, _)| r == "review_waived").collect();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].1, vec!["M1".to_string(), "M2".to_string()]);
    }

    #[test]
    fn a_unions_pack_extends_the_words() {
        let own = "id = \"own\"\nprovince = \"\"\nname = \"本会\"\neffective_from = \"2025-01-01\"\nbase = \"national-2017\"\n\
                   other_days = { add = [\"校庆\"], doc = \"本会规定\", confidence = \"V\" }\n";
        let p = pack::from_file(own, "own.toml").unwrap();
        assert!(p.other_days.value.list.iter().any(|w| w == "教师节"), "the base's days kept");
        assert_eq!(p.other_days.value.found_in("校庆纪念品发放"), Some("校庆"));
        let bad = own.replace("[\"校庆\"]", "[\" \"]");
        assert!(pack::from_file(&bad, "own.toml").unwrap_err().message().contains("other_days"));
    }

    #[test]
    fn old_receivables_and_payables_an_unequal_asset_fund_and_a_self_disposition_are_found() {
        let pack = pack::select("", d("2025-01-01")).unwrap();
        let two = |no: &str, date: &str, dr: &str, cr: &str, yuan: i64| {
            v(no, date, "往来", vec![Line::debit(dr, Amount(yuan * 100), ""), Line::credit(cr, Amount(yuan * 100), "")])
        };
        let vs = vec![
            // Accrued at the end of 2023, never received: open 731 days at the end of 2025.
            two("R1", "2023-12-31", "13102", "402", 5_000),
            // Accrued at the end of 2024, received in March 2025: cleared.
            two("R2", "2024-12-31", "13102", "402", 3_000),
            two("R3", "2025-03-05", "102", "13102", 3_000),
            // A payable from 2024 half paid.
            two("P1", "2024-06-01", "102", "215", 2_000),
            two("P2", "2025-02-01", "215", "102", 500),
        ];
        let input = year_input(&pack, &vs);
        let found: Vec<(String, Vec<String>, Amount)> =
            crate::audit::checks::vouchers(&input).into_iter().map(|f| (f.rule, f.vouchers, f.amount)).collect();
        // First in, first out: March's 3,000 clears the oldest first, leaving 2,000 of R1 open for
        // 731 days; R2's 3,000 is 365 days old at the year's end, not over the limit.
        assert!(found.contains(&("receivable_overdue".into(), vec!["R1".into()], Amount(200_000))), "{found:?}");
        assert!(!found.iter().any(|(_, v, _)| v.contains(&"R2".to_string())), "{found:?}");
        assert!(found.contains(&("payable_overdue".into(), vec!["P1".into()], Amount(150_000))), "{found:?}");
        // 资产基金 against the assets: 6,000 bought, 1,000 depreciated, the fund written down 900.
        let net = |rows: &[(&str, i64)]| -> Vec<(String, Amount)> {
            rows.iter().map(|(a, y)| (a.to_string(), Amount(y * 100))).collect()
        };
        let at = crate::ledger::period::Period::new(2025, 12);
        let ok = net(&[("162", 6_000), ("163", -1_000), ("30104", -5_000)]);
        assert!(crate::audit::ledger_checks::asset_fund(at, &ok).is_none());
        let bad = net(&[("162", 6_000), ("163", -1_000), ("30104", -5_100)]);
        let f = crate::audit::ledger_checks::asset_fund(at, &bad).unwrap();
        assert_eq!((f.rule.as_str(), f.amount), ("asset_fund_mismatch", Amount(10_000)));
        // A disposition recorded by the preparer of the finding's voucher.
        let finding = crate::audit::checks::finding(
            "no_attachment",
            "x".into(),
            "doc",
            Amount(100),
            vec!["R1".into()],
            Vec::new(),
        );
        let kept = crate::audit::Kept {
            key: finding.key(),
            finding,
            disposition: Some(crate::audit::Disposition {
                outcome: "explained".into(),
                note: "附件已补".into(),
                evidence: String::new(),
                decided_by: "张敏".into(),
                decided_at: "2026-01-10 10:00:00".into(),
            }),
        };
        let own = crate::audit::ledger_checks::self_disposed(&pack, std::slice::from_ref(&kept), &vs);
        assert_eq!(own.len(), 1);
        assert!(own[0].message.contains("张敏") && own[0].vouchers == vec!["R1".to_string()], "{:?}", own[0]);
        let mut other = kept;
        other.disposition.as_mut().unwrap().decided_by = "陈静".into();
        assert!(crate::audit::ledger_checks::self_disposed(&pack, &[other], &vs).is_empty());
    }

    #[test]
    fn reconciling_items_older_than_the_limit_are_a_finding() {
        use crate::import::reconcile::{Reconciliation, Statement};
        let pack = pack::select("", d("2025-01-01")).unwrap();
        let item = |date: &str, reference: &str, yuan: i64| {
            (d(date), reference.to_string(), "某供应商".to_string(), Amount(yuan * 100))
        };
        let mut r = Reconciliation {
            account: "102".into(),
            month: crate::ledger::period::Period::new(2025, 12),
            statement: Statement::Imported,
            book: Amount(1_000_000),
            bank: Some(Amount(1_000_000)),
            age_limit: 60,
            bank_in_only: vec![],
            bank_out_only: vec![item("2025-12-20", "流水 88", -300)],
            book_in_only: vec![],
            book_out_only: vec![item("2025-09-15", "记-202509-0004", -300), item("2025-12-28", "记-202512-0009", -50)],
        };
        let f = crate::audit::ledger_checks::old_reconciling_items(&pack, &r).unwrap();
        assert_eq!((f.rule.as_str(), f.amount), ("reconciling_item_old", Amount(30_000)));
        assert_eq!(f.vouchers, vec!["记-202509-0004".to_string()], "only the one 107 days old");
        assert!(f.message.contains("107 天"), "{}", f.message);
        r.statement = Statement::Missing;
        assert!(
            crate::audit::ledger_checks::old_reconciling_items(&pack, &r).is_none(),
            "no statement: bank_unreconciled says so"
        );
    }
}
