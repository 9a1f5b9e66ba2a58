//! 打印: what happens to a finished PDF — opened in the desktop's PDF viewer (the default: the
//! clerk prints from there), or sent straight to a chosen printer (CUPS `lp` on Linux and
//! macOS, the shell's PrintTo verb on Windows). The PDF is always kept where it was written.
//!
//! The window is handed `Outlet::System` by `run_window`; everything else (the kittests) gets
//! an outlet that only records what it was asked to deliver, so no test ever opens a viewer.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The office's choice, stored as the setting `print.delivery`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Delivery {
    /// Open the PDF in the desktop's viewer.
    #[default]
    Open,
    /// Send it to this printer (its queue name, as `lpstat -e` lists it).
    Printer(String),
}

const PRINTER_PREFIX: &str = "打印机:";

impl Delivery {
    /// The stored setting: `打开`, or `打印机:名称`; anything else reads as the default.
    pub fn parse(s: &str) -> Delivery {
        match s.trim().strip_prefix(PRINTER_PREFIX) {
            Some(name) if check_printer_name(name).is_ok() => {
                Delivery::Printer(name.trim().to_string())
            }
            _ => Delivery::Open,
        }
    }

    pub fn as_setting(&self) -> String {
        match self {
            Delivery::Open => "打开".into(),
            Delivery::Printer(p) => format!("{PRINTER_PREFIX}{p}"),
        }
    }

    /// What 打印 does, said in the print windows.
    pub fn describe(&self) -> String {
        match self {
            Delivery::Open => {
                "点“开始打印”：保存 PDF 并用本机的 PDF 查看器打开，在查看器里选打印机打印。".into()
            }
            Delivery::Printer(p) => format!("点“开始打印”：保存 PDF 并直接送到打印机“{p}”。"),
        }
    }
}

/// A printer's queue name as `lp -d` takes it: not empty, at most 127 characters, no spaces,
/// tabs, `/`, `#` or control characters (CUPS's own rule for queue names).
pub fn check_printer_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "请填写打印机名称（点“查找打印机”可从本机的打印机中选）",
        ));
    }
    if name.chars().count() > 127 {
        return Err(Error::invalid("打印机名称太长（最多 127 个字符）"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '/' || *c == '#')
    {
        let shown = if c.is_whitespace() {
            "空格".to_string()
        } else {
            format!("“{c}”")
        };
        return Err(Error::invalid(format!(
            "打印机名称“{name}”不对：不能含有{shown}（请用“查找打印机”列出的名称）"
        )));
    }
    Ok(name.to_string())
}

/// One PDF handed to a held outlet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub path: PathBuf,
    pub how: Delivery,
}

/// Where finished PDFs go.
#[derive(Debug, Clone)]
pub enum Outlet {
    /// The desktop's viewer or the printer, for real.
    System,
    /// Nothing leaves the program: each request is recorded (tests).
    Held(Arc<Mutex<Vec<Delivered>>>),
}

impl Default for Outlet {
    fn default() -> Self {
        Outlet::Held(Arc::default())
    }
}

impl Outlet {
    /// Hands `path` over as `how` says; says what was done, or why it could not be (the PDF
    /// stays saved either way, and the message says where).
    pub fn deliver(&self, path: &Path, how: &Delivery) -> Result<String> {
        match self {
            Outlet::Held(log) => {
                if let Ok(mut log) = log.lock() {
                    log.push(Delivered {
                        path: path.to_path_buf(),
                        how: how.clone(),
                    });
                }
                Ok(match how {
                    Delivery::Open => "已打开 PDF".to_string(),
                    Delivery::Printer(p) => format!("已送到打印机“{p}”"),
                })
            }
            Outlet::System => match how {
                Delivery::Open => open::that_detached(path)
                    .map(|()| "已用 PDF 查看器打开".to_string())
                    .map_err(|e| {
                        // The launcher's own words are for whoever supports the office.
                        tracing::warn!("opening {}: {e}", path.display());
                        Error::invalid(format!(
                            "PDF 已保存到 {}，但没能打开 PDF 查看器。请在文件夹里打开它打印，或在 设置 › 打印 里改为直接送打印机。",
                            path.display()
                        ))
                    }),
                Delivery::Printer(p) => send_to_printer(path, p),
            },
        }
    }
}

/// The job's id from what `lp` printed (`request id is 办公室-12 (1 file(s))`).
pub fn job_id(lp_output: &str) -> Option<String> {
    let rest = lp_output.split("request id is ").nth(1)?;
    let id = rest.split_whitespace().next()?;
    (!id.is_empty()).then(|| id.to_string())
}

