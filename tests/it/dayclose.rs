//! 日结: a day's receipts by payment method, one clerk's or everyone's, voids apart — on screen,
//! printed with signature lines, and to Excel.

use crate::charging::{october, pay};
use taizhang::db::charging as ch;
use taizhang::domain::charging::PayMethod;

fn take(
    f: &crate::charging::Fixture,
    unit: usize,
    method: PayMethod,
    clerk: &str,
    fen: i64,
) -> String {
    ch::take_payment(
        &f.conn,
        &ch::PaymentInput {
            unit_id: f.units[unit],
            paid_on: crate::common::today(),
            method,
            payer: String::new(),
            clerk: clerk.into(),
            received_fen: fen,
            lines: Vec::new(),
            notes: String::new(),
        },
        crate::common::now(),
    )
    .unwrap()
}

/// October's fixture, then on 11-24: 王丽 takes 100.00 cash and 50.00 cash (voided: 收错),
/// 刘丽 takes 20.00 by WeChat; and 李四's receipt of 10-21 is voided today.
fn the_day(path: &std::path::Path) -> (crate::charging::Fixture, String) {
    let f = october(path);
    take(&f, 0, PayMethod::Cash, "王丽", 10_000);
    let wrong = take(&f, 1, PayMethod::Cash, "王丽", 5_000);
    take(&f, 2, PayMethod::WeChat, "刘丽", 2_000);
    ch::void_payment(&f.conn, &wrong, "收错", "王丽", crate::common::now()).unwrap();
    let earlier: String = f
        .conn
        .query_row(
            "SELECT receipt_no FROM payment WHERE paid_on = '2026-10-21'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    ch::void_payment(&f.conn, &earlier, "重复收款", "刘丽", crate::common::now()).unwrap();
    let _ = pay;
    (f, earlier)
}

#[test]
fn the_days_totals_by_method_leave_the_voids_apart_and_follow_the_clerk() {
    let dir = tempfile::tempdir().unwrap();
    let (f, earlier) = the_day(&dir.path().join("t.db"));
    let day = crate::common::today();
    let all = ch::day_close(&f.conn, day, "").unwrap();
    assert_eq!(
        all.by_method(),
        vec![(PayMethod::Cash, 1, 10_000), (PayMethod::WeChat, 1, 2_000)]
    );
    assert_eq!(all.total_fen(), 12_000);
    assert_eq!(
        all.receipts.len(),
        3,
        "the day's voided receipt is listed, marked"
    );
    let voided: Vec<&str> = all.voided().map(|r| r.number.as_str()).collect();
    assert_eq!(voided.len(), 2);
    assert!(voided.contains(&earlier.as_str()));
    assert_eq!(all.clerks, vec!["刘丽".to_string(), "王丽".to_string()]);
    let wang = ch::day_close(&f.conn, day, "王丽").unwrap();
    assert_eq!(wang.by_method(), vec![(PayMethod::Cash, 1, 10_000)]);
    assert_eq!(wang.voided().count(), 1, "刘丽's void is not 王丽's");
    // Another day has nothing.
    let none = ch::day_close(&f.conn, day.succ_opt().unwrap(), "").unwrap();
    assert_eq!(none.total_fen(), 0);
    assert!(none.receipts.is_empty());

    // To Excel: every receipt and the totals, read back.
    let xlsx = dir.path().join("日结.xlsx");
    taizhang::io::charging::export_day_close(&all, &xlsx).unwrap();
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let sheet = wb.worksheet_range("日结").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][0], "收据号");
    let last = rows.last().unwrap();
    assert_eq!((last[0].as_str(), last[6].as_str()), ("合计", "120.00"));
    assert!(rows.iter().any(|r| r[0] == "现金合计" && r[6] == "100.00"));
    assert_eq!(
        rows.iter()
            .filter(|r| r.get(7).is_some_and(|s| s == "已作废"))
            .count(),
        2
    );
}

