//! Tamper evidence (issue 15): each kind of edit made behind the tool's back — to a posted
//! voucher, the balances, or any other table of the books — is caught by `verify` and named. An
//! edit whose hashes were recomputed afterwards ("re-chained": the voucher chain rebuilt and a new
//! state recorded, as someone with the code could do) passes a plain `verify`, and is caught by
//! `verify --anchor` against the state an auditor signed before it.

mod common;

use common::*;
use gonghui::books::VoucherFilter;
use gonghui::ledger::hash::posted_hash;
use gonghui::ledger::period::Span;
use gonghui::ledger::state::Anchor;
use gonghui::ledger::voucher::{NewVoucher, Status};
use gonghui::ops::{self, Ctx};
use std::path::Path;

/// A small year: four posted vouchers in March and April, a statement, a budget, the register,
/// the audit with a disposition and a 整改台账 record, March closed, and a setting.
async fn books(url: &str, dir: &Path) -> Ctx {
    let mut ctx = setup(url).await;
    post_all(
        &mut ctx,
        &[
            spend("2025-03-08", "50102", yuan(300), "A01"),
            spend("2025-03-12", "50102", yuan(420), "A01"),
            // A line with its own 经济分类 (hash format v3).
            {
                let mut v = spend("2025-03-20", "50405", yuan(500), "A02");
                v.lines[0].econ = "30305".into();
                v
            },
            // A summary holding the marks the chain walk packs fields with.
            NewVoucher { summary: "4月:L1;2:~;L".into(), ..spend("2025-04-02", "50102", yuan(80), "A01") },
        ],
    )
    .await;
    let w = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let statement = w(
        "s.csv",
        "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n\
         2025-03-01,CNY,5000.00,5000.00,会员缴费,,\n2025-03-09,CNY,-300.00,4700.00,花店,,\n",
    );
    ops::bank::import(&ctx, &statement, "auto", None, "102", false, &[], None).await.unwrap();
    let budget = w("b.csv", "科目编码,活动编码,金额,说明\n401,,6000,会费\n50102,A01,1000,三八节\n");
    ops::budget::import(&ctx, &budget, None, 2025, None).await.unwrap();
    let members = w(
        "m.csv",
        "工号,姓名,部门,入会日期,状态\nE001,王晓燕,语文组,2006-09-01,在职\nE002,李国庆,数学组,2007-09-01,在职\n",
    );
    ops::audit::import_members(&ctx, &members, None).await.unwrap();
    let (_, kept) = ops::audit::run(&ctx, Span::year(2025), None).await.unwrap();
    assert!(!kept.is_empty(), "the audit keeps findings");
    ctx.user = "陈静".into();
    ops::audit::dispose(&ctx, Span::year(2025), &kept[0].key, "accepted", "认定为问题", "").await.unwrap();
    let plan = ops::audit::Rectify {
        responsible: Some("张敏".into()),
        deadline: Some(date("2026-03-31")),
        ..Default::default()
    };
    ops::audit::rectify(&ctx, Span::year(2025), &kept[0].key, plan).await.unwrap();
    ctx.user = "张敏".into();
    ops::close::close_month(&ctx, gonghui::ledger::period::Period::new(2025, 3)).await.unwrap();
    ops::setup::set_setting(&ctx, "budget_control", "warn", "").await.unwrap();
    ctx
}

