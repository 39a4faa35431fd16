//! The 整改台账 (rectification ledger): each finding the committee accepted as a problem, with
//! the person responsible for putting it right, the deadline, and where it stands (整改中,
//! 已整改 with its evidence, 无法整改 with the reason), as recorded by a committee member.
//! Each record is an event (`rectification`), only ever appended: a finding's last record is in
//! force, the earlier ones are its history. An item still 整改中 past its deadline is overdue, and
//! the audit of a later period names it. Pure.

use super::pack::Pack;
use super::{checks::finding, Finding, Kept, Severity};
use crate::ledger::period::Period;
use chrono::NaiveDate;
use serde::Serialize;

pub const EVENT: &str = "rectification";

/// What a record says of the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InProgress,
    Done,
    Impossible,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::InProgress => "整改中",
            Status::Done => "已整改",
            Status::Impossible => "无法整改",
        }
    }

    /// The status as typed: its Chinese words or its code.
    pub fn parse(typed: &str) -> Option<Status> {
        match typed.trim() {
            "整改中" | "正在整改" | "in_progress" | "in-progress" => Some(Status::InProgress),
            "已整改" | "整改完成" | "完成" | "done" => Some(Status::Done),
            "无法整改" | "不能整改" | "impossible" => Some(Status::Impossible),
            _ => None,
        }
    }
}

/// One record of the 台账, as entered.
#[derive(Clone, Debug, Serialize)]
pub struct Record {
    /// The audited period the finding is kept under (`2025`, or `2025-01..2025-06`).
    pub period: String,
    pub key: String,
    pub responsible: String,
    pub deadline: NaiveDate,
    pub status: Status,
    /// The measures taken, or (无法整改) why it cannot be put right.
    pub note: String,
    /// 已整改: the posted voucher of the money recovered, or a document number.
    pub evidence: String,
    pub by: String,
    pub at: String,
}

const BAR: char = '｜';

fn clean(s: &str) -> String {
    s.trim().replace(BAR, "|")
}

impl Record {
    pub fn subject(&self) -> String {
        format!("{} {}", self.period, self.key)
    }

    /// The event's detail: `责任人 X｜期限 D｜状态 S｜证据 E｜NOTE`.
    pub fn detail(&self) -> String {
        format!(
            "责任人 {}{BAR}期限 {}{BAR}状态 {}{BAR}证据 {}{BAR}{}",
            clean(&self.responsible),
            self.deadline,
            self.status.label(),
            clean(&self.evidence),
            clean(&self.note)
        )
    }

    pub fn from_event(subject: &str, by: &str, at: &str, detail: &str) -> Option<Record> {
        let (period, key) = subject.split_once(' ')?;
        let mut parts = detail.splitn(5, BAR);
        let responsible = parts.next()?.strip_prefix("责任人 ")?.to_string();
        let deadline = NaiveDate::parse_from_str(parts.next()?.strip_prefix("期限 ")?, "%Y-%m-%d").ok()?;
        let status = Status::parse(parts.next()?.strip_prefix("状态 ")?)?;
        let evidence = parts.next()?.strip_prefix("证据 ")?.to_string();
        Some(Record {
            period: period.to_string(),
            key: key.to_string(),
            responsible,
            deadline,
            status,
            evidence,
            note: parts.next().unwrap_or("").to_string(),
            by: by.to_string(),
            at: at.to_string(),
        })
    }
}

/// Where an item stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Accepted, and no one named to put it right yet.
    Unassigned,
    InProgress,
    /// Still 整改中 this many days past its deadline.
    Overdue(i64),
    Done,
    Impossible,
}

impl Standing {
    pub fn label(self) -> String {
        match self {
            Standing::Unassigned => "未明确责任人".into(),
            Standing::InProgress => "整改中".into(),
            Standing::Overdue(d) => format!("逾期 {d} 天"),
            Standing::Done => "已整改".into(),
            Standing::Impossible => "无法整改".into(),
        }
    }
}

/// A line of the 台账: the finding, its last record, and how many records it has.
#[derive(Clone, Debug)]
pub struct Item {
    pub period: String,
    pub kept: Kept,
    pub record: Option<Record>,
    pub records: usize,
}

