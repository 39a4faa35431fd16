//! `gonghui demo --out DIR`: a believable school union with a full year (2025) of books, prepared
//! by the treasurer, reviewed by another person and posted; months January–November closed; every
//! report written into DIR/reports/.

mod corrections;
mod people;
mod statement;
mod year;

use crate::error::{Error, Result};
use crate::ledger::activity::Activity;
use crate::ledger::period::{Period, Span};
use crate::ops::{self, Ctx};
use crate::render;
use crate::report::{self, Request};
use crate::store::Store;
use std::fmt::Write;
use std::path::Path;

pub const ORG_NAME: &str = "江城市第一中学工会";
pub const YEAR: i32 = 2025;
pub const PREPARER: &str = "张敏";
pub const REVIEWER: &str = "刘洋";
/// The 经审会's member who records the committee's decisions.
pub const AUDITOR: &str = "陈静";

/// The demo people's passwords, for the web desk (README lists them; the books stay in `open`
/// mode on the command line).
pub const PASSWORDS: &[(&str, &str)] =
    &[(PREPARER, "zhangmin2025"), (REVIEWER, "liuyang2025"), (AUDITOR, "chenjing2025"), (CHAIR, "wangjianguo2025")];

fn password_of(name: &str) -> &'static str {
    PASSWORDS.iter().find(|(n, _)| *n == name).map(|(_, p)| *p).expect("every demo person has a password")
}

/// The union's people and their roles (books in `open` mode: named on the command line; each has
/// a password for the web desk): the treasurer prepares, the 会计主管 reviews, posts and reopens,
/// the committee member judges.
async fn people(ctx: &mut Ctx) -> Result<()> {
    use crate::ledger::roles::Role;
    ctx.user = CHAIR.into();
    for (name, roles) in [
        (CHAIR, &[Role::Chair, Role::Admin][..]),
        (PREPARER, &[Role::Accountant][..]),
        (REVIEWER, &[Role::Chief][..]),
        (AUDITOR, &[Role::Auditor][..]),
    ] {
        ops::users::add(ctx, name, roles, Some(password_of(name))).await?;
    }
    ctx.user = PREPARER.into();
    Ok(())
}

/// The chair whose term ends with the year (the departure report), who also keeps the users
/// (管理员).
pub const CHAIR: &str = "王建国";

/// (code, name, usual account, project, earmarked)
const ACTIVITIES: &[(&str, &str, &str, bool, bool)] = &[
    ("A01", "三八妇女节活动", "50102", false, false),
    ("A02", "五一劳动节登山活动", "50102", false, false),
    ("A03", "教师节慰问", "50105", false, false),
    ("A04", "中秋节慰问", "50105", false, false),
    ("A05", "春节慰问", "50105", false, false),
    ("A06", "会员生日慰问", "50105", false, false),
    ("A07", "会员住院慰问", "50105", false, false),
    ("A08", "送温暖困难帮扶", "50405", true, false),
    ("A09", "教职工运动会", "50102", true, false),
    ("A10", "工会干部培训", "50501", false, false),
    ("A11", "教职工代表大会", "50502", false, false),
    ("A12", "端午节慰问", "50105", false, false),
    ("A13", "职工书屋建设", "50304", true, false),
];

