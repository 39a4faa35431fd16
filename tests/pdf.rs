//! PDFs read back: the font embedded as a subset, the text holds the title, the organisation and
//! the totals, a long table breaks into the expected pages with its header on each, a missing
//! glyph is refused with its name and place.

use gonghui::money::Amount;
use gonghui::render::pdf::{render, Font};
use gonghui::report::{Cell, Chart, ChartKind, Column, Report, Row, RowStyle, Section, Series, Table};
use lopdf::Document;

mod common;
use common::pdf_pages;

fn ledger_report(rows: usize) -> Report {
    let mut r = Report::new("ledger", "明细账", "江城市第一中学工会", "2025年度");
    let columns = vec![
        Column::date("日期"),
        Column::text("凭证号", 14),
        Column::text("摘要", 24),
        Column::amount("借方"),
        Column::amount("贷方"),
        Column::amount("余额"),
    ];
    let mut out = Vec::new();
    for i in 0..rows {
        out.push(Row::new(vec![
            Cell::text("2025-03-08"),
            Cell::text(format!("记-202503-{:04}", i + 1)),
            Cell::text("三八妇女节女教职工插花活动"),
            Cell::Amount(Amount(123_456)),
            Cell::Empty,
            Cell::Amount(Amount(123_456 * (i as i64 + 1))),
        ]));
    }
    out.push(Row::styled(
        vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::Empty,
            Cell::Amount(Amount(123_456 * rows as i64)),
            Cell::Empty,
            Cell::Empty,
        ],
        RowStyle::Total,
    ));
    r.sections.push(Section::Table(Table { title: Some("科目：102 银行存款".into()), columns, rows: out }));
    r
}

