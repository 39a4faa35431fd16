//! The audit desk on both engines: each check raises its finding on a planted case and nothing
//! on clean books (or a near miss); findings are kept with dispositions; bad lists are refused
//! whole; a three-year departure report agrees with the three annual disclosures added up.

mod common;

use common::*;
use gonghui::audit::pack::{self, Pack};
use gonghui::ledger::period::{Period, Span};
use gonghui::ledger::voucher::{Line, NewVoucher};
use gonghui::money::Amount;
use gonghui::ops::{self, Ctx};
use gonghui::report::{self, Cell, Request, Section};
use std::path::Path;

const BUDGET: &str = "科目编码,活动编码,金额,说明\n401,,1000,会费\n50102,A01,100000,文体活动\n50405,A02,20000,送温暖\n50105,,20000,慰问\n50703,,100000,购置文体设备\n";
const MEMBERS: &str = "工号,姓名,部门,入会日期,状态\nE001,张三,语文组,2010-09-01,在职\nE002,李四,数学组,2012-09-01,在职\nR01,赵六,退休,1990-09-01,退休\nE009,孙七,英语组,2015-09-01,调离\n";
const FESTIVAL_LIST: &str = "E001,张三,节日,400.00,实物,是\n{V},E002,李四,节日,400.00,实物,是\n";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Benefits file: a header and `rows`, each beginning with the voucher number.
async fn benefits(ctx: &Ctx, dir: &Path, voucher: &str, rows: &str) {
    let text = format!("凭证号,工号,姓名,类型,金额,形式,签收\n{voucher},{}", rows.replace("{V}", voucher));
    let f = write(dir, "list.csv", &text);
    ops::audit::import_benefits(ctx, &f, None).await.unwrap();
}

fn with_decision(mut v: NewVoucher, reference: &str) -> NewVoucher {
    v.decision_ref = reference.into();
    v
}

/// Clean books: a budget, the register, dues in, festival gifts and a birthday with their lists.
/// Returns (festival voucher, birthday voucher).
async fn clean_books(ctx: &mut Ctx, dir: &Path) -> (String, String) {
    ops::budget::import(ctx, &write(dir, "budget.csv", BUDGET), None, 2025, None).await.unwrap();
    ops::audit::import_members(ctx, &write(dir, "members.csv", MEMBERS), None).await.unwrap();
    let nos = post_all(
        ctx,
        &[
            voucher(
                "2025-01-05",
                "收到会费",
                vec![Line::debit("102", yuan(5000), ""), Line::credit("401", yuan(5000), "")],
            ),
            // Enough money in the bank that no planted payment takes it below zero (a check of
            // its own since issue 14).
            voucher(
                "2025-01-02",
                "收到行政补助",
                vec![Line::debit("102", yuan(100_000), ""), Line::credit("405", yuan(100_000), "")],
            ),
            spend("2025-02-10", "50105", yuan(800), ""),
            spend("2025-03-20", "50105", yuan(300), ""),
        ],
    )
    .await;
    benefits(ctx, dir, &nos[2], FESTIVAL_LIST).await;
    benefits(ctx, dir, &nos[3], "E001,张三,生日,300.00,提货券,是\n").await;
    (nos[2].clone(), nos[3].clone())
}

fn anhui() -> Pack {
    pack::select("anhui", date("2025-01-01")).unwrap()
}

/// The rules of the year's findings, sorted, without repeats.
async fn rules_found(ctx: &Ctx, pack: &Pack) -> Vec<String> {
    let mut r: Vec<String> =
        ctx.books().check(Span::year(2025), pack).await.unwrap().into_iter().map(|f| f.rule).collect();
    r.sort();
    r.dedup();
    r
}

/// The cases, each once: the enum and the list the test walks come from this one list.
macro_rules! cases {
    ($($c:ident),* $(,)?) => {
        #[derive(Clone, Copy, Debug)]
        enum Case { $($c),* }
        const CASES: &[Case] = &[$(Case::$c),*];
    };
}

cases!(
    Clean,
    OverEventCap,
    OverYearCap,
    ShoppingCards,
    BirthdayTwice,
    Retiree,
    NonMember,
    Transferred,
    Unsigned,
    HealthCheck,
    CashAtLimit,
    CashBelowLimit,
    LargeWithoutDecision,
    LargeWithDecision,
    PurchaseWithoutDecision,
    PurchaseWithDecision,
    Unbudgeted,
    OverBudget,
    AdvanceOld,
    AdvanceCleared,
    DoublePaid,
    PaidTwiceDifferentAmounts,
    Split,
    NoAttachment,
    SelfReviewed,
    NoStatement,
    Tampered,
);