/// Build the demo into `dir` (its books in DIR/gonghui.db, or in the PostgreSQL database `books`
/// names); returns a short summary for the terminal.
pub async fn run(dir: &Path, books: Option<&str>) -> Result<String> {
    std::fs::create_dir_all(dir.join("reports"))?;
    let db = match books {
        Some(url) => url.to_string(),
        None => {
            let db = dir.join("gonghui.db");
            for suffix in ["", "-wal", "-shm"] {
                let p = format!("{}{suffix}", db.display());
                if Path::new(&p).exists() {
                    std::fs::remove_file(&p)?;
                }
            }
            db.display().to_string()
        }
    };
    let store = Store::open(&db).await?;
    let org = ops::setup::init(&store, "demo", ORG_NAME, "anhui", Some(YEAR), PREPARER).await?;
    let mut ctx = Ctx { store, org, user: PREPARER.into() };
    people(&mut ctx).await?;
    for (code, name, account, project, earmarked) in ACTIVITIES {
        let a = Activity {
            code: code.to_string(),
            name: name.to_string(),
            account: Some(account.to_string()),
            project: *project,
            earmarked: *earmarked,
        };
        ops::setup::add_activity(&ctx, a).await?;
    }
    // The payroll file, as the school's finance office sends it, imported like a user would.
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs)?;
    let payroll_file = inputs.join(format!("工资数据-{YEAR}.csv"));
    std::fs::write(&payroll_file, year::payroll_csv())?;
    ops::allocation::import_payroll(&ctx, &payroll_file, None, false).await?;
    let budget_file = inputs.join(format!("预算-{YEAR}.csv"));
    std::fs::write(&budget_file, year::budget_csv())?;
    ops::budget::import(&ctx, &budget_file, None, YEAR, None).await?;
    // The committee approves it in January after the 经审会 reviewed it; the July adjustment is
    // approved in its turn, and the package goes up with the final accounts after the year closes.
    let chair = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: CHAIR.into() };
    let budget_text = inputs.join(format!("预算说明-{YEAR}.txt"));
    std::fs::write(&budget_text, people::BUDGET_TEXT)?;
    ops::budget::approve(
        &chair,
        YEAR,
        people::BUDGET_MEETING.0,
        people::BUDGET_MEETING.1,
        Some(&format!("{YEAR}-01-10")),
        Some(&budget_text),
    )
    .await?;
    let adjustment_file = inputs.join(format!("预算调整-{YEAR}.csv"));
    std::fs::write(&adjustment_file, year::budget_adjustment_csv())?;
    corrections::opening(&mut ctx, &inputs).await?;
    let vouchers = year::vouchers();
    // Month by month, as the treasurer works: prepare, have them reviewed, post, close.
    let mut lists = 0;
    for m in 1..=12u32 {
        let p = Period::new(YEAR, m);
        let mut month: Vec<_> = vouchers.iter().filter(|v| Period::of(v.date) == p).cloned().collect();
        let correct = month.clone();
        if m == 4 {
            corrections::misbook(&mut month);
        }
        if m == 7 {
            corrections::reopen_june(&mut ctx).await?;
        }
        ctx.user = PREPARER.into();
        let ids = ops::vouchers::add_batch(&ctx, &month, crate::store::PostTarget::Draft).await?;
        let mut nos: Vec<String> = ids.into_iter().map(|(_, no)| no).collect();
        if m == 3 {
            corrections::void_a_typo(&ctx).await?;
        }
        if m == 3 {
            // A laptop for the union office: spending (507) and the asset (162/301) at once.
            let laptop = ops::assets::Purchase {
                date: chrono::NaiveDate::from_ymd_opt(YEAR, 3, 20).expect("valid"),
                name: "办公用笔记本电脑".into(),
                category: "计算机设备".into(),
                cost: crate::money::Amount(600_000),
                life_years: Some(6),
                pay_from: "102".into(),
                spend_account: None,
                activity: String::new(),
                decision_ref: String::new(),
            };
            nos.push(ops::assets::add(&ctx, laptop, false).await?.voucher.no);
        }
        if m == 10 {
            // Fitness equipment for the staff room, bought without the committee's decision (a
            // planted violation: 18,000 元 is above the union's 10,000 元 threshold).
            let gym = ops::assets::Purchase {
                date: chrono::NaiveDate::from_ymd_opt(YEAR, 10, 15).expect("valid"),
                name: "教职工活动室健身器材".into(),
                category: "文艺体育娱乐设备".into(),
                cost: crate::money::Amount(1_800_000),
                life_years: Some(5),
                pay_from: "102".into(),
                spend_account: None,
                activity: String::new(),
                decision_ref: String::new(),
            };
            nos.push(ops::assets::add(&ctx, gym, false).await?.voucher.no);
        }
        ctx.user = REVIEWER.into();
        ops::vouchers::review(&ctx, &nos).await?;
        ctx.user = PREPARER.into();
        ops::vouchers::post(&ctx, &nos).await?;
        if m == 4 {
            let trip = correct.iter().zip(&month).find(|(c, w)| c != w).map(|(c, _)| c.clone());
            if let Some(trip) = trip {
                corrections::reverse_the_misbooked(&mut ctx, &nos, &trip).await?;
            }
        }
        if m >= 3 {
            // Generated by the treasurer, reviewed by the 会计主管 like any voucher.
            if let Some((no, _)) = ops::assets::depreciate(&ctx, p).await? {
                ctx.user = REVIEWER.into();
                ops::vouchers::review(&ctx, std::slice::from_ref(&no)).await?;
                ctx.user = PREPARER.into();
                ops::vouchers::post(&ctx, &[no]).await?;
            }
        }
        // The month's benefit lists, imported with its vouchers: a closed month's are locked.
        lists += month_benefits(&ctx, &inputs, p).await?;
        if m < 12 {
            ops::close::close_month(&ctx, p).await?;
        }
        if m == 6 {
            // Approved by the union committee on 1 July, after the 经审会 reviewed it.
            let adj = ops::budget::Adjustment {
                approved_on: Some(format!("{YEAR}-07-01")),
                doc_no: year::ADJUSTMENT_DOC.into(),
                reason: "教职工运动会增设项目，经工会委员会研究调增预算".into(),
            };
            ops::budget::import(&ctx, &adjustment_file, None, YEAR, Some(adj)).await?;
        }
    }
    // Year end: income and spending closed to 322 (none of the demo's activities is earmarked),
    // the detail accounts rolled up, the whole year locked. The treasurer prepares the closing
    // vouchers, the 会计主管 reviews them, and the second run posts them and locks the year.
    let prepared = ops::yearend::close_year(&ctx, YEAR, &Default::default(), None).await?;
    let chief = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: REVIEWER.into() };
    ops::vouchers::review(&chief, &prepared.vouchers).await?;
    ops::yearend::close_year(&ctx, YEAR, &Default::default(), None).await?;
    ops::budget::submit(&chair, YEAR).await?;
    // The treasurer writes what only the union can say in the year's 附注.
    for (item, text) in people::NOTES {
        let file = inputs.join(format!("附注{item}.txt"));
        std::fs::write(&file, text)?;
        ops::notes::set(&ctx, YEAR, &item.to_string(), &file).await?;
    }
    // The bank's statement of the year (GBK, as the bank exports it), imported like the treasurer
    // would: every line matches a voucher already in the books; then each month is reconciled.
    let (first, last) = (Period::new(YEAR, 1).first_day(), Period::new(YEAR, 12).last_day());
    let movements: Vec<_> = ctx
        .books()
        .bank_movements("102", first, last)
        .await?
        .into_iter()
        .filter(|m| m.status == crate::ledger::voucher::Status::Posted)
        .collect();
    let statement_file = inputs.join(format!("建设银行对账单-{YEAR}.csv"));
    let text = statement::ccb_corporate_csv(corrections::OPENING_BANK, &movements);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&statement_file, gbk)?;
    let rules = ops::bank::rules(None)?;
    let imported = ops::bank::import(&ctx, &statement_file, "auto", None, "102", false, &rules, None).await?;
    if imported.matched != imported.imported || imported.pending > 0 {
        return Err(Error::database(format!("示例对账单有 {} 笔未能与凭证对上", imported.imported - imported.matched)));
    }
    for m in 1..=12 {
        let rec = ctx.books().reconciliation("102", Period::new(YEAR, m)).await?;
        if !rec.balances() {
            return Err(Error::database(format!("示例账套 {m} 月银行存款余额调节表不平")));
        }
    }
    let audited = audit(&ctx, &inputs, lists).await?;
    let written = write_reports(&ctx, &dir.join("reports")).await?;
    let check = ctx.books().verify().await?;
    if !check.ok() {
        return Err(Error::database(format!("示例账套校验未通过：{}", check.problems.join("；"))));
    }
    let mut s = String::new();
    let generated = ctx
        .books()
        .voucher_headers(&crate::books::VoucherFilter {
            status: Some(crate::ledger::voucher::Status::Posted),
            ..Default::default()
        })
        .await?
        .iter()
        .filter(|h| h.source_kind == "generated" && !h.source_ref.starts_with("allocation/"))
        .count();
    writeln!(
        s,
        "示例账套已生成：{}（会员 {} 人，{} 年，{} 张已记账凭证，其中 {} 张由财务人员制单、他人审核，其余为系统生成的折旧和年终结转；已年终结账）",
        ORG_NAME,
        year::MEMBERS,
        YEAR,
        check.vouchers_checked,
        check.vouchers_checked - generated
    )
    .unwrap();
    writeln!(
        s,
        "更正示例：期初余额导入一次；3月一张金额录错的草稿已作废（编号保留）；4月一张记错活动的凭证已红字冲销并重新录入；6月结账后发现漏记，已由审核人反结账（理由已记录）、补记后重新结账。"
    )
    .unwrap();
    writeln!(s, "数据库：{}", crate::store::shown(&db)).unwrap();
    writeln!(s, "报表（{} 个文件）：{}", written.len(), dir.join("reports").display()).unwrap();
    for w in &written {
        writeln!(s, "  {w}").unwrap();
    }
    writeln!(s, "校验：{} 张已记账凭证哈希链完整，试算平衡。", check.vouchers_checked).unwrap();
    writeln!(s, "经审检查：{audited}").unwrap();
    writeln!(s, "试一试：gonghui --db {} report trial-balance --year {YEAR}", crate::store::shown(&db)).unwrap();
    s.push_str(&crate::report::listings::todo_text(ORG_NAME, &ctx.books().todo().await?));
    if books.is_some() {
        // Shared PostgreSQL books are used with identities proven (each person's password is in
        // the list above): switched on once the demo's own acts are done.
        let admin = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: CHAIR.into() };
        ops::users::set_mode(&admin, "enforced").await?;
        let people: Vec<String> = PASSWORDS.iter().map(|(n, p)| format!("{n} {p}")).collect();
        writeln!(s, "PostgreSQL 账套已启用身份验证：命令行请加 --user 姓名并输入密码（{}）", people.join("、"))
            .unwrap();
    }
    // The database file alone holds the books once the store is closed (the log checkpointed).
    ctx.store.close().await;
    Ok(s)
}

