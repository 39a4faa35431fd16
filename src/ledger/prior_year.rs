//! The prior year's 工会02表 of a union new to gonghui (`opening import --prior-year`): the lines
//! as copied from the statement it printed, kept to print as 上年数 where the books do not hold
//! that year.

use crate::money::Amount;
use std::collections::BTreeMap;

/// The setting that keeps year `year`'s figures.
pub fn setting(year: i32) -> String {
    format!("prior_year_income_expense:{year}")
}

/// Kept as one `line-id=fen` per line.
pub fn encode(values: &BTreeMap<String, Amount>) -> String {
    values.iter().map(|(id, a)| format!("{id}={}\n", a.fen())).collect()
}

/// The kept figures; None when the text is not what `encode` writes.
pub fn decode(text: &str) -> Option<BTreeMap<String, Amount>> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (id, fen) = l.split_once('=')?;
            Some((id.to_string(), Amount(fen.parse().ok()?)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_back_as_kept() {
        let v: BTreeMap<String, Amount> = [("i401".to_string(), Amount(1_234_567)), ("e501".into(), Amount(-5))].into();
        assert_eq!(decode(&encode(&v)), Some(v));
        assert_eq!(decode("i401=12x\n"), None);
    }
}