/// Plant the case; returns the rule it must raise (None: nothing).
async fn plant(ctx: &mut Ctx, dir: &Path, case: Case, festival: &str, birthday: &str) -> Option<&'static str> {
    use Case::*;
    let post = |vs: Vec<NewVoucher>| vs;
    match case {
        Clean => None,
        OverEventCap => {
            benefits(ctx, dir, birthday, "E001,张三,生日,600.00,提货券,是\n").await;
            Some("benefit_cap")
        }
        OverYearCap => {
            // 安徽 2025: festivals at most 2,200 a member a year.
            let v = post_all(ctx, &post(vec![spend("2025-09-20", "50105", yuan(2000), "")])).await;
            benefits(ctx, dir, &v[0], "E001,张三,节日,2000.00,实物,是\n").await;
            Some("benefit_cap")
        }
        ShoppingCards => {
            benefits(ctx, dir, festival, &FESTIVAL_LIST.replace("实物", "购物卡")).await;
            Some("benefit_form")
        }
        BirthdayTwice => {
            benefits(ctx, dir, birthday, "E001,张三,生日,150.00,提货券,是\n{V},E001,张三,生日,150.00,提货券,是\n")
                .await;
            Some("benefit_frequency")
        }
        Retiree => {
            benefits(ctx, dir, festival, "E001,张三,节日,400.00,实物,是\n{V},R01,赵六,节日,400.00,实物,是\n").await;
            Some("benefit_eligibility")
        }
        NonMember => {
            benefits(ctx, dir, festival, "E001,张三,节日,400.00,实物,是\n{V},X99,王五,节日,400.00,实物,是\n").await;
            Some("benefit_eligibility")
        }
        Transferred => {
            benefits(ctx, dir, festival, "E001,张三,节日,400.00,实物,是\n{V},E009,孙七,节日,400.00,实物,是\n").await;
            Some("benefit_eligibility")
        }
        Unsigned => {
            benefits(ctx, dir, festival, &FESTIVAL_LIST.replacen(",是", ",否", 1)).await;
            Some("benefit_unsigned")
        }
        HealthCheck => {
            post_all(
                ctx,
                &[voucher(
                    "2025-04-08",
                    "教职工体检费",
                    vec![Line::debit("50105", yuan(3000), ""), Line::credit("102", yuan(3000), "")],
                )],
            )
            .await;
            Some("health_check")
        }
        CashAtLimit | CashBelowLimit => {
            let paid = if matches!(case, CashAtLimit) { yuan(1000) } else { Amount(99_999) };
            post_all(
                ctx,
                &[
                    voucher(
                        "2025-04-01",
                        "提取备用金",
                        vec![Line::debit("101", yuan(2000), ""), Line::credit("102", yuan(2000), "")],
                    ),
                    voucher(
                        "2025-04-03",
                        "住院慰问金",
                        vec![Line::debit("50105", paid, ""), Line::credit("101", paid, "")],
                    ),
                ],
            )
            .await;
            matches!(case, CashAtLimit).then_some("cash_limit")
        }
        LargeWithoutDecision => {
            post_all(ctx, &[spend("2025-05-10", "50102", yuan(60_000), "A01")]).await;
            Some("collective_decision")
        }
        LargeWithDecision => {
            post_all(
                ctx,
                &[with_decision(spend("2025-05-10", "50102", yuan(60_000), "A01"), "工会委员会纪要〔2025〕3号")],
            )
            .await;
            None
        }
        PurchaseWithoutDecision | PurchaseWithDecision => {
            let decided = matches!(case, PurchaseWithDecision);
            let p = ops::assets::Purchase {
                date: date("2025-05-20"),
                name: "钢琴".into(),
                category: "文艺体育娱乐设备".into(),
                cost: yuan(60_000),
                life_years: Some(5),
                pay_from: "102".into(),
                spend_account: None,
                activity: String::new(),
                decision_ref: if decided { "工会委员会纪要〔2025〕4号".into() } else { String::new() },
            };
            let no = ops::assets::add(ctx, p, false).await.unwrap().voucher.no;
            ctx.user = "刘洋".into();
            ops::vouchers::review(ctx, std::slice::from_ref(&no)).await.unwrap();
            ctx.user = "张敏".into();
            ops::vouchers::post(ctx, &[no]).await.unwrap();
            (!decided).then_some("collective_decision")
        }
        Unbudgeted => {
            post_all(ctx, &[spend("2025-06-10", "50304", yuan(500), "")]).await;
            Some("budget_none")
        }
        OverBudget => {
            post_all(ctx, &[spend("2025-06-10", "50405", yuan(25_000), "A02")]).await;
            Some("budget_over")
        }
        AdvanceOld | AdvanceCleared => {
            let mut vs = vec![voucher(
                "2025-01-03",
                "借支活动经费",
                vec![Line::debit("135", yuan(1000), ""), Line::credit("102", yuan(1000), "")],
            )];
            if matches!(case, AdvanceCleared) {
                vs.push(voucher(
                    "2025-03-03",
                    "报销活动经费",
                    vec![Line::debit("50102", yuan(1000), "A01"), Line::credit("135", yuan(1000), "")],
                ));
            }
            post_all(ctx, &vs).await;
            matches!(case, AdvanceOld).then_some("advance_overdue")
        }
        DoublePaid | PaidTwiceDifferentAmounts => {
            let second = if matches!(case, DoublePaid) { yuan(300) } else { yuan(310) };
            post_all(
                ctx,
                &[
                    voucher(
                        "2025-04-10",
                        "购买奖品",
                        vec![Line::debit("50102", yuan(300), "A01"), Line::credit("102", yuan(300), "")],
                    ),
                    voucher(
                        "2025-04-14",
                        "购买奖品",
                        vec![Line::debit("50102", second, "A01"), Line::credit("102", second, "")],
                    ),
                ],
            )
            .await;
            matches!(case, DoublePaid).then_some("duplicate_payment")
        }
        Split => {
            let vs: Vec<NewVoucher> = [("2025-07-01", 20_000), ("2025-07-03", 19_000), ("2025-07-06", 18_000)]
                .iter()
                .map(|(d, y)| {
                    voucher(
                        d,
                        "某文体用品店",
                        vec![Line::debit("50102", yuan(*y), "A01"), Line::credit("102", yuan(*y), "")],
                    )
                })
                .collect();
            post_all(ctx, &vs).await;
            Some("split_payment")
        }
        NoAttachment => {
            let mut v = spend("2025-08-01", "50102", yuan(200), "A01");
            v.attachments = 0;
            post_all(ctx, &[v]).await;
            Some("no_attachment")
        }
        SelfReviewed => {
            // Books kept elsewhere before: the same person prepared and reviewed.
            let ids = ops::vouchers::add_batch(
                ctx,
                &[spend("2025-08-05", "50102", yuan(200), "A01")],
                gonghui::store::PostTarget::Draft,
            )
            .await
            .unwrap();
            ctx.store.mark_reviewed(&ctx.org, &[ids[0].0], &ctx.user, false).await.unwrap();
            // Brought in as they were: their state is recorded as the books' own.
            ops::seal::record(&ctx.store, &ctx.org, "迁移").await.unwrap();
            ops::vouchers::post(ctx, &[ids[0].1.clone()]).await.unwrap();
            Some("same_preparer_reviewer")
        }
        NoStatement | Tampered => {
            Some(if matches!(case, Case::NoStatement) { "bank_unreconciled" } else { "chain_broken" })
        }
    }
}

