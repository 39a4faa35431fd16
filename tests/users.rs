//! Users, roles and the separation of duties (issue 17), on both engines: incompatible roles are
//! refused with nothing written; roles bind their holder in `open` mode and everyone in `enforced`
//! mode; a wrong password is refused; the waiver needs two people; the event log names who acted;
//! a role granted behind the tool's back fails `verify`.

mod common;

use common::*;
use gonghui::ledger::roles::Role;
use gonghui::ops::{self, users, Ctx};
use gonghui::store::PostTarget;

fn as_user(ctx: &Ctx, name: &str) -> Ctx {
    Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: name.into() }
}

/// Books with their people: 管理员甲 (管理员, with a password), 张敏 会计, 刘洋 审核, 赵主任 会计主管,
/// 王主席 工会主席, 陈静 经审委员, 李四 出纳.
async fn staffed(url: &str) -> Ctx {
    let ctx = setup(url).await;
    let admin = as_user(&ctx, "管理员甲");
    users::add(&admin, "管理员甲", &[Role::Admin], Some("admin-pass-1")).await.unwrap();
    for (name, role) in [
        ("张敏", Role::Accountant),
        ("刘洋", Role::Reviewer),
        ("赵主任", Role::Chief),
        ("王主席", Role::Chair),
        ("陈静", Role::Auditor),
        ("李四", Role::Cashier),
    ] {
        users::add(&admin, name, &[role], Some(&format!("{name}-pass-1"))).await.unwrap();
    }
    ctx
}

#[tokio::test]
async fn incompatible_roles_are_refused_and_nothing_is_written() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        let admin = as_user(&ctx, "管理员甲");
        let before = ctx.store.content_dump().await.unwrap();
        let e = users::add(&admin, "新人", &[Role::Cashier, Role::Reviewer], None).await.unwrap_err();
        assert!(e.message().contains("出纳不得兼任审核"), "{}: {e}", db.engine);
        // Added one at a time, the second grant is refused against the first.
        let e = users::add(&admin, "李四", &[Role::Chief], None).await.unwrap_err();
        assert!(e.message().contains("出纳不得兼任会计主管"), "{e}");
        let e = users::add(&admin, "陈静", &[Role::Accountant], None).await.unwrap_err();
        assert!(e.message().contains("经审委员不得兼任会计"), "{e}");
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: refused grants write nothing", db.engine);
        // 会计 and 出纳 together is allowed (a small union).
        users::add(&admin, "张敏", &[Role::Cashier], None).await.unwrap();
        assert_eq!(ctx.store.user_roles(&ctx.org, "张敏").await.unwrap(), vec![Role::Accountant, Role::Cashier]);
        // Only a 管理员 grants roles once roles are in use.
        let e = users::add(&as_user(&ctx, "张敏"), "张敏", &[Role::Chief], None).await.unwrap_err();
        assert!(e.message().contains("须由管理员办理"), "{e}");
    }
}

