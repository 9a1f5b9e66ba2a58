//! 打印 reaches paper: every print window's 打印 writes the PDF and then hands it to the PDF
//! viewer or straight to a printer, as 设置 › 打印 says; 只保存 PDF only writes it. The window is
//! driven through egui_kittest with an outlet that records (no viewer opens in a test); the
//! direct path is tested against a real CUPS-PDF queue that `scripts/test.sh` starts.

use crate::ui::{demo_app, harness, replace_text, status, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::{Arc, Mutex};
use taizhang::app::App;
use taizhang::printing::{Delivered, Delivery, Outlet};

/// The demo app with an outlet whose deliveries the test reads.
fn recorded(dir: &tempfile::TempDir) -> (App, Arc<Mutex<Vec<Delivered>>>) {
    let mut app = demo_app(dir);
    let log: Arc<Mutex<Vec<Delivered>>> = Arc::default();
    app.set_outlet(Outlet::Held(log.clone()));
    (app, log)
}

fn delivered(log: &Arc<Mutex<Vec<Delivered>>>) -> Vec<Delivered> {
    log.lock().unwrap().clone()
}

fn open_roster_window(h: &mut Harness<'_, App>, out: &std::path::Path) {
    h.get_by_label("房屋与业主").click();
    h.run();
    h.get_by_label("打印房屋清册…").click();
    h.run();
    replace_text(h, "保存到", out.to_str().unwrap());
}

#[test]
fn print_opens_the_pdf_and_save_only_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (app, log) = recorded(&dir);
    let mut h = harness(app);
    h.run();
    let out = dir.path().join("清册.pdf");
    open_roster_window(&mut h, &out);
    // The window says what 打印 will do (the default: the viewer).
    h.get_by_label_contains("用本机的 PDF 查看器打开");
    h.get_by_label("开始打印").click();
    h.run();
    assert!(out.exists());
    assert_eq!(
        delivered(&log),
        vec![Delivered {
            path: out.clone(),
            how: Delivery::Open
        }]
    );
    assert!(
        status(&h).contains("已生成 1号楼 房屋清册") && status(&h).contains("已打开 PDF"),
        "{}",
        status(&h)
    );

    // 只保存 PDF: written, handed to nobody.
    let saved = dir.path().join("只保存.pdf");
    open_roster_window(&mut h, &saved);
    h.get_by_label("只保存 PDF").click();
    h.run();
    assert!(saved.exists());
    assert_eq!(delivered(&log).len(), 1, "nothing more was opened");
    assert!(!status(&h).contains("已打开"), "{}", status(&h));

    // A PDF that could not be written is not handed on: the error stays on the line.
    open_roster_window(&mut h, std::path::Path::new("/no/such/folder/x.pdf"));
    h.get_by_label("开始打印").click();
    h.run();
    assert_eq!(delivered(&log).len(), 1);
    assert!(h.state().status.as_ref().is_some_and(|s| s.is_error));
    assert!(status(&h).contains("/no/such/folder"), "{}", status(&h));
}

/// Where no file dialog can be shown (no desktop portal, no zenity — as on this test
/// machine), 浏览… says so on the status line instead of doing nothing.
#[test]
fn browse_without_a_file_dialog_says_so() {
    let no_dialog = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
        && std::process::Command::new("zenity")
            .arg("--version")
            .output()
            .is_err();
    if !no_dialog {
        eprintln!("这台电脑有文件对话框，跳过");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = recorded(&dir);
    let mut h = harness(app);
    h.run();
    open_roster_window(&mut h, &dir.path().join("x.pdf"));
    h.get_by_label("浏览…").click();
    h.run();
    assert_eq!(status(&h), taizhang::ui::dialogs::NO_DIALOG);
    assert!(h.state().status.as_ref().is_some_and(|s| s.is_error));
    // The window stays, for a typed path.
    h.get_by_label("只保存 PDF");
}

#[test]
fn a_printer_chosen_in_settings_gets_the_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let (app, log) = recorded(&dir);
    let mut h = harness(app);
    h.run();
    h.get_by_label("设置").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "打印方式")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "打印方式").click();
    h.run();
    h.get_by_label("直接送到打印机").click();
    h.run();
    // A name CUPS would not take: said under the section, nothing saved.
    type_into(&mut h, "打印机", "前台 HP");
    h.get_by_label("保存").click();
    h.run();
    h.get_by_label_contains("不能含有空格");
    h.get_by_label("有填写错误，设置未保存，请看下面标红的说明。");
    let stored = |h: &Harness<'_, App>| {
        taizhang::db::settings::get(h.state().db(), taizhang::db::settings::PRINT_DELIVERY).unwrap()
    };
    assert_eq!(stored(&h), "");
    replace_text(&mut h, "打印机", "TaizhangPDF");
    h.get_by_label("保存").click();
    h.run();
    assert_eq!(status(&h), "设置已保存。");
    assert_eq!(stored(&h), "打印机:TaizhangPDF");
    // The change is in 操作日志, by its name.
    let today = crate::common::today();
    let log_rows = taizhang::db::audit::entries(h.state().db(), today, today).unwrap();
    assert!(
        log_rows
            .iter()
            .any(|r| r.changes.contains("打印方式") && r.changes.contains("TaizhangPDF")),
        "{log_rows:?}"
    );

    // A receipt from 收据: 打印… then 打印 sends it to the printer.
    h.get_by_label("收费台账").click();
    h.run();
    h.run();
    h.get_by_label("收据").click();
    h.run();
    h.run();
    let number = h.state().charging.year_receipts()[0].number.clone();
    h.state_mut().run(taizhang::app::Command::Charging(
        taizhang::app::ChargeCommand::Output(taizhang::app::ChargeOutput::Receipt(number)),
    ));
    h.run();
    h.get_by_label_contains("直接送到打印机“TaizhangPDF”");
    let out = dir.path().join("收据.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    assert!(out.exists());
    assert_eq!(
        delivered(&log),
        vec![Delivered {
            path: out,
            how: Delivery::Printer("TaizhangPDF".into())
        }]
    );
    assert!(
        status(&h).contains("已送到打印机“TaizhangPDF”"),
        "{}",
        status(&h)
    );
}