#[tokio::test]
async fn each_check_finds_its_planted_case_and_nothing_on_clean_books() {
    // Advances are overdue after 180 days in this union's own pack.
    let own = pack::from_file(
        "id = \"t\"\nprovince = \"安徽\"\nname = \"测试\"\neffective_from = \"2025-01-01\"\nbase = \"anhui-2025\"\n\
         advance_max_days = { days = 180, doc = \"本会财务制度\", confidence = \"V\" }\n",
        "t.toml",
    )
    .unwrap();
    for &case in CASES {
        // Each case on fresh databases.
        for db in databases().await {
            let dir = tempfile::tempdir().unwrap();
            let mut ctx = setup(&db.url).await;
            let (festival, birthday) = clean_books(&mut ctx, dir.path()).await;
            let expected = plant(&mut ctx, dir.path(), case, &festival, &birthday).await;
            if !matches!(case, Case::NoStatement) {
                import_statement(&ctx, dir.path(), None).await;
            }
            if matches!(case, Case::Tampered) {
                let guard = if db.engine == "sqlite" {
                    "DROP TRIGGER entries_upd;"
                } else {
                    "ALTER TABLE entries DISABLE TRIGGER USER;"
                };
                ctx.store
                    .raw_execute_for_tests(&format!(
                        "{guard} UPDATE entries SET debit = 90000 WHERE voucher_id = 2 AND line_no = 1"
                    ))
                    .await
                    .unwrap();
            }
            let found = rules_found(&ctx, &own).await;
            let want: Vec<String> = expected.into_iter().map(str::to_string).collect();
            assert_eq!(found, want, "{} {case:?}", db.engine);
        }
    }
}