#[tokio::test]
async fn in_open_mode_roles_bind_their_holders_and_names_still_separate() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        let ids = ops::vouchers::add_batch(&ctx, &[spend("2025-03-08", "50102", yuan(100), "")], PostTarget::Draft)
            .await
            .unwrap();
        let nos = vec![ids[0].1.clone()];
        // The cashier never reviews; the preparer never reviews her own voucher.
        let e = ops::vouchers::review(&as_user(&ctx, "李四"), &nos).await.unwrap_err();
        assert!(e.message().contains("李四的角色是出纳，不能办理“审核凭证”"), "{e}");
        let e = ops::vouchers::review(&ctx, &nos).await.unwrap_err();
        assert!(e.message().contains("张敏的角色是会计，不能办理“审核凭证”"), "{e}");
        // A name without roles acts as before roles existed (registered on first use), and the
        // rules by name still hold: the same name, written with spaces, is the same person.
        let stranger = as_user(&ctx, "孙老师");
        let own = ops::vouchers::add_batch(&stranger, &[spend("2025-03-09", "50102", yuan(5), "")], PostTarget::Draft)
            .await
            .unwrap();
        let e = ops::vouchers::review(&as_user(&ctx, " 孙老师　"), &[own[0].1.clone()]).await.unwrap_err();
        assert!(e.message().contains("另一人"), "a name with spaces is the same person: {e}");
        assert!(ctx.store.user("孙老师").await.unwrap().is_some(), "registered on first use");
        ops::drafts::void(&stranger, &own[0].1, "测试").await.unwrap();
        ops::vouchers::review(&as_user(&ctx, "刘洋"), &nos).await.unwrap();
        // post_role = review: only 审核 or 会计主管 post.
        ops::setup::set_setting(&as_user(&ctx, "管理员甲"), ops::setup::POST_ROLE, "review", "").await.unwrap();
        let e = ops::vouchers::post(&ctx, &nos).await.unwrap_err();
        assert!(e.message().contains("post_role"), "{e}");
        ops::vouchers::post(&as_user(&ctx, "赵主任"), &nos).await.unwrap();
        // Reopening needs 会计主管.
        ops::close::close_month(&ctx, gonghui::ledger::period::Period::new(2025, 3)).await.unwrap();
        let e =
            ops::close::reopen_month(&ctx, gonghui::ledger::period::Period::new(2025, 3), "补记").await.unwrap_err();
        assert!(e.message().contains("须由会计主管办理"), "{e}");
        // The event log names who acted.
        let events = ctx.store.events(&ctx.org, None).await.unwrap();
        let by =
            |kind: &str, actor: &str| events.iter().any(|e| e.kind == kind && e.actor == actor && e.subject == nos[0]);
        assert!(
            by("voucher_add", "张敏") && by("voucher_review", "刘洋") && by("voucher_post", "赵主任"),
            "{events:?}"
        );
        assert!(events.iter().any(|e| e.kind == "user_add" && e.actor == "管理员甲" && e.subject.starts_with("李四")));
        assert!(events.iter().any(|e| e.kind == "setting" && e.actor == "管理员甲" && e.subject == "post_role=review"));
    }
}

#[tokio::test]
async fn the_waiver_needs_the_chair_and_the_chief() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        let e = ops::setup::set_setting(&ctx, ops::REVIEW_WAIVER, "on", "一人工会").await.unwrap_err();
        assert!(e.message().contains("须由工会主席或会计主管办理"), "a 会计 cannot ask: {e}");
        let chair = as_user(&ctx, "王主席");
        let asked = ops::setup::set_setting(&chair, ops::REVIEW_WAIVER, "on", "一人工会").await.unwrap();
        assert_eq!(asked, ops::setup::SettingDone::AwaitingSecond { first: "王主席".into() });
        assert!(!ctx.review_waived().await.unwrap());
        let e = ops::setup::set_setting(&chair, ops::REVIEW_WAIVER, "on", "一人工会").await.unwrap_err();
        assert!(e.message().contains("须由另一人确认"), "{e}");
        ops::setup::set_setting(&as_user(&ctx, "赵主任"), ops::REVIEW_WAIVER, "on", "同意").await.unwrap();
        assert!(ctx.review_waived().await.unwrap());
        let events = ctx.store.events(&ctx.org, None).await.unwrap();
        let on = events.iter().find(|e| e.subject == "review_waiver=on").unwrap();
        assert_eq!(on.actor, "赵主任");
        assert!(on.detail.contains("王主席 提出"), "{}", on.detail);
        // Every report says so.
        let req = gonghui::report::Request {
            span: gonghui::ledger::period::Span::year(2025),
            account: None,
            by: None,
            chair: None,
        };
        let r = gonghui::report::build(&ctx, "trial-balance", &req).await.unwrap();
        assert!(r.notes.iter().any(|n| n.starts_with("本会已免除单独审核（王主席 提出，赵主任 确认")), "{:?}", r.notes);
    }
}

