//! The audit findings list (`audit`) and the 经费审查委员会审查报告 (`audit-review`): the work
//! done, income and spending with their shares, budget execution, conclusion, problems, suggestions.

use super::figures::{self, Figures};
use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::audit::opinion::{conclusion_paragraphs, Opinion, DRAFT_MARK, NOT_GIVEN};
use crate::audit::pack::Pack;
use crate::audit::{Kept, Severity};
use crate::books::Books;
use crate::error::Result;
use crate::ledger::period::Span;
use crate::money::{percent, Amount};

/// The findings as a table: 编号 (to record a disposition), severity, check, what, amount,
/// vouchers, people, rule, disposition.
pub fn findings(org: &str, span: Span, pack: &Pack, kept: &[Kept]) -> Report {
    let mut r = Report::new("audit", "经审检查发现清单", org, &span.label());
    r.landscape = true;
    r.signatures = vec!["经费审查委员会主任".into(), "审查人".into()];
    r.sections.push(Section::Table(findings_table(kept, true)));
    r.notes.push(format!("规则包：{}（{}）。", pack.name, pack.id));
    if kept.is_empty() {
        r.notes.push("未发现问题。".into());
    } else {
        r.notes
            .push("记录处理结论：gonghui audit --year 年度 --dispose 编号 --as 认定|已说明|已整改 --note 说明 [--evidence 凭证号或文件编号]（已整改须附证据）".into());
    }
    r
}

/// The findings as a table: with their keys for the committee (what `--dispose` names, sources
/// with how sure they are, members named), or numbered for a document members read (neither
/// source marks nor names).
pub fn findings_table(kept: &[Kept], with_key: bool) -> Table {
    let mut columns = vec![Column::text("编号", 9)];
    if !with_key {
        columns[0] = Column::number("序号");
    }
    columns.extend([
        Column::text("程度", 4),
        Column::text("检查项", 12),
        Column::text("事实", 40),
        Column::amount("金额"),
        Column::text("凭证", 12),
        Column::text("依据", 24),
        Column::text("处理结论", 12),
    ]);
    let rows = kept
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let f = &k.finding;
            Row::new(vec![
                if with_key { Cell::text(&k.key) } else { Cell::Int(i as i64 + 1) },
                Cell::text(f.severity.label()),
                Cell::text(&f.title),
                Cell::text(if with_key { f.message.clone() } else { f.public_message() }),
                Cell::amount_or_empty(f.amount),
                Cell::text(f.vouchers.join("、")),
                Cell::text(if with_key { f.doc.as_str() } else { f.public_doc() }),
                Cell::text(k.disposition.as_ref().map_or_else(|| "未处理".into(), |d| d.text())),
            ])
        })
        .collect();
    Table { title: None, columns, rows }
}

/// Income or spending items with their shares and a total row; with their account codes for the
/// committee, by name only for members (who do not read account codes).
pub fn shares_table(title: &str, items: &[figures::Item], with_codes: bool) -> Table {
    let total: Amount = items.iter().map(|i| i.amount).sum();
    let code = |c: Cell| if with_codes { vec![c] } else { Vec::new() };
    let mut rows: Vec<Row> = items
        .iter()
        .map(|i| {
            let mut cells = code(Cell::text(&i.code));
            cells.extend([Cell::text(&i.name), Cell::Amount(i.amount), Cell::Percent(percent(i.amount, total))]);
            Row::new(cells)
        })
        .collect();
    let mut cells = if with_codes { vec![Cell::text("合计"), Cell::Empty] } else { vec![Cell::text("合计")] };
    cells.extend([Cell::Amount(total), Cell::Percent(percent(total, total))]);
    rows.push(Row::styled(cells, RowStyle::Total));
    let mut columns = if with_codes { vec![Column::text("科目编码", 8)] } else { Vec::new() };
    columns.extend([Column::text("项目", 16), Column::amount("金额"), Column::percent("占比")]);
    Table { title: Some(title.into()), columns, rows }
}