#[tokio::test]
async fn a_festival_total_over_the_beijing_share_of_budgeted_income_is_found() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        clean_books(&mut ctx, dir.path()).await;
        import_statement(&ctx, dir.path(), None).await;
        let beijing = pack::select("beijing", date("2025-01-01")).unwrap();
        // Festivals 800 元 against 50% of the 1,000 元 of budgeted income.
        assert_eq!(rules_found(&ctx, &beijing).await, vec!["festival_share"], "{}", db.engine);
        assert!(rules_found(&ctx, &anhui()).await.is_empty());
    }
}

#[tokio::test]
async fn the_2_percent_unpaid_and_the_upward_share_unremitted_are_found() {
    for (received, remitted, expected) in
        [(false, false, vec!["allocation_arrears"]), (true, false, vec!["upward_unremitted"]), (true, true, vec![])]
    {
        for db in databases().await {
            let dir = tempfile::tempdir().unwrap();
            let mut ctx = setup(&db.url).await;
            clean_books(&mut ctx, dir.path()).await;
            let payroll = write(
                dir.path(),
                "p.csv",
                "月份,工资总额,职工人数,会员人数,会费基数\n2025-01,100000.00,10,10,80000.00\n",
            );
            ops::allocation::import_payroll(&ctx, &payroll, None, false).await.unwrap();
            let s = gonghui::allocation::Settings::default();
            let mut vs = Vec::new();
            if received {
                vs.push(gonghui::allocation::receive_voucher(
                    &s,
                    Period::new(2025, 1),
                    yuan(2000),
                    date("2025-02-10"),
                    "102",
                ));
            }
            if remitted {
                vs.push(gonghui::allocation::remit_voucher(yuan(800), date("2025-02-20"), "102", None));
            }
            if !vs.is_empty() {
                post_all(&mut ctx, &vs).await;
            }
            import_statement(&ctx, dir.path(), None).await;
            let want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            assert_eq!(
                rules_found(&ctx, &anhui()).await,
                want,
                "{} received {received} remitted {remitted}",
                db.engine
            );
        }
    }
}