impl Item {
    pub fn standing(&self, on: NaiveDate) -> Standing {
        match &self.record {
            Some(r) => match r.status {
                Status::Done => Standing::Done,
                Status::Impossible => Standing::Impossible,
                Status::InProgress if r.deadline < on => Standing::Overdue((on - r.deadline).num_days()),
                Status::InProgress => Standing::InProgress,
            },
            // Rectified when the audit disposed of it, with its evidence.
            None if self.kept.disposition.as_ref().is_some_and(|d| d.outcome == "rectified") => Standing::Done,
            None => Standing::Unassigned,
        }
    }

    /// What was done, or why not, with the evidence: the record's, else the disposition's.
    pub fn account_of_work(&self) -> String {
        let (note, evidence) = match (&self.record, &self.kept.disposition) {
            (Some(r), _) => (r.note.as_str(), r.evidence.as_str()),
            (None, Some(d)) => (d.note.as_str(), d.evidence.as_str()),
            (None, None) => ("", ""),
        };
        super::with_evidence(note, evidence)
    }
}

/// Whether the committee accepted the finding as a problem (认定为问题, or rectified at once).
pub fn accepted(k: &Kept) -> bool {
    k.finding.severity != Severity::Info
        && k.disposition.as_ref().is_some_and(|d| d.outcome == "accepted" || d.outcome == "rectified")
}

/// The 台账 of one audited period: its accepted findings in the findings' order, each with its
/// last record (`records` may hold other periods' too).
pub fn ledger(period: &str, kept: &[Kept], records: &[Record]) -> Vec<Item> {
    kept.iter()
        .filter(|k| accepted(k))
        .map(|k| {
            let own: Vec<&Record> = records.iter().filter(|r| r.period == period && r.key == k.key).collect();
            Item {
                period: period.to_string(),
                kept: k.clone(),
                record: own.last().map(|r| (*r).clone()),
                records: own.len(),
            }
        })
        .collect()
}

/// How many items stand where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub items: usize,
    pub done: usize,
    pub in_progress: usize,
    pub overdue: usize,
    pub impossible: usize,
    pub unassigned: usize,
}

pub fn tally(items: &[Item], on: NaiveDate) -> Tally {
    let mut t = Tally { items: items.len(), ..Tally::default() };
    for i in items {
        match i.standing(on) {
            Standing::Done => t.done += 1,
            Standing::InProgress => t.in_progress += 1,
            Standing::Overdue(_) => {
                t.in_progress += 1;
                t.overdue += 1
            }
            Standing::Impossible => t.impossible += 1,
            Standing::Unassigned => t.unassigned += 1,
        }
    }
    t
}

impl Tally {
    /// 认定为问题 5 个：已整改 2 个，整改中 2 个（其中逾期 1 个），无法整改 1 个
    pub fn text(&self) -> String {
        let mut parts = vec![format!("已整改 {} 个", self.done)];
        if self.in_progress > 0 {
            parts.push(match self.overdue {
                0 => format!("整改中 {} 个", self.in_progress),
                n => format!("整改中 {} 个（其中逾期 {n} 个）", self.in_progress),
            });
        }
        if self.impossible > 0 {
            parts.push(format!("无法整改 {} 个", self.impossible));
        }
        if self.unassigned > 0 {
            parts.push(format!("尚未明确责任人和期限 {} 个", self.unassigned));
        }
        format!("认定为问题 {} 个：{}", self.items, parts.join("，"))
    }
}

/// The last month of the period a key names (`2025` → 2025-12; `2025-01..2025-06` → 2025-06).
pub fn period_end(key: &str) -> Option<Period> {
    match key.split_once("..") {
        Some((_, to)) => Period::parse(to).ok(),
        None => key.parse::<i32>().ok().map(|y| Period::new(y, 12)),
    }
}