#[tokio::test]
async fn the_budget_is_approved_and_sent_up_by_the_chair_or_the_chief() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        let approve = |c: Ctx| async move {
            ops::budget::approve(&c, 2025, "第一次工会委员会", "经审会第一次会议", Some("2025-01-10"), None).await
        };
        let e = approve(as_user(&ctx, "张敏")).await.unwrap_err();
        assert!(e.message().contains("须由工会主席或会计主管办理"), "a 会计 cannot: {}: {e}", db.engine);
        let e = ops::budget::submit(&as_user(&ctx, "刘洋"), 2025).await.unwrap_err();
        assert!(e.message().contains("须由工会主席或会计主管办理"), "a 审核 cannot: {e}");
        // The chair may; here the books have no budget to approve yet.
        let e = approve(as_user(&ctx, "王主席")).await.unwrap_err();
        assert!(e.message().contains("还没有年初预算"), "{}: {e}", db.engine);
    }
}

#[tokio::test]
async fn enforced_mode_needs_a_registered_user_with_the_right_password() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        let admin = as_user(&ctx, "管理员甲");
        // No admin with a password, no enforced mode: checked before switching.
        ops::setup::set_setting(&admin, users::AUTH, "enforced", "").await.unwrap();
        assert!(users::needs_password(&ctx.store, &ctx.org).await.unwrap());
        let (s, o) = (&ctx.store, &ctx.org);
        users::authenticate(s, o, "刘洋", Some("刘洋-pass-1")).await.unwrap();
        let e = users::authenticate(s, o, "刘洋", Some("张敏-pass-1")).await.unwrap_err();
        assert!(e.message().contains("密码不正确"), "{e}");
        let e = users::authenticate(s, o, "刘洋", None).await.unwrap_err();
        assert!(e.message().contains("GONGHUI_PASSWORD"), "{e}");
        let e = users::authenticate(s, o, "路人", Some("whatever-1")).await.unwrap_err();
        assert!(e.message().contains("未登记"), "{e}");
        // An unregistered name cannot act at all; a disabled user no longer can.
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::vouchers::add_batch(
            &as_user(&ctx, "路人"),
            &[spend("2025-03-08", "50102", yuan(1), "")],
            PostTarget::Draft,
        )
        .await
        .unwrap_err();
        assert!(e.message().contains("未登记"), "{e}");
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "nothing registered or written");
        users::disable(&admin, "刘洋").await.unwrap();
        let e = users::authenticate(s, o, "刘洋", Some("刘洋-pass-1")).await.unwrap_err();
        assert!(e.message().contains("已停用"), "{e}");
        // Passwords are kept as Argon2id hashes only.
        let dump = ctx.store.content_dump().await.unwrap();
        assert!(!dump.contains("张敏-pass-1") && dump.contains("$argon2id$"), "{}", db.engine);
    }
}

