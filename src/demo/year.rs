//! The demo union's year: about 120 members, a wage bill near 1.5 million 元 a month, and what a
//! school union does in a year. Deterministic: the same books every run.

use super::YEAR;
use crate::allocation::{self, Settings};
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, NewVoucher, Source};
use crate::money::Amount;
use chrono::{Datelike, NaiveDate};

pub const MEMBERS: i64 = 120;

/// The school's monthly wage bill (全部职工工资总额), in fen: near 1.5 million, with the
/// performance bonus paid in January and July.
pub fn wage_bill(month: u32) -> Amount {
    let base: i64 = 148_600_000 + (month as i64 % 4) * 1_250_000;
    Amount(match month {
        1 => base + 12_000_000,
        7 => base + 8_000_000,
        _ => base,
    })
}

/// Members' dues base (会费基数): their own wage income, in fen.
pub fn dues_base(month: u32) -> Amount {
    Amount(wage_bill(month).fen() * 72 / 100)
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, m, day).expect("valid demo date")
}

fn yuan(y: i64) -> Amount {
    Amount(y * 100)
}

struct Book(Vec<NewVoucher>);

impl Book {
    fn add(&mut self, date: NaiveDate, summary: &str, attachments: i64, lines: Vec<Line>) {
        self.0.push(NewVoucher {
            date,
            summary: summary.into(),
            attachments,
            lines,
            source: Source::Manual,
            decision_ref: String::new(),
            reverses: None,
        });
    }
    /// Spending paid from the bank.
    fn spend(
        &mut self,
        date: NaiveDate,
        summary: &str,
        account: &str,
        activity: &str,
        amount: Amount,
        attachments: i64,
    ) {
        self.add(
            date,
            summary,
            attachments,
            vec![Line::debit(account, amount, activity), Line::credit("102", amount, "")],
        );
    }
}

/// The payroll file the treasurer gets from the school's finance office.
pub fn payroll_csv() -> String {
    let mut out = String::from("月份,工资总额,职工人数,会员人数,会费基数\n");
    for m in 1..=12u32 {
        out.push_str(&format!(
            "{YEAR}-{m:02},{},{},{MEMBERS},{}\n",
            wage_bill(m).plain(),
            MEMBERS + 8,
            dues_base(m).plain()
        ));
    }
    out
}

/// The budget adopted by the union committee for the year (科目编码,活动编码,金额,说明,经济分类:
/// the line of 慰问金 paid in cash carries its own classification, the others their accounts').
pub fn budget_csv() -> String {
    let lines = [
        ("401", "", "65000", "会费收入"),
        ("402", "", "219000", "拨缴经费收入（留成60%）"),
        ("405", "", "10000", "学校行政补助（运动会）"),
        ("408", "", "1500", "存款利息"),
        ("50102", "A01", "11000", "三八妇女节活动"),
        ("50102", "A02", "8000", "五一登山活动"),
        ("50102", "A09", "15000", "教职工运动会"),
        ("50105", "A03", "36000", "教师节慰问，120人×300元"),
        ("50105", "A04", "40000", "中秋节慰问"),
        ("50105", "A05", "48000", "春节慰问，120人×400元"),
        ("50105", "A06", "26000", "会员生日蛋糕券"),
        ("50105", "A07", "3000", "住院慰问#30399"),
        ("50105", "A12", "15000", "端午节慰问"),
        ("50405", "A08", "15000", "送温暖困难帮扶"),
        ("50501", "A10", "7000", "工会干部培训"),
        ("50502", "A11", "5000", "教职工代表大会"),
        ("50702", "", "6000", "购置办公用笔记本电脑"),
        ("50703", "", "20000", "购置教职工活动室健身器材"),
    ];
    let mut out = String::from("科目编码,活动编码,金额,说明,经济分类\n");
    for (a, act, amt, note) in lines {
        let (note, econ) = note.split_once('#').unwrap_or((note, ""));
        out.push_str(&format!("{a},{act},{amt},{note},{econ}\n"));
    }
    out
}