/// The items of earlier periods still 整改中 past their deadline on `on`: one finding each.
pub fn overdue(pack: &Pack, items: &[Item], on: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for i in items {
        let (Standing::Overdue(days), Some(r)) = (i.standing(on), &i.record) else { continue };
        let f0 = &i.kept.finding;
        let mut f = finding(
            "rectification_overdue",
            format!(
                "{} 审计发现“{}”（{}）已认定为问题，整改责任人 {}，整改期限 {}；至 {on} 逾期 {days} 天仍未整改完成",
                i.period,
                f0.title,
                if f0.amount.is_zero() { "无金额".to_string() } else { format!("{} 元", f0.amount.grouped()) },
                r.responsible,
                r.deadline
            ),
            &pack.rectification.cite(),
            f0.amount,
            f0.vouchers.clone(),
            Vec::new(),
        );
        f.subject = format!("{} {}", i.period, i.kept.key);
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Disposition;
    use crate::money::Amount;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn kept(key: &str, outcome: Option<&str>) -> Kept {
        let f = finding("benefit_cap", "事实".into(), "依据", Amount(60_000), vec!["记-202509-0003".into()], vec![]);
        Kept {
            key: key.into(),
            finding: f,
            disposition: outcome.map(|o| Disposition {
                outcome: o.into(),
                note: "超标部分收回".into(),
                evidence: if o == "rectified" { "记-202512-0009".into() } else { String::new() },
                decided_by: "陈静".into(),
                decided_at: "2026-01-10T08:00:00.000Z".into(),
            }),
        }
    }

    fn record(key: &str, status: Status, deadline: &str) -> Record {
        Record {
            period: "2025".into(),
            key: key.into(),
            responsible: "张敏｜财务".into(),
            deadline: day(deadline),
            status,
            note: "追回超标部分".into(),
            evidence: String::new(),
            by: "陈静".into(),
            at: "2026-01-12T08:00:00.000Z".into(),
        }
    }

    #[test]
    fn a_record_is_kept_in_its_event_and_read_back() {
        let r = Record { evidence: "记-202603-0002".into(), ..record("F1", Status::Done, "2026-03-31") };
        let back = Record::from_event(&r.subject(), "陈静", &r.at, &r.detail()).unwrap();
        assert_eq!((back.period.as_str(), back.key.as_str()), ("2025", "F1"));
        assert_eq!(back.responsible, "张敏|财务");
        assert_eq!(back.deadline, day("2026-03-31"));
        assert_eq!(back.status, Status::Done);
        assert_eq!(back.evidence, "记-202603-0002");
        assert!(Record::from_event("2025 F1", "x", "", "责任人 a｜期限 明天｜状态 整改中｜证据 ｜").is_none());
    }

    #[test]
    fn the_ledger_holds_accepted_findings_with_their_last_record_and_where_they_stand() {
        let kept = [
            kept("F1", Some("accepted")),
            kept("F2", Some("explained")),
            kept("F3", Some("rectified")),
            kept("F4", None),
            kept("F5", Some("accepted")),
            kept("F6", Some("accepted")),
        ];
        let records = [
            record("F1", Status::InProgress, "2026-03-31"),
            record("F1", Status::InProgress, "2026-06-30"),
            record("F5", Status::Impossible, "2026-03-31"),
        ];
        let items = ledger("2025", &kept, &records);
        let keys: Vec<&str> = items.iter().map(|i| i.kept.key.as_str()).collect();
        assert_eq!(keys, ["F1", "F3", "F5", "F6"], "explained and undisposed findings are not on it");
        assert_eq!(items[0].records, 2);
        assert_eq!(items[0].record.as_ref().unwrap().deadline, day("2026-06-30"), "the last record is in force");
        let on = day("2026-07-10");
        let standing: Vec<Standing> = items.iter().map(|i| i.standing(on)).collect();
        assert_eq!(standing, [Standing::Overdue(10), Standing::Done, Standing::Impossible, Standing::Unassigned]);
        assert_eq!(items[1].account_of_work(), "超标部分收回（证据：记-202512-0009）");
        let t = tally(&items, on);
        assert_eq!(
            t.text(),
            "认定为问题 4 个：已整改 1 个，整改中 1 个（其中逾期 1 个），无法整改 1 个，尚未明确责任人和期限 1 个"
        );
        assert_eq!(tally(&items, day("2026-06-30")).overdue, 0, "due on the deadline itself, not overdue");
    }

    #[test]
    fn an_overdue_item_is_a_finding_with_its_own_key() {
        let pack = crate::audit::pack::select("安徽", day("2026-01-01")).unwrap();
        let items = ledger("2025", &[kept("F1", Some("accepted"))], &[record("F1", Status::InProgress, "2026-03-31")]);
        assert!(overdue(&pack, &items, day("2026-03-31")).is_empty());
        let found = overdue(&pack, &items, day("2026-12-31"));
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(f.rule, "rectification_overdue");
        assert!(f.message.contains("整改期限 2026-03-31；至 2026-12-31 逾期 275 天"), "{}", f.message);
        assert_eq!(f.amount, Amount(60_000));
        assert_eq!(f.vouchers, ["记-202509-0003"]);
        assert_eq!(f.subject, "2025 F1");
        assert_eq!(period_end("2025"), Some(Period::new(2025, 12)));
        assert_eq!(period_end("2025-01..2025-06"), Some(Period::new(2025, 6)));
    }
}
