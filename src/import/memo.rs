//! The month a receipt's memo names (2025年12月会费, 12月份工会经费, 第四季度拨缴): dues and the 2%
//! paid in January for December belong to December. Pure.

use crate::ledger::period::Period;
use chrono::{Datelike, NaiveDate};

/// The period a memo names, if it names one; a month or quarter without a year is taken in the
/// year that puts it nearest the day the money came (December's dues paid in January are last
/// year's). A quarter stands for its last month.
pub fn period_named(memo: &str, paid: NaiveDate) -> Option<Period> {
    let chars: Vec<char> = memo.chars().map(half_width).collect();
    let mut i = 0;
    while i < chars.len() {
        // A year: four digits and 年.
        if let Some((year, next)) = number_at(&chars, i).filter(|(y, n)| *y >= 1900 && *y <= 2999 && n - i == 4) {
            if chars.get(next) == Some(&'年') {
                if let Some(p) = month_or_quarter(&chars, next + 1).map(|m| Period::new(year as i32, m)) {
                    return Some(p);
                }
            }
            i = next;
            continue;
        }
        if let Some(m) = month_or_quarter(&chars, i) {
            // Not the tail of a longer number (the 5 of 15月 is no month).
            if i == 0 || !chars[i - 1].is_ascii_digit() {
                return Some(nearest(m, paid));
            }
        }
        i += 1;
    }
    None
}

/// A month (3月, 十二月, 12月份) or a quarter (第四季度, 4季度, Q4) starting at `i`: its month.
fn month_or_quarter(chars: &[char], i: usize) -> Option<u32> {
    let start = if chars.get(i) == Some(&'第') { i + 1 } else { i };
    if matches!(chars.get(start), Some('Q' | 'q')) {
        let q = chars.get(start + 1)?.to_digit(10).filter(|q| (1..=4).contains(q))?;
        return Some(q * 3);
    }
    let (n, next) = number_at(chars, start).or_else(|| chinese_at(chars, start))?;
    let rest: String = chars[next..].iter().take(2).collect();
    if rest.starts_with('月') && (1..=12).contains(&n) && start == i {
        return Some(n);
    }
    if rest == "季度" && (1..=4).contains(&n) {
        return Some(n * 3);
    }
    None
}

/// The ASCII number at `i` and where it ends.
fn number_at(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let end = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count() + i;
    if end == i || end - i > 4 {
        return None;
    }
    chars[i..end].iter().collect::<String>().parse().ok().map(|n| (n, end))
}

/// 一 … 十二 at `i` and where it ends.
fn chinese_at(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|b| b as u32 / 3 + 1);
    match (chars.get(i).copied(), chars.get(i + 1).copied()) {
        (Some('十'), Some(c)) if digit(c).is_some_and(|d| d <= 2) => Some((10 + digit(c)?, i + 2)),
        (Some('十'), _) => Some((10, i + 1)),
        (Some(c), _) => digit(c).map(|d| (d, i + 1)),
        _ => None,
    }
}

fn half_width(c: char) -> char {
    if c == 'Ｑ' {
        'Q'
    } else {
        crate::ledger::period::half_width(c)
    }
}

/// Month `m` in the year nearest `paid`.
fn nearest(m: u32, paid: NaiveDate) -> Period {
    let here = Period::of(paid);
    let distance = |p: Period| ((p.year() * 12 + p.month() as i32) - (here.year() * 12 + here.month() as i32)).abs();
    [paid.year() - 1, paid.year(), paid.year() + 1]
        .into_iter()
        .map(|y| Period::new(y, m))
        .min_by_key(|p| distance(*p))
        .expect("three years")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(memo: &str, paid: &str) -> Option<String> {
        period_named(memo, paid.parse().unwrap()).map(|p| p.to_string())
    }

    #[test]
    fn the_month_a_memo_names() {
        assert_eq!(at("2025年12月会费", "2026-01-08").as_deref(), Some("2025-12"));
        assert_eq!(at("12月份工会经费", "2026-01-15").as_deref(), Some("2025-12"));
        assert_eq!(at("十二月会费", "2026-01-15").as_deref(), Some("2025-12"));
        assert_eq!(at("4月会费（预缴）", "2025-03-28").as_deref(), Some("2025-04"));
        assert_eq!(at("3月会费", "2025-03-05").as_deref(), Some("2025-03"));
        assert_eq!(at("第四季度工会经费拨缴", "2026-01-20").as_deref(), Some("2025-12"));
        assert_eq!(at("2025年第三季度拨缴", "2025-10-09").as_deref(), Some("2025-09"));
        assert_eq!(at("２０２５年１１月会费", "2025-12-02").as_deref(), Some("2025-11"));
        assert_eq!(at("工会经费Q2", "2025-07-03").as_deref(), Some("2025-06"));
        assert_eq!(at("会费", "2025-03-05"), None);
        assert_eq!(at("15月", "2025-03-05"), None);
        assert_eq!(at("2025年会费", "2025-03-05"), None);
        assert_eq!(at("代扣会费 工号 123", "2025-03-05"), None);
    }
}