/// Three wrong passwords in a row, then the next try waits — even with the right password, from
/// a new process too (the count is in the database); the books are untouched throughout.
#[tokio::test]
async fn three_wrong_passwords_then_a_pause() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        ops::setup::set_setting(&as_user(&ctx, "管理员甲"), users::AUTH, "enforced", "").await.unwrap();
        let (s, o) = (&ctx.store, &ctx.org);
        let books = || async { books_part(&ctx.store.content_dump().await.unwrap()) };
        let before = books().await;
        for n in 1..=3 {
            let e = users::authenticate(s, o, "刘洋", Some("not-her-password")).await.unwrap_err();
            assert!(e.message().contains("密码不正确"), "{}: {e}", db.engine);
            assert_eq!(e.message().contains("请 30 秒后再试"), n == 3, "try {n}: {e}");
        }
        let e = users::authenticate(s, o, "刘洋", Some("刘洋-pass-1")).await.unwrap_err();
        assert!(e.message().contains("已连续 3 次密码错误") && e.message().contains("秒后再试"), "{e}");
        assert!(e.message().contains("users password 刘洋"), "how to get out: {e}");
        // Another user is not held up by 刘洋's mistakes.
        users::authenticate(s, o, "张敏", Some("张敏-pass-1")).await.unwrap();
        assert_eq!(books().await, before, "{}: wrong passwords write nothing to the books", db.engine);
        // The pause over (its clock moved back behind the tool's back), the right password opens
        // and the count starts again; three more wrong ones wait again, longer from the fourth.
        let back = "UPDATE login_failures SET last_at = '2000-01-01T00:00:00.000Z'";
        ctx.store.raw_execute_for_tests(back).await.unwrap();
        let e = users::authenticate(s, o, "刘洋", Some("still-wrong-1")).await.unwrap_err();
        assert!(e.message().contains("已连续 4 次") && e.message().contains("1 分钟"), "doubling: {e}");
        ctx.store.raw_execute_for_tests(back).await.unwrap();
        users::authenticate(s, o, "刘洋", Some("刘洋-pass-1")).await.unwrap();
        assert_eq!(ctx.store.login_failures("刘洋").await.unwrap(), None, "{}", db.engine);
        // Or a 管理员 sets a new password: the wait ends at once.
        for _ in 0..3 {
            users::authenticate(s, o, "刘洋", Some("wrong-again-1")).await.unwrap_err();
        }
        users::set_password(&as_user(&ctx, "管理员甲"), "刘洋", "刘洋-pass-2").await.unwrap();
        users::authenticate(s, o, "刘洋", Some("刘洋-pass-2")).await.unwrap();
    }
}

#[tokio::test]
async fn a_role_granted_behind_the_tools_back_fails_verify() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        assert!(ctx.books().verify().await.unwrap().ok());
        let sql = format!(
            "INSERT INTO user_roles (org_id, name, role, granted_by, granted_at) VALUES ({}, '李四', 'reviewer', 'x', 'x')",
            ctx.org.id
        );
        ctx.store.raw_execute_for_tests(&sql).await.unwrap();
        let v = ctx.books().verify().await.unwrap();
        assert!(v.problems.iter().any(|p| p.contains("用户角色")), "{}: {:?}", db.engine, v.problems);
    }
}

/// The dump without the users (which the upgrade adds).
fn books_part(dump: &str) -> String {
    dump.split("## ")
        .filter(|t| !t.starts_with("users\n") && !t.starts_with("user_roles\n") && !t.starts_with("login_failures\n"))
        .collect::<Vec<_>>()
        .join("## ")
}

