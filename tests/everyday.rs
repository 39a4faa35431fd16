//! The treasurer's everyday command line (issue 18): what a machine can work out is not asked of
//! her — voucher numbers by shorthand, months and amounts as she types them on a Chinese
//! keyboard, reports by their Chinese names, searches, the roll, activities put right, Chinese
//! words for dispositions, tables that fit her terminal, a batch review she sees before approving,
//! and reports that say when their numbers are not final.

mod common;

use common::cli::{command, fails, ok};
use std::path::Path;

fn books(d: &Path) {
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    ok(d, &["activities", "add", "A01", "三八节活动", "--account", "50102"]);
}

/// Display columns of a line (a Chinese character takes two).
fn width(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

#[test]
fn shorthands_full_width_input_and_chinese_names_work() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books(d);
    // Dates, months and --dr/--cr as typed on a Chinese keyboard.
    let out = ok(
        d,
        &[
            "voucher",
            "add",
            "--date",
            "2025年3月8日",
            "--summary",
            "三八节鲜花",
            "--dr",
            "50102＝３00@A01",
            "--cr",
            "102＝300",
        ],
    );
    assert!(out.contains("记-202503-0001"), "{out}");
    ok(
        d,
        &[
            "voucher",
            "add",
            "--date",
            "２０２５－０３－１０",
            "--summary",
            "讲座茶歇",
            "--dr",
            "50102=80",
            "--cr",
            "102=80",
        ],
    );
    for month in ["2025年3月", "2025/3", "202503", "2025-3"] {
        let list = ok(d, &["voucher", "list", "--month", month, "--format", "json"]);
        assert!(list.contains("记-202503-0002"), "{month}: {list}");
    }
    // Voucher numbers by shorthand.
    for no in ["202503-1", "2503-1", "记-202503-0001"] {
        assert!(ok(d, &["voucher", "show", no]).contains("三八节鲜花"), "{no}");
    }
    // A bare sequence number needs its month: a usage error (status 2), saying how to write it.
    let o = command(d, &["voucher", "show", "1"]).output().unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.code() == Some(2) && e.contains("缺少月份") && e.contains("202503-1"), "{e}");
    // Review: a batch is shown first (numbers, amounts, total), and a script says --yes.
    let e = fails(d, &["--user", "刘洋", "voucher", "review", "--month", "2025年3月"]);
    assert!(e.contains("--yes"), "{e}");
    let shown = command(d, &["--user", "刘洋", "voucher", "review", "--month", "2025年3月"]).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("记-202503-0001") && shown.contains("共 2 张，金额合计 380.00"), "{shown}");
    assert!(ok(d, &["voucher", "list", "--status", "draft"]).contains("记-202503-0002"), "nothing reviewed yet");
    ok(d, &["--user", "刘洋", "voucher", "review", "1", "2", "--month", "2025-03"]);
    ok(d, &["voucher", "post", "2503-1", "202503-2"]);
    // Search.
    let found = ok(d, &["voucher", "list", "--text", "鲜花", "--format", "json"]);
    assert!(found.contains("记-202503-0001") && !found.contains("记-202503-0002"), "{found}");
    let found = ok(d, &["voucher", "list", "--amount", "80", "--format", "json"]);
    assert!(found.contains("记-202503-0002") && !found.contains("记-202503-0001"), "{found}");
    let found = ok(d, &["voucher", "list", "--activity", "A01", "--account", "501", "--format", "json"]);
    assert!(found.contains("记-202503-0001") && !found.contains("记-202503-0002"), "{found}");
    // Reports by Chinese name and alias; the list of them.
    let by_name = ok(d, &["report", "科目余额表", "--year", "2025", "--format", "csv"]);
    assert_eq!(by_name, ok(d, &["report", "余额表", "--year", "2025", "--format", "csv"]));
    assert_eq!(by_name, ok(d, &["report", "trial-balance", "--year", "2025", "--format", "csv"]));
    let list = ok(d, &["report", "list"]);
    assert!(list.contains("trial-balance") && list.contains("余额表") && list.contains("01表"), "{list}");
    assert_eq!(
        ok(d, &["report", "01表", "--year", "2025", "--format", "csv"]),
        ok(d, &["report", "balance-sheet", "--year", "2025", "--format", "csv"])
    );
    // Not final, and a balance that cannot be: said on the report itself.
    let tb = ok(d, &["report", "trial-balance", "--year", "2025"]);
    assert!(tb.contains("2025 年尚未年终结账"), "{tb}");
    assert!(tb.contains("【不可能的余额】银行存款（102）") && tb.contains("-380.00"), "{tb}");
    // --out says what it wrote.
    let o = command(d, &["report", "余额表", "--year", "2025", "--out", "余额表.csv"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("已写入 余额表.csv"), "{o:?}");
}

#[test]
fn members_activities_and_dispositions_in_the_treasurers_words() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books(d);
    std::fs::write(
        d.join("名册.csv"),
        "工号,姓名,部门,入会日期,状态\nE1,张三,语文组,2010-09-01,在职\nR1,李四,,2001-09-01,退休\n",
    )
    .unwrap();
    ok(d, &["members", "import", "名册.csv"]);
    let roll = ok(d, &["members", "list"]);
    assert!(roll.contains("张三") && roll.contains("共 2 人：在职 1 人，退休 1 人"), "{roll}");
    // An activity renamed, given another usual account; removed only while unused.
    ok(d, &["activities", "add", "A09", "临时", "--account", "50102"]);
    let out = ok(d, &["activities", "edit", "A01", "--name", "三八妇女节活动", "--account", "50105"]);
    assert!(out.contains("三八妇女节活动") && out.contains("50105"), "{out}");
    ok(d, &["activities", "remove", "A09"]);
    ok(d, &["voucher", "add", "--date", "2025-03-08", "--summary", "鲜花", "--dr", "50105=300@A01", "--cr", "102=300"]);
    let e = fails(d, &["activities", "remove", "A01"]);
    assert!(e.contains("已在使用") && e.contains("凭证分录 1 行"), "{e}");
    let acts = ok(d, &["activities", "list"]);
    assert!(!acts.contains("A09") && acts.contains("三八妇女节活动"), "{acts}");
    // The audit's table fits a 100-column terminal; --wide shows it whole.
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    let fitted = command(d, &["audit", "--year", "2025"]).env("COLUMNS", "100").output().unwrap();
    let fitted = String::from_utf8(fitted.stdout).unwrap();
    assert!(fitted.contains("凭证无附件") || fitted.contains("收付款项"), "{fitted}");
    let widest = fitted.lines().map(width).max().unwrap_or(0);
    assert!(widest <= 100, "a line of {widest} columns:\n{fitted}");
    let wide = command(d, &["--wide", "audit", "--year", "2025"]).env("COLUMNS", "100").output().unwrap();
    assert!(String::from_utf8_lossy(&wide.stdout).lines().map(width).max().unwrap_or(0) > 100, "--wide is whole");
    // A disposition in Chinese words, by the 经审委员.
    let key = {
        let json = ok(d, &["audit", "--year", "2025", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v[0]["key"].as_str().unwrap().to_string()
    };
    let out = ok(
        d,
        &["--user", "陈静", "audit", "--year", "2025", "--dispose", &key, "--as", "已说明", "--note", "发票已补"],
    );
    assert!(out.contains("已作说明"), "{out}");
}
