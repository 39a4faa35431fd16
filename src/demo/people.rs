//! The demo union's member register and benefit lists (慰问发放名单), as the treasurer would type
//! them into a spreadsheet, with the violations the audit must find planted in them: the 中秋
//! gifts handed out as shopping cards, one member's birthday voucher over the cap, a retiree on
//! the 春节 list. (The other two plants are in the books: an unbudgeted spend, and a large
//! purchase without a collective decision.)

use super::year::{birthday_people, BIRTHDAY_EACH, BIRTHDAY_OVER, MEMBERS};
use super::YEAR;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗",
];
const GIVEN: &[&str] = &[
    "晓燕", "建华", "丽娟", "志强", "海燕", "文博", "静怡", "国庆", "秀英", "明轩", "雪梅", "振东", "婷婷", "立新",
    "春梅", "子涵",
];
const DEPTS: &[&str] = &["语文组", "数学组", "英语组", "理化生组", "政史地组", "体艺组", "行政后勤"];

/// In-service member k (1-based): 工号 E001…, a name, a department.
pub fn member(k: i64) -> (String, String, &'static str) {
    let i = (k - 1) as usize;
    let name = format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / SURNAMES.len() + i * 7) % GIVEN.len()]);
    (format!("E{k:03}"), name, DEPTS[i % DEPTS.len()])
}

/// The first in-service member with this surname (the hospital visits name 王老师, 陈老师…).
pub fn by_surname(surname: &str) -> (String, String) {
    (1..=MEMBERS)
        .map(member)
        .find(|(_, n, _)| n.starts_with(surname))
        .map(|(no, n, _)| (no, n))
        .expect("every surname is used")
}

pub const RETIREE: (&str, &str) = ("R01", "郑桂兰");

/// 工号,姓名,部门,入会日期,状态: 120 in service (the last joined in March), three retired, one
/// transferred away.
pub fn members_csv() -> String {
    let mut out = String::from("工号,姓名,部门,入会日期,状态\n");
    for k in 1..=MEMBERS {
        let (no, name, dept) = member(k);
        let joined = if k == MEMBERS { format!("{YEAR}-03-01") } else { format!("{}-09-01", 2005 + k % 16) };
        out.push_str(&format!("{no},{name},{dept},{joined},在职\n"));
    }
    for (no, name) in [RETIREE, ("R02", "钱永福"), ("R03", "冯淑珍")] {
        out.push_str(&format!("{no},{name},退休,1998-09-01,退休\n"));
    }
    out.push_str("E121,韩磊,数学组,2019-09-01,调离\n");
    out
}

/// A list attached to the voucher whose summary begins with `summary`.
pub struct List {
    pub summary: String,
    /// (工号, 姓名, 类型, 金额 in 元, 形式)
    pub rows: Vec<(String, String, &'static str, i64, &'static str)>,
}

fn everyone(
    from: i64,
    to: i64,
    kind: &'static str,
    yuan: i64,
    form: &'static str,
) -> Vec<(String, String, &'static str, i64, &'static str)> {
    (from..=to).map(member).map(|(no, name, _)| (no, name, kind, yuan, form)).collect()
}

pub fn lists() -> Vec<List> {
    let mut out = Vec::new();
    // 春节: everyone in service in January (the newest member joined in March)… and a retiree.
    let mut spring = everyone(1, MEMBERS - 1, "节日", 400, "实物");
    spring.push((RETIREE.0.into(), RETIREE.1.into(), "节日", 400, "实物"));
    out.push(List { summary: "春节慰问品".into(), rows: spring });
    out.push(List { summary: "端午节慰问品".into(), rows: everyone(1, MEMBERS, "节日", 120, "实物") });
    out.push(List { summary: "教师节慰问品".into(), rows: everyone(1, MEMBERS, "节日", 300, "实物") });
    // 中秋 as supermarket shopping cards: not allowed for festival gifts.
    out.push(List { summary: "中秋节慰问".into(), rows: everyone(1, MEMBERS, "节日", 330, "购物卡") });
    // Birthdays: the month's members get a cake voucher; in December one got more than the cap.
    let mut next = 1;
    for m in 1..=12u32 {
        let people = birthday_people(m);
        let mut rows = everyone(next, next + people - 1, "生日", BIRTHDAY_EACH, "提货券");
        if m == 12 {
            rows.last_mut().expect("people").3 = BIRTHDAY_OVER;
        }
        next += people;
        out.push(List { summary: format!("{m}月会员生日蛋糕券"), rows });
    }
    for (who, yuan) in [("王", 500), ("陈", 800), ("李", 900)] {
        let (no, name) = by_surname(who);
        out.push(List {
            summary: format!("会员住院慰问金（{who}老师）"),
            rows: vec![(no, name, "住院", yuan, "现金")],
        });
    }
    out.push(List {
        summary: "送温暖：困难教职工帮扶（3人）".into(), rows: everyone(31, 33, "困难", 2000, "转账")
    });
    out.push(List {
        summary: "送温暖：冬季困难教职工帮扶（4人）".into(),
        rows: everyone(41, 44, "困难", 2000, "转账"),
    });
    out
}