/// A suggestion for each kind of problem found.
pub fn suggestion(rule: &str) -> &'static str {
    match rule {
        "benefit_cap" | "benefit_frequency" | "festival_share" => {
            "严格执行慰问标准和次数，超标部分按规定收回或由行政经费负担"
        }
        "benefit_form" => "节日慰问一律发放实物或指定商家、指定商品的提货券，不得发放现金和购物卡",
        "benefit_eligibility" => "慰问对象限于本会会员；退休人员慰问由行政负担，发放前核对会员名册",
        "benefit_unsigned" => "慰问品（金）实名发放、实名签收，补齐签收手续",
        "health_check" => "职工体检属行政开支，不得在工会经费中列支",
        "cash_limit" => "结算起点以上的支出通过银行转账或公务卡结算，减少现金支付",
        "collective_decision" | "split_payment" => "重大收支须经工会委员会集体研究决定并形成会议纪要，不得拆分规避",
        "budget_none" | "budget_over" => "严格按预算列支，确需超支或新增项目的，按程序先调整预算",
        "allocation_arrears" => "督促行政按月足额拨缴工会经费，清理欠缴",
        "upward_unremitted" => "按规定比例及时上解上级工会经费",
        "bank_unreconciled" => "每月取得银行对账单并编制银行存款余额调节表",
        "advance_overdue" => "及时清理暂付款，不得长期挂账",
        "duplicate_payment" => "核实是否重复付款，重复的及时追回",
        "no_attachment" => "收付款凭证须附齐原始凭证",
        "same_preparer_reviewer" => "制单与审核由不同人员担任，落实不相容岗位分离",
        "combined_duties" => "会计与出纳尽量分设；兼任的，由他人每月盘点库存现金、核对银行对账单",
        "chain_broken" => "查明已记账凭证被改动的原因，已记账凭证只能以红字冲销更正",
        "negative_balance" => "查明库存现金、银行存款出现负数的原因，补记漏记的收入或更正多记、错记的支出",
        _ => "按规定整改",
    }
}

pub fn suggestions(kept: &[Kept]) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    // A 提示 (such as a reopened month) asks for no rectification.
    for k in kept.iter().filter(|k| k.finding.severity != Severity::Info) {
        let s = suggestion(&k.finding.rule);
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    let mut out: Vec<String> = seen.iter().enumerate().map(|(i, s)| format!("{}. {s}。", i + 1)).collect();
    out.push(format!("{}. 继续加强预算管理和内部控制，定期向会员（代表）大会报告经费收支情况。", out.len() + 1));
    out
}

/// How many findings are problems (a 提示 such as a reopened month is not).
pub fn problem_count(kept: &[Kept]) -> usize {
    kept.iter().filter(|k| k.finding.severity != Severity::Info).count()
}

fn rate(actual: Amount, budget: Amount) -> String {
    percent(actual, budget).map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into())
}

/// What the audit review reads.
pub struct ReviewInput {
    pub org: String,
    pub span: Span,
    pub figures: Figures,
    pub budget: Vec<(i32, figures::Execution)>,
    pub findings: Vec<Kept>,
    /// Members in service.
    pub members: usize,
    /// The rule pack's name, as the text cites it.
    pub rules: String,
    pub controls: Controls,
    /// The committee's opinion on the year, as last entered; None until entered (or for a span
    /// that is not a year).
    pub opinion: Option<Opinion>,
    /// The 2% and dues, the assets, last year's findings.
    pub parts: super::review_parts::Parts,
    /// The period's 整改台账, and the day its standing is told on (today).
    pub ledger: (Vec<crate::audit::rectification::Item>, chrono::NaiveDate),
}