/// The mid-year adjustment: the sports meeting grew.
pub fn budget_adjustment_csv() -> String {
    "科目编码,活动编码,金额,说明\n50102,A09,8000,运动会增设项目\n".to_string()
}

pub const ADJUSTMENT_DOC: &str = "校工会〔2025〕5号";

/// The month whose 2% the school paid late (in July), and the month it paid short.
pub const LATE_MONTH: u32 = 5;
pub const SHORT_MONTH: u32 = 9;
pub const SHORTFALL: Amount = Amount(200_000);

/// Members with a birthday in month `m` (110 over the year, each member once).
pub fn birthday_people(m: u32) -> i64 {
    7 + (m as i64 * 7) % 5
}
pub const BIRTHDAY_EACH: i64 = 200;
/// December's last birthday voucher: over the 500 元 cap (a planted violation)…
pub const BIRTHDAY_OVER: i64 = 600;
/// …whose excess the member pays back into the union's account before the year ends: the
/// evidence of the committee's 已整改.
pub const BIRTHDAY_REFUND: i64 = BIRTHDAY_OVER - 500;
pub const REFUND_SUMMARY: &str = "收回12月生日慰问超标准部分（会员退回工会账户）";
/// The committee's own threshold for a collective decision (see people::RULE_PACK), in 元.
pub const DECISION_AMOUNT: i64 = 10_000;