/// 凭证号,工号,姓名,类型,金额,形式,签收 — `voucher_of` finds the voucher by its summary.
/// The lists whose voucher `voucher_of` finds (a month's, as the treasurer imports them before
/// closing it), and how many lists that is.
pub fn benefits_csv_found(voucher_of: impl Fn(&str) -> Option<String>) -> (String, usize) {
    let mut out = String::from("凭证号,工号,姓名,类型,金额,形式,签收\n");
    let mut n = 0;
    for l in lists() {
        let Some(no) = voucher_of(&l.summary) else { continue };
        n += 1;
        for (member_no, name, kind, yuan, form) in l.rows {
            out.push_str(&format!("{no},{member_no},{name},{kind},{yuan}.00,{form},是\n"));
        }
    }
    (out, n)
}

/// How many benefit lists the demo year has.
pub fn benefit_lists() -> usize {
    lists().len()
}

/// The union's profile (单位信息): who signs its financial statements (第六十四条), its code, bank
/// and parent union. The code is made up but carries a valid check character.
pub const PROFILE: &str = r#"# 江城市第一中学工会 单位信息
"单位负责人" = "王建国"
"主管会计工作负责人" = "王建国"
"会计机构负责人" = "刘洋"
"出纳" = "张敏"
"经审会主任" = "陈静"
"统一社会信用代码" = "81340100MC0012345G"
"开户行" = "建设银行江城支行"
"账号" = "4400 1234 5678 0000 0001"
"隶属工会" = "江城市教育工会"
"#;

/// How the disclosure is posted: the settings the chair keeps.
/// The union's own text for items of the year's 附注 (三 and 八), as the treasurer writes it.
pub const NOTES: [(u8, &str); 2] = [
    (3, "本年会计政策和会计估计未发生变更。\n"),
    (
        8,
        "本年 7 月经工会委员会研究，为举办教职工运动会调增预算，调整事项见预算执行情况表。\n\
         工会主席王建国任期届满离任，经费审查委员会已对其任期经济责任进行审计，见离任经济责任审计报告。\n",
    ),
];

/// Where the year's budget was approved and reviewed: (工会委员会, 经费审查委员会).
pub const BUDGET_MEETING: (&str, &str) = ("第五届第三次工会委员会", "经费审查委员会2025年第一次会议");

/// The union's own words in the budget's 说明书.
pub const BUDGET_TEXT: &str =
    "本年预算按“量入为出、收支平衡”的原则编制，会费按教职工工资的0.5%测算，拨缴经费按工资总额2%的留成部分测算。\n\
                               职工活动支出重点保障三八妇女节、教职工运动会和节日慰问，不安排赤字预算。\n";

pub const PUBLICATION: [(&str, &str); 3] = [
    ("disclosure_days", "7"),
    ("disclosure_channel", "学校教代会公告栏、校工会微信群"),
    ("disclosure_contact", "校工会经费审查委员会（行政楼 203 室）"),
];

/// The 经审会's opinion on the demo year, as its member 陈静 writes it after examining the books
/// in January (the findings are the demo's planted ones).
pub const OPINION: &str = r#"# 江城市第一中学工会经费审查委员会 2025 年度审查意见
"结论" = "存在问题"