/// Run SQL behind the tool's back, its guards (triggers) off.
async fn behind(ctx: &Ctx, engine: &str, sql: &str) {
    let sql = if engine == "sqlite" {
        let triggers: Vec<String> = {
            let mut out = Vec::new();
            // Every trigger of the schema, dropped: a hand with the file can do that.
            for t in [
                "entries_closed_ins",
                "entries_closed_del",
                "balances_closed_ins",
                "balances_closed_upd",
                "entries_upd",
                "vouchers_closed_ins",
                "vouchers_closed_upd",
                "vouchers_closed_del",
                "vouchers_posted_upd",
                "vouchers_posted_del",
                "vouchers_void_upd",
                "vouchers_any_del",
                "entries_posted_del",
                "reopenings_upd",
                "reopenings_del",
                "closed_periods_del",
                "state_log_upd",
                "state_log_del",
            ] {
                out.push(format!("DROP TRIGGER IF EXISTS {t};"));
            }
            out
        };
        format!("{} {sql}", triggers.join(" "))
    } else {
        format!("SET session_replication_role = replica; {sql}")
    };
    ctx.store.raw_execute_for_tests(&sql).await.unwrap();
}

/// What someone with the code does after an edit: rebuild the voucher chain from the start and
/// record a new state, so that a plain `verify` passes.
async fn rechain(ctx: &Ctx, engine: &str) {
    let f = VoucherFilter { status: Some(Status::Posted), chain_from: Some(1), ..Default::default() };
    let all = ctx.books().with_lines(&f).await.unwrap();
    let mut prev = String::new();
    let mut sql = String::new();
    for (i, (h, ls)) in all.iter().enumerate() {
        let mut h = h.clone();
        h.chain_seq = Some(i as i64 + 1);
        let hash = posted_hash(&ctx.org.code, &h, ls, &prev);
        sql.push_str(&format!(
            "UPDATE vouchers SET chain_seq = {}, prev_hash = '{prev}', hash = '{hash}' WHERE org_id = {} AND id = {};",
            i + 1,
            ctx.org.id,
            h.id
        ));
        prev = hash;
    }
    sql.push_str(&format!(
        "UPDATE orgs SET chain_seq = {}, chain_hash = '{prev}' WHERE id = {};",
        all.len(),
        ctx.org.id
    ));
    behind(ctx, engine, &sql).await;
    ops::seal::record(&ctx.store, &ctx.org, "张敏").await.unwrap();
}