#[test]
fn font_is_embedded_as_a_subset_and_the_text_reads_back() {
    let r = ledger_report(20);
    let pdf = render(&r, &Font::embedded()).unwrap();
    assert!(pdf.len() < 200_000, "a one-page report is small because the font is subset: {} bytes", pdf.len());
    let doc = Document::load_mem(&pdf).unwrap();
    let mut subset = false;
    let mut embedded = false;
    for (_, obj) in doc.objects.iter() {
        if let Ok(d) = obj.as_dict() {
            if let Ok(name) = d.get(b"BaseFont").and_then(|n| n.as_name()) {
                let name = String::from_utf8_lossy(name);
                subset |= name.len() > 7 && name.as_bytes()[6] == b'+';
            }
            embedded |= d.has(b"FontFile2") || d.has(b"FontFile3");
        }
    }
    assert!(embedded, "font file embedded");
    assert!(subset, "font name carries the subset tag (ABCDEF+…)");
    let text = pdf_pages(&pdf).concat();
    for expected in ["明细账", "江城市第一中学工会", "2025年度", "合计", "24,691.20", "第 1 页 共 1 页", "工会主席"]
    {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
}

#[test]
fn a_long_ledger_repeats_its_header_on_every_page() {
    let r = ledger_report(400);
    let pdf = render(&r, &Font::embedded()).unwrap();
    let pages = pdf_pages(&pdf);
    // About 38 rows fit a portrait page after the title block.
    assert!((9..=13).contains(&pages.len()), "{} pages", pages.len());
    let n = pages.len();
    for (i, t) in pages.iter().enumerate() {
        assert!(t.contains("凭证号") && t.contains("摘要") && t.contains("余额"), "header on page {}", i + 1);
        assert!(t.contains(&format!("第 {} 页 共 {n} 页", i + 1)), "page number on page {}", i + 1);
        if i > 0 {
            assert!(t.contains("明细账（续）"), "continued title on page {}", i + 1);
        }
    }
    assert!(pages[n - 1].contains("记-202503-0400") && pages[n - 1].contains("合计"));
}

#[test]
fn a_ledger_of_forty_pages_repeats_its_account_and_carries_its_balance_from_page_to_page() {
    let r = ledger_report(1500);
    let pdf = render(&r, &Font::embedded()).unwrap();
    let pages = pdf_pages(&pdf);
    assert!(pages.len() >= 40, "{} pages", pages.len());
    let last_voucher = |t: &str| -> i64 {
        t.match_indices("记-202503-")
            .map(|(i, m)| t[i + m.len()..i + m.len() + 4].parse::<i64>().unwrap())
            .max()
            .unwrap()
    };
    for (i, t) in pages.iter().enumerate() {
        // The account on every page, continued after the first (会计基础工作规范 第六十条).
        assert!(t.contains("科目：102 银行存款"), "the account on page {}", i + 1);
        assert_eq!(t.contains("科目：102 银行存款（续）"), i > 0, "续 on page {}", i + 1);
        if i + 1 < pages.len() {
            // 过次页 at the foot: the debits so far and the balance of the page's last line…
            let n = last_voucher(t);
            let carried = Amount(123_456 * n).grouped();
            assert!(t.contains("过次页"), "过次页 on page {}", i + 1);
            assert!(t.matches(carried.as_str()).count() >= 3, "page {} carries {carried}: {t}", i + 1);
            // …and the same line heads the next page as 承前页.
            let next = &pages[i + 1];
            assert!(next.contains("承前页"), "承前页 on page {}", i + 2);
            assert!(next.contains(carried.as_str()), "page {} brings {carried} forward", i + 2);
        } else {
            assert!(!t.contains("过次页"), "no 过次页 on the last page");
        }
    }
    // Nothing lost: every voucher printed once.
    let all = pages.concat();
    assert_eq!(all.matches("记-202503-").count(), 1500);
}

#[test]
fn voucher_numbers_are_never_wrapped_in_a_journal_of_eight_columns() {
    let mut r = Report::new("bank-journal", "银行存款日记账", "江城市第一中学工会", "2025年度");
    let columns = vec![
        Column::date("日期"),
        Column::text("凭证号", 14),
        Column::text("摘要", 24),
        Column::text("活动", 6),
        Column::amount("借方"),
        Column::amount("贷方"),
        Column::text("方向", 3),
        Column::amount("余额"),
    ];
    let rows = (1..=60)
        .map(|i| {
            Row::new(vec![
                Cell::text("2025-04-30"),
                Cell::text(format!("记-202504-{i:04}")),
                Cell::text("冲销记-202504-0005：五一劳动节教职工登山活动（大巴、矿泉水）"),
                Cell::Empty,
                Cell::Amount(Amount(1_234_567_89)),
                Cell::Empty,
                Cell::text("借"),
                Cell::Amount(Amount(9_876_543_21)),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table { title: Some("科目：102 银行存款".into()), columns, rows }));
    let text = pdf_pages(&render(&r, &Font::embedded()).unwrap()).concat();
    for i in 1..=60 {
        let no = format!("记-202504-{i:04}");
        assert!(text.contains(&no), "{no} printed whole");
    }
}

#[test]
fn a_statement_never_leaves_its_signatures_alone_on_a_page() {
    // However many rows, the page with the signatures also holds the table's last rows.
    for rows in 25..60 {
        let mut r = ledger_report(rows);
        r.notes.push("操作人身份未经认证".into());
        let pages = pdf_pages(&render(&r, &Font::embedded()).unwrap());
        let signed = pages.iter().position(|p| p.contains("工会主席")).expect("signatures printed");
        assert!(
            pages[signed].contains("合计"),
            "{rows} rows: the signatures on page {} without the table's end: {pages:?}",
            signed + 1
        );
        assert!(pages[signed].contains("三八妇女节"), "{rows} rows: rows kept with the signatures");
    }
    // A statement is signed under its table; its 附注 follow the signatures.
    let mut r = ledger_report(5);
    r.sections.push(Section::Text {
        heading: Some("附注".into()),
        paragraphs: vec!["一、遵循《工会会计制度》的声明".into()],
    });
    r.signed_after = Some(0);
    let text = pdf_pages(&render(&r, &Font::embedded()).unwrap()).concat();
    let (signed, notes) = (text.find("工会主席").unwrap(), text.find("附注").unwrap());
    assert!(signed < notes, "signatures before the 附注: {text}");
}

#[test]
fn a_missing_glyph_is_an_error_naming_the_character_and_where() {
    let mut r = ledger_report(3);
    if let Section::Table(t) = &mut r.sections[0] {
        t.rows[1].cells[2] = Cell::text("慰问吉𠮷老师");
    }
    let e = render(&r, &Font::embedded()).unwrap_err();
    let m = e.message();
    assert!(m.contains("𠮷") && m.contains("U+20BB7") && m.contains("第 2 行") && m.contains("摘要"), "{m}");
}

#[test]
fn charts_draw_with_chinese_labels() {
    let mut r = Report::new("budget", "预算执行情况", "江城市第一中学工会", "2025年度");
    let cats = vec!["职工活动支出".to_string(), "职工服务支出".into(), "维权支出".into(), "业务支出".into()];
    r.sections.push(Section::Chart(Chart {
        title: "预算与实际".into(),
        kind: ChartKind::Bars,
        categories: cats.clone(),
        series: vec![
            Series {
                name: "调整后预算".into(),
                values: vec![Amount(22_000_000), Amount(500_000), Amount(1_600_000), Amount(1_200_000)],
            },
            Series {
                name: "实际".into(),
                values: vec![Amount(20_735_000), Amount(360_000), Amount(1_400_000), Amount(1_130_000)],
            },
        ],
    }));
    r.sections.push(Section::Chart(Chart {
        title: "支出构成".into(),
        kind: ChartKind::Shares,
        categories: cats,
        series: vec![Series {
            name: "实际".into(),
            values: vec![Amount(20_735_000), Amount(360_000), Amount(1_400_000), Amount(1_130_000)],
        }],
    }));
    let pdf = render(&r, &Font::embedded()).unwrap();
    let text = pdf_pages(&pdf).concat();
    for expected in ["预算与实际", "单位：万元", "调整后预算", "职工活动支出", "支出构成", "207,350.00（87.8%）"]
    {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
}