"意见" = """
经审查，本会 2025 年度工会经费收支能够纳入预算管理，会计核算执行《工会会计制度》，会费和拨缴经费收入及时入账，银行存款每月与对账单核对相符，年度收支和结余真实。

审查发现 7 个问题，主要是中秋节慰问以购物卡形式发放 39,600.00 元，不符合节日慰问发放实物或提货券的规定；教师节慰问品 36,000.00 元不属于法定节日慰问；一笔 18,000.00 元的固定资产购置未经工会委员会集体研究决定；职工书屋活动支出 3,600.00 元无预算列支；另有生日慰问超标准和向退休人员发放慰问各 1 笔，教代会会务费 4,500.00 元由工会经费列支，需与学校行政核实分担。生日慰问超标准部分已退回。
"""

"建议" = [
  "节日慰问一律发放实物或指定商家、指定商品的提货券，2026 年起不再发放购物卡。",
  "单笔 1 万元及以上支出先经工会委员会集体研究决定，会议纪要号写在凭证上。",
  "无预算项目先按程序调整预算再列支。",
  "退休人员慰问由行政负担，发放前核对会员名册。",
  "节日慰问限于法定节日；教代会会务费与学校行政商定分担后再列支。",
]

"被审计人意见" = "同意经审会的审查意见，购物卡问题已在工会委员会会议上作出说明并承诺整改，2026 年起按规定执行。"

["审查过程"]
"开始日期" = 2026-01-12
"结束日期" = 2026-01-23
"审查人员" = ["陈静（经审会主任）", "周立平（经审委员）"]
"审查内容" = ["2025 年全部记账凭证和会计账簿", "银行对账单和银行存款余额调节表", "年初预算及其执行", "会员名册和慰问发放名单", "固定资产登记表"]
"#;

/// The audit group's record of the chair's tenure (the demo year), as 陈静 enters it: the cash
/// counted and the bank balance at the handover agree with the books.
pub const DEPARTURE: &str = r#"# 王建国同志离任经济责任审计记录
"审计组" = ["陈静（组长，经审会主任）", "周立平（经审委员）"]

"审计评价" = """
王建国同志任职期间，本会经费收支纳入预算管理，收入及时足额入账，会计核算执行《工会会计制度》，年度收支和结余真实。

但存在节日慰问发放购物卡、一笔固定资产购置未经集体研究决定等问题，反映出重大经济事项决策和慰问发放管理不够规范，王建国同志应承担相应的领导责任和直接责任。
"""

"主要业绩" = """
建立并执行预算管理和工会委员会议事规则，拨缴经费和会费按月足额收缴，全年组织三八节、五一登山、教职工运动会等活动，建成教职工活动室和职工书屋，开展送温暖困难帮扶 7 人次。
"""

"建议" = [
  "新一届工会委员会严格执行集体决策制度，单笔 1 万元及以上支出先研究后支出。",
  "节日慰问发放实物或提货券，不再发放购物卡。",
]

"被审计人意见" = "对审计发现的问题无异议，购物卡问题系对规定理解不到位，已在委员会会议上作出说明。"

["离任交接"]
"交接日期" = 2026-01-26
"移交人" = "王建国"
"接交人" = "李新华（新任工会主席）"
"监交人" = "学校党委 孙书记"
"库存现金" = "800.00"
"银行存款" = "120,236.20"
"固定资产" = "笔记本电脑 1 台、健身器材 1 套（原值合计 24,000.00 元），已逐项清点"
"移交资料" = ["2025 年会计凭证 12 册", "总账、明细账、日记账各 1 本", "工会财务专用章、工会主席名章", "银行对账单和余额调节表 12 份"]
"#;

/// The union's own rule pack: the Anhui rules, with the committee's own threshold for a
/// collective decision (本会《工会委员会议事规则》).
pub const RULE_PACK: &str = r#"id = "jiangcheng-no1-2025"
province = "安徽"
name = "安徽省基层工会经费收支管理实施办法（皖工发〔2025〕18号）及本会议事规则"
effective_from = "2025-01-01"
base = "anhui-2025"
collective_decision = { amount = "10000", doc = "本会《工会委员会议事规则》第六条：单笔 1 万元及以上支出须经工会委员会集体研究决定", confidence = "V" }
"#;