#[tokio::test]
async fn findings_are_kept_with_their_period_and_dispositions_survive_a_rerun() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        let (festival, _) = clean_books(&mut ctx, dir.path()).await;
        benefits(&ctx, dir.path(), &festival, &FESTIVAL_LIST.replace("实物", "购物卡")).await;
        import_statement(&ctx, dir.path(), None).await;
        let year = Span::year(2025);
        let (_, kept) = ops::audit::run(&ctx, year, Some("anhui-2025")).await.unwrap();
        assert_eq!(kept.len(), 1);
        let f = &kept[0].finding;
        assert_eq!(
            (f.rule.as_str(), f.amount, f.vouchers.clone()),
            ("benefit_form", yuan(800), vec![festival.clone()])
        );
        assert_eq!(f.members, vec!["E001 张三", "E002 李四"]);
        assert!(f.doc.contains("皖工发〔2025〕18号"), "{}", f.doc);
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::audit::dispose(&ctx, year, "nosuch", "rectified", "已改", "收据 0001").await.unwrap_err();
        assert!(e.message().contains("nosuch"), "{}", e.message());
        let e = ops::audit::dispose(&ctx, year, &kept[0].key, "forgiven", "x", "").await.unwrap_err();
        assert!(e.message().contains("accepted"), "{}", e.message());
        // The treasurer prepared the voucher: she cannot judge her own work (issue 17).
        let e =
            ops::audit::dispose(&ctx, year, &kept[0].key, "rectified", "已收回购物卡", "收据 0001").await.unwrap_err();
        assert!(e.message().contains("由 张敏 制单，不能由本人处理"), "{}", e.message());
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "a refused disposition writes nothing");
        ctx.user = "王芳".into();
        ops::audit::dispose(&ctx, year, &kept[0].key, "rectified", "已收回购物卡，改发实物", "校工会收据 0001")
            .await
            .unwrap();
        let (_, again) = ops::audit::run(&ctx, year, None).await.unwrap();
        let d = again[0].disposition.as_ref().expect("kept");
        assert_eq!(
            (d.outcome.as_str(), d.note.as_str(), d.decided_by.as_str()),
            ("rectified", "已收回购物卡，改发实物", "王芳")
        );
        // The other period has its own findings.
        assert!(ctx.store.findings_kept(&ctx.org, "2024").await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn bad_member_and_benefit_files_are_refused_whole_with_their_line() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        let (festival, _) = clean_books(&mut ctx, dir.path()).await;
        let before = ctx.store.content_dump().await.unwrap();
        let bad = write(dir.path(), "m.csv", &format!("{MEMBERS}E010,周八,语文组,2020-09-01,离职\n"));
        let e = ops::audit::import_members(&ctx, &bad, None).await.unwrap_err();
        assert!(e.message().contains("第 6 行") && e.message().contains("离职"), "{}", e.message());
        let text = format!("凭证号,工号,姓名,类型,金额,形式,签收\n{festival},E001,张三,节日,400.00,实物,是\n{festival},E002,李四,节日,四百,实物,是\n");
        let e = ops::audit::import_benefits(&ctx, &write(dir.path(), "b.csv", &text), None).await.unwrap_err();
        assert!(e.message().contains("第 3 行") && e.message().contains("金额"), "{}", e.message());
        let text = "凭证号,工号,姓名,类型,金额,形式,签收\n记-202512-0099,E001,张三,节日,400.00,实物,是\n";
        let e = ops::audit::import_benefits(&ctx, &write(dir.path(), "c.csv", text), None).await.unwrap_err();
        assert!(e.message().contains("第 2 行") && e.message().contains("不存在"), "{}", e.message());
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: nothing written", db.engine);
    }
}

fn table<'a>(r: &'a gonghui::report::Report, title: &str) -> &'a gonghui::report::Table {
    r.tables().find(|t| t.title.as_deref() == Some(title)).unwrap_or_else(|| panic!("no table {title}"))
}

fn amount(c: &Cell) -> Amount {
    match c {
        Cell::Amount(a) => *a,
        Cell::Empty => Amount::ZERO,
        other => panic!("not an amount: {other:?}"),
    }
}

