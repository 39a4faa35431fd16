//! The upward share seen from both sides (issue 24): what a union remitted upward (its 211
//! debits, recognised from its entries) against what its upper union received (the upper
//! union's bank lines, told by the payer map: 户名 or 账号 → union). Each remittance is matched to
//! a receipt of the same amount on or after its day; a receipt in a later month is money in
//! transit at the month's end; what is left on either side is listed, so that the difference
//! between the two books is zero or explained line by line. Pure.

use crate::ledger::period::Period;
use crate::money::Amount;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Setting of the upper union: who pays it, one `户名或账号 = 工会代码` per line.
pub const PAYERS: &str = "payers";

/// The payer map: bank names and account numbers of the unions that remit to this one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PayerMap(pub Vec<(String, String)>);

impl PayerMap {
    /// `户名或账号 = 代码` per line; `#` starts a comment. A bad line is refused with its number.
    pub fn parse(text: &str) -> Result<PayerMap, String> {
        let mut out = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((key, code)) = line.split_once('=').or_else(|| line.split_once('＝')) else {
                return Err(format!("第 {} 行“{line}”应写成 户名或账号 = 工会代码，如 江城一中工会 = S1", n + 1));
            };
            let (key, code) = (key.trim(), code.trim());
            if key.is_empty() || code.is_empty() {
                return Err(format!("第 {} 行缺少户名（账号）或工会代码", n + 1));
            }
            out.push((key.to_string(), code.to_string()));
        }
        Ok(PayerMap(out))
    }

    /// The union code a bank line's counterparty name or account number names.
    pub fn payer(&self, name: &str, account: &str) -> Option<&str> {
        let (name, account) = (name.trim(), account.trim());
        self.0
            .iter()
            .find(|(k, _)| (!name.is_empty() && k == name) || (!account.is_empty() && k == account))
            .map(|(_, c)| c.as_str())
    }
}

/// A remittance in the subordinate's books.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sent {
    pub date: NaiveDate,
    pub amount: Amount,
    pub voucher: String,
}

/// A receipt on the upper union's bank statement, told to come from the subordinate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Got {
    pub date: NaiveDate,
    pub amount: Amount,
    /// The line as the statement says it: counterparty and summary.
    pub line: String,
}

/// How a line of either side stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Standing {
    /// Remitted and received in the same month.
    Matched,
    /// Remitted in one month, received in a later one: in transit at the end of the first.
    InTransit,
    /// Remitted, not received (by the end of the statements read): to be found.
    NotReceived,
    /// Received, with no remittance in the subordinate's books: to be found.
    NotBooked,
}

impl Standing {
    pub fn label(&self) -> &'static str {
        match self {
            Standing::Matched => "相符",
            Standing::InTransit => "在途（月末已上解、上级次月收到）",
            Standing::NotReceived => "下级已上解、上级未收到",
            Standing::NotBooked => "上级已收到、下级未记上解",
        }
    }
    /// Whether the line explains itself (matched, or in transit and received later).
    pub fn explained(&self) -> bool {
        matches!(self, Standing::Matched | Standing::InTransit)
    }
}

/// One remittance and/or receipt and how they stand.
#[derive(Clone, Debug, Serialize)]
pub struct Pair {
    pub sent: Option<Sent>,
    pub got: Option<Got>,
    pub standing: Standing,
}

/// One subordinate's year, both sides.
#[derive(Clone, Debug, Serialize)]
pub struct Reconciled {
    pub year: i32,
    /// Remitted in the year (the subordinate's books).
    pub sent: Amount,
    /// Received in the year (the upper union's statements).
    pub got: Amount,
    /// Remitted in the year, received after it.
    pub transit_end: Amount,
    /// Remitted before the year, received in it.
    pub transit_start: Amount,
    /// sent − got − transit_end + transit_start: zero when every line is explained.
    pub difference: Amount,
    pub pairs: Vec<Pair>,
}

impl Reconciled {
    /// The lines that do not explain themselves.
    pub fn unexplained(&self) -> impl Iterator<Item = &Pair> {
        self.pairs.iter().filter(|p| !p.standing.explained())
    }
}