/// (kind, SQL, what verify must name).
fn edits(org: i64) -> Vec<(&'static str, String, &'static str)> {
    let v = |sql: &str| sql.replace("$ORG", &org.to_string());
    vec![
        ("amount", v("UPDATE entries SET debit = 3000 WHERE org_id = $ORG AND voucher_id = 1 AND debit > 0; UPDATE entries SET credit = 3000 WHERE org_id = $ORG AND voucher_id = 1 AND credit > 0; UPDATE balances SET debit = debit - 27000 WHERE org_id = $ORG AND period = 202503 AND account = '50102'; UPDATE balances SET credit = credit - 27000 WHERE org_id = $ORG AND period = 202503 AND account = '102'"), "记-202503-0001"),
        ("date", v("UPDATE vouchers SET date = '2025-03-28' WHERE org_id = $ORG AND id = 2"), "记-202503-0002"),
        ("period", v("UPDATE vouchers SET period = 202504, date = '2025-04-20' WHERE org_id = $ORG AND id = 3; UPDATE entries SET period = 202504 WHERE org_id = $ORG AND voucher_id = 3; UPDATE balances SET debit = debit - 50000 WHERE org_id = $ORG AND period = 202503 AND account = '50405'; UPDATE balances SET credit = credit - 50000 WHERE org_id = $ORG AND period = 202503 AND account = '102'; UPDATE balances SET credit = credit + 50000 WHERE org_id = $ORG AND period = 202504 AND account = '102'; INSERT INTO balances (org_id, period, account, activity, debit, credit) VALUES ($ORG, 202504, '50405', 'A02', 50000, 0)"), "记-202503-0003"),
        ("summary", v("UPDATE vouchers SET summary = '改过的摘要' WHERE org_id = $ORG AND id = 1"), "记-202503-0001"),
        ("account", v("UPDATE entries SET account = '50105' WHERE org_id = $ORG AND voucher_id = 4 AND account = '50102'; UPDATE balances SET account = '50105', activity = 'A01' WHERE org_id = $ORG AND period = 202504 AND account = '50102'"), "记-202504-0001"),
        ("people", v("UPDATE vouchers SET reviewed_by = '王五' WHERE org_id = $ORG AND id = 2"), "记-202503-0002"),
        ("delete last", v("DELETE FROM entries WHERE org_id = $ORG AND voucher_id = 4; DELETE FROM vouchers WHERE org_id = $ORG AND id = 4; DELETE FROM balances WHERE org_id = $ORG AND period = 202504 AND account IN ('50102', '102'); DELETE FROM voucher_seq WHERE org_id = $ORG AND period = 202504"), "被删除"),
        ("delete middle", v("DELETE FROM entries WHERE org_id = $ORG AND voucher_id = 2; DELETE FROM vouchers WHERE org_id = $ORG AND id = 2; UPDATE balances SET debit = debit - 42000 WHERE org_id = $ORG AND period = 202503 AND account = '50102'; UPDATE balances SET credit = credit - 42000 WHERE org_id = $ORG AND period = 202503 AND account = '102'"), "2025年3月"),
        ("forge", v("UPDATE vouchers SET chain_seq = chain_seq + 1 WHERE org_id = $ORG AND chain_seq >= 2; INSERT INTO vouchers (org_id, id, period, seq, no, date, summary, attachments, status, source_kind, prepared_by, prepared_at, reviewed_by, posted_by, chain_seq) VALUES ($ORG, 99, 202503, 4, '记-202503-0004', '2025-03-09', '伪造', 1, 'posted', 'manual', '张敏', '2025-03-09', '刘洋', '张敏', 2); INSERT INTO entries (org_id, voucher_id, line_no, period, account, activity, debit, credit) VALUES ($ORG, 99, 1, 202503, '50102', 'A01', 10000, 0), ($ORG, 99, 2, 202503, '102', '', 0, 10000); UPDATE balances SET debit = debit + 10000 WHERE org_id = $ORG AND period = 202503 AND account = '50102'; UPDATE balances SET credit = credit + 10000 WHERE org_id = $ORG AND period = 202503 AND account = '102'; UPDATE voucher_seq SET last_seq = 4 WHERE org_id = $ORG AND period = 202503"), "记-202503-0004"),
        ("reorder", v("UPDATE vouchers SET chain_seq = 100 WHERE org_id = $ORG AND id = 1; UPDATE vouchers SET chain_seq = 1 WHERE org_id = $ORG AND id = 2; UPDATE vouchers SET chain_seq = 2 WHERE org_id = $ORG AND id = 1"), "记-202503-0002"),
        ("far", v("UPDATE vouchers SET chain_seq = 5000000 WHERE org_id = $ORG AND id = 4"), "记-202504-0001"),
        ("summary marks", v("UPDATE vouchers SET summary = 'L9;3:~' WHERE org_id = $ORG AND id = 2"), "记-202503-0002"),
        ("balances only", v("UPDATE balances SET debit = debit + 100 WHERE org_id = $ORG AND account = '50102' AND period = 202503; UPDATE balances SET credit = credit + 100 WHERE org_id = $ORG AND account = '102' AND period = 202503"), "科目月余额"),
        ("bank line", v("UPDATE bank_lines SET amount = -200 WHERE org_id = $ORG AND amount = -30000"), "银行流水"),
        ("findings", v("UPDATE audit_findings SET message = '无问题' WHERE org_id = $ORG"), "审计发现"),
        ("dispositions", v("DELETE FROM audit_dispositions WHERE org_id = $ORG"), "审计发现的处理"),
        ("budget", v("UPDATE budget_lines SET amount = amount * 10 WHERE org_id = $ORG"), "预算明细"),
        ("budget econ", v("UPDATE budget_lines SET econ = '30299' WHERE org_id = $ORG AND account = '50102'"), "预算明细"),
        ("econ changed", v("UPDATE entries SET econ = '30399' WHERE org_id = $ORG AND voucher_id = 3 AND account = '50405'"), "记-202503-0003"),
        ("econ added", v("UPDATE entries SET econ = '30299' WHERE org_id = $ORG AND voucher_id = 1 AND account = '50102'"), "记-202503-0001"),
        ("members", v("DELETE FROM members WHERE org_id = $ORG AND no = 'E002'"), "会员名册"),
        ("settings", v("UPDATE settings SET value = 'strict' WHERE org_id = $ORG AND key = 'budget_control'"), "设置"),
        ("events", v("DELETE FROM events WHERE org_id = $ORG AND id = (SELECT MIN(id) FROM events WHERE org_id = $ORG)"), "操作记录"),
        ("rectification", v("UPDATE events SET detail = replace(detail, '状态 整改中', '状态 已整改') WHERE org_id = $ORG AND kind = 'rectification'"), "操作记录"),
        ("locks", v("DELETE FROM closed_periods WHERE org_id = $ORG"), "结账"),
    ]
}

