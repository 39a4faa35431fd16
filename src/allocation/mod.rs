//! The 2% wage-bill allocation (工会经费拨缴) and members' dues (会费): settings per organisation
//! and year, the split between the union's retained share (402) and the share owed upward (211),
//! the vouchers of each collection mode, and the month-by-month status (due, received, arrears).
//! Pure: no I/O. Sources: ../shared/domain/union-finance-rules.md §1.5 and §3.

pub mod recognise;
pub mod status;
pub mod upward;

use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, NewVoucher, Source};
use crate::money::{apply_rate, Amount};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// How the 2% reaches the union (§3 "Collection modes").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Mode {
    /// 自主拨缴: the employer pays the full 2% to the union, which remits the upward share (211).
    SelfRemit,
    /// 税务代收: the tax bureau collects; the upper union returns the union's share (402 only).
    TaxCollected,
    /// 小额缴费工会全额返还: the whole 2% stays with the union (402 only).
    FullRefund,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::SelfRemit => "self",
            Mode::TaxCollected => "tax",
            Mode::FullRefund => "refund",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Mode::SelfRemit => "自主拨缴",
            Mode::TaxCollected => "税务代收",
            Mode::FullRefund => "全额返还",
        }
    }
    pub fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "self" | "自主拨缴" => Mode::SelfRemit,
            "tax" | "税务代收" => Mode::TaxCollected,
            "refund" | "全额返还" => Mode::FullRefund,
            _ => return None,
        })
    }
}

/// Allocation settings of one organisation for one year. Every number is configurable; the
/// defaults cite their source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Settings {
    pub mode: Mode,
    /// 2% of the wage bill — 工会法 第四十三条 [V].
    pub rate: Decimal,
    /// Retained by the grassroots union, commonly 60% "另有规定的除外" [S: 浙江, 四川 digests].
    pub retention: Decimal,
    /// Owed upward, commonly 40% [S]; retention + upward = 100%.
    pub upward: Decimal,
    /// Handling fee withheld from a tax-collected return [S: county-union software]; default 0.
    pub tax_fee: Decimal,
    /// Dues: 0.5% of the member's wage income [S: 四川实施办法 "每月按本人工资收入的5‰"].
    pub dues_rate: Decimal,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            mode: Mode::SelfRemit,
            rate: Decimal::new(2, 2),
            retention: Decimal::new(60, 2),
            upward: Decimal::new(40, 2),
            tax_fee: Decimal::ZERO,
            dues_rate: Decimal::new(5, 3),
        }
    }
}

/// Parse a ratio written `60%`, `60`, `0.6` or `0.5%`; refuse anything outside 0–100%.
pub fn parse_ratio(name: &str, s: &str) -> Result<Decimal> {
    let t = s.trim();
    let bad = || Error::input(format!("{name}“{s}”不是比例（写成 60% 或 0.6）"));
    let d = if let Some(p) = t.strip_suffix('%') {
        p.trim().parse::<Decimal>().map_err(|_| bad())? / Decimal::ONE_HUNDRED
    } else {
        let d = t.parse::<Decimal>().map_err(|_| bad())?;
        if d > Decimal::ONE {
            d / Decimal::ONE_HUNDRED
        } else {
            d
        }
    };
    if d < Decimal::ZERO || d > Decimal::ONE {
        return Err(Error::input(format!("{name}“{s}”超出 0–100% 的范围")));
    }
    Ok(d.normalize())
}

pub fn percent_text(d: Decimal) -> String {
    format!("{}%", (d * Decimal::ONE_HUNDRED).normalize())
}

impl Settings {
    pub fn check(&self) -> Result<()> {
        for (name, v) in [
            ("拨缴比例", self.rate),
            ("留成比例", self.retention),
            ("上解比例", self.upward),
            ("代收手续费率", self.tax_fee),
            ("会费比例", self.dues_rate),
        ] {
            if v < Decimal::ZERO || v > Decimal::ONE {
                return Err(Error::input(format!("{name} {} 超出 0–100% 的范围", percent_text(v))));
            }
        }
        if self.retention + self.upward != Decimal::ONE {
            return Err(Error::input(format!(
                "留成比例 {} 与上解比例 {} 之和应为 100%",
                percent_text(self.retention),
                percent_text(self.upward)
            )));
        }
        Ok(())
    }