/// What the review says of internal control (内部控制): who may do what, and how it is proven.
#[derive(Debug, Default)]
pub struct Controls {
    /// Whether acts are by users who proved who they are (auth = enforced).
    pub enforced: bool,
    /// Enabled users holding roles in the union, with their roles' names.
    pub staff: Vec<(String, Vec<&'static str>)>,
    /// The review waiver in force, as reports note it.
    pub waiver: Option<String>,
    /// Vouchers posted in the period, and of them those reviewed by their own preparer (waiver).
    pub posted: usize,
    pub self_reviewed: usize,
    /// Who prepared and who reviewed the period's posted vouchers: (name, prepared, reviewed).
    pub hands: Vec<(String, usize, usize)>,
}

/// Internal control as the books show it.
pub async fn load_controls(b: &Books<'_>, span: Span) -> Result<Controls> {
    use crate::ledger::roles::{Role, AUTH_SETTING};
    let enforced = b.setting(AUTH_SETTING).await?.as_deref() == Some("enforced");
    let staff = b
        .users_with_roles()
        .await?
        .into_iter()
        .filter(|(u, roles)| u.disabled_at.is_none() && !roles.is_empty())
        .map(|(u, roles)| (u.name, roles.iter().map(|r: &Role| r.label()).collect()))
        .collect();
    let f = crate::books::VoucherFilter {
        from: Some(span.from),
        to: Some(span.to),
        status: Some(crate::ledger::voucher::Status::Posted),
        ..Default::default()
    };
    let posted = b.voucher_headers(&f).await?;
    let mut hands: Vec<(String, usize, usize)> = Vec::new();
    for h in &posted {
        let mut count = |name: &str, reviewed: bool| {
            let at = match hands.iter().position(|(n, _, _)| n == name) {
                Some(at) => at,
                None => {
                    hands.push((name.to_string(), 0, 0));
                    hands.len() - 1
                }
            };
            if reviewed {
                hands[at].2 += 1;
            } else {
                hands[at].1 += 1;
            }
        };
        count(&h.prepared_by, false);
        if let Some(r) = &h.reviewed_by {
            count(r, true);
        }
    }
    Ok(Controls {
        hands,
        enforced,
        staff,
        waiver: super::waiver_note(b).await?,
        posted: posted.len(),
        self_reviewed: posted.iter().filter(|h| h.review_waived).count(),
    })
}

/// The paragraphs of the review's internal-control section.
fn controls_text(c: &Controls) -> Vec<String> {
    use crate::ledger::roles::Role;
    let mut out = Vec::new();
    out.push(if c.enforced {
        "操作人身份：登记用户凭本人密码办理业务，审核、记账、审计处理、反结账和免除审核均经本人密钥签名，签名随账簿核验。".to_string()
    } else {
        format!("{}。", crate::ledger::roles::UNAUTHENTICATED)
    });
    if c.staff.is_empty() {
        out.push("岗位设置：未在系统中登记岗位角色，不相容岗位只按制单、审核人姓名区分。".into());
    } else {
        let list: Vec<String> = c.staff.iter().map(|(n, r)| format!("{n}（{}）", r.join("、"))).collect();
        out.push(format!("岗位设置：{}。", list.join("；")));
        let both: Vec<&str> = c
            .staff
            .iter()
            .filter(|(_, r)| r.contains(&Role::Accountant.label()) && r.contains(&Role::Cashier.label()))
            .map(|(n, _)| n.as_str())
            .collect();
        if !both.is_empty() {
            out.push(format!("{} 兼任会计和出纳，小型工会可以兼任，但钱账未分管，应加强复核。", both.join("、")));
        }
    }
    if !c.hands.is_empty() {
        let list: Vec<String> = c
            .hands
            .iter()
            .map(|(n, p, r)| match (p, r) {
                (0, r) => format!("{n} 审核 {r} 张"),
                (p, 0) => format!("{n} 制单 {p} 张"),
                (p, r) => format!("{n} 制单 {p} 张、审核 {r} 张"),
            })
            .collect();
        out.push(format!("制单和审核：{}。", list.join("；")));
    }
    out.push(match (&c.waiver, c.self_reviewed) {
        (Some(w), n) => format!("{w}；本期记账凭证 {} 张，其中制单人自行审核 {n} 张。", c.posted),
        (None, 0) => format!("本期记账凭证 {} 张，均由制单人以外的人审核。", c.posted),
        (None, n) => format!("本期记账凭证 {} 张，其中 {n} 张在免除单独审核期间由制单人自行审核。", c.posted),
    });
    out
}

pub async fn load_review(b: &Books<'_>, req: &Request) -> Result<ReviewInput> {
    let span = req.span;
    Ok(ReviewInput {
        org: b.org().name.clone(),
        span,
        figures: figures::compute(b, span).await?,
        budget: figures::budget_execution(b, span).await?,
        findings: b.findings(span).await?,
        members: in_service(b).await?,
        rules: rule_pack_name(b, span).await?,
        controls: load_controls(b, span).await?,
        opinion: year_opinion(b, span).await?,
        parts: super::review_parts::load(b, span).await?,
        ledger: (b.rectification(span).await?, crate::today()),
    })
}

/// The committee's opinion on a year's span.
pub async fn year_opinion(b: &Books<'_>, span: Span) -> Result<Option<Opinion>> {
    if span.is_year() {
        b.opinion(span.from.year()).await
    } else {
        Ok(None)
    }
}

/// How many members are in service.
pub async fn in_service(b: &Books<'_>) -> Result<usize> {
    Ok(b.members().await?.iter().filter(|m| m.status == crate::audit::MemberStatus::InService).count())
}

/// `audit-review`: the 审查报告 the committee gives the 会员（代表）大会. Its conclusion, opinion,
/// suggestions and 审查过程 are the committee's own, as entered; until then it says so and is a
/// draft, with suggestions drawn from the findings for the committee to consider.
pub fn review(i: &ReviewInput) -> Report {
    let (span, f, kept, members) = (i.span, &i.figures, &i.findings, i.members);
    let mut title = format!("关于{}工会经费收支情况的审查报告", span.label());
    if i.opinion.is_none() {
        title.push_str(DRAFT_MARK);
    }
    let mut r = Report::new("audit-review", &title, &i.org, &span.label());
    r.signatures = vec!["经费审查委员会（盖章）".into(), "主任（签字）".into()];
    r.sections.push(Section::Text { heading: None, paragraphs: vec!["会员（代表）大会：".into()] });
    let mut work = vec![format!(
        "根据《中华人民共和国工会法》第四十五条和《中国工会审计条例》，经费审查委员会对本会{}的经费收支、预算执行、资产管理和内部控制进行了审查。审查采取审阅记账凭证、账簿和报表，核对银行对账单，对照会员名册和慰问发放名单等方式，按{}逐项检查。本会现有在职会员 {members} 人。",
        span.label(),
        i.rules
    )];
    work.push(match &i.opinion {
        Some(o) => o.draft.process_text(),
        None => format!("审查过程：{NOT_GIVEN}"),
    });
    r.sections.push(Section::Text { heading: Some("一、审查工作开展情况".into()), paragraphs: work });
    let mut paragraphs = vec![format!(
        "年初结转结余 {} 元；本期收入合计 {} 元，支出合计 {} 元，收支差额 {} 元；期末结转结余 {} 元。",
        f.opening.grouped(),
        f.income_total().grouped(),
        f.spending_total().grouped(),
        (f.income_total() - f.spending_total()).grouped(),
        f.closing.grouped()
    )];
    for (year, (bi, ai, bs, a_s)) in &i.budget {
        paragraphs.push(format!(
            "{year} 年收入预算 {} 元，执行 {} 元，执行率 {}；支出预算 {} 元，执行 {} 元，执行率 {}。",
            bi.grouped(),
            ai.grouped(),
            rate(*ai, *bi),
            bs.grouped(),
            a_s.grouped(),
            rate(*a_s, *bs)
        ));
    }
    r.sections.push(Section::Text { heading: Some("二、经费收支情况".into()), paragraphs });
    r.sections.push(Section::Table(shares_table("表1 收入情况", &f.income, true)));
    r.sections.push(Section::Table(shares_table("表2 支出情况", &f.spending, true)));
    use super::review_parts::{assets_text, funds_text, last_year_text};
    let parts = &i.parts;
    r.sections.push(Section::Text {
        heading: Some("三、拨缴经费、会费和上解情况".into()),
        paragraphs: funds_text(&parts.funds),
    });
    r.sections.push(Section::Text {
        heading: Some("四、资产管理情况".into()), paragraphs: assets_text(&parts.assets)
    });
    r.sections.push(Section::Text {
        heading: Some("五、内部控制情况".into()), paragraphs: controls_text(&i.controls)
    });
    r.sections.push(Section::Text {
        heading: Some("六、上年度审查发现问题的整改情况".into()),
        paragraphs: last_year_text(&parts.last_year, &parts.last_year_ledger),
    });
    let conclusion = conclusion_paragraphs(i.opinion.as_ref());
    r.sections.push(Section::Text { heading: Some("七、审查结论".into()), paragraphs: conclusion });
    if kept.is_empty() {
        r.sections
            .push(Section::Text { heading: Some("八、存在的问题".into()), paragraphs: vec!["无。".into()] });
    } else {
        r.sections.push(Section::Text { heading: Some("八、存在的问题".into()), paragraphs: Vec::new() });
        r.sections.push(Section::Table(findings_table(kept, false)));
        let cited = super::rectification::cited("", &i.ledger.0, i.ledger.1);
        if !cited.is_empty() {
            r.sections.push(Section::Text { heading: None, paragraphs: cited });
        }
    }
    let advice = match &i.opinion {
        Some(o) if o.draft.suggestions.is_empty() => vec!["无。".to_string()],
        Some(o) => o.draft.suggestions.iter().enumerate().map(|(n, s)| format!("{}. {s}", n + 1)).collect(),
        None => {
            let mut p = vec![NOT_GIVEN.to_string(), "供经审会参考（按审查发现列出，不是经审会的意见）：".to_string()];
            p.extend(suggestions(kept));
            p
        }
    };
    r.sections.push(Section::Text { heading: Some("九、意见和建议".into()), paragraphs: advice });
    if let Some(o) = i.opinion.as_ref().filter(|o| !o.draft.response.is_empty()) {
        r.sections.push(Section::Text {
            heading: Some("十、被审查单位意见".into()),
            paragraphs: crate::audit::opinion::paragraphs(&o.draft.response),
        });
    }
    match &i.opinion {
        Some(o) => r.notes.push(format!(
            "经审会意见第 {} 版，由 {} 于 {} 录入。",
            o.version,
            o.entered_by,
            crate::shown_time(&o.entered_at)
        )),
        None => r.notes.push(format!(
            "本报告为草稿：经审会意见尚未录入（经审委员填写后运行 gonghui audit opinion --year {} --file 意见.toml）。",
            span.from.year()
        )),
    }
    r
}

/// The name of the rule pack the period was (or would be) audited with.
pub async fn rule_pack_name(b: &Books<'_>, span: Span) -> Result<String> {
    Ok(format!("《{}》", b.pack(span).await?.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::checks::finding;

    fn kept(rule: &str) -> Kept {
        let f = finding(rule, "事实".into(), "依据", Amount::ZERO, vec![], vec![]);
        Kept { key: rule.into(), finding: f, disposition: None }
    }

    #[test]
    fn a_reminder_is_no_problem_and_asks_for_no_rectification() {
        let list = [kept("negative_balance"), kept("reopened")];
        assert_eq!(problem_count(&list), 1);
        let s = suggestions(&list);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].contains("负数") && !s.iter().any(|x| x.contains("按规定整改")), "{s:?}");
    }
}
