//! Issue 22, point 7: a second union's year — a hospital union of 800 members — with planted
//! violations of many kinds and near misses beside them, audited under five packs (the national
//! baseline, 湖北 with its conditional cap, 重庆's caps per festival, 上海's share of retained
//! income, and a hospital's own layer over 安徽) on both engines. Every violation is found, and no
//! finding names a near miss.

mod common;

use common::*;
use gonghui::audit::pack::{self, Pack};
use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::{Line, NewVoucher};
use gonghui::money::Amount;
use gonghui::ops::{self, Ctx};
use std::path::Path;

const MEMBERS: usize = 800;

/// The hospital's own rules, a layer over 安徽's: a lower decision amount, a looser festival
/// standard (which does not take effect) and a stricter birthday one.
const OWN_LAYER: &str =
    "id = \"hospital-2025\"\nprovince = \"安徽\"\nname = \"某医院工会经费管理办法\"\neffective_from = \"2025-01-01\"\n\
    base = \"anhui-2025\"\nlayer = \"union\"\n\
    collective_decision = { amount = \"8000\", doc = \"院工会委员会议事规则第五条\", confidence = \"V\" }\n\
    [[benefit]]\ntype = \"节日\"\nper_member_year = \"3000\"\ndoc = \"院工会规定：节日慰问\"\nconfidence = \"V\"\n\
    [[benefit]]\ntype = \"生日\"\nper_event = \"300\"\ndoc = \"院工会规定：生日慰问 300 元\"\nconfidence = \"V\"\n";

