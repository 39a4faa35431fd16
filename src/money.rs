//! Money as integer fen (1 元 = 100 分). No float ever touches an amount.
//!
//! Parsing accepts what people and banks write: `1,234.56`, `¥1234.5`, `1234.56元`, `(12.00)`
//! (negative), `-12`, full-width digits and commas. `-` / `--` / empty are "no amount" and are
//! handled by [`parse_optional`]. Rates are `rust_decimal::Decimal` and applied in [`apply_rate`]
//! with one rounding rule: half up (away from zero) to the fen.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// The largest amount one line may carry: 999,999,999,999.99 元 (a named limit, far above any
/// union's money, small enough that a voucher of [`MAX_LINES`] such lines still sums in i64).
pub const MAX_AMOUNT: Amount = Amount(99_999_999_999_999);

/// The most lines one voucher may have.
pub const MAX_LINES: usize = 9_999;

/// An amount in fen. Signed: a red-ink reversal carries negative amounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i64);

/// Why a text is not an amount. The caller adds where (file, line, column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber(String),
    TooPrecise(String),
    TooLarge(String),
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => write!(f, "金额为空"),
            AmountError::NotANumber(s) => write!(f, "“{s}”不是金额（应写成 1234.56 这样的数字）"),
            AmountError::TooPrecise(s) => write!(f, "金额“{s}”超过两位小数（金额只精确到分）"),
            AmountError::TooLarge(s) => {
                write!(f, "金额“{s}”过大（每笔金额不能超过 {}）", MAX_AMOUNT.grouped())
            }
        }
    }
}

impl std::error::Error for AmountError {}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    pub fn fen(self) -> i64 {
        self.0
    }
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
    pub fn abs(self) -> Amount {
        Amount(self.0.abs())
    }

    /// Parse a required amount.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        parse_optional(text)?.ok_or(AmountError::Empty)
    }

    /// `1234.56`, `-12.00`: plain, two decimals, no separators (CSV, JSON).
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let v = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", v / 100, v % 100)
    }

    /// `1,234.56`: thousands separators (tables, PDF).
    pub fn grouped(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let v = self.0.unsigned_abs();
        let int = (v / 100).to_string();
        let mut out = String::with_capacity(int.len() + int.len() / 3 + 4);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        format!("{sign}{out}.{:02}", v % 100)
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Convert a decimal in 元 to fen; refuses more than two decimals.
    pub fn from_decimal(d: Decimal) -> Result<Amount, AmountError> {
        let scaled = d * Decimal::ONE_HUNDRED;
        if scaled.fract() != Decimal::ZERO {
            return Err(AmountError::TooPrecise(d.to_string()));
        }
        scaled.to_i64().map(Amount).filter(|a| a.within_limit()).ok_or_else(|| AmountError::TooLarge(d.to_string()))
    }

    /// Whether the amount is within [`MAX_AMOUNT`] either way.
    pub fn within_limit(self) -> bool {
        self.0.unsigned_abs() <= MAX_AMOUNT.0 as u64
    }

    pub fn checked_add(self, o: Amount) -> Option<Amount> {
        self.0.checked_add(o.0).map(Amount)
    }

    pub fn checked_sub(self, o: Amount) -> Option<Amount> {
        self.0.checked_sub(o.0).map(Amount)
    }

    /// Sum that says when it would not fit instead of wrapping.
    pub fn checked_sum<I: IntoIterator<Item = Amount>>(iter: I) -> Option<Amount> {
        iter.into_iter().try_fold(Amount::ZERO, Amount::checked_add)
    }
}

/// JSON convention: amounts are strings with two decimals, never floats.
impl serde::Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.plain())
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

// Arithmetic never wraps, in release builds too. Amounts are capped at parse and vouchers at
// validation (which refuse with the line named), and the database refuses totals that do not fit;
// reaching these panics means the books were edited behind the tool's back.
/// The message of the overflow panic; the command line turns it into a refusal (exit 1).
pub const OVERFLOW: &str = "金额合计超出可表示的范围（账簿可能被绕过本工具修改，请运行 gonghui verify）";

fn overflow() -> ! {
    panic!("{OVERFLOW}")
}
impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, o: Amount) -> Amount {
        self.checked_add(o).unwrap_or_else(|| overflow())
    }
}
impl std::ops::Sub for Amount {
    type Output = Amount;
    fn sub(self, o: Amount) -> Amount {
        self.checked_sub(o).unwrap_or_else(|| overflow())
    }
}
impl std::ops::Neg for Amount {
    type Output = Amount;
    fn neg(self) -> Amount {
        Amount(self.0.checked_neg().unwrap_or_else(|| overflow()))
    }
}
impl std::ops::AddAssign for Amount {
    fn add_assign(&mut self, o: Amount) {
        *self = *self + o
    }
}
impl std::ops::SubAssign for Amount {
    fn sub_assign(&mut self, o: Amount) {
        *self = *self - o
    }
}
impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