#[tokio::test]
async fn books_of_the_previous_version_upgrade_with_their_names_as_users() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        post_all(
            &mut ctx,
            &[spend("2025-03-08", "50102", yuan(300), "A01"), spend("2025-03-12", "50405", yuan(80), "A02")],
        )
        .await;
        // Back to the schema of the version before users existed (migrations 16–27 undone).
        let tables = "DROP TABLE filings; ALTER TABLE orgs DROP COLUMN upper_id; ALTER TABLE orgs DROP COLUMN kind; \
                      ALTER TABLE entries DROP COLUMN econ; ALTER TABLE budget_lines DROP COLUMN econ; \
                      DROP TABLE statement_notes; DROP TABLE departure_audits; DROP TABLE audit_opinions; DROP TABLE audit_disposition_log; \
                      DROP INDEX vouchers_waiting; DROP INDEX bank_lines_counterparty; \
                      DROP TABLE login_failures; DROP TABLE role_orgs; DROP TABLE sessions; DROP TABLE attachments; DROP TABLE signed_acts; \
                      DROP TABLE user_keys; DROP TABLE user_roles; DROP TABLE users; \
                      DELETE FROM gonghui_migrations WHERE version >= 16;";
        let drop = if db.engine == "sqlite" {
            tables.to_string()
        } else {
            format!(
                "DO $$ DECLARE t text; BEGIN
                     FOR t IN SELECT tablename FROM pg_policies WHERE schemaname = current_schema() LOOP
                         EXECUTE format('DROP POLICY org_scope ON %I', t);
                         EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
                     END LOOP; END $$;
                 {tables}
                 DROP FUNCTION gh_dirty_user_roles(); DROP FUNCTION gh_dirty_user_keys(); DROP FUNCTION gh_dirty_signed_acts();
                 DROP FUNCTION gh_refuse_signed_act_change(); DROP FUNCTION gh_dirty_attachments();
                 DROP FUNCTION gh_refuse_attachment_change(); DROP FUNCTION gh_refuse_opinion_change();
                 DROP FUNCTION gh_dirty_audit_opinions(); DROP FUNCTION gh_refuse_disposition_log_change();
                 DROP FUNCTION gh_dirty_audit_disposition_log(); DROP FUNCTION gh_refuse_departure_audit_change();
                 DROP FUNCTION gh_dirty_departure_audits(); DROP FUNCTION gh_refuse_statement_note_change();
                 DROP FUNCTION gh_dirty_statement_notes(); DROP FUNCTION gh_refuse_filing_change();"
            )
        };
        let before = books_part(&ctx.store.content_dump().await.unwrap());
        ctx.store.raw_execute_for_tests(&drop).await.unwrap();
        ctx.store.close().await;
        // The first command on them upgrades them and says so, once.
        let run = |args: &[&str]| {
            let dir = tempfile::tempdir().unwrap();
            let mut c = common::cli::command(dir.path(), &["--db", &db.url]);
            let o = c.args(args).output().unwrap();
            (
                o.status.code(),
                String::from_utf8_lossy(&o.stdout).to_string(),
                String::from_utf8_lossy(&o.stderr).to_string(),
            )
        };
        let (code, out, err) = run(&["users", "list"]);
        assert_eq!(code, Some(0), "{}: {err}", db.engine);
        assert!(err.contains("本账簿由旧版本建立") && err.contains("open") && err.contains("刘洋、张敏"), "{err}");
        assert!(err.contains("settings auth enforced"), "how to go on: {err}");
        assert_eq!(err.contains("PostgreSQL 账套必须验证身份"), db.engine == "postgres", "{err}");
        assert!(out.contains("升级时按账簿登记"), "{out}");
        let (code, _, err) = run(&["users", "list"]);
        assert!(code == Some(0) && !err.contains("旧版本"), "said once: {err}");
        // Opened by this version: migrated, every voucher kept, verify green, the names as users.
        let store = gonghui::store::Store::open(&db.url).await.unwrap();
        assert_eq!(users::upgrade_notice(&store).await.unwrap(), None, "already upgraded");
        let ctx = Ctx { store, org: ctx.org.clone(), user: "张敏".into() };
        assert!(books_part(&ctx.store.content_dump().await.unwrap()) == before, "{}: the books changed", db.engine);
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
        let users = users::list(&ctx).await.unwrap();
        let names: Vec<&str> = users.iter().map(|(u, _)| u.name.as_str()).collect();
        assert!(names.contains(&"张敏") && names.contains(&"刘洋"), "{names:?}");
        assert!(users.iter().all(|(u, roles)| u.created_by == "升级时按账簿登记" && roles.is_empty()));
        assert!(!users::needs_password(&ctx.store, &ctx.org).await.unwrap(), "open mode, as before");
        // And the books take the next write.
        ops::vouchers::add_batch(&ctx, &[spend("2025-03-20", "50102", yuan(1), "")], PostTarget::Draft).await.unwrap();
    }
}