/// Match one subordinate's remittances (`sent`: the year's, and the previous December's) to the
/// upper union's receipts from it (`got`: the year's, and those after it that may close the
/// year's last remittances): each to the first unmatched receipt of the same amount on or after
/// its day.
pub fn reconcile(year: i32, sent: &[Sent], got: &[Got]) -> Reconciled {
    let mut sent: Vec<Sent> = sent.to_vec();
    sent.sort_by(|a, b| (a.date, &a.voucher).cmp(&(b.date, &b.voucher)));
    let mut got: Vec<(Got, bool)> = got.iter().cloned().map(|g| (g, false)).collect();
    got.sort_by_key(|a| a.0.date);
    let in_year = |d: NaiveDate| d.year() == year;
    let mut pairs = Vec::new();
    let (mut s_total, mut g_total, mut t_end, mut t_start) = (Amount::ZERO, Amount::ZERO, Amount::ZERO, Amount::ZERO);
    for s in sent {
        let found = got.iter_mut().find(|(g, used)| !*used && g.amount == s.amount && g.date >= s.date);
        if in_year(s.date) {
            s_total += s.amount;
        }
        match found {
            Some((g, used)) => {
                *used = true;
                let same_month = Period::of(g.date) == Period::of(s.date);
                if in_year(s.date) && !in_year(g.date) {
                    t_end += s.amount;
                }
                if !in_year(s.date) && in_year(g.date) {
                    t_start += s.amount;
                }
                if in_year(s.date) || in_year(g.date) {
                    let standing = if same_month { Standing::Matched } else { Standing::InTransit };
                    pairs.push(Pair { sent: Some(s), got: Some(g.clone()), standing });
                }
            }
            None if in_year(s.date) => pairs.push(Pair { sent: Some(s), got: None, standing: Standing::NotReceived }),
            None => {}
        }
    }
    for (g, used) in got {
        if in_year(g.date) {
            g_total += g.amount;
            if !used {
                pairs.push(Pair { sent: None, got: Some(g), standing: Standing::NotBooked });
            }
        }
    }
    Reconciled {
        year,
        sent: s_total,
        got: g_total,
        transit_end: t_end,
        transit_start: t_start,
        difference: s_total - g_total - t_end + t_start,
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn sent(date: &str, fen: i64, v: &str) -> Sent {
        Sent { date: d(date), amount: Amount(fen), voucher: v.into() }
    }
    fn got(date: &str, fen: i64) -> Got {
        Got { date: d(date), amount: Amount(fen), line: format!("{date} 江城一中工会") }
    }

    #[test]
    fn every_difference_is_a_line_in_transit_or_a_line_to_find() {
        let s = [
            sent("2024-12-30", 40_000, "记-202412-0009"),
            sent("2025-03-31", 50_000, "记-202503-0004"),
            sent("2025-06-30", 60_000, "记-202506-0002"),
            sent("2025-12-31", 70_000, "记-202512-0011"),
            sent("2025-09-15", 10_000, "记-202509-0001"),
        ];
        let g = [
            got("2025-01-03", 40_000),
            got("2025-03-31", 50_000),
            got("2025-07-02", 60_000),
            got("2026-01-04", 70_000),
            got("2025-11-11", 5_000),
        ];
        let r = reconcile(2025, &s, &g);
        assert_eq!(r.sent, Amount(190_000));
        assert_eq!(r.got, Amount(155_000));
        assert_eq!((r.transit_start, r.transit_end), (Amount(40_000), Amount(70_000)));
        let standing: Vec<(&str, &Standing)> =
            r.pairs.iter().map(|p| (p.sent.as_ref().map(|s| s.voucher.as_str()).unwrap_or("-"), &p.standing)).collect();
        assert_eq!(
            standing,
            [
                ("记-202412-0009", &Standing::InTransit),
                ("记-202503-0004", &Standing::Matched),
                ("记-202506-0002", &Standing::InTransit),
                ("记-202509-0001", &Standing::NotReceived),
                ("记-202512-0011", &Standing::InTransit),
                ("-", &Standing::NotBooked),
            ]
        );
        // The difference is what the lines to find leave: 100.00 not received, 50.00 not booked.
        assert_eq!(r.difference, Amount(10_000 - 5_000));
        let left: Amount = r
            .unexplained()
            .map(|p| {
                p.sent.as_ref().map(|s| s.amount).unwrap_or(Amount::ZERO)
                    - p.got.as_ref().map(|g| g.amount).unwrap_or(Amount::ZERO)
            })
            .sum();
        assert_eq!(left, r.difference);
    }

    #[test]
    fn the_payer_map_reads_names_and_accounts_and_refuses_a_bad_line_by_number() {
        let m = PayerMap::parse("# 付款单位\n江城一中工会 = S1\n6222 0000 1111＝S2\n").unwrap();
        assert_eq!(m.payer("江城一中工会", ""), Some("S1"));
        assert_eq!(m.payer("", "6222 0000 1111"), Some("S2"));
        assert_eq!(m.payer("某公司", "1"), None);
        assert!(PayerMap::parse("a = S1\n江城二中\n").unwrap_err().contains("第 2 行"));
    }
}
