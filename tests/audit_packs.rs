//! The rule packs from the command line (issue 22, points 1 and 2): `audit packs` lists at least
//! fifteen, each with its document and date; `audit pack show` prints the rules in force on a date,
//! each with its document and how sure its source is; a union chooses a pack's conditional cap by
//! a setting, and a condition no pack knows is refused with nothing written. A count of the cash
//! on hand is recorded against the cash book; one that differs is a finding.

mod common;

use common::cli::{add, books_with_dues, db_bytes_dump, fails, init, ok};

#[test]
fn packs_are_listed_and_shown_as_in_force_on_a_date() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let list = ok(d, &["audit", "packs", "--format", "csv"]);
    let rows: Vec<&str> = list.lines().filter(|l| l.contains("-20")).collect();
    assert!(rows.len() >= 15, "{list}");
    for province in ["湖北", "内蒙古", "江苏", "上海", "广东", "浙江", "广西", "重庆", "天津"] {
        assert!(rows.iter().any(|r| r.contains(province)), "{province}: {list}");
    }
    // 内蒙古: the standard in force on each date.
    let show = |date: &str| ok(d, &["audit", "pack", "show", "neimenggu-2018", "--date", date, "--format", "csv"]);
    assert!(show("2018-06-01").contains("每人每年 1,500.00 元"), "{}", show("2018-06-01"));
    assert!(show("2021-06-01").contains("2,000.00"), "{}", show("2021-06-01"));
    let now = show("2023-03-01");
    assert!(now.contains("2,500.00") && now.contains("内工发〔2022〕38号") && now.contains("二手来源"), "{now}");
    // 重庆 by festival; 湖北's conditional cap named with its setting.
    let cq = ok(d, &["audit", "pack", "show", "chongqing-2015", "--date", "2019-01-01", "--format", "csv"]);
    assert!(cq.contains("春节每人 500.00 元") && cq.contains("端午每人 200.00 元"), "{cq}");
    let hb = ok(d, &["audit", "pack", "show", "hubei-2018", "--date", "2025-01-01", "--format", "csv"]);
    assert!(hb.contains("经费充裕企业工会") && hb.contains("1,200.00"), "{hb}");
    let ample = ok(
        d,
        &[
            "audit",
            "pack",
            "show",
            "hubei-2018",
            "--date",
            "2025-01-01",
            "--conditions",
            "经费充裕企业工会",
            "--format",
            "csv",
        ],
    );
    assert!(ample.contains("每人每年 1,500.00 元"), "{ample}");
    let e = fails(d, &["audit", "pack", "show", "nowhere-2020"]);
    assert!(e.contains("nowhere-2020") && e.contains("hubei-2018"), "{e}");
}

#[test]
fn a_union_chooses_a_conditional_cap_by_a_setting_and_an_unknown_one_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    let before = db_bytes_dump(d);
    let e = fails(d, &["settings", "audit_conditions", "经费很多"]);
    assert!(e.contains("经费很多") && e.contains("经费充裕企业工会"), "{e}");
    assert_eq!(before, db_bytes_dump(d), "nothing written");
    ok(d, &["settings", "audit_conditions", "经费充裕企业工会"]);
}

#[test]
fn a_cash_count_is_recorded_against_the_cash_book_and_a_difference_is_a_finding() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books_with_dues(d);
    add(d, "2025-03-05", "提取备用金", "101=1000.00", "102=1000.00");
    add(d, "2025-03-08", "购买茶叶", "50502=120.00", "101=120.00");
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    // Counted as the book says: recorded, no finding.
    let out = ok(d, &["cash", "count", "--date", "2025-03-31", "--amount", "880.00", "--note", "监盘 陈静"]);
    assert!(out.contains("实点 880.00 元") && out.contains("账实相符"), "{out}");
    let json = ok(d, &["audit", "--year", "2025", "--format", "json"]);
    assert!(!json.contains("cash_count_mismatch"), "{json}");
    // 10.00 short at the next count: a finding of 10.00 naming the day.
    let out = ok(d, &["cash", "count", "--date", "2025-04-30", "--amount", "870"]);
    assert!(out.contains("短款 10.00 元"), "{out}");
    let json = ok(d, &["audit", "--year", "2025", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let f = list.iter().find(|f| f["rule"] == "cash_count_mismatch").expect("the shortage is a finding");
    assert_eq!(f["amount"], "10.00");
    assert!(f["message"].as_str().unwrap().contains("2025-04-30"), "{f}");
    // Bad input: refused with what to write, nothing recorded.
    let before = db_bytes_dump(d);
    let e = fails(d, &["cash", "count", "--date", "2025-05-31", "--amount=-5"]);
    assert!(e.contains("不能为负"), "{e}");
    let e = fails(d, &["cash", "count", "--date", "2025-05-31", "--amount", "八百"]);
    assert!(e.contains("--amount"), "{e}");
    assert_eq!(before, db_bytes_dump(d));
}

#[test]
fn the_union_sets_its_own_decision_amount_and_a_bad_one_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    add(d, "2025-01-05", "收到行政补助", "102=30000.00", "405=30000.00");
    add(d, "2025-05-10", "购买活动器材", "50102=12000.00", "102=12000.00");
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    let decisions = || -> Vec<serde_json::Value> {
        let json = ok(d, &["--user", "陈静", "audit", "--year", "2025", "--format", "json"]);
        let list: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        list.into_iter().filter(|f| f["rule"] == "collective_decision").collect()
    };
    // The national default (a value no source gives, lowered from 50,000) asks nothing of 12,000.
    let national = ok(d, &["audit", "pack", "show", "national-2017", "--format", "csv"]);
    assert!(national.contains("30,000.00") && national.contains("decision_amount"), "{national}");
    assert!(decisions().is_empty());
    let before = db_bytes_dump(d);
    for bad in ["一万", "0", "abc"] {
        let e = fails(d, &["settings", "decision_amount", bad]);
        assert!(e.contains("decision_amount 应为金额（元），如 10000"), "{bad}: {e}");
    }
    assert_eq!(db_bytes_dump(d), before, "nothing written");
    // The school's own 议事规则: 10,000 and over.
    ok(d, &["settings", "decision_amount", "10000"]);
    let found = decisions();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["amount"], "12000.00");
    assert!(
        found[0]["doc"].as_str().unwrap().contains("本会议事规则：单笔 10,000.00 元以上的支出须集体研究决定"),
        "{found:?}"
    );
}