#[tokio::test]
async fn one_person_as_accountant_and_cashier_is_an_internal_control_finding() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        let year = gonghui::ledger::period::Span::year(2025);
        let runner = as_user(&ctx, "陈静");
        let (_, kept) = ops::audit::run(&runner, year, None).await.unwrap();
        assert!(!kept.iter().any(|k| k.finding.rule == "combined_duties"), "{}", db.engine);
        users::add(&as_user(&ctx, "管理员甲"), "张敏", &[Role::Cashier], None).await.unwrap();
        let (_, kept) = ops::audit::run(&runner, year, None).await.unwrap();
        let f = kept.iter().find(|k| k.finding.rule == "combined_duties").expect("found");
        assert!(f.finding.message.contains("张敏 同时担任会计和出纳"), "{}", f.finding.message);
        // The audit review's internal-control section says who holds what and how acts are proven.
        let req = gonghui::report::Request { span: year, account: None, by: None, chair: None };
        let text = review_text(&ctx, &req).await;
        assert!(text.contains("五、内部控制情况"), "{text}");
        assert!(text.contains("张敏（会计、出纳）") && text.contains("陈静（经审委员）"), "{text}");
        assert!(text.contains("张敏 兼任会计和出纳"), "{text}");
        assert!(text.contains("操作人身份未经认证"), "open mode: {text}");
        ops::setup::set_setting(&as_user(&ctx, "管理员甲"), users::AUTH, "enforced", "").await.unwrap();
        let text = review_text(&ctx, &req).await;
        assert!(text.contains("经本人密钥签名") && !text.contains("操作人身份未经认证"), "{}: {text}", db.engine);
    }
}

/// The audit review's text, every section's heading and paragraphs and its notes.
async fn review_text(ctx: &Ctx, req: &gonghui::report::Request) -> String {
    let r = gonghui::report::build(ctx, "audit-review", req).await.unwrap();
    let mut out = String::new();
    for s in &r.sections {
        if let gonghui::report::Section::Text { heading, paragraphs } = s {
            out.push_str(heading.as_deref().unwrap_or(""));
            out.push('\n');
            out.push_str(&paragraphs.join("\n"));
            out.push('\n');
        }
    }
    out + &r.notes.join("\n")
}

/// Run SQL as someone holding the database file would, with the guards of the tables it touches
/// off.
async fn behind(ctx: &Ctx, engine: &str, sql: &str) {
    let sql = if engine == "sqlite" {
        format!(
            "DROP TRIGGER IF EXISTS vouchers_posted_upd; DROP TRIGGER IF EXISTS vouchers_closed_upd; \
             DROP TRIGGER IF EXISTS signed_acts_upd; {sql}"
        )
    } else {
        format!("SET session_replication_role = replica; {sql}")
    };
    ctx.store.raw_execute_for_tests(&sql).await.unwrap();
}

#[tokio::test]
async fn in_enforced_mode_reviews_and_postings_are_signed_and_verify_checks_them() {
    for db in databases().await {
        let ctx = staffed(&db.url).await;
        ops::setup::set_setting(&as_user(&ctx, "管理员甲"), users::AUTH, "enforced", "").await.unwrap();
        let (s, o) = (&ctx.store, &ctx.org);
        for name in ["张敏", "刘洋", "赵主任"] {
            users::authenticate(s, o, name, Some(&format!("{name}-pass-1"))).await.unwrap();
        }
        let spend2 = [spend("2025-03-08", "50102", yuan(100), ""), spend("2025-03-09", "50102", yuan(7), "")];
        let ids = ops::vouchers::add_batch(&ctx, &spend2, PostTarget::Draft).await.unwrap();
        let nos: Vec<String> = ids.iter().map(|(_, n)| n.clone()).collect();
        ops::vouchers::review(&as_user(&ctx, "刘洋"), &nos).await.unwrap();
        ops::vouchers::post(&as_user(&ctx, "赵主任"), &nos).await.unwrap();
        let acts = ctx.store.signed_acts(&ctx.org).await.unwrap();
        let kinds: Vec<(&str, &str)> = acts.iter().map(|a| (a.kind.as_str(), a.name.as_str())).collect();
        assert_eq!(kinds, vec![("review", "刘洋"), ("post", "赵主任")], "{}", db.engine);
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
        // A user who has not proved her password in this process cannot sign.
        users::add(&as_user(&ctx, "管理员甲"), "钱审核", &[Role::Reviewer], Some("qian-pass-1")).await.ok();
        let draft = ops::vouchers::add_batch(&ctx, &[spend("2025-03-10", "50102", yuan(1), "")], PostTarget::Draft)
            .await
            .unwrap();
        let e = ops::vouchers::review(&as_user(&ctx, "钱审核"), &[draft[0].1.clone()]).await.unwrap_err();
        assert!(e.message().contains("尚未验证身份"), "{e}");
        // Who reviewed, rewritten behind the tool's back: the signature no longer says so.
        let sql =
            format!("UPDATE vouchers SET reviewed_by = '赵主任' WHERE org_id = {} AND no = '{}'", ctx.org.id, nos[1]);
        behind(&ctx, db.engine, &sql).await;
        let v = ctx.books().verify().await.unwrap();
        assert!(
            v.problems.iter().any(|p| p.contains(&nos[1]) && p.contains("没有 赵主任 的审核签名")),
            "{}: {:?}",
            db.engine,
            v.problems
        );
        // A signed act rewritten: its signature fails.
        let sql = format!("UPDATE signed_acts SET name = '张敏' WHERE org_id = {} AND seq = 2", ctx.org.id);
        behind(&ctx, db.engine, &sql).await;
        let v = ctx.books().verify().await.unwrap();
        assert!(v.problems.iter().any(|p| p.contains("签名记录第 2 条")), "{}: {:?}", db.engine, v.problems);
    }
}