#[tokio::test]
async fn every_kind_of_edit_is_caught_and_named_naive_or_rechained() {
    let mut caught = 0;
    let mut total = 0;
    for db in databases().await {
        for (kind, sql, name) in edits(1) {
            for rechained in [false, true] {
                if rechained && kind == "far" {
                    // Re-chaining numbers the chain afresh, which undoes this edit.
                    continue;
                }
                let dir = tempfile::tempdir().unwrap();
                // Each case on new books (a new schema on PostgreSQL).
                let fresh = if db.engine == "sqlite" {
                    dir.path().join("t.db").display().to_string()
                } else {
                    databases().await.into_iter().find(|d| d.engine == "postgres").unwrap().url
                };
                let ctx = books(&fresh, dir.path()).await;
                let v = ctx.books().verify().await.unwrap();
                assert!(v.ok(), "{} {kind}: clean books verify: {:?}", db.engine, v.problems);
                let anchor = Anchor::parse(v.state.as_deref().unwrap()).unwrap();
                let sql = sql.replace("$ORG", &ctx.org.id.to_string());
                behind(&ctx, db.engine, &sql).await;
                if rechained {
                    rechain(&ctx, db.engine).await;
                }
                total += 1;
                let plain = ctx.books().verify().await.unwrap();
                let anchored = ctx.books().verify_with(Some(&anchor)).await.unwrap();
                let what = format!("{} {kind} {}", db.engine, if rechained { "re-chained" } else { "naive" });
                if !rechained {
                    assert!(!plain.ok(), "{what}: caught by verify");
                    assert!(
                        plain.problems.iter().any(|p| p.contains(name)),
                        "{what}: names {name}: {:?}",
                        plain.problems
                    );
                }
                // Settings, dispositions, the register and the findings change in place by design;
                // each is held to the append-only event that recorded it, so a re-sealed edit is
                // caught too. (Forging that event as well would pass: that needs signed acts,
                // issue 17.)
                assert!(!anchored.ok(), "{what}: caught by verify --anchor ({:?})", anchored.since_anchor);
                caught += 1;
                // A write on tampered books is refused (unless re-sealed by the re-chainer) when the
                // edit left the change marks' triggers in place (SQLite here: only the protecting
                // triggers are dropped). With every trigger off (PostgreSQL's replica mode here)
                // the write goes through, but it does not absorb the edit: verify still names it. (A hand
                // that turns every trigger off is of the re-chainer's kind: `verify --anchor` is the
                // answer to both.)
                let voucher_only = !sql.contains("balances")
                    && !sql.contains("bank_")
                    && !sql.contains("audit_")
                    && !sql.contains("budget_")
                    && !sql.contains("members")
                    && !sql.contains("settings")
                    && !sql.contains("events")
                    && !sql.contains("closed_periods");
                if !rechained && !voucher_only {
                    // A write on a table none of the edits touches.
                    let a = gonghui::ledger::activity::Activity {
                        code: "Z99".into(),
                        name: "新活动".into(),
                        account: None,
                        project: false,
                        earmarked: false,
                    };
                    match ops::setup::add_activity(&ctx, a).await {
                        Err(e) => assert!(e.message().contains("不是经本工具"), "{what}: {e}"),
                        Ok(()) => {
                            assert_eq!(db.engine, "postgres", "{what}: a write on tampered books must be refused");
                            let after = ctx.books().verify().await.unwrap();
                            assert!(
                                after.problems.iter().any(|p| p.contains(name)),
                                "{what}: still named after a later write: {:?}",
                                after.problems
                            );
                        }
                    }
                }
            }
        }
    }
    eprintln!("tamper: {caught} of {total} edits caught");
    assert_eq!(caught, total);
}