    /// The 2% of a month's wage bill.
    pub fn due(&self, wage_bill: Amount) -> Amount {
        apply_rate(wage_bill, self.rate)
    }

    /// What the union should receive for a month: the full 2% when the employer pays it
    /// directly or it is refunded in full; the retained share less the fee when the tax bureau
    /// collects.
    pub fn expected_receipt(&self, wage_bill: Amount) -> Amount {
        let due = self.due(wage_bill);
        match self.mode {
            Mode::SelfRemit => due,
            Mode::FullRefund => due - apply_rate(due, self.tax_fee),
            Mode::TaxCollected => {
                let (kept, _) = self.split(due);
                kept - apply_rate(kept, self.tax_fee)
            }
        }
    }

    /// Split an amount into (retained, upward): rounded half up once, the parts adding up exactly.
    pub fn split(&self, amount: Amount) -> (Amount, Amount) {
        let kept = apply_rate(amount, self.retention);
        (kept, amount - kept)
    }

    pub fn dues_due(&self, dues_base: Amount) -> Amount {
        apply_rate(dues_base, self.dues_rate)
    }
}

/// What an allocation voucher is for; kept in the voucher's source so that receipts are found
/// again, whoever made the voucher (the command, a classified bank line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Receive,
    Remit,
    Accrue,
    Dues,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Receive => "receive",
            Kind::Remit => "remit",
            Kind::Accrue => "accrue",
            Kind::Dues => "dues",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "receive" => Kind::Receive,
            "remit" => Kind::Remit,
            "accrue" => Kind::Accrue,
            "dues" => Kind::Dues,
            _ => return None,
        })
    }
}

/// `allocation/receive/2025-03`
pub fn source_ref(kind: Kind, p: Period) -> String {
    format!("allocation/{}/{p}", kind.code())
}

pub fn parse_source_ref(s: &str) -> Option<(Kind, Period)> {
    let rest = s.strip_prefix("allocation/")?;
    let (k, p) = rest.split_once('/')?;
    Some((Kind::parse(k)?, Period::parse(p).ok()?))
}

fn voucher(date: NaiveDate, summary: String, kind: Kind, p: Period, lines: Vec<Line>) -> NewVoucher {
    NewVoucher {
        date,
        summary,
        attachments: 1,
        lines: lines.into_iter().filter(|l| !(l.debit.is_zero() && l.credit.is_zero())).collect(),
        source: Source::Generated(source_ref(kind, p)),
        decision_ref: String::new(),
        reverses: None,
    }
}

/// The voucher for money received for month `p` into `bank` (102 or a detail account):
/// 自主拨缴 Dr 102 / Cr 402 retained / Cr 211 upward; 税务代收 and 全额返还 Dr 102 / Cr 402.
pub fn receive_voucher(s: &Settings, p: Period, amount: Amount, date: NaiveDate, bank: &str) -> NewVoucher {
    let mut lines = vec![Line::debit(bank, amount, "")];
    let summary = match s.mode {
        Mode::SelfRemit => {
            let (kept, up) = s.split(amount);
            lines.push(Line::credit("402", kept, ""));
            lines.push(Line::credit("211", up, ""));
            format!(
                "收到{}工会经费拨缴款（{}：留成{}，应上解{}）",
                p.label(),
                s.mode.label(),
                percent_text(s.retention),
                percent_text(s.upward)
            )
        }
        Mode::TaxCollected => {
            lines.push(Line::credit("402", amount, ""));
            format!("收到上级工会返还{}税务代收工会经费", p.label())
        }
        Mode::FullRefund => {
            lines.push(Line::credit("402", amount, ""));
            format!("收到上级工会全额返还{}工会经费", p.label())
        }
    };
    voucher(date, summary, Kind::Receive, p, lines)
}

/// Remitting the upward share: Dr 211 / Cr 102.
pub fn remit_voucher(amount: Amount, date: NaiveDate, bank: &str, receipt: Option<&str>) -> NewVoucher {
    let p = Period::of(date);
    let lines = vec![Line::debit("211", amount, ""), Line::credit(bank, amount, "")];
    let receipt = receipt.map(|r| format!("，{RECEIPT_MARK}{r}")).unwrap_or_default();
    voucher(date, format!("上解上级工会经费（{}{receipt}）", p.label()), Kind::Remit, p, lines)
}