/// Parse an amount that may be absent: empty, `-`, `--`, `—` mean "none".
pub fn parse_optional(text: &str) -> Result<Option<Amount>, AmountError> {
    let mut s: String = text
        .chars()
        .map(fullwidth_to_ascii)
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '¥' && *c != '￥' && *c != '"')
        .collect();
    if let Some(stripped) = s.strip_suffix('元') {
        s = stripped.to_string();
    }
    if s.is_empty() || s == "-" || s == "--" || s == "—" || s == "——" {
        return Ok(None);
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') && s.len() > 2 {
        negative = true;
        s = s[1..s.len() - 1].to_string();
    }
    if let Some(rest) = s.strip_prefix('+') {
        s = rest.to_string();
    } else if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.to_string();
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s.as_str(), ""),
    };
    let digits_ok = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty()) || !digits_ok(int_part) || !digits_ok(frac_part) {
        return Err(AmountError::NotANumber(text.trim().to_string()));
    }
    let frac_trimmed = frac_part.trim_end_matches('0');
    if frac_trimmed.len() > 2 {
        return Err(AmountError::TooPrecise(text.trim().to_string()));
    }
    let int_val: i64 = if int_part.is_empty() {
        0
    } else {
        int_part.parse().map_err(|_| AmountError::TooLarge(text.trim().to_string()))?
    };
    let mut frac_val: i64 = 0;
    for (i, c) in frac_trimmed.chars().enumerate() {
        let d = c.to_digit(10).unwrap() as i64;
        frac_val += if i == 0 { d * 10 } else { d };
    }
    let fen = int_val
        .checked_mul(100)
        .and_then(|v| v.checked_add(frac_val))
        .filter(|v| *v <= MAX_AMOUNT.0)
        .ok_or_else(|| AmountError::TooLarge(text.trim().to_string()))?;
    Ok(Some(Amount(if negative { -fen } else { fen })))
}

/// What a Chinese keyboard types full-width, as ASCII: digits and the signs of amounts, dates
/// and `科目=金额@活动#经济分类`.
pub fn fullwidth_to_ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
        '，' => ',',
        '．' => '.',
        '－' => '-',
        '（' => '(',
        '）' => ')',
        '＋' => '+',
        '／' => '/',
        '＝' => '=',
        '＠' => '@',
        '＃' => '#',
        _ => c,
    }
}

/// Apply a rate to an amount, rounding half up (away from zero) to the fen. The one place where
/// a rate meets money.
pub fn apply_rate(amount: Amount, rate: Decimal) -> Amount {
    let v = (amount.to_decimal() * rate).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    match (v * Decimal::ONE_HUNDRED).to_i64() {
        Some(fen) => Amount(fen),
        None => overflow(),
    }
}