#[tokio::test]
async fn a_three_year_departure_report_agrees_with_the_three_annual_disclosures() {
    for db in databases().await {
        let store = gonghui::store::Store::open(&db.url).await.unwrap();
        let org = ops::setup::init(&store, "s", "测试学校工会", "anhui", Some(2023), "张敏").await.unwrap();
        let mut ctx = Ctx { store, org, user: "张敏".into() };
        for (i, year) in [2023, 2024, 2025].into_iter().enumerate() {
            let k = i as i64 + 1;
            post_all(
                &mut ctx,
                &[
                    voucher(
                        &format!("{year}-01-05"),
                        "会费",
                        vec![Line::debit("102", yuan(10_000 * k), ""), Line::credit("401", yuan(10_000 * k), "")],
                    ),
                    voucher(
                        &format!("{year}-02-05"),
                        "拨缴经费",
                        vec![Line::debit("102", yuan(30_000), ""), Line::credit("402", yuan(30_000), "")],
                    ),
                    voucher(
                        &format!("{year}-03-05"),
                        "文体活动",
                        vec![Line::debit("50102", yuan(7_000 * k), ""), Line::credit("102", yuan(7_000 * k), "")],
                    ),
                    voucher(
                        &format!("{year}-11-05"),
                        "业务培训",
                        vec![Line::debit("50501", yuan(2_500), ""), Line::credit("102", yuan(2_500), "")],
                    ),
                ],
            )
            .await;
        }
        let req = |span: Span, chair: Option<&str>| Request {
            span,
            account: None,
            by: None,
            chair: chair.map(str::to_string),
        };
        let tenure = Span { from: Period::new(2023, 1), to: Period::new(2025, 12) };
        let dep = report::build(&ctx, "departure", &req(tenure, Some("王建国"))).await.unwrap();
        assert!(dep.title.contains("王建国"));
        let t1 = table(&dep, "表1 任期内收支情况表");
        let col = |name: &str| t1.columns.iter().position(|c| c.name == name).unwrap();
        let total = t1.rows.last().unwrap();
        let (mut income, mut spending) = (Amount::ZERO, Amount::ZERO);
        let mut closing = Amount::ZERO;
        let mut opening = None;
        for (i, year) in [2023, 2024, 2025].into_iter().enumerate() {
            let d = report::build(&ctx, "disclosure", &req(Span::year(year), None)).await.unwrap();
            let sum = |title: &str| {
                let t = table(&d, title);
                let at = t.columns.iter().position(|c| c.name == "金额").unwrap();
                amount(&t.rows.last().unwrap().cells[at])
            };
            let (inc, out) = (sum("收入"), sum("支出"));
            // The year's row of the departure report is that year's disclosure.
            assert_eq!(amount(&t1.rows[i].cells[col("收入合计")]), inc, "{year}");
            assert_eq!(amount(&t1.rows[i].cells[col("支出合计")]), out, "{year}");
            income += inc;
            spending += out;
            let Section::Text { paragraphs, .. } = &d.sections[0] else { panic!() };
            assert!(paragraphs[0].contains(&format!("本期收入 {} 元", inc.grouped())));
            let f = gonghui::report::figures::compute(&ctx, Span::year(year)).await.unwrap();
            opening.get_or_insert(f.opening);
            closing = f.closing;
        }
        assert_eq!(income, yuan(60_000 + 90_000), "{}", db.engine);
        assert_eq!(spending, yuan(42_000 + 7_500));
        assert_eq!(amount(&total.cells[col("收入合计")]), income, "{}: the tenure is the sum of its years", db.engine);
        assert_eq!(amount(&total.cells[col("支出合计")]), spending);
        assert_eq!(amount(&total.cells[col("年初结转结余")]), opening.unwrap());
        assert_eq!(amount(&total.cells[col("年末结转结余")]), closing);
        assert_eq!(closing, opening.unwrap() + income - spending);
        let e = report::build(&ctx, "departure", &req(tenure, None)).await.unwrap_err();
        assert!(e.message().contains("--chair"));

        // A tenure that began before the books (2021-07; the books begin 2023-01) and ended in
        // mid-2025: the years before the books are said to be outside them, not printed as
        // zeros, and the half year's budget is halved.
        let dir = tempfile::tempdir().unwrap();
        let budget = "科目编码,活动编码,金额,说明\n401,,1000,会费\n50102,,100000,文体活动\n50501,,20000,培训\n";
        ops::budget::import(&ctx, &write(dir.path(), "budget.csv", budget), None, 2025, None).await.unwrap();
        let tenure = Span { from: Period::new(2021, 7), to: Period::new(2025, 6) };
        let dep = report::build(&ctx, "departure", &req(tenure, Some("王建国"))).await.unwrap();
        let years: Vec<String> = table(&dep, "表1 任期内收支情况表")
            .rows
            .iter()
            .map(|r| match &r.cells[0] {
                Cell::Text(t) => t.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(years, ["2023年度", "2024年度", "2025年1月—6月", "合计"], "{}", db.engine);
        let said = dep.sections.iter().any(|s| {
            matches!(s, Section::Text { paragraphs, .. }
                if paragraphs.iter().any(|p| p.contains("本账簿自 2023年1月 起记账，任期中 2021年7月—2022年12月 不在本账簿内")))
        });
        assert!(said, "{}: the years before the books are said to be outside them", db.engine);
        let t2 = table(&dep, "表2 资产负债对比表");
        assert_eq!(t2.columns[1].name, "任职初（不在本账簿内）");
        assert!(t2.rows.iter().all(|r| r.cells[1] == Cell::text("—")), "no made-up opening position");
        let t3 = table(&dep, "表3 预算执行情况表");
        let half = t3.rows.iter().find(|r| r.cells[0] == Cell::text("2025年1月—6月（预算按 6/12 折算）")).unwrap();
        // 2025's budget: income 1,000, spending 120,000; half of each for six months.
        assert_eq!(amount(&half.cells[1]), yuan(500), "{}", db.engine);
        assert_eq!(amount(&half.cells[4]), yuan(60_000));
        assert_eq!(amount(&half.cells[5]), yuan(7_000 * 3), "the half year's actual spending, not the year's");
    }
}