/// How a remittance's summary carries the upper union's receipt number.
pub const RECEIPT_MARK: &str = "收据号 ";

/// A receipt number as written on the 工会经费收入专用收据: letters, digits, 'No.', '-', up to 40.
pub fn check_receipt_no(r: &str) -> Result<()> {
    let ok = r.chars().count() <= 40 && r.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | '#'));
    if ok {
        Ok(())
    } else {
        Err(Error::input(format!(
            "收据号“{r}”不对：只写上级工会开具的工会经费收入专用收据上的编号（字母、数字、. - /，40 字以内），如 No.0012345"
        )))
    }
}

/// The receipt number a remittance's summary carries, if any.
pub fn receipt_of(summary: &str) -> Option<String> {
    let at = summary.find(RECEIPT_MARK)? + RECEIPT_MARK.len();
    let rest = &summary[at..];
    let no: String = rest.chars().take_while(|c| *c != '）').collect();
    (!no.is_empty()).then_some(no)
}

/// Year-end accrual of a return notified but not yet paid: Dr 13102 / Cr 402, dated 31 December.
pub fn accrue_voucher(year: i32, amount: Amount) -> NewVoucher {
    let date = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
    let lines = vec![Line::debit("13102", amount, ""), Line::credit("402", amount, "")];
    voucher(
        date,
        format!("{year}年末确认应收上级转拨经费（已收到经费转拨通知）"),
        Kind::Accrue,
        Period::new(year, 12),
        lines,
    )
}

/// Dues transferred by the employer for month `p`: Dr 102 / Cr 401, kept whole.
pub fn dues_voucher(p: Period, amount: Amount, date: NaiveDate, bank: &str) -> NewVoucher {
    let lines = vec![Line::debit(bank, amount, ""), Line::credit("401", amount, "")];
    voucher(date, format!("收到{}会员会费", p.label()), Kind::Dues, p, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_parse_and_settings_check() {
        assert_eq!(parse_ratio("x", "60%").unwrap(), Decimal::new(6, 1));
        assert_eq!(parse_ratio("x", "0.5%").unwrap(), Decimal::new(5, 3));
        assert_eq!(parse_ratio("x", "40").unwrap(), Decimal::new(4, 1));
        assert!(parse_ratio("x", "120%").is_err());
        assert!(parse_ratio("x", "-1%").is_err());
        assert!(parse_ratio("x", "abc").is_err());
        let s = Settings { retention: Decimal::new(7, 1), ..Settings::default() };
        assert!(s.check().unwrap_err().message().contains("100%"));
        assert!(Settings::default().check().is_ok());
    }

    #[test]
    fn splits_add_up_exactly() {
        let s = Settings::default();
        for fen in [1i64, 2, 3, 5, 7, 99, 12_345, 2_469_136, 123_456_789, 4_000_000] {
            let (k, u) = s.split(Amount(fen));
            assert_eq!(k + u, Amount(fen), "{fen}");
        }
        // A wage bill of 1,234,567.89: 2% is 24,691.36 (24,691.3578 rounded half up).
        let due = s.due(Amount(123_456_789));
        assert_eq!(due, Amount(2_469_136));
        assert_eq!(s.split(due), (Amount(1_481_482), Amount(987_654)));
        // 0.01 received: 0.006 rounds to 0.01 retained, nothing upward — and no zero line.
        assert_eq!(s.split(Amount(1)), (Amount(1), Amount(0)));
        let v = receive_voucher(&s, Period(202503), Amount(1), NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(), "102");
        assert_eq!(v.lines.len(), 2);
        assert!(v.lines.iter().all(|l| !(l.debit.is_zero() && l.credit.is_zero())));
    }

    #[test]
    fn source_refs_round_trip() {
        let r = source_ref(Kind::Receive, Period(202505));
        assert_eq!(r, "allocation/receive/2025-05");
        assert_eq!(parse_source_ref(&r), Some((Kind::Receive, Period(202505))));
        assert_eq!(parse_source_ref("bank/x"), None);
    }
}