/// Import the benefit lists of the month's posted vouchers (a file per month, as kept); returns
/// how many lists.
async fn month_benefits(ctx: &Ctx, inputs: &Path, p: Period) -> Result<usize> {
    let f = crate::books::VoucherFilter { status: Some(crate::ledger::voucher::Status::Posted), ..Default::default() };
    let headers: Vec<_> = ctx.books().voucher_headers(&f).await?.into_iter().filter(|h| h.period == p.0).collect();
    let (csv, n) = people::benefits_csv_found(|summary| {
        headers.iter().find(|h| h.summary.starts_with(summary)).map(|h| h.no.clone())
    });
    if n == 0 {
        return Ok(0);
    }
    let file = inputs.join(format!("慰问发放名单-{p}.csv"));
    std::fs::write(&file, csv)?;
    let imported = ops::audit::import_benefits(ctx, &file, None).await?;
    if !imported.mismatched.is_empty() {
        return Err(Error::database(format!("示例发放名单与凭证金额不符：{:?}", imported.mismatched)));
    }
    Ok(n)
}

/// The rules the demo year's audit finds, and nothing else: the five violations it plants, and
/// two that the checks of issue 22 find in its ordinary bookkeeping — the 教师节 gifts (not a
/// statutory festival) and the 教代会's costs charged to the union (the administration's, to be
/// verified).
const PLANTED: &[&str] = &[
    "benefit_cap",
    "benefit_form",
    "benefit_eligibility",
    "collective_decision",
    "budget_none",
    "festival_other",
    "administration_cost",
];