#[test]
fn the_printed_day_close_has_the_totals_in_words_the_voids_and_the_signature_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let (f, _) = the_day(&path);
    drop(f);
    let out = dir.path().join("日结单.pdf");
    let said = crate::common::run_ok(
        path.to_str().unwrap(),
        &[
            "print",
            "day-close",
            "--date",
            "2026-11-24",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(said.contains("有效收据 2 张，合计 ¥120.00"), "{said}");
    crate::common::assert_qpdf_ok(&out);
    let text = crate::common::squash(&crate::common::pdf_pages(&out).join(""));
    for want in [
        "收款日结单",
        "收款日期：2026年11月24日",
        "有效收据 2 张，合计 ¥120.00（壹佰贰拾元整）",
        "现金 1 100.00",
        "微信 1 20.00",
        "作废收据 2 张（不计入合计）",
        "2026-11-24 10:00 王丽 收错",
        "重复收款",
        "收款人：",
        "复核人：",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    // One clerk's.
    let out = dir.path().join("王丽.pdf");
    let said = crate::common::run_ok(
        path.to_str().unwrap(),
        &[
            "print",
            "day-close",
            "--date",
            "2026-11-24",
            "--clerk",
            "王丽",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        said.contains("（王丽），有效收据 1 张，合计 ¥100.00"),
        "{said}"
    );
    // A date that does not read is named.
    let (ok, _, err) = crate::common::run(&[
        "--db",
        path.to_str().unwrap(),
        "print",
        "day-close",
        "--date",
        "2026-13-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("--date"), "{err}");
}

/// October's fixture with November billed; on 12-01 four units owe: 李四 (102) since October,
/// 王五 (2号楼101) since October, 张三 (101) 16.43 of November, and the shop (商01) November —
/// its owner has moved out, so its notice goes to the 住户.
#[test]
fn dunning_notices_take_filters_and_each_is_numbered_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let f = october(&path);
    ch::bill_period(
        &f.conn,
        taizhang::domain::period::Period::parse("2026-11").unwrap(),
        "刘丽",
        crate::common::now(),
    )
    .unwrap();
    taizhang::db::estate::move_out(
        &f.conn,
        f.units[3],
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        "2026-11-30 10:00:00",
    )
    .unwrap();
    ch::add_dunning(
        &f.conn,
        &ch::DunningInput {
            unit_id: f.units[2],
            on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            method: taizhang::domain::charging::DunMethod::Phone,
            by: "刘丽".into(),
            result: String::new(),
            promised: None,
        },
        crate::common::now(),
    )
    .unwrap();
    drop(f);
    let db = path.to_str().unwrap();
    let out = dir.path().join("d.pdf");
    let print = |extra: &[&str]| {
        let mut args = vec!["print", "dunning", "--as-of", "2026-12-01"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--out", out.to_str().unwrap()]);
        crate::common::run_ok(db, &args)
    };
    let said = print(&[]);
    assert!(said.contains("催缴通知书 4 户，共 4 页"), "{said}");
    let pages = crate::common::pdf_pages(&out);
    // Each notice its own document: numbered from 1, naming the unit and whom it is for.
    for (page, who) in pages.iter().zip([
        "1号楼1单元101 张三",
        "1号楼1单元102 李四",
        "2号楼1单元101 王五",
        "2号楼1单元商01 住户",
    ]) {
        let text = crate::common::squash(page);
        assert!(text.contains(&format!("{who} 第1页共1页")), "{text}");
    }
    let shop = crate::common::squash(&pages[3]);
    assert!(shop.contains("2号楼1单元商01 住户"), "{shop}");
    assert!(!shop.contains("赵六"), "{shop}");
    assert!(print(&["--min-months", "2"]).contains("催缴通知书 2 户（欠费 2 个月以上）"));
    assert!(print(&["--building", "2号楼"]).contains("催缴通知书 2 户（2号楼）"));
    assert!(
        print(&[
            "--building",
            "1号楼",
            "--building",
            "2号楼",
            "--min-amount",
            "100"
        ])
        .contains("催缴通知书 3 户（1号楼、2号楼，欠费不少于 100.00 元）")
    );
    assert!(
        print(&["--not-dunned-since", "2026-11-01"])
            .contains("催缴通知书 3 户（2026-11-01 以来未催缴）")
    );
    // Bad flags are named; nothing is written.
    std::fs::remove_file(&out).unwrap();
    for (flag, value, says) in [
        ("--building", "9号楼", "没有楼栋“9号楼”"),
        ("--min-amount", "一百", "--min-amount"),
        ("--not-dunned-since", "2026-13-01", "--not-dunned-since"),
    ] {
        let (ok, _, err) = crate::common::run(&[
            "--db",
            db,
            "print",
            "dunning",
            "--as-of",
            "2026-12-01",
            flag,
            value,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(!ok && err.contains(says), "{flag}: {err}");
        assert!(!out.exists());
    }
}

#[test]
fn a_receipt_shows_how_each_line_was_reckoned_and_prints_on_the_chosen_paper() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let f = october(&path);
    // 张三's receipt of 10-20: October's lines with their basis.
    let number: String = f
        .conn
        .query_row(
            "SELECT receipt_no FROM payment WHERE paid_on = '2026-10-20'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let bases: Vec<String> = ch::receipt(&f.conn, &number)
        .unwrap()
        .lines
        .iter()
        .map(|l| l.basis.clone())
        .collect();
    assert!(bases.iter().any(|b| b.contains("㎡ ×")), "{bases:?}");
    let db = path.to_str().unwrap();
    let out = dir.path().join("r.pdf");
    let print = |n: &str| {
        crate::common::run_ok(db, &["print", "receipt", n, "--out", out.to_str().unwrap()]);
        crate::common::assert_qpdf_ok(&out);
        crate::common::pdf_pages(&out)
    };
    let one = print(&number);
    assert_eq!(one.len(), 1);
    let text = crate::common::squash(&one[0]);
    for want in [
        "收款收据",
        "计费依据",
        "㎡ ×",
        "收款单位（盖章）",
        "收款人",
        "交款人",
        "人民币（大写）",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(!text.contains("作废"), "{text}");
    // Two per A4: 收据联 and 存根联 on one page, a cut line between.
    taizhang::db::settings::set(
        &f.conn,
        taizhang::db::settings::RECEIPT_PAPER,
        taizhang::pdf::charging::ReceiptPaper::Two.as_str(),
    )
    .unwrap();
    let two = print(&number);
    assert_eq!(two.len(), 1, "both copies on one sheet");
    let text = crate::common::squash(&two[0]);
    assert!(
        text.contains("收款收据（收据联）") && text.contains("收款收据（存根联）"),
        "{text}"
    );
    assert!(text.contains("沿此线剪开"), "{text}");
    // The three-part form on one page.
    taizhang::db::settings::set(
        &f.conn,
        taizhang::db::settings::RECEIPT_PAPER,
        taizhang::pdf::charging::ReceiptPaper::Three.as_str(),
    )
    .unwrap();
    let three = print(&number);
    assert_eq!(three.len(), 1, "three copies on one page");
    let text = crate::common::squash(&three[0]);
    for c in ["存根联", "收据联", "记账联"] {
        assert!(text.contains(&format!("收款收据（{c}）")), "{c} in {text}");
    }
    assert_eq!(text.matches("沿此线剪开").count(), 2);
    // Voided without a new receipt: 作废 on every copy, the reason, no "已重开".
    ch::void_payment(&f.conn, &number, "金额录错", "刘丽", crate::common::now()).unwrap();
    let text = crate::common::squash(&print(&number).join(""));
    assert_eq!(text.matches("【作废】").count(), 3, "{text}");
    assert!(text.contains("原因：金额录错"), "{text}");
    assert!(!text.contains("已重开"), "{text}");
    // Issued again: the voided one names the new receipt.
    let lines: Vec<(i64, i64)> = ch::open_lines(&f.conn, f.units[0])
        .unwrap()
        .iter()
        .map(|l| (l.bill_id, l.outstanding()))
        .collect();
    let sum: i64 = lines.iter().map(|l| l.1).sum();
    let again = ch::take_payment(
        &f.conn,
        &ch::PaymentInput {
            unit_id: f.units[0],
            paid_on: crate::common::today(),
            method: PayMethod::Cash,
            payer: String::new(),
            clerk: "刘丽".into(),
            received_fen: sum,
            lines,
            notes: format!("重开：原收据 {number} 作废"),
        },
        crate::common::now(),
    )
    .unwrap();
    let text = crate::common::squash(&print(&number).join(""));
    assert!(text.contains(&format!("已重开收据 {again}")), "{text}");
}

#[test]
fn a_vacant_unit_is_billed_the_items_vacant_share_from_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("t.db"));
    let fee = ch::list_items(&f.conn)
        .unwrap()
        .into_iter()
        .find(|i| i.name == "物业管理费")
        .unwrap();
    ch::set_vacant_percent(&f.conn, fee.id, Some(70)).unwrap();
    assert!(ch::set_vacant_percent(&f.conn, fee.id, Some(0)).is_err());
    assert!(ch::set_vacant_percent(&f.conn, fee.id, Some(101)).is_err());
    // 李四's flat stands empty from November.
    f.conn
        .execute("UPDATE unit SET state = '空置' WHERE id = ?1", [f.units[1]])
        .unwrap();
    let nov = taizhang::domain::period::Period::parse("2026-11").unwrap();
    ch::bill_period(&f.conn, nov, "刘丽", crate::common::now()).unwrap();
    let fee_line = |unit: usize| {
        ch::unit_bills(&f.conn, f.units[unit])
            .unwrap()
            .into_iter()
            .find(|b| b.period == nov && b.item == "物业管理费")
            .map(|b| (b.due_fen, b.basis))
            .unwrap()
    };
    let (full, basis) = fee_line(0);
    assert!(!basis.contains("空置"), "{basis}");
    let (vacant, basis) = fee_line(1);
    // October's line for the same flat was billed in full: 300.00; now 70 %.
    let october: i64 = ch::unit_bills(&f.conn, f.units[1])
        .unwrap()
        .into_iter()
        .find(|b| b.period.to_string() == "2026-10" && b.item == "物业管理费")
        .map(|b| b.due_fen)
        .unwrap();
    assert_eq!(vacant, (october * 70 + 50) / 100);
    assert!(basis.ends_with("× 70%（空置）"), "{basis}");
    assert!(full > 0);
    // The share off: the next month bills the empty flat in full again.
    ch::set_vacant_percent(&f.conn, fee.id, None).unwrap();
    let dec = taizhang::domain::period::Period::parse("2026-12").unwrap();
    ch::bill_period(&f.conn, dec, "刘丽", crate::common::now()).unwrap();
    let dec_fee = ch::unit_bills(&f.conn, f.units[1])
        .unwrap()
        .into_iter()
        .find(|b| b.period == dec && b.item == "物业管理费")
        .map(|b| b.due_fen)
        .unwrap();
    assert_eq!(dec_fee, october);
}