/// The direct path for real: `lp` to the CUPS-PDF queue `scripts/test.sh` set up (its name in
/// TAIZHANG_TEST_PRINTER, its output folder in TAIZHANG_TEST_PRINTER_OUT), and the job's
/// output read back. Outside the script (no queue) there is nothing to print to.
#[test]
fn a_receipt_sent_to_a_cups_pdf_printer_comes_out_of_it() {
    let (Ok(printer), Ok(out_dir)) = (
        std::env::var("TAIZHANG_TEST_PRINTER"),
        std::env::var("TAIZHANG_TEST_PRINTER_OUT"),
    ) else {
        eprintln!("没有测试打印机（scripts/test.sh 会安装并启动 CUPS-PDF），跳过");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    std::fs::copy(crate::ui::demo_template(), &path).unwrap();
    let conn = taizhang::db::open(&path, crate::common::now()).unwrap();
    let number: String = conn
        .query_row(
            "SELECT receipt_no FROM payment ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let pdf = dir.path().join("收据.pdf");
    taizhang::pdf::charging::print_receipt(&conn, &number, &pdf, crate::common::now()).unwrap();

    let said = Outlet::System
        .deliver(&pdf, &Delivery::Printer(printer.clone()))
        .unwrap();
    let job = said
        .split("打印任务 ")
        .nth(1)
        .and_then(|s| s.strip_suffix('）'))
        .unwrap_or_else(|| panic!("no job id in {said:?}"))
        .to_string();
    assert!(job.starts_with(&format!("{printer}-")), "{job}");
    // CUPS-PDF names its output after the job: …job_N.pdf.
    let n = job.rsplit('-').next().unwrap();
    let suffix = format!("job_{n}.pdf");
    let sent_at = std::time::SystemTime::now() - std::time::Duration::from_secs(2);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let printed = loop {
        let found = std::fs::read_dir(&out_dir).ok().and_then(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .find(|p| p.to_string_lossy().ends_with(&suffix))
        });
        if let Some(p) = found
            // This job's, not one left from an earlier run with the same number.
            && std::fs::metadata(&p)
                .is_ok_and(|m| m.len() > 0 && m.modified().is_ok_and(|t| t >= sent_at))
            && crate::common::pdf_pages(&p).iter().any(|t| !t.is_empty())
        {
            break p;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "job {job} did not come out in {out_dir} within 90 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(300));
    };
    // What came out is the receipt: CUPS-PDF redraws it through Ghostscript (the text is no
    // longer extractable, as on paper), so the pages are compared as pictures.
    assert_eq!(
        crate::common::pdf_pages(&printed).len(),
        crate::common::pdf_pages(&pdf).len(),
        "as many pages"
    );
    let (w, h, sent) = page_picture(&pdf, dir.path(), "sent");
    let (w2, h2, came) = page_picture(&printed, dir.path(), "came");
    assert_eq!((w, h), (w2, h2), "the same paper size");
    // Compared in blocks of 6×6 pixels (the glyphs' edges are drawn a little differently): a
    // different receipt differs in some 40 % of the inked blocks, the printed one in none.
    let (a, b) = (blocks(w, h, &sent), blocks(w, h, &came));
    let inked = a.iter().filter(|&&v| v < 250).count();
    assert!(inked > 200, "the receipt has ink: {inked} blocks");
    let apart = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.abs_diff(**y) > 32)
        .count();
    assert!(
        apart * 50 < inked,
        "the printed page is the receipt: {apart} of {inked} inked blocks differ"
    );

    // A queue that does not exist: refused in Chinese, naming it; the PDF stays.
    let e = Outlet::System
        .deliver(&pdf, &Delivery::Printer("没有这台".into()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("打印机“没有这台”没有接受打印任务"), "{e}");
    assert!(pdf.exists());
}

/// The first page of a PDF drawn at 50 dpi in grey: width, height, one byte a pixel.
fn page_picture(
    pdf: &std::path::Path,
    dir: &std::path::Path,
    name: &str,
) -> (usize, usize, Vec<u8>) {
    let prefix = dir.join(name);
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "50", "-gray", "-singlefile", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftoppm failed on {}", pdf.display());
    let bytes = std::fs::read(prefix.with_extension("pgm")).unwrap();
    // P5 <w> <h> 255 <one whitespace> <pixels>
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// The mean grey of each 6×6 block of a picture, row by row.
fn blocks(w: usize, h: usize, px: &[u8]) -> Vec<u8> {
    let k = 6;
    let mut out = Vec::new();
    for by in (0..=h - k).step_by(k) {
        for bx in (0..=w - k).step_by(k) {
            let sum: usize = (0..k)
                .flat_map(|y| (0..k).map(move |x| (y, x)))
                .map(|(y, x)| px[(by + y) * w + bx + x] as usize)
                .sum();
            out.push((sum / (k * k)) as u8);
        }
    }
    out
}