/// The 经审会's work on the year: the member register and the benefit lists imported from the
/// files the treasurer keeps, the union's own rule pack, the audit, one disposition recorded.
async fn audit(ctx: &Ctx, inputs: &Path, lists: usize) -> Result<String> {
    let members_file = inputs.join("会员名册.csv");
    std::fs::write(&members_file, people::members_csv())?;
    ops::audit::import_members(ctx, &members_file, None).await?;
    if lists != people::benefit_lists() {
        return Err(Error::database(format!("示例发放名单只导入了 {lists} 份，应为 {} 份", people::benefit_lists())));
    }
    // The year-end count of the fixed assets: everything in place.
    let counted = chrono::NaiveDate::from_ymd_opt(YEAR, 12, 28).expect("a date");
    ops::assets::count(ctx, counted, &[], "盘点人 张敏、刘洋，监盘人 陈静").await?;
    // The cash on hand counted at the year's end: it agrees with the cash book.
    let last = chrono::NaiveDate::from_ymd_opt(YEAR, 12, 31).expect("a date");
    let cash = ctx.books().cash_on(last).await?;
    ops::cash::count(ctx, last, cash, "出纳 刘洋 盘点，经审会 陈静 监盘").await?;
    let pack_file = inputs.join("本会经审规则.toml");
    std::fs::write(&pack_file, people::RULE_PACK)?;
    let span = Span::year(YEAR);
    let (_, all) = ops::audit::run(ctx, span, Some(&pack_file.display().to_string())).await?;
    // The reopened June is a 提示 for the auditor, not a problem.
    let kept: Vec<_> = all.iter().filter(|k| k.finding.severity != crate::audit::Severity::Info).collect();
    let mut found: Vec<&str> = kept.iter().map(|k| k.finding.rule.as_str()).collect();
    found.sort();
    found.dedup();
    let mut planted = PLANTED.to_vec();
    planted.sort();
    if found != planted || kept.len() != PLANTED.len() {
        let list: Vec<String> = kept.iter().map(|k| format!("{}：{}", k.finding.title, k.finding.message)).collect();
        return Err(Error::database(format!(
            "示例账套的经审检查应只发现预设的 {} 个问题，实际：\n{}",
            PLANTED.len(),
            list.join("\n")
        )));
    }
    // The auditor's first decision: the extra birthday money was paid back, as the refund's
    // voucher (and the bank statement) show.
    if let Some(k) = kept.iter().find(|k| k.finding.rule == "benefit_cap") {
        let judge = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: AUDITOR.into() };
        let december = crate::books::VoucherFilter {
            from: Some(Period::new(YEAR, 12)),
            to: Some(Period::new(YEAR, 12)),
            ..Default::default()
        };
        let refund =
            ctx.books().voucher_headers(&december).await?.into_iter().find(|h| h.summary == year::REFUND_SUMMARY);
        let refund = refund.ok_or_else(|| Error::database("示例账套中没有收回超标准生日慰问款的凭证"))?;
        let note = format!("超标准部分 {} 元已由本人退回工会账户", year::BIRTHDAY_REFUND);
        ops::audit::dispose(&judge, span, &k.key, "rectified", &note, &refund.no).await?;
    }
    // Two problems the rules found, accepted and entered in the 整改台账: the 教师节 gifts are
    // being put right by the chair, the 教代会 costs were taken over by the school's
    // administration under its document.
    let judge = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: AUDITOR.into() };
    let next = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(YEAR + 1, m, d).expect("a date");
    for (rule, what, rectify) in [
        (
            "festival_other",
            "教师节不属于法定节日，慰问品费用不得在工会经费中列支",
            ops::audit::Rectify {
                responsible: Some(format!("{CHAIR}（工会主席）")),
                // Three months from the day the demo is made: still being put right.
                deadline: Some(crate::today() + chrono::Days::new(90)),
                note: "与学校行政协商，教师节慰问费用改由行政经费负担后调整工会账务".into(),
                ..Default::default()
            },
        ),
        (
            "administration_cost",
            "教代会会议费属行政开支",
            ops::audit::Rectify {
                responsible: Some("张敏（会计）".into()),
                deadline: Some(next(3, 31)),
                status: Some("已整改".into()),
                note: "学校行政已承担教代会会议费，并退还工会".into(),
                evidence: "校办发〔2026〕3号".into(),
            },
        ),
    ] {
        let Some(k) = kept.iter().find(|k| k.finding.rule == rule) else { continue };
        ops::audit::dispose(&judge, span, &k.key, "accepted", what, "").await?;
        ops::audit::rectify(&judge, span, &k.key, rectify).await?;
    }
    // The committee's own opinion on the year, entered by its member from the file it wrote.
    let opinion_file = inputs.join("经审会审查意见.toml");
    std::fs::write(&opinion_file, people::OPINION)?;
    let judge = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: AUDITOR.into() };
    ops::audit::enter_opinion(&judge, YEAR, &opinion_file).await?;
    // The audit group's record of the chair's tenure, for the departure report.
    let departure_file = inputs.join("离任审计记录.toml");
    std::fs::write(&departure_file, people::DEPARTURE)?;
    ops::audit::enter_departure(&judge, CHAIR, span, &departure_file).await?;
    // Where and for how long the chair posts the disclosure, and whom members ask.
    let chair = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: CHAIR.into() };
    for (key, value) in people::PUBLICATION {
        ops::setup::set_setting(&chair, key, value, "经费收支公开的公示安排").await?;
    }
    // Who signs the statements, from the union's profile.
    let profile_file = inputs.join("单位信息.toml");
    std::fs::write(&profile_file, people::PROFILE)?;
    ops::setup::set_setting(&chair, crate::ledger::profile::SETTING, &profile_file.to_string_lossy(), "单位信息")
        .await?;
    Ok(format!(
        "发现 {} 个问题（5 个为示例预设，另有教师节慰问、教代会费用 2 个由检查规则从日常账务中查出），已记录 3 条处理结论、2 条整改台账记录和经审会审查意见",
        kept.len()
    ))
}