pub fn vouchers() -> Vec<NewVoucher> {
    let s = Settings::default();
    let mut b = Book(Vec::new());
    let mut receipts: Vec<(NaiveDate, Amount)> = Vec::new();
    for m in 1..=12u32 {
        let p = Period::new(YEAR, m);
        // Dues withheld from pay and transferred by the school: kept whole (401).
        b.0.push(allocation::dues_voucher(p, s.dues_due(dues_base(m)), d(m, 5), "102"));
        // The school pays the 2% itself (自主拨缴): 60% retained (402), 40% owed upward (211).
        let due = s.due(wage_bill(m));
        let (date, amount) = match m {
            LATE_MONTH => (d(7, 15), due),
            SHORT_MONTH => (d(m, 10), due - SHORTFALL),
            _ => (d(m, 10), due),
        };
        b.0.push(allocation::receive_voucher(&s, p, amount, date, "102"));
        receipts.push((date, amount));
        // Birthdays: a cake voucher from the designated shop for the month's members.
        let people = birthday_people(m);
        let extra = if m == 12 { BIRTHDAY_OVER - BIRTHDAY_EACH } else { 0 };
        b.spend(
            d(m, 20),
            &format!("{m}月会员生日蛋糕券（{people}人）"),
            "50105",
            "A06",
            yuan(BIRTHDAY_EACH * people + extra),
            2,
        );
        if m == 12 {
            // The excess paid back, crediting the spending it was paid from.
            b.add(
                d(12, 29),
                REFUND_SUMMARY,
                1,
                vec![
                    Line::debit("102", yuan(BIRTHDAY_REFUND), ""),
                    Line::credit("50105", yuan(BIRTHDAY_REFUND), "A06"),
                ],
            );
            // The school makes up September's shortfall before the year ends.
            let p = Period::new(YEAR, SHORT_MONTH);
            b.0.push(allocation::receive_voucher(&s, p, SHORTFALL, d(12, 10), "102"));
            receipts.push((d(12, 10), SHORTFALL));
        }
        // Each quarter: remit the upward share of what came in, and the bank's interest.
        if m % 3 == 0 {
            let q = (m - 1) / 3;
            let upward: Amount =
                receipts.iter().filter(|(dt, _)| (dt.month() - 1) / 3 == q).map(|(_, a)| s.split(*a).1).sum();
            // The upper union's receipt for the first three quarters is at hand; December's
            // has not come back yet (the allocation report says so).
            let receipt = (m < 12).then(|| format!("No.{YEAR}-{:04}", 310 + m));
            b.0.push(allocation::remit_voucher(upward, d(m, 25), "102", receipt.as_deref()));
            let interest = Amount(38_000 + m as i64 * 1_150);
            b.add(
                d(m, 21),
                &format!("第{}季度银行存款利息", m / 3),
                1,
                vec![Line::debit("102", interest, ""), Line::credit("408", interest, "")],
            );
        }
    }
    // Petty cash for hospital visits (cash is allowed for 慰问金).
    b.add(d(1, 6), "提取备用金", 1, vec![Line::debit("101", yuan(3000), ""), Line::credit("102", yuan(3000), "")]);
    b.spend(d(1, 22), "春节慰问品（大米、食用油、年货礼盒，120人）", "50105", "A05", yuan(48_000), 3);
    b.spend(d(1, 24), "送温暖：困难教职工帮扶（3人）", "50405", "A08", yuan(6_000), 3);
    b.spend(d(3, 7), "三八妇女节女教职工插花活动（72人）", "50102", "A01", yuan(10_800), 3);
    b.add(
        d(3, 18),
        "会员住院慰问金（王老师）",
        1,
        // 慰问金 in cash: 对个人和家庭的补助 (30399), not the 福利费 its account defaults to.
        vec![Line::debit("50105", yuan(500), "A07").with_econ("30399"), Line::credit("101", yuan(500), "")],
    );
    b.spend(d(4, 16), "职工书屋购书", "50304", "A13", yuan(3_600), 2);
    b.spend(d(4, 30), "五一劳动节教职工登山活动（大巴、矿泉水）", "50102", "A02", yuan(7_850), 3);
    b.spend(d(5, 29), "端午节慰问品（粽子、咸鸭蛋，120人）", "50105", "A12", yuan(14_400), 2);
    b.add(
        d(6, 12),
        "会员住院慰问金（陈老师）",
        1,
        // 慰问金 in cash: 对个人和家庭的补助 (30399), not the 福利费 its account defaults to.
        vec![Line::debit("50105", yuan(800), "A07").with_econ("30399"), Line::credit("101", yuan(800), "")],
    );
    b.spend(d(7, 15), "工会干部暑期培训（资料费、场地费）", "50501", "A10", yuan(6_800), 3);
    b.spend(d(9, 8), "教师节慰问品（120人）", "50105", "A03", yuan(36_000), 2);
    // Handed out as supermarket shopping cards (a planted violation: see people.rs).
    b.spend(d(9, 26), "中秋节慰问（超市购物卡，120人）", "50105", "A04", yuan(39_600), 2);
    b.add(
        d(10, 9),
        "收到学校行政补助（教职工运动会经费）",
        1,
        vec![Line::debit("102", yuan(10_000), ""), Line::credit("405", yuan(10_000), "")],
    );
    b.spend(d(10, 24), "教职工运动会：场地布置、奖品", "50102", "A09", yuan(21_600), 4);
    b.add(
        d(11, 5),
        "会员住院慰问金（李老师）",
        1,
        // 慰问金 in cash: 对个人和家庭的补助 (30399), not the 福利费 its account defaults to.
        vec![Line::debit("50105", yuan(900), "A07").with_econ("30399"), Line::credit("101", yuan(900), "")],
    );
    b.spend(d(11, 20), "送温暖：冬季困难教职工帮扶（4人）", "50405", "A08", yuan(8_000), 3);
    b.spend(d(12, 12), "第六届教职工代表大会第三次会议（资料、茶歇）", "50502", "A11", yuan(4_500), 2);
    // Keep each month's vouchers in date order: the numbers then follow the dates.
    let mut v = b.0;
    v.sort_by_key(|x| x.date);
    // Spending the committee decided on carries its minutes' number.
    let mut minutes = 0;
    for v in v.iter_mut() {
        if crate::ledger::voucher::spending(&v.lines) >= yuan(DECISION_AMOUNT) {
            minutes += 1;
            v.decision_ref = format!("校工会委纪〔{YEAR}〕{minutes}号");
        }
    }
    v
}