/// PostgreSQL without superpowers: the role the tool connects as reads and writes its unions' books but
/// cannot switch a trigger off, alter or drop a table, or bypass the triggers for its session.
#[tokio::test]
async fn the_tools_postgresql_role_cannot_disable_triggers_and_sees_only_its_unions() {
    for db in databases().await.into_iter().filter(|d| d.engine == "postgres") {
        let mut ctx = setup(&db.url).await;
        // A second union in the same database, which the tool's role is not given.
        let other = ops::setup::init(&ctx.store, "other", "另一个工会", "anhui", Some(2025), "王五").await.unwrap();
        let other_ctx = Ctx { store: ctx.store.handle(), org: other.clone(), user: "王五".into() };
        ops::vouchers::add_batch(&other_ctx, &[spend("2025-03-08", "50102", yuan(5), "")], PostTarget::Draft)
            .await
            .unwrap();
        let role = format!("gh_app_{}_{}", std::process::id(), chrono::Utc::now().timestamp_micros() % 1_000_000);
        ctx.store.create_app_role(&role, Some("app-pass-1"), &[ctx.org.id]).await.unwrap();
        // The same books through the tool's own role (the local server trusts 127.0.0.1).
        let url = db.url.replacen("postgres://postgres@", &format!("postgres://{role}:app-pass-1@"), 1);
        assert_ne!(url, db.url, "the test database URL names the postgres user");
        let store = gonghui::store::Store::open(&url).await.unwrap();
        let app = Ctx { store, org: ctx.org.clone(), user: "张敏".into() };
        post_all(&mut ctx, &[spend("2025-03-08", "50102", yuan(10), "A01")]).await;
        let mut app_ctx = app;
        post_all(&mut app_ctx, &[spend("2025-03-09", "50102", yuan(20), "A01")]).await;
        assert!(app_ctx.books().verify().await.unwrap().ok());
        // Row-level security: the other union's rows are neither seen nor written.
        let seen: Vec<String> = app_ctx.store.orgs().await.unwrap().into_iter().map(|o| o.code).collect();
        assert_eq!(seen, vec!["school".to_string()]);
        let intruder = Ctx { store: app_ctx.store.handle(), org: other.clone(), user: "张敏".into() };
        let listed = gonghui::report::listings::load_vouchers(&intruder.books(), None, None).await.unwrap();
        assert!(listed.headers.is_empty(), "another union's vouchers are not read");
        assert!(ops::vouchers::add_batch(&intruder, &[spend("2025-03-09", "50102", yuan(5), "")], PostTarget::Draft)
            .await
            .is_err());
        assert_eq!(
            other_ctx.store.voucher_headers(&other, &Default::default()).await.unwrap().len(),
            1,
            "nothing written"
        );
        for sql in [
            "ALTER TABLE vouchers DISABLE TRIGGER ALL",
            "ALTER TABLE entries DISABLE TRIGGER USER",
            "SET session_replication_role = replica",
            "DROP TABLE signed_acts",
            "CREATE TABLE x (a int)",
        ] {
            let e = app_ctx.store.raw_execute_for_tests(sql).await.unwrap_err();
            assert!(e.message().contains("must be owner") || e.message().contains("permission denied"), "{sql}: {e}");
        }
        app_ctx.store.close().await;
        let _ = ctx.store.raw_execute_for_tests(&format!("DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\"")).await;
    }
}

