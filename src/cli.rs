//! The batch command line: `taizhang [--db PATH] COMMAND …`. With no command the window opens.
//! Scripts depend on these names and flags: keep them as the issues wrote them.

use crate::error::{Error, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "taizhang",
    version,
    about = "台账 — 物业管理处的记录台账。不带命令时打开窗口。",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// 数据库文件（默认：用户数据目录下的 taizhang.db）
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 从 Excel（.xlsx）或 CSV 文件导入数据
    #[command(subcommand)]
    Import(ImportWhat),
    /// 打印文档为 PDF
    #[command(subcommand)]
    Print(PrintWhat),
    /// 导出数据为 Excel（.xlsx）
    #[command(subcommand)]
    Export(ExportWhat),
    /// 在空数据库中生成演示小区（锦绣花园）
    Demo,
    /// 检查数据库完整性并报告结构版本
    Check,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// 导入房屋与业主（列：楼栋、单元、房号、收费面积、用途、状态、业主姓名、联系电话、身份证号）
    Units {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入员工花名册（列：姓名、性别、部门、岗位、入职日期、电话、身份证号、状态）；已有员工按身份证号等对应后更新
    Staff {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// 导出员工花名册（含离职人员），列与导入相同
    Staff {
        /// 输出 Excel 文件
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PrintWhat {
    /// 打印一栋楼的房屋清册
    Roster {
        /// 楼栋名称，如“10号楼”（只写数字 10 也可以）
        #[arg(long, value_name = "NAME")]
        building: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印员工花名册（默认只含在职员工）
    RosterStaff {
        /// 输出 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// 同时列出离职人员
        #[arg(long)]
        all: bool,
    },
    /// 打印一名员工的档案卡
    StaffCard {
        /// 员工姓名
        #[arg(long, value_name = "NAME")]
        name: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

/// clap's own messages are English; the office reads Chinese. The kinds that a mistyped
/// command produces get a Chinese sentence, with clap's detail kept underneath.
pub fn chinese_usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let head = match e.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数“{}”。", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("没有“{}”这个命令。", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{}。", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "命令不完整，缺少子命令。".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "参数 {} 的值“{}”无效。",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::InvalidValue)
        ),
        ErrorKind::ArgumentConflict => "参数互相冲突。".to_string(),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "参数的个数不对。".to_string(),
        _ => "命令行有误。".to_string(),
    };
    format!(
        "错误：{head}\n用 taizhang --help 查看用法。\n\n{}",
        e.render()
    )
}

fn db_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => crate::db::default_path(),
    }
}

/// Runs a batch command, printing its result. Errors come back for main to print and exit 1.
pub fn run(cli: &Cli, command: &Command) -> Result<()> {
    let path = db_path(cli)?;
    match command {
        Command::Import(ImportWhat::Units { file }) => {
            if !file.exists() {
                return Err(Error::invalid(format!(
                    "找不到要导入的文件“{}”。",
                    file.display()
                )));
            }
            let conn = crate::db::open(&path)?;
            let n = crate::io::units::import_file(&conn, file, &mut |_, _| {})?;
            println!("导入成功：新增房屋 {n} 户（文件：{}）。", file.display());
        }
        Command::Import(ImportWhat::Staff { file }) => {
            if !file.exists() {
                return Err(Error::invalid(format!(
                    "找不到要导入的文件“{}”。",
                    file.display()
                )));
            }
            let conn = crate::db::open(&path)?;
            let plan = crate::io::staff::import_file(&conn, file, &mut |_, _| {})?;
            println!(
                "导入成功：新增员工 {} 人，更新 {} 人（文件：{}）。",
                plan.added,
                plan.updated,
                file.display()
            );
            if !plan.new_departments.is_empty() {
                println!("新建部门：{}", plan.new_departments.join("、"));
            }
            if !plan.new_positions.is_empty() {
                println!("新建岗位：{}", plan.new_positions.join("、"));
            }
        }
        Command::Export(ExportWhat::Staff { out }) => {
            let conn = crate::db::open(&path)?;
            let staff = crate::db::staff::list_staff(&conn)?;
            crate::io::staff::export_xlsx(&staff, out)?;
            println!("已导出 {}：员工 {} 人。", out.display(), staff.len());
        }
        Command::Print(PrintWhat::RosterStaff { out, all }) => {
            let conn = crate::db::open(&path)?;
            let pages = crate::pdf::staff::print_roster(&conn, *all, out)?;
            println!("已生成 {}：员工花名册，共 {pages} 页。", out.display());
        }
        Command::Print(PrintWhat::StaffCard { name, out }) => {
            let conn = crate::db::open(&path)?;
            let found = crate::db::staff::find_staff_by_name(&conn, name)?;
            let person = match found.as_slice() {
                [] => return Err(Error::invalid(format!("没有名为“{name}”的员工。"))),
                [one] => one,
                many => {
                    let list: Vec<String> = many
                        .iter()
                        .map(|s| format!("{}（{} {}）", s.name, s.department, s.state))
                        .collect();
                    return Err(Error::invalid(format!(
                        "有 {} 名员工叫“{name}”：{}。请在窗口中打印。",
                        many.len(),
                        list.join("、")
                    )));
                }
            };
            let pages = crate::pdf::staff::print_card(&conn, person.id, out)?;
            println!(
                "已生成 {}：{} 的员工档案卡，共 {pages} 页。",
                out.display(),
                person.name
            );
        }
        Command::Print(PrintWhat::Roster { building, out }) => {
            let conn = crate::db::open(&path)?;
            let building = crate::domain::estate::building_name(building);
            let pages = crate::pdf::roster::print_roster(&conn, &building, out)?;
            println!(
                "已生成 {}：{building} 房屋清册，共 {pages} 页。",
                out.display()
            );
        }
        Command::Demo => {
            let conn = crate::db::open(&path)?;
            match crate::demo::fill(&conn)? {
                Some(n) => println!(
                    "已生成演示小区“锦绣花园”：房屋 {n} 户（数据库：{}）。",
                    path.display()
                ),
                None => println!("数据库 {} 中已有房屋数据，未添加演示数据。", path.display()),
            }
        }
        Command::Check => {
            if !path.exists() {
                return Err(Error::invalid(format!(
                    "数据库文件“{}”不存在。",
                    path.display()
                )));
            }
            let conn = crate::db::open(&path)?;
            let (problems, version) = crate::db::integrity_check(&conn)?;
            let stats = crate::db::estate::estate_stats(&conn)?;
            println!("数据库：{}", path.display());
            println!(
                "结构版本：{version}（本程序支持 {}）",
                crate::db::SCHEMA_VERSION
            );
            println!("楼栋 {} 栋，房屋 {} 户。", stats.buildings, stats.units);
            let staff = crate::db::staff::list_staff(&conn)?;
            println!(
                "员工 {} 人（在职 {} 人）。",
                staff.len(),
                staff.iter().filter(|s| s.active()).count()
            );
            if problems.len() == 1 && problems[0] == "ok" {
                println!("完整性检查：正常（ok）");
            } else {
                return Err(Error::Damaged {
                    path,
                    detail: problems.join("；"),
                });
            }
        }
    }
    Ok(())
}