/// The state root a report prints (table footer, JSON `meta`, never a CSV row) is the anchor that
/// `verify --anchor` accepts; after a later write it still verifies, with the write listed.
#[tokio::test]
async fn reports_print_the_state_root_that_verify_accepts_as_anchor() {
    use gonghui::render;
    use gonghui::report::{self, Request};
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let ctx = books(&db.url, dir.path()).await;
        let req = Request { span: Span::year(2025), account: None, by: None, chair: None };
        let r = report::build(&ctx, "trial-balance", &req).await.unwrap();
        let state = r.state.clone().expect("a state root");
        let table = String::from_utf8(render::table::render(&r, None)).unwrap();
        assert!(table.contains(&format!("状态根：{state}")), "{}: {table}", db.engine);
        let json = render::json::to_value(&r);
        assert_eq!(json["meta"]["state_root"], state.as_str(), "{}", db.engine);
        let csv = String::from_utf8(render::csv::render(&r)).unwrap();
        assert!(!csv.contains("状态根") && !csv.contains(&state), "{}: not a CSV row", db.engine);
        ops::setup::set_setting(&ctx, "budget_control", "strict", "").await.unwrap();
        let v = ctx.books().verify_with(Some(&Anchor::parse(&state).unwrap())).await.unwrap();
        assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
        assert_eq!(v.since_anchor.len(), 1, "{}: {:?}", db.engine, v.since_anchor);
        assert!(v.since_anchor[0].contains("设置"), "{}: {:?}", db.engine, v.since_anchor);
        let wrong = format!("{}0000", &state[..state.len() - 4]);
        let v = ctx.books().verify_with(Some(&Anchor::parse(&wrong).unwrap())).await.unwrap();
        assert!(!v.ok(), "{}: a root that was never signed fails", db.engine);
    }
}

/// A statement's digests are those earlier versions recorded: a state an auditor signed before
/// an upgrade must still match the same lines (here with empty columns, a minus sign and Chinese
/// text, in the columns where the engines turn values into text).
#[tokio::test]
async fn statement_digests_match_what_earlier_versions_recorded() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let ctx = setup(&db.url).await;
        let p = dir.path().join("s.csv");
        std::fs::write(
            &p,
            "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n\
             2025-03-01,CNY,5000.00,5000.00,会员缴费,,\n2025-03-09,CNY,-300.00,4700.00,花店,某某花店 6222,三八节\n\
             2025-03-09,CNY,-0.50,,手续费,,\n",
        )
        .unwrap();
        ops::bank::import(&ctx, &p, "auto", None, "102", false, &[], None).await.unwrap();
        let heads = ctx.store.state_heads(&ctx.org).await.unwrap();
        let got: Vec<String> =
            heads.iter().filter(|(t, _)| t.starts_with("bank_lines")).map(|(t, d)| format!("{t}={d}")).collect();
        // Recorded by the version before the SQLite digest query dropped its spelled-out casts,
        // the same on both engines.
        let want =
            ["bank_lines=1/dca1e30b3e3785d3948b9b17bbed9a8d", "bank_lines@import=1/d0de7f98665386f369d04af77c8fb95c"];
        assert_eq!(got, want, "{}", db.engine);
    }
}
