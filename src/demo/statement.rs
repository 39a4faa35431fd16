//! The demo's bank statement: what the bank would export for the union's account (建设银行 企业网银
//! 账户明细, GBK), built from the bank side of the year's vouchers, with a running balance and
//! the bank's serial numbers. One payment clears three days after it was booked (the 端午 goods,
//! booked 29 May, paid out by the bank on 1 June), so May ends with an item in transit.

use crate::money::Amount;
use crate::store::BankMovement;

/// The statement of the year that starts from `opening`; a voucher put right by a reversal, and
/// the reversal, are no money the bank moved.
pub fn ccb_corporate_csv(opening: Amount, movements: &[BankMovement]) -> String {
    let reversed: std::collections::HashSet<i64> = movements.iter().filter_map(|m| m.reverses).collect();
    let mut s = String::from(
        "账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n",
    );
    let mut dated: Vec<(chrono::NaiveDate, &BankMovement)> = movements
        .iter()
        .filter(|m| m.reverses.is_none() && !reversed.contains(&m.id))
        .map(|m| (if m.summary.contains("端午") { m.date + chrono::Duration::days(3) } else { m.date }, m))
        .collect();
    dated.sort_by_key(|(d, _)| *d);
    let mut balance = opening;
    for (i, (date, m)) in dated.into_iter().enumerate() {
        balance += m.amount;
        let (dr, cr) = if m.amount.fen() < 0 {
            (m.amount.abs().plain(), "0".to_string())
        } else {
            ("0".to_string(), m.amount.plain())
        };
        let d = date.format("%Y%m%d");
        s.push_str(&format!(
            "4400 1234 5678 0000 0001,江城市第一中学工会,{d} 10:{:02}:00,{dr},{cr},{},人民币元,,,建设银行江城支行,{d},{},,JC{d}{:05}\n",
            i % 60,
            balance.plain(),
            m.summary.replace(',', "，"),
            i + 1
        ));
    }
    s
}