/// The printers this computer knows, by queue name.
pub fn printers() -> Result<Vec<String>> {
    #[cfg(windows)]
    let out = run_tool(
        "powershell",
        &[
            "-NoProfile",
            "-Command",
            "Get-Printer | Select-Object -ExpandProperty Name",
        ],
    )?;
    #[cfg(not(windows))]
    let out = run_tool("lpstat", &["-e"])?;
    if !out.status.success() {
        return Err(Error::invalid(format!(
            "无法列出本机的打印机：{}",
            said(&out).unwrap_or_else(|| "打印服务没有回答".into())
        )));
    }
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

#[cfg(not(windows))]
fn send_to_printer(path: &Path, printer: &str) -> Result<String> {
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = path.to_string_lossy();
    let out = run_tool("lp", &["-d", printer, "-t", &title, "--", &file])?;
    if !out.status.success() {
        return Err(Error::invalid(format!(
            "打印机“{printer}”没有接受打印任务（{}）。PDF 已保存到 {}，可以打开它手动打印。",
            said(&out).unwrap_or_else(|| "原因不明".into()),
            path.display()
        )));
    }
    Ok(match job_id(&String::from_utf8_lossy(&out.stdout)) {
        Some(id) => format!("已送到打印机“{printer}”（打印任务 {id}）"),
        None => format!("已送到打印机“{printer}”"),
    })
}

#[cfg(windows)]
fn send_to_printer(path: &Path, printer: &str) -> Result<String> {
    // The PDF viewer registered for the PrintTo verb prints it on the named printer.
    let quoted = |s: &str| s.replace('\'', "''");
    let script = format!(
        "Start-Process -FilePath '{}' -Verb PrintTo -ArgumentList '\"{}\"' -WindowStyle Hidden",
        quoted(&path.to_string_lossy()),
        quoted(printer)
    );
    let out = run_tool("powershell", &["-NoProfile", "-Command", &script])?;
    if !out.status.success() {
        return Err(Error::invalid(format!(
            "打印机“{printer}”没有接受打印任务（{}）。PDF 已保存到 {}，可以打开它手动打印。",
            said(&out).unwrap_or_else(|| "本机没有能打印 PDF 的程序".into()),
            path.display()
        )));
    }
    Ok(format!("已送到打印机“{printer}”"))
}

/// Runs a printing tool with the C locale (its output is read back).
fn run_tool(program: &str, args: &[&str]) -> Result<std::process::Output> {
    std::process::Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::invalid(format!(
                    "本机没有打印服务（找不到命令 {program}）。请安装打印服务（Linux：CUPS），或在 设置 › 打印 里改为用 PDF 查看器打开。"
                ))
            } else {
                Error::invalid(format!("无法运行打印命令 {program}：{e}"))
            }
        })
}

/// What a tool said on stderr (or stdout), on one line.
fn said(out: &std::process::Output) -> Option<String> {
    let text = if out.stderr.is_empty() {
        &out.stdout
    } else {
        &out.stderr
    };
    let text = String::from_utf8_lossy(text);
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_setting_reads_back() {
        for d in [Delivery::Open, Delivery::Printer("Office_HP-1".into())] {
            assert_eq!(Delivery::parse(&d.as_setting()), d);
        }
        assert_eq!(Delivery::parse(""), Delivery::Open);
        assert_eq!(Delivery::parse("打印机:"), Delivery::Open);
        assert_eq!(Delivery::parse("打印机:有 空格"), Delivery::Open);
        assert_eq!(
            Delivery::parse(" 打印机: 前台 "),
            Delivery::Printer("前台".into())
        );
    }

    #[test]
    fn printer_names_follow_cups_rules() {
        assert_eq!(
            check_printer_name(" 前台HP ").ok().as_deref(),
            Some("前台HP")
        );
        for bad in ["", "  ", "a b", "a/b", "a#b", "a\tb"] {
            assert!(check_printer_name(bad).is_err(), "{bad:?}");
        }
        let long = "p".repeat(128);
        assert!(check_printer_name(&long).is_err());
        let e = check_printer_name("HP LaserJet")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("“HP LaserJet”") && e.contains("空格"), "{e}");
    }

    #[test]
    fn the_job_id_is_read_from_lp() {
        assert_eq!(
            job_id("request id is TaizhangPDF-12 (1 file(s))\n").as_deref(),
            Some("TaizhangPDF-12")
        );
        assert_eq!(job_id("lp: The printer or class does not exist."), None);
        assert_eq!(job_id("request id is "), None);
    }

    #[test]
    fn a_held_outlet_records_and_opens_nothing() {
        let log: Arc<Mutex<Vec<Delivered>>> = Arc::default();
        let outlet = Outlet::Held(log.clone());
        let said = outlet.deliver(Path::new("/tmp/a.pdf"), &Delivery::Printer("前台".into()));
        assert_eq!(said.ok().as_deref(), Some("已送到打印机“前台”"));
        let got = log.lock().map(|l| l.clone()).unwrap_or_default();
        assert_eq!(
            got,
            vec![Delivered {
                path: "/tmp/a.pdf".into(),
                how: Delivery::Printer("前台".into())
            }]
        );
    }

    proptest! {
        #[test]
        fn any_setting_text_reads_without_panic(s in "\\PC{0,40}") {
            let d = Delivery::parse(&s);
            prop_assert_eq!(Delivery::parse(&d.as_setting()), d);
        }

        #[test]
        fn any_lp_output_reads_without_panic(s in "\\PC{0,80}") {
            if let Some(id) = job_id(&s) {
                prop_assert!(!id.is_empty() && !id.contains(char::is_whitespace));
            }
        }

        #[test]
        fn a_checked_name_is_kept_as_the_setting(s in "[A-Za-z0-9_\\-\\.前台打印机]{1,30}") {
            let name = check_printer_name(&s);
            prop_assert!(name.is_ok());
            let d = Delivery::Printer(name.unwrap_or_default());
            prop_assert_eq!(Delivery::parse(&d.as_setting()), d);
        }
    }
}