/// Execution rate `actual / budget` as a percentage with two decimals, `None` when budget is 0.
pub fn percent(part: Amount, whole: Amount) -> Option<Decimal> {
    if whole.0 == 0 {
        return None;
    }
    let r = Decimal::from(part.0) * Decimal::ONE_HUNDRED / Decimal::from(whole.0);
    Some(r.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// An amount in capitals as vouchers and receipts write it (人民币大写): 壹拾贰万零贰佰叁拾陆元贰角整.
/// 整 follows 元 or 角 when there are no 分; zeros inside the number are one 零; a negative amount
/// (a red-ink reversal) starts with 负.
pub fn capital(a: Amount) -> String {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
    const SECTIONS: [&str; 4] = ["", "万", "亿", "万亿"];
    let fen = a.0.unsigned_abs();
    let (yuan, jiao, cents) = (fen / 100, (fen / 10 % 10) as usize, (fen % 10) as usize);
    let mut out = String::new();
    if a.0 < 0 {
        out.push('负');
    }
    if yuan > 0 {
        // Four-digit sections from the highest; a gap of zeros (inside a section, or a section
        // below a thousand after a higher one) is written as one 零.
        let mut sections = Vec::new();
        let mut rest = yuan;
        while rest > 0 {
            sections.push((rest % 10_000) as usize);
            rest /= 10_000;
        }
        let mut text = String::new();
        let mut zero_pending = false;
        for (k, &sec) in sections.iter().enumerate().rev() {
            if sec == 0 {
                zero_pending = !text.is_empty();
                continue;
            }
            if !text.is_empty() && (zero_pending || sec < 1000) {
                text.push('零');
            }
            zero_pending = false;
            let digits = [sec / 1000, sec / 100 % 10, sec / 10 % 10, sec % 10];
            let mut gap = false;
            let mut started = false;
            for (p, &d) in digits.iter().enumerate() {
                if d == 0 {
                    gap = started;
                    continue;
                }
                if gap {
                    text.push('零');
                    gap = false;
                }
                started = true;
                text.push(DIGITS[d]);
                text.push_str(PLACES[3 - p]);
            }
            text.push_str(SECTIONS[k]);
        }
        out.push_str(&text);
        out.push('元');
    }
    match (jiao, cents) {
        (0, 0) if yuan == 0 => out.push_str("零元整"),
        (0, 0) => out.push('整'),
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push_str("角整");
        }
        (0, c) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[c]);
            out.push('分');
        }
        (j, c) => {
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[c]);
            out.push('分');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_capitals_as_vouchers_write_them() {
        for (fen, text) in [
            (0, "零元整"),
            (100, "壹元整"),
            (1_000, "壹拾元整"),
            (10_500, "壹佰零伍元整"),
            (100_500, "壹仟零伍元整"),
            (1_000_000, "壹万元整"),
            (10_000_500, "壹拾万零伍元整"),
            (12_023_620, "壹拾贰万零贰佰叁拾陆元贰角整"),
            (100_000_005, "壹佰万元零伍分"),
            (5, "伍分"),
            (50, "伍角整"),
            (155, "壹元伍角伍分"),
            (3_960_000, "叁万玖仟陆佰元整"),
            (10_000_000_000, "壹亿元整"),
            (10_001_000_000, "壹亿零壹万元整"),
            (10_100_000_000, "壹亿零壹佰万元整"),
            (-1_800_000, "负壹万捌仟元整"),
        ] {
            assert_eq!(capital(Amount(fen)), text, "{fen}");
        }
    }

    #[test]
    fn parses_what_people_write() {
        assert_eq!(Amount::parse("1,234.56").unwrap(), Amount(123456));
        assert_eq!(Amount::parse("¥1234.5").unwrap(), Amount(123450));
        assert_eq!(Amount::parse("1234.56元").unwrap(), Amount(123456));
        assert_eq!(Amount::parse("(12.00)").unwrap(), Amount(-1200));
        assert_eq!(Amount::parse("-12").unwrap(), Amount(-1200));
        assert_eq!(Amount::parse("１２３．４").unwrap(), Amount(12340));
        assert_eq!(Amount::parse(" 0.01 ").unwrap(), Amount(1));
        assert_eq!(Amount::parse("12.300").unwrap(), Amount(1230));
        assert_eq!(parse_optional("-").unwrap(), None);
        assert_eq!(parse_optional("").unwrap(), None);
    }

    #[test]
    fn refuses_what_is_not_money() {
        assert!(matches!(Amount::parse("12.345"), Err(AmountError::TooPrecise(_))));
        assert!(matches!(Amount::parse("abc"), Err(AmountError::NotANumber(_))));
        assert!(matches!(Amount::parse("1.2.3"), Err(AmountError::NotANumber(_))));
        assert!(matches!(Amount::parse("."), Err(AmountError::NotANumber(_))));
        assert!(matches!(Amount::parse("99999999999999999999"), Err(AmountError::TooLarge(_))));
        assert_eq!(Amount::parse(""), Err(AmountError::Empty));
    }

    #[test]
    fn formats_plain_and_grouped() {
        assert_eq!(Amount(123456789).plain(), "1234567.89");
        assert_eq!(Amount(123456789).grouped(), "1,234,567.89");
        assert_eq!(Amount(-1200).plain(), "-12.00");
        assert_eq!(Amount(-100000).grouped(), "-1,000.00");
        assert_eq!(Amount(5).plain(), "0.05");
        assert_eq!(Amount(99999).grouped(), "999.99");
    }

    #[test]
    fn rates_round_half_up_to_the_fen() {
        let r60 = Decimal::new(60, 2);
        assert_eq!(apply_rate(Amount(1), r60), Amount(1)); // 0.006 -> 0.01
        assert_eq!(apply_rate(Amount(123456789), Decimal::new(2, 2)), Amount(2469136)); // 24691.3578
        assert_eq!(apply_rate(Amount(25), Decimal::new(5, 1)), Amount(13)); // 0.125 -> 0.13
        assert_eq!(percent(Amount(1), Amount(3)), Some(Decimal::new(3333, 2)));
        assert_eq!(percent(Amount(1), Amount(0)), None);
    }
}
