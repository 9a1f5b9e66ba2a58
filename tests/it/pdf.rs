//! The shared renderer: tables that break across pages with the header repeated, page
//! numbers, notes and signatures — read back through pdftotext.

use crate::common::{assert_qpdf_ok, pdf_pages, squash};
use taizhang::pdf::{Align, Block, Column, Document, Table, render, write_file};

#[test]
fn long_tables_break_with_repeated_header_and_page_numbers() {
    let rows: Vec<Vec<String>> = (1..=95)
        .map(|i| {
            vec![
                i.to_string(),
                format!("住户{i}"),
                if i == 50 {
                    "这是一段很长很长的备注文字，用来检查单元格里的自动换行不会与其他列重叠，也不会丢字。".into()
                } else {
                    "无".into()
                },
            ]
        })
        .collect();
    let doc = Document {
        landscape: false,
        header: "测试物业管理处".into(),
        title: "测试".into(),
        blocks: vec![
            Block::Title("住户名单".into()),
            Block::Meta("制表日期：2026年11月23日".into()),
            Block::Table(Table {
                columns: vec![
                    Column::new("序号", 1.0, Align::Center),
                    Column::new("姓名", 2.0, Align::Left),
                    Column::new("备注", 4.0, Align::Left),
                ],
                rows,
                total: Some(vec!["合计".into(), "95 户".into(), String::new()]),
            }),
            Block::Paragraph("说明：以上名单由系统生成。".into()),
            Block::Signatures(vec!["制表人".into(), "审核人".into()]),
        ],
    };
    let created = crate::common::now();
    let (bytes, n) = render(&doc, created).unwrap();
    assert!(n >= 3, "95 rows need several pages, got {n}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.pdf");
    write_file(&path, &bytes).unwrap();
    assert_qpdf_ok(&path);
    let pages = pdf_pages(&path);
    assert_eq!(pages.len(), n);
    for (i, page) in pages.iter().enumerate() {
        let p = squash(page);
        assert!(
            p.contains("测试物业管理处"),
            "office header on page {}",
            i + 1
        );
        assert!(
            p.contains("序号 姓名 备注"),
            "table header repeated on page {}",
            i + 1
        );
        assert!(
            p.replace(' ', "")
                .contains(&format!("第{}页共{n}页", i + 1)),
            "{p}"
        );
    }
    let all = squash(&pages.join(" ")).replace(' ', "");
    for i in 1..=95 {
        assert!(all.contains(&format!("住户{i}")), "row {i} lost");
    }
    assert!(all.contains("也不会丢字。"), "wrapped cell kept whole");
    let last = squash(pages.last().unwrap());
    assert!(last.contains("合计 95 户"), "{last}");
    assert!(last.contains("制表人："));
    // Subset font: a page of CJK text stays small.
    assert!(
        bytes.len() < 60_000 * n,
        "{} bytes for {n} pages",
        bytes.len()
    );
}

#[test]
fn the_document_carries_its_real_date() {
    use chrono::TimeZone;
    let doc = Document {
        landscape: false,
        header: "处".into(),
        title: "日期".into(),
        blocks: vec![Block::Title("日期".into())],
    };
    // Printed at the pinned moment, whatever the computer's clock says.
    let (bytes, _) = render(&doc, crate::common::now()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.pdf");
    std::fs::write(&path, bytes).unwrap();
    // pdfinfo shows the date in the zone it runs in; the office's is UTC+8.
    let info = std::process::Command::new("pdfinfo")
        .args(["-isodates", path.to_str().unwrap()])
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let line = info
        .lines()
        .find(|l| l.starts_with("CreationDate"))
        .unwrap();
    let stamp = line.trim_start_matches("CreationDate:").trim();
    let shown = chrono::DateTime::parse_from_rfc3339(stamp).unwrap();
    let expected = chrono::Local
        .from_local_datetime(&crate::common::now())
        .earliest()
        .unwrap();
    assert_eq!(shown.timestamp(), expected.timestamp(), "{line}");
}

/// 避头尾 in every document the demo prints: no line begins with a closing mark or a stop and
/// none ends with an opening mark.
#[test]
fn no_printed_line_starts_with_a_stop_or_ends_with_an_opening_mark() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let db = db.to_str().unwrap();
    crate::common::run_ok(db, &["demo"]);
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let docs: Vec<(String, Vec<String>)> = vec![
        (
            out("q.pdf"),
            vec!["quality".into(), "--quarter".into(), "2026Q3".into()],
        ),
        (
            out("s.pdf"),
            vec!["scorecards".into(), "--month".into(), "2026-10".into()],
        ),
        (
            out("c.pdf"),
            vec!["collection".into(), "--period".into(), "2026-10".into()],
        ),
        (
            out("d.pdf"),
            vec!["dunning".into(), "--as-of".into(), "2026-11-24".into()],
        ),
        (
            out("r.pdf"),
            vec!["roster".into(), "--building".into(), "10".into()],
        ),
        (
            out("k.pdf"),
            vec!["staff-card".into(), "--name".into(), "张伟".into()],
        ),
    ];
    for (pdf, args) in docs {
        let mut all: Vec<&str> = vec!["print"];
        all.extend(args.iter().map(String::as_str));
        all.extend(["--out", pdf.as_str()]);
        crate::common::run_ok(db, &all);
        let text = std::process::Command::new("pdftotext")
            .args([pdf.as_str(), "-"])
            .output()
            .unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let first = line.chars().next().unwrap();
            let last = line.chars().last().unwrap();
            assert!(!"。，、；：？！）》」".contains(first), "{pdf}: “{line}”");
            assert!(!"（《「".contains(last), "{pdf}: “{line}”");
        }
    }
}

/// A scorecard still 草稿 prints with a large 草稿 across its page; a filed one without.
#[test]
fn a_draft_scorecard_prints_with_a_draft_watermark() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let db = db.to_str().unwrap();
    crate::common::run_ok(db, &["demo"]);
    let pdf = dir.path().join("s.pdf");
    crate::common::run_ok(
        db,
        &[
            "print",
            "scorecards",
            "--month",
            "2026-10",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    crate::common::assert_qpdf_ok(&pdf);
    let pages = crate::common::pdf_pages(&pdf);
    let cards: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("月度考核评分表"))
        .collect();
    let drafts: Vec<&&String> = cards.iter().filter(|p| p.contains("状态：草稿")).collect();
    let filed: Vec<&&String> = cards
        .iter()
        .filter(|p| p.contains("状态：已提交"))
        .collect();
    assert!(!drafts.is_empty() && !filed.is_empty());
    for p in &drafts {
        // Once in the particulars, once as the watermark (whose turned glyphs pdftotext
        // reads apart).
        assert!(
            p.matches('草').count() >= 2 && p.matches('稿').count() >= 2,
            "{p}"
        );
    }
    for p in &filed {
        assert!(!p.contains('草') && !p.contains('稿'), "{p}");
    }
}