/// PostgreSQL books are always in `enforced` mode: `init` makes the person setting them up their
/// first 管理员 with a password; `open` cannot be set; books left in `open` mode by an earlier
/// version admit only the steps that switch identity checks on.
#[tokio::test]
async fn postgresql_books_always_check_identity() {
    for db in databases().await.into_iter().filter(|d| d.engine == "postgres") {
        let dir = tempfile::tempdir().unwrap();
        let run = |user: &str, pw: Option<&str>, new: Option<&str>, args: &[&str]| {
            let mut c = common::cli::command(dir.path(), &["--db", &db.url, "--user", user]);
            c.args(args).env_remove("GONGHUI_PASSWORD").env_remove("GONGHUI_NEW_PASSWORD");
            if let Some(p) = pw {
                c.env("GONGHUI_PASSWORD", p);
            }
            if let Some(n) = new {
                c.env("GONGHUI_NEW_PASSWORD", n);
            }
            let o = c.output().unwrap();
            (o.status.code(), String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr))
        };
        let init = ["init", "--name", "测试学校工会", "--code", "school", "--year", "2025"];
        let (code, out) = run("管理员甲", None, None, &init);
        assert!(code == Some(1) && out.contains("GONGHUI_NEW_PASSWORD"), "{out}");
        let (code, out) = run("管理员甲", None, Some("admin-pass-1"), &init);
        assert!(code == Some(0) && out.contains("auth = enforced") && out.contains("管理员甲 为管理员"), "{out}");
        let (code, out) = run("管理员甲", None, None, &["voucher", "list"]);
        assert!(code == Some(1) && out.contains("GONGHUI_PASSWORD"), "{out}");
        let (code, out) = run("管理员甲", Some("admin-pass-1"), None, &["users", "list"]);
        assert!(code == Some(0) && out.contains("管理员甲") && out.contains("管理员"), "{out}");
        let (code, out) = run("管理员甲", Some("admin-pass-1"), None, &["settings", "auth", "open"]);
        assert!(code == Some(1) && out.contains("不能改为 open"), "{out}");
        let (code, out) = run("张敏", Some("whatever-1"), None, &["voucher", "list"]);
        assert!(code == Some(1) && out.contains("未登记"), "{out}");

        // Books in open mode (as an earlier version left them): only users and `settings auth`.
        let store = gonghui::store::Store::open(&db.url).await.unwrap();
        ops::setup::init(&store, "old", "老账套工会", "", Some(2025), "张敏").await.unwrap();
        store.close().await;
        let old = |user: &str, pw: Option<&str>, new: Option<&str>, args: &[&str]| {
            let mut all = vec!["--org", "old"];
            all.extend_from_slice(args);
            run(user, pw, new, &all)
        };
        let (code, out) = old("张敏", None, None, &["voucher", "list"]);
        assert!(code == Some(1) && out.contains("PostgreSQL 账套多人共用，必须验证身份"), "{out}");
        let (code, out) = old("张敏", None, Some("zhangmin-1"), &["users", "add", "张敏", "--role", "管理员"]);
        assert_eq!(code, Some(0), "{out}");
        let (code, out) = old("张敏", None, None, &["settings", "auth", "enforced"]);
        assert_eq!(code, Some(0), "{out}");
        let (code, out) = old("张敏", Some("zhangmin-1"), None, &["voucher", "list"]);
        assert_eq!(code, Some(0), "{out}");
    }
}