/// Every report that exists, as CSV, as a text table and as PDF, plus the exports.
pub async fn write_reports(ctx: &Ctx, dir: &Path) -> Result<Vec<String>> {
    let span = Span::year(YEAR);
    let mut written = Vec::new();
    let font = render::pdf::Font::embedded();
    let mut wanted: Vec<(String, &str, Option<&str>)> =
        report::REPORTS.iter().map(|(n, t)| (format!("{n}-{t}"), *n, None)).collect();
    wanted.push(("budget-by-activity-预算执行情况表（按活动）".into(), "budget", Some("activity")));
    wanted.push(("budget-by-econ-预算执行情况表（按经济分类）".into(), "budget", Some("econ")));
    for (file_stem, name, by) in wanted {
        let chair = (name == "departure").then(|| CHAIR.to_string());
        let req = Request { span, account: None, by: by.map(str::to_string), chair };
        let r = report::build(ctx, name, &req).await?;
        let pdf = render::pdf::render(&r, &font)?;
        for (ext, bytes) in [("csv", render::csv::render(&r)), ("txt", render::table::render(&r, None)), ("pdf", pdf)] {
            let file = format!("{file_stem}.{ext}");
            std::fs::write(dir.join(&file), bytes)?;
            written.push(file);
        }
    }
    // The budget and final-accounts package filed with the upper union.
    let t = report::budget_package::templates(None)?;
    let package = report::budget_package::build(&report::budget_package::load(&ctx.books(), YEAR, t).await?);
    let package = report::stamped(&ctx.books(), package).await?;
    let file = format!("budget-package-预算及决算报表-{YEAR}.pdf");
    std::fs::write(dir.join(&file), render::pdf::render(&package, &font)?)?;
    written.push(file);
    // March's vouchers as bound for the file: the 凭证封面, then two to a sheet.
    let march = report::voucher_form::load_month(&ctx.books(), Period::new(YEAR, 3)).await?;
    let bound = report::stamped(
        &ctx.books(),
        report::voucher_form::bundle(&march, report::voucher_form::Paper::A4 { per_sheet: 2 }),
    )
    .await?;
    let file = format!("vouchers-记账凭证-{YEAR}-03.pdf");
    std::fs::write(dir.join(&file), render::pdf::render(&bound, &font)?)?;
    written.push(file);
    let hl = crate::export::hledger::export(&ctx.books()).await?;
    std::fs::write(dir.join("export.hledger"), hl)?;
    written.push("export.hledger".into());
    let bc = crate::export::beancount::export(&ctx.books()).await?;
    std::fs::write(dir.join("export.beancount"), bc)?;
    written.push("export.beancount".into());
    Ok(written)
}