fn packs() -> Vec<Pack> {
    let mut out: Vec<Pack> = ["national-2017", "hubei-2018", "chongqing-2015", "shanghai-2015"]
        .iter()
        .map(|id| pack::choose(id).unwrap().0)
        .collect();
    out.push(pack::from_file(OWN_LAYER, "hospital.toml").unwrap());
    out
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn pay(d: &str, summary: &str, account: &str, a: Amount) -> NewVoucher {
    voucher(d, summary, vec![Line::debit(account, a, ""), Line::credit("102", a, "")])
}

fn decided(mut v: NewVoucher) -> NewVoucher {
    v.decision_ref = "院工会委员会纪要〔2025〕2号".into();
    v
}

/// One row of a benefit list: (member, kind, amount, form, signed).
type Row = (String, &'static str, Amount, &'static str, bool);

fn member(n: usize) -> String {
    format!("E{n:04}")
}

/// The register's name of a member number.
fn name_of(no: &str) -> String {
    match no.strip_prefix('E').and_then(|n| n.parse::<usize>().ok()) {
        Some(n) => format!("职工{n}"),
        None => "退休职工".into(),
    }
}

/// The year's cases: what is posted, the lists, and what the audit must (not) name.
struct Year {
    vouchers: Vec<(NewVoucher, &'static str)>,
    lists: Vec<(&'static str, Vec<Row>)>,
    /// (label, rule) of planted violations: by voucher label, or (`""`) of the year.
    violations: Vec<(&'static str, &'static str)>,
    near_misses: Vec<&'static str>,
}

fn year(p: &Pack) -> Year {
    let on = date("2025-06-01");
    let threshold = p.collective_decision.value;
    let mut y = Year { vouchers: Vec::new(), lists: Vec::new(), violations: Vec::new(), near_misses: Vec::new() };
    let mut v = |nv: NewVoucher, label: &'static str| y.vouchers.push((nv, label));
    // Money in: a grant, and the 2% by ordinary vouchers — June's never comes (arrears) and
    // nothing is remitted upward.
    v(
        voucher(
            "2025-01-02",
            "收到行政补助",
            vec![Line::debit("102", yuan(500_000), ""), Line::credit("405", yuan(500_000), "")],
        ),
        "grant",
    );
    for m in (1..=12).filter(|m| *m != 6) {
        let d = if m == 12 { "2025-12-28".to_string() } else { format!("2025-{:02}-10", m + 1) };
        v(
            voucher(
                &d,
                &format!("收到{m}月拨缴经费"),
                vec![
                    Line::debit("102", yuan(160_000), ""),
                    Line::credit("402", yuan(96_000), ""),
                    Line::credit("211", yuan(64_000), ""),
                ],
            ),
            "receipt",
        );
    }
    // --- Violations.
    v(pay("2025-09-08", "教师节慰问品", "50105", yuan(600)), "V01");
    v(pay("2025-01-20", "春节福利（超市购物卡）", "50105", yuan(2_000)), "V02");
    v(pay("2025-05-28", "端午节慰问品", "50105", yuan(3_000)), "V03");
    v(pay("2025-07-12", "组织职工赴海南旅游", "50102", yuan(30_000)), "V04");
    v(pay("2025-03-20", "职代会会务费", "50502", yuan(3_000)), "V05");
    v(pay("2025-04-02", "购置除颤仪", "50703", yuan(7_000)), "V06");
    v(pay("2025-04-15", "职工体检费", "50106", yuan(5_000)), "V07");
    v(
        voucher(
            "2025-03-05",
            "购买文体用品（现金）",
            vec![Line::debit("50102", yuan(1_500), ""), Line::credit("101", yuan(1_500), "")],
        ),
        "V08",
    );
    v(pay("2025-05-10", "购置文体器材", "50102", threshold + yuan(1_000)), "V09");
    v(pay("2025-06-05", "职工书屋购书", "50304", yuan(2_000)), "V10");
    v(pay("2025-01-25", "送温暖慰问困难职工", "50405", yuan(6_000)), "V11a");
    v(pay("2025-02-05", "送温暖慰问困难职工（二）", "50405", yuan(6_000)), "V11");
    v(pay("2025-02-08", "春节慰问品（退休职工）", "50105", yuan(400)), "V12");
    v(pay("2025-10-08", "国庆慰问品（第一批）", "50105", yuan(200)), "V13");
    v(pay("2025-03-10", "会员生日慰问（3月）", "50105", yuan(100)), "V14a");
    v(pay("2025-08-10", "会员生日慰问（8月）", "50105", yuan(100)), "V14");
    let mut no_docs = pay("2025-06-20", "支付活动室维修费", "50106", yuan(1_200));
    no_docs.attachments = 0;
    v(no_docs, "V17");
    v(
        voucher(
            "2025-07-01",
            "购置监护仪",
            vec![Line::debit("162", yuan(5_000), ""), Line::credit("102", yuan(5_000), "")],
        ),
        "V18",
    );
    v(
        voucher(
            "2025-11-03",
            "慰问值班职工（现金）",
            vec![Line::debit("50106", yuan(2_000), ""), Line::credit("101", yuan(2_000), "")],
        ),
        "V19",
    );
    v(decided(pay("2025-12-10", "添置职工之家设施", "50302", yuan(400_000))), "V20");
    v(pay("2025-04-10", "某医疗器械公司", "50106", yuan(3_000)), "V24a");
    v(pay("2025-04-12", "某医疗器械公司", "50106", yuan(3_000)), "V24");
    v(pay("2025-09-25", "中秋节慰问品（购物卡）", "50105", yuan(300)), "V25");
    // Caps of this pack, where it has them.
    let festival = p.benefit("节日", on, &[]).unwrap();
    let over_year = festival.per_member_year.or(festival.festival_cap("春节"));
    if let Some(cap) = over_year {
        v(decided(pay("2025-01-22", "春节慰问品（加发）", "50105", cap + yuan(100))), "V16");
    }
    let birthday = p.benefit("生日", on, &[]).unwrap().per_event;
    if let Some(cap) = birthday {
        v(pay("2025-04-20", "会员生日慰问（4月）", "50105", cap + yuan(100)), "V15");
    }
    // --- Near misses.
    let festival_people: Vec<usize> = (501..=MEMBERS).collect();
    let gift = |d: &str, summary: &str, each: i64| {
        decided(pay(d, summary, "50105", yuan(each * festival_people.len() as i64)))
    };
    v(gift("2025-09-20", "中秋节慰问品（月饼）", 100), "N01");
    v(
        voucher(
            "2025-10-15",
            "收回未发放购物卡",
            vec![Line::debit("102", yuan(1_000), ""), Line::credit("50105", yuan(1_000), "")],
        ),
        "N02",
    );
    v(pay("2025-05-12", "支付市文化和旅游局培训场地费", "50501", yuan(2_000)), "N03");
    let mut asset = decided(pay("2025-12-15", "购置职工活动室空调", "50703", yuan(30_000)));
    asset.lines.push(Line::debit("162", yuan(30_000), ""));
    asset.lines.push(Line::credit("30104", yuan(30_000), ""));
    v(asset, "N04");
    v(pay("2025-04-25", "第五届双代会（职工代表大会暨会员代表大会）会务费", "50502", yuan(4_000)), "N05");
    v(
        voucher(
            "2025-03-01",
            "提取备用金",
            vec![Line::debit("101", yuan(5_000), ""), Line::credit("102", yuan(5_000), "")],
        ),
        "N19",
    );
    v(
        voucher(
            "2025-04-06",
            "购买茶叶（现金）",
            vec![Line::debit("50502", Amount(99_999), ""), Line::credit("101", Amount(99_999), "")],
        ),
        "N07",
    );
    v(
        voucher(
            "2025-05-08",
            "会员住院慰问金（李医生）",
            vec![Line::debit("50105", yuan(800), ""), Line::credit("101", yuan(800), "")],
        ),
        "N08",
    );
    v(pay("2025-05-15", "购置羽毛球器材", "50102", threshold - Amount(1)), "N09");
    v(
        voucher(
            "2025-02-10",
            "借支活动经费",
            vec![Line::debit("135", yuan(2_000), ""), Line::credit("102", yuan(2_000), "")],
        ),
        "N10",
    );
    v(
        voucher(
            "2025-02-25",
            "报销活动经费",
            vec![Line::debit("50102", yuan(2_000), ""), Line::credit("135", yuan(2_000), "")],
        ),
        "N10b",
    );
    v(pay("2025-06-12", "会员生日慰问（6月）", "50105", birthday.unwrap_or(yuan(200))), "N11");
    v(gift("2025-01-24", "春节慰问品（提货券）", 200), "N12");
    v(gift("2025-04-28", "劳动节慰问品", 100), "N13");
    v(pay("2025-10-20", "教职工运动会奖品", "50102", yuan(5_000)), "N14");
    let mut bought = pay("2025-08-05", "购置跑步机", "50703", yuan(6_000));
    bought.lines.push(Line::debit("162", yuan(6_000), ""));
    bought.lines.push(Line::credit("30104", yuan(6_000), ""));
    v(bought, "N15");
    v(
        voucher(
            "2025-11-10",
            "收回多发慰问金",
            vec![Line::debit("102", yuan(300), ""), Line::credit("50105", yuan(300), "")],
        ),
        "N16",
    );
    v(decided(pay("2025-07-20", "职工篮球赛场地及器材", "50102", yuan(60_000))), "N18");
    v(
        voucher(
            "2025-11-20",
            "提取备用金",
            vec![Line::debit("101", yuan(1_000), ""), Line::credit("102", yuan(1_000), "")],
        ),
        "N19b",
    );
    v(pay("2025-05-20", "慰问住院职工（张医生）", "50105", yuan(500)), "N20");
    v(pay("2025-08-12", "某医疗器械公司B", "50106", yuan(3_000)), "N21");
    v(pay("2025-08-14", "某医疗器械公司B", "50106", yuan(3_100)), "N21b");
    v(pay("2025-03-15", "误付文体用品款", "50102", yuan(700)), "mistake");

    // Lists: who received what.
    let people = |each: i64, kind: &'static str, form: &'static str| -> Vec<Row> {
        festival_people.iter().map(|n| (member(*n), kind, yuan(each), form, true)).collect()
    };
    y.lists.push(("V01", (1..=2).map(|n| (member(n + 10), "节日", yuan(300), "实物", true)).collect()));
    y.lists.push(("V12", vec![("R001".into(), "节日", yuan(400), "实物", true)]));
    y.lists.push((
        "V13",
        vec![(member(20), "节日", yuan(100), "实物", false), (member(21), "节日", yuan(100), "实物", true)],
    ));
    y.lists.push(("V14a", vec![(member(5), "生日", yuan(100), "实物", true)]));
    y.lists.push(("V14", vec![(member(5), "生日", yuan(100), "实物", true)]));
    y.lists.push(("V25", vec![(member(30), "节日", yuan(300), "购物卡", true)]));
    if let Some(cap) = over_year {
        y.lists.push(("V16", vec![(member(2), "节日", cap + yuan(100), "实物", true)]));
    }
    if let Some(cap) = birthday {
        y.lists.push(("V15", vec![(member(3), "生日", cap + yuan(100), "实物", true)]));
    }
    y.lists.push(("N01", people(100, "节日", "实物")));
    y.lists.push(("N08", vec![(member(40), "住院", yuan(800), "现金", true)]));
    y.lists.push(("N11", vec![(member(10), "生日", birthday.unwrap_or(yuan(200)), "实物", true)]));
    y.lists.push(("N12", people(200, "节日", "提货券")));
    y.lists.push(("N13", people(100, "节日", "实物")));

    y.violations = vec![
        ("V01", "festival_other"),
        ("V02", "benefit_form"),
        ("V02", "benefit_no_list"),
        ("V03", "benefit_no_list"),
        ("V04", "trip"),
        ("V05", "administration_cost"),
        ("V06", "asset_unbooked"),
        ("V07", "health_check"),
        ("V08", "cash_limit"),
        ("V09", "collective_decision"),
        ("V10", "budget_none"),
        ("V11", "budget_over"),
        ("V12", "benefit_eligibility"),
        ("V13", "benefit_unsigned"),
        ("V14", "benefit_frequency"),
        ("V17", "no_attachment"),
        ("V24", "duplicate_payment"),
        ("V25", "benefit_form"),
        ("", "asset_fund_mismatch"),
        ("", "negative_balance"),
        ("", "december_spike"),
        ("", "allocation_arrears"),
        ("", "upward_unremitted"),
    ];
    if over_year.is_some() {
        y.violations.push(("V16", "benefit_cap"));
    }
    if birthday.is_some() {
        y.violations.push(("V15", "benefit_cap"));
    }
    y.near_misses = vec![
        "N01", "N02", "N03", "N04", "N05", "reversal", "N07", "N08", "N09", "N10", "N10b", "N11", "N12", "N13", "N14",
        "N15", "N16", "N18", "N19", "N19b", "N20", "N21", "N21b",
    ];
    y
}

const BUDGET: &str = "科目编码,活动编码,金额,说明\n402,,1100000,拨缴经费\n405,,500000,行政补助\n\
    50102,,500000,文体活动\n50105,,500000,慰问\n50106,,50000,其他活动\n50405,,10000,送温暖\n\
    50501,,50000,培训\n50502,,50000,会议\n50703,,200000,设备购置\n";

#[tokio::test]
async fn a_hospital_year_every_violation_found_and_no_near_miss_under_five_packs() {
    for p in packs() {
        for db in databases().await {
            let dir = tempfile::tempdir().unwrap();
            let mut ctx = setup(&db.url).await;
            audit_year(&mut ctx, dir.path(), &p, &db.engine).await;
        }
    }
}

async fn audit_year(ctx: &mut Ctx, dir: &Path, p: &Pack, engine: &str) {
    let y = year(p);
    ops::budget::import(ctx, &write(dir, "budget.csv", BUDGET), None, 2025, None).await.unwrap();
    let mut members = String::from("工号,姓名,部门,入会日期,状态\n");
    for n in 1..=MEMBERS {
        members.push_str(&format!("{},职工{n},科室{},2015-03-01,在职\n", member(n), n % 40));
    }
    members.push_str("R001,退休职工,离退办,1990-01-01,退休\n");
    ops::audit::import_members(ctx, &write(dir, "members.csv", &members), None).await.unwrap();
    let payroll: String = (1..=12).map(|m| format!("2025-{m:02},8000000,820,{MEMBERS},5600000\n")).collect();
    let payroll = write(dir, "payroll.csv", &format!("月份,工资总额,职工人数,会员人数,会费基数\n{payroll}"));
    ops::allocation::import_payroll(ctx, &payroll, None, false).await.unwrap();
    let vs: Vec<NewVoucher> = y.vouchers.iter().map(|(v, _)| v.clone()).collect();
    let nos = post_all(ctx, &vs).await;
    let mut no_of: std::collections::BTreeMap<&str, String> =
        y.vouchers.iter().zip(&nos).map(|((_, label), no)| (*label, no.clone())).collect();
    // The mistaken payment reversed; its reversal has no attachments.
    let back = ops::vouchers::reverse(ctx, &no_of["mistake"], None).await.unwrap().no;
    let me = ctx.user.clone();
    ctx.user = "刘洋".into();
    ops::vouchers::review(ctx, std::slice::from_ref(&back)).await.unwrap();
    ctx.user = me;
    ops::vouchers::post(ctx, std::slice::from_ref(&back)).await.unwrap();
    no_of.insert("reversal", back);
    for (label, rows) in &y.lists {
        let mut text = String::from("凭证号,工号,姓名,类型,金额,形式,签收\n");
        for (m, kind, amount, form, signed) in rows {
            text.push_str(&format!(
                "{},{m},{},{kind},{},{form},{}\n",
                no_of[label],
                name_of(m),
                amount.plain(),
                if *signed { "是" } else { "否" }
            ));
        }
        ops::audit::import_benefits(ctx, &write(dir, "list.csv", &text), None).await.unwrap();
    }
    import_statement(ctx, dir, Some("误付")).await;

    let found = ctx.books().check(Span::year(2025), p).await.unwrap();
    let show =
        || found.iter().map(|f| format!("{} {:?} {}", f.rule, f.vouchers, f.message)).collect::<Vec<_>>().join("\n");
    assert!(y.violations.len() >= 20 && y.near_misses.len() >= 20, "{} {}", y.violations.len(), y.near_misses.len());
    for (label, rule) in &y.violations {
        let hit = found.iter().any(|f| f.rule == *rule && (label.is_empty() || f.vouchers.contains(&no_of[label])));
        assert!(hit, "{engine} {}: {label} {rule} not found in\n{}", p.id, show());
    }
    for label in &y.near_misses {
        let no = &no_of[label];
        let named: Vec<_> = found.iter().filter(|f| f.vouchers.contains(no)).collect();
        assert!(
            named.is_empty(),
            "{engine} {}: near miss {label} ({no}) named by {:?}",
            p.id,
            named.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}
