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
    after_help = "环境变量 TAIZHANG_NOW=2026-11-24T10:00 把程序的当前时间固定在该时刻（用于测试，\n\
                  以及按过去某一天重新生成当天的单据）；不设置时使用本机时间。\n\
                  设置过用户的数据库上，写入数据的命令须加 --user 姓名，密码取自环境变量\n\
                  TAIZHANG_PASSWORD，没有时在终端提示输入；按该用户的角色检查权限。只读的\n\
                  报表、打印（发通知除外）和导出不需要。",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// 数据库文件（默认：用户数据目录下的 taizhang.db）
    #[arg(long, global = true, value_name = "路径")]
    pub db: Option<PathBuf>,

    /// 执行写入命令的用户（设置过用户的数据库必须写；密码见 TAIZHANG_PASSWORD）
    #[arg(long, global = true, value_name = "姓名")]
    pub user: Option<String>,

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
    /// 钥匙借出、归还与查询
    #[command(subcommand)]
    Keys(KeysWhat),
    /// 生成一个期间的应收（重复运行只补新增的房屋，不会重复出账）
    Bill {
        /// 所属期间，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        period: String,
    },
    /// 输出报表（CSV 或 JSON）
    #[command(subcommand)]
    Report(ReportWhat),
    /// 在空数据库中生成演示小区（锦绣花园）；--scale large 生成十年的大型管理处（5000 户）
    Demo {
        /// 规模：small（默认，412 户、十四个月）或 large（5000 户、2016-12 至 2026-11，约 445 MB）
        #[arg(long, value_enum, default_value = "small")]
        scale: DemoScale,
        /// 随机种子（同一种子总是生成同样的数据）
        #[arg(long, default_value_t = 2016)]
        seed: u64,
    },
    /// 检查数据库完整性并报告结构版本
    Check,
    /// 用户：首次设置经理账户、添加、停用、重设密码、恢复码
    #[command(subcommand)]
    Users(UsersWhat),
    /// 把数据库备份到一个文件（一致的副本，检查通过后才落成该文件名）
    Backup {
        /// 备份文件，如 /media/u盘/台账备份.db
        #[arg(long, value_name = "文件")]
        to: PathBuf,
    },
    /// 用备份文件恢复数据库（先把当前数据库另存为 <数据库>.恢复前-时间；损坏或来自更新版本的备份拒绝恢复）
    Restore {
        /// 备份文件
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DemoScale {
    Small,
    Large,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// 导入房屋与业主（列：楼栋、单元、房号、收费面积、用途、状态、业主姓名、联系电话、身份证号）
    Units {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入钥匙清册（列：挂牌号、类别、品种、楼栋、单元、房号、对应位置、挂放位置、数量、紧急备用）
    Keys {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入收费项目（列：收费项目、计费方式、单价、适用范围、起始期间、可退还、备注）；已有项目按起始期间调价
    FeeItems {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入抄表读数（列：楼栋、单元、房号、收费项目、所属期间、本期读数、换表、新表起始读数）
    MeterReadings {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入历史收费台账（列：楼栋、单元、房号、收费项目、所属期间、金额、收款日期、付款方式、收据号）
    Payments {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入考核扣分记录（列：月份、姓名、考核项目、次数、日期、说明）；全部正确才导入
    Deductions {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入员工花名册（列：姓名、性别、部门、岗位、入职日期、电话、身份证号、状态）；已有员工按身份证号等对应后更新
    Staff {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入走访记录（列：日期、楼栋、单元、房号、走访人、类型、内容、业主意见、满意度、需跟进、跟进完成日期、业主签字、照片）；全部正确才导入
    Visits {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入投诉登记（列：受理时间、渠道、楼栋、单元、房号、投诉人、电话、内容、责任部门、处理人、是否有效、责任人、首次回复时间、办结时间、约定完成时间、回访时间、回访结果）；全部正确才导入
    Complaints {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入报修记录（列：报修时间、楼栋、单元、房号、报修人、电话、内容、类别、有偿、预约时间、维修人、完成时间、结果、费用、回访时间、满意度）；全部正确才导入
    Repairs {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入按户收费的订户（列：楼栋、单元、房号、收费项目、车位号、车牌号、起始期间、结束期间、单价），如出租的车位；全部正确才导入
    Subscriptions {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入档案目录（列：档案号、类别、题名、楼栋、单元、房号或员工、存放位置、密级、保管期限、页数、形成日期、备注）；存放位置按需新建；全部正确才导入
    Archives {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
    /// 导入工作日历（列：日期、类型：节假日/调休上班），供“3 个工作日”的回访时限使用
    Calendar {
        /// 要导入的文件（.xlsx 或 .csv）
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersWhat {
    /// 首次设置：在没有用户的数据库上建立经理账户（密码取自 TAIZHANG_NEW_PASSWORD 或提示输入），并打印一次性恢复码
    Init {
        /// 经理姓名
        #[arg(long, value_name = "姓名")]
        name: String,
    },
    /// 添加用户（须经理；新用户的密码取自 TAIZHANG_NEW_PASSWORD 或提示输入）
    Add {
        /// 姓名
        name: String,
        /// 角色：经理、客服、钥匙管理员、只读
        #[arg(long, value_name = "角色")]
        role: String,
    },
    /// 列出用户与角色
    List,
    /// 停用用户（不删除：历史记录仍指向他）
    Disable {
        /// 姓名
        name: String,
    },
    /// 重设用户的密码（须经理；新密码取自 TAIZHANG_NEW_PASSWORD 或提示输入）
    Passwd {
        /// 姓名
        name: String,
    },
    /// 忘记经理密码：用设置时打印的恢复码重设（新密码取自 TAIZHANG_NEW_PASSWORD 或提示输入）
    Recover {
        /// 恢复码，如 ABCD-EFGH-JKLM-NPQR
        code: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysWhat {
    /// 借出钥匙（借用人为在职员工时自动带出电话；外来人员须 --phone）
    Lend {
        /// 挂牌号
        tag: String,
        /// 借用人姓名
        #[arg(long, value_name = "姓名")]
        to: String,
        /// 借用人电话
        #[arg(long, value_name = "电话")]
        phone: Option<String>,
        /// 借用事由
        #[arg(long, value_name = "事由")]
        purpose: Option<String>,
        /// 应还时间（默认当班结束，即下一个交班时间，见“设置”；可写 18:00、今天、明天、2026-11-25 18:00）
        #[arg(long, value_name = "时间")]
        due: Option<String>,
        /// 紧急借用的原因（借紧急备用钥匙时必填）
        #[arg(long, value_name = "原因")]
        emergency: Option<String>,
        /// 单位（外来人员）
        #[arg(long, value_name = "单位")]
        company: Option<String>,
        /// 经办的钥匙管理员（默认：当班管理员）
        #[arg(long, value_name = "姓名")]
        by: Option<String>,
    },
    /// 归还钥匙
    Return {
        /// 挂牌号
        tag: String,
        /// 经办的钥匙管理员（默认：当班管理员）
        #[arg(long, value_name = "姓名")]
        by: Option<String>,
    },
    /// 列出钥匙
    List {
        /// out：借出中；overdue：超期未还；in：在库（默认全部）
        #[arg(long, value_enum)]
        state: Option<KeyFilter>,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ListFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeyFilter {
    Out,
    Overdue,
    In,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ArchiveState {
    Out,
    Overdue,
    All,
}

#[derive(Debug, Subcommand)]
pub enum ReportWhat {
    /// 一个期间的收缴率：全小区、各楼栋、各收费项目
    Collection {
        /// 所属期间，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        period: String,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 一个月的员工考核得分、等级与排名
    Scores {
        /// 考核月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 一个季度各部门的服务质量考核（总分、等级、奖罚）
    Quality {
        /// 考核季度，如 2026Q3
        #[arg(long, value_name = "YYYYQn")]
        quarter: String,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 一个月各人的走访户数、记录不完整份数、目标与差额
    Visits {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 一个月受理的投诉，及每个时限此刻的状态（未到期、即将到期、已完成、超时）
    Complaints {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 一个月的报修：状态、是否及时、回访
    Repairs {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 操作日志：一段日期内谁在何时做了什么（须经理，--user）
    Audit {
        /// 起始日期，如 2026-11-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// 截止日期（含当天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 一年发出的通知（文号、日期、模板、范围、经办）
    Notices {
        /// 年度，如 2026
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 档案查阅、借阅：借出未还（out）、逾期未还（overdue）或全部申请（all）
    Archives {
        /// 范围：out 借出未还，overdue 逾期未还，all 全部
        #[arg(long, value_enum, default_value = "out")]
        state: ArchiveState,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
    /// 截至某日的欠费户与账龄
    Arrears {
        /// 截至日期，如 2026-11-30
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: String,
        /// 输出格式
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// 导出一个期间的收费台账（纸质台账格式）
    Ledger {
        /// 所属期间，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        period: String,
        /// 输出 Excel 文件
        #[arg(long, value_name = "文件.xlsx")]
        out: PathBuf,
    },
    /// 导出员工花名册（含离职人员），列与导入相同
    Staff {
        /// 输出 Excel 文件
        #[arg(long, value_name = "文件.xlsx")]
        out: PathBuf,
    },
    /// 导出一个月的走访记录，列与导入相同
    Visits {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出 Excel 文件
        #[arg(long, value_name = "文件.xlsx")]
        out: PathBuf,
    },
    /// 导出一个月的投诉登记，列与导入相同
    Complaints {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出 Excel 文件
        #[arg(long, value_name = "文件.xlsx")]
        out: PathBuf,
    },
    /// 导出一个月的报修记录，列与导入相同
    Repairs {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出 Excel 文件
        #[arg(long, value_name = "文件.xlsx")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PrintWhat {
    /// 打印（补打）一张收款收据
    Receipt {
        /// 收据号，如 2026-000123
        number: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 为截至某日所有欠费的房屋打印催缴通知书（一户一页，一个文件）
    Dunning {
        /// 截至日期，如 2026-11-30
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: String,
        /// 只印欠费至少 N 个月的（最早一笔欠费所属月份距截至日期所在月份的月数）
        #[arg(long = "min-months", value_name = "N")]
        min_months: Option<u32>,
        /// 只印这些楼栋的（可写多次）
        #[arg(long, value_name = "楼栋")]
        building: Vec<String>,
        /// 只印欠费不少于这个金额（元）的
        #[arg(long = "min-amount", value_name = "元")]
        min_amount: Option<String>,
        /// 只印这一天以来没有催缴过的
        #[arg(long = "not-dunned-since", value_name = "YYYY-MM-DD")]
        not_dunned_since: Option<String>,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印收款日结单：一天的收据按付款方式合计，作废的另列，带收款人、复核人签字栏
    DayClose {
        /// 收款日期，如 2026-12-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// 只列这位收款人的收据（不写为全部）
        #[arg(long, value_name = "姓名")]
        clerk: Option<String>,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一个期间的收缴率月报
    Collection {
        /// 所属期间，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        period: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印月度考核资料：部门汇总表和每人一页的月度考核评分表（一个文件）
    Scorecards {
        /// 考核月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一个季度的服务质量考核表
    Quality {
        /// 考核季度，如 2026Q3
        #[arg(long, value_name = "YYYYQn")]
        quarter: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一栋楼的房屋清册
    Roster {
        /// 楼栋名称，如“10号楼”（只写数字 10 也可以）
        #[arg(long, value_name = "姓名")]
        building: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印员工花名册（默认只含在职员工）
    RosterStaff {
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
        /// 同时列出离职人员
        #[arg(long)]
        all: bool,
    },
    /// 打印钥匙借返管理记录表
    KeyRegister {
        /// 开始日期，如 2026-11-01
        #[arg(long, value_name = "日期")]
        from: String,
        /// 结束日期，如 2026-11-30
        #[arg(long, value_name = "日期")]
        to: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印交接班盘点表（默认最近一次）
    KeyCount {
        /// 盘点编号
        #[arg(long, value_name = "N")]
        id: Option<i64>,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一个月的走访登记表（附每人走访户数与目标）
    VisitRegister {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一个月的投诉登记表（附每个时限的结果）
    ComplaintRegister {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一个月的报修登记表
    RepairRegister {
        /// 月份，如 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印维修派工单（一张 A4 上下两联，裁开后维修人带走一联）
    WorkOrder {
        /// 维修单号
        number: i64,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一段期间的档案借阅登记表
    ArchiveRegister {
        /// 开始日期，如 2026-11-01
        #[arg(long, value_name = "日期")]
        from: String,
        /// 结束日期，如 2026-11-30
        #[arg(long, value_name = "日期")]
        to: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一个档案柜或档案盒的档案目录（卷内目录）
    ArchiveIndex {
        /// 存放位置，如“档案室/A柜”或“档案室/A柜/第1层/01盒”
        #[arg(long, value_name = "位置")]
        location: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一次档案检查的检查记录
    ArchiveInspection {
        /// 检查名称，如“2026年上半年档案检查”
        #[arg(long, value_name = "名称")]
        campaign: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一个存放位置下各档案盒的标签（A4 标签纸，每页 8 张）
    ArchiveLabels {
        /// 存放位置，如“档案室/A柜”
        #[arg(long, value_name = "位置")]
        location: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 按模板发出一份通知（取本年下一个文号并登记），如 print notice 停水通知 --field 原因=管道检修
    Notice {
        /// 模板名称，如“停水通知”
        #[arg(value_name = "模板")]
        template: String,
        /// 字段的内容，写作 名称=值，可重复；日期可写 12-3，时间可写 12-3 9:00
        #[arg(long = "field", value_name = "名称=值")]
        fields: Vec<String>,
        /// 范围：楼栋或单元，逗号分隔，如 10号楼,11号楼2单元；不写为全小区
        #[arg(long, value_name = "楼栋,…")]
        to: Option<String>,
        /// 按单元各印一份，每份注明张贴的楼栋单元
        #[arg(long = "per-entrance")]
        per_entrance: bool,
        /// 经办人（登记在通知上；默认“管理处”）
        #[arg(long, value_name = "姓名")]
        by: Option<String>,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印一名员工的档案卡
    StaffCard {
        /// 员工姓名
        #[arg(long, value_name = "姓名")]
        name: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
}

/// The command line as the office reads it: clap's headings, its help and version flags and
/// its usage lines in Chinese, for the top level and every subcommand.
pub fn command() -> clap::Command {
    chinese(<Cli as clap::CommandFactory>::command())
}

/// Parses the process's arguments with [`command`].
pub fn parse() -> std::result::Result<Cli, clap::Error> {
    let matches = command().try_get_matches()?;
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
}

const HELP_TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn chinese(cmd: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .next_help_heading("选项")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        );
    if has_version {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号"),
        );
    }
    cmd.mut_args(|a| {
        let heading = if a.is_positional() {
            "参数"
        } else {
            "选项"
        };
        // Positional arguments are named after their fields by clap (FILE, TAG, NUMBER).
        let name = match a.get_id().as_str() {
            "file" => Some("文件"),
            "tag" => Some("挂牌号"),
            "number" => Some("收据号"),
            "format" => Some("格式"),
            "state" => Some("状态"),
            "scale" => Some("规模"),
            "seed" => Some("种子"),
            _ => None,
        };
        // Only where clap named it from the field (FILE for `file`), not where we did.
        let from_field = a
            .get_value_names()
            .is_none_or(|v| v.len() == 1 && v[0].as_str() == a.get_id().as_str().to_uppercase());
        match name {
            Some(n) if from_field => a.value_name(n),
            _ => a,
        }
        .help_heading(heading)
    })
    .mut_subcommands(chinese)
}

/// The words clap writes itself, in a rendered help or usage text, in Chinese.
pub fn chinese_text(rendered: &str) -> String {
    rendered
        .replace("Usage: ", "用法：")
        .replace("[OPTIONS]", "[选项]")
        .replace("[COMMAND]", "[命令]")
        .replace("<COMMAND>", "<命令>")
        .replace("[default: ", "[默认：")
        .replace("[possible values: ", "[可选：")
}

/// clap's own messages are English; the office reads Chinese. The kinds that a mistyped
/// command produces get a Chinese sentence and the usage line of the command concerned.
pub fn chinese_usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let head = match e.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数“{}”。", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("没有“{}”这个命令。", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "缺少必需的参数：{}。",
                chinese_text(&ctx(ContextKind::InvalidArg))
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "命令不完整，缺少子命令。".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = match e.get(ContextKind::ValidValue) {
                Some(clap::error::ContextValue::Strings(v)) => format!("，可选：{}", v.join("、")),
                _ => String::new(),
            };
            format!(
                "参数 {} 的值“{}”无效{valid}。",
                chinese_text(&ctx(ContextKind::InvalidArg)),
                ctx(ContextKind::InvalidValue)
            )
        }
        ErrorKind::ArgumentConflict => "参数互相冲突。".to_string(),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "参数的个数不对。".to_string(),
        _ => "命令行有误。".to_string(),
    };
    let tip = match e.get(ContextKind::SuggestedSubcommand) {
        Some(clap::error::ContextValue::Strings(v)) => format!(
            "是不是要输入{}？\n",
            v.iter()
                .map(|s| format!("“{s}”"))
                .collect::<Vec<_>>()
                .join("或")
        ),
        Some(v) => format!("是不是要输入“{v}”？\n"),
        None => String::new(),
    };
    // The usage line clap shows sits after "Usage: " in its English rendering.
    let rendered = e.render().to_string();
    let usage = rendered
        .lines()
        .find_map(|l| l.trim().strip_prefix("Usage: "))
        .map(|u| format!("用法：{}\n", chinese_text(u)))
        .unwrap_or_default();
    format!("错误：{head}\n{tip}{usage}用 taizhang --help 查看用法。")
}

fn db_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => crate::db::default_path(),
    }
}

thread_local! {
    /// What the running command printed (the 操作日志 keeps it as what was done).
    static SAID: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// `println!`, also kept for the 操作日志.
macro_rules! say {
    ($($arg:tt)*) => {{
        let line = format!($($arg)*);
        println!("{line}");
        SAID.with(|s| {
            let mut s = s.borrow_mut();
            s.push_str(&line);
            s.push('\n');
        });
    }};
}

/// Runs a batch command, printing its result. Errors come back for main to print and exit 1.
pub fn run(cli: &Cli, command: &Command, clock: crate::clock::Clock) -> Result<()> {
    let path = db_path(cli)?;
    // The moment this command runs: read once, here, and handed to everything below.
    let now = clock.now();
    if let Some(perm) = needs(command) {
        authorize(&path, cli.user.as_deref(), perm, now)?;
    }
    SAID.with(|s| s.borrow_mut().clear());
    execute(cli, command, &path, now)?;
    // 操作日志: a writing command that succeeded is logged once, with what it printed.
    if let Some(perm) = needs(command)
        && !matches!(command, Command::Users(_) | Command::Restore { .. })
        && path.exists()
    {
        let said = SAID.with(|s| s.borrow().trim().to_string());
        let conn = crate::db::open(&path, now)?;
        crate::db::audit::append(
            &conn,
            &crate::db::audit::Entry::new(
                now,
                cli.user.as_deref().unwrap_or(""),
                if matches!(command, Command::Import(_)) {
                    "导入"
                } else {
                    perm.as_str()
                },
                said,
            )
            .record(command_words(command)),
        )?;
    }
    Ok(())
}

/// The work of one command; what it prints goes through `say!` so the log can keep it.
fn execute(
    cli: &Cli,
    command: &Command,
    path: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<()> {
    let path = path.to_path_buf();
    match command {
        Command::Users(what) => users(&path, what, cli.user.as_deref().unwrap_or(""), now)?,
        Command::Import(ImportWhat::Units { file }) => {
            if !file.exists() {
                return Err(Error::invalid(format!(
                    "找不到要导入的文件“{}”。",
                    file.display()
                )));
            }
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::units::import_file(&conn, file, &mut |_, _| {}, now)?;
            say!(
                "导入成功：读取 {} 行，新增房屋 {} 户（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Import(ImportWhat::Subscriptions { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::subscriptions::import_file(&conn, file, now)?;
            say!(
                "导入成功：读取 {} 行，新增按户收费 {} 项（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Import(ImportWhat::Keys { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let by = custodian(&conn, &None)?;
            let r = crate::io::keys::import_file(&conn, file, &by, &mut |_, _| {}, now)?;
            say!(
                "导入成功：读取 {} 行，新增钥匙 {} 把（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Keys(what) => {
            let conn = crate::db::open(&path, now)?;
            run_keys(&conn, what, now)?;
        }
        Command::Import(ImportWhat::Visits { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::frontdesk::import_visits(&conn, file, now)?;
            say!(
                "导入成功：读取 {} 行，新增走访记录 {} 条（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Import(ImportWhat::Complaints { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::frontdesk::import_complaints(&conn, file, now)?;
            say!(
                "导入成功：读取 {} 行，新增投诉 {} 件（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Import(ImportWhat::Repairs { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::frontdesk::import_repairs(&conn, file, now)?;
            say!(
                "导入成功：读取 {} 行，新增报修 {} 件（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Import(ImportWhat::Archives { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let by = crate::db::settings::get(&conn, crate::db::archives::ARCHIVIST)?;
            let by = if by.trim().is_empty() {
                "导入".to_string()
            } else {
                by
            };
            let r = crate::io::archives::import_files(&conn, file, &by, now)?;
            say!(
                "导入成功：读取 {} 行，新增档案 {} 份（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Report(ReportWhat::Archives { state, format }) => {
            let which = match state {
                ArchiveState::Out => "out",
                ArchiveState::Overdue => "overdue",
                ArchiveState::All => "all",
            };
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::archives::requests_in_state(&conn, which, now)?;
            print!(
                "{}",
                crate::io::archives::requests_report(
                    which,
                    &rows,
                    now,
                    *format == ReportFormat::Json
                )?
            );
        }
        Command::Print(PrintWhat::ArchiveRegister { from, to, out }) => {
            let (from, to) = (parse_day("--from", from)?, parse_day("--to", to)?);
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::archives::print_register(&conn, from, to, out, now)?;
            say!("已生成 {}：档案借阅登记表，共 {pages} 页。", out.display());
        }
        Command::Print(PrintWhat::ArchiveIndex { location, out }) => {
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::archives::print_index(&conn, location, out, now)?;
            say!("已生成 {}：档案目录，共 {pages} 页。", out.display());
        }
        Command::Backup { to } => {
            let conn = crate::db::open(&path, now)?;
            let info = crate::db::backup::write_copy(&conn, to, now)?;
            crate::db::backup::record_ok(&conn, now)?;
            say!(
                "已备份到 {}（{:.1} MB，检查通过）：{}。",
                to.display(),
                info.bytes as f64 / 1e6,
                counts_text(&info)
            );
        }
        Command::Restore { file } => {
            let mut conn = crate::db::open(&path, now)?;
            let info = crate::db::backup::inspect(file)?;
            let before = crate::db::backup::current_info(&conn, &path)?;
            let aside = crate::db::backup::restore(&mut conn, &path, file, now)?;
            crate::db::audit::append(
                &conn,
                &crate::db::audit::Entry::new(
                    now,
                    cli.user.as_deref().unwrap_or(""),
                    "恢复",
                    format!("用 {} 恢复数据库", file.display()),
                )
                .record(format!("恢复前的数据库另存为 {}", aside.display())),
            )?;
            say!(
                "已用 {}（备份于 {}，结构版本 {}）恢复数据库 {}。\n恢复后：{}\n恢复前：{}\n恢复前的数据库已另存为 {}。",
                file.display(),
                info.taken_at
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "时间不详".into()),
                info.version,
                path.display(),
                counts_text(&info),
                counts_text(&before),
                aside.display()
            );
        }
        Command::Print(PrintWhat::Notice {
            template,
            fields,
            to,
            per_entrance,
            by,
            out,
        }) => {
            let conn = crate::db::open(&path, now)?;
            let t = crate::db::notices::template_by_name(&conn, template)?;
            let inputs = fields
                .iter()
                .map(|f| parse_field(f))
                .collect::<Result<Vec<_>>>()?;
            let estate = crate::db::settings::get(&conn, crate::db::settings::ESTATE_NAME)?;
            let targets = match to {
                Some(to) => crate::domain::notices::parse_targets(
                    to,
                    &estate,
                    &crate::db::notices::buildings(&conn)?,
                )
                .map_err(|e| Error::invalid(format!("--to：{e}")))?,
                None => vec![crate::domain::notices::Target::Estate],
            };
            let draft = crate::db::notices::NoticeDraft {
                template_id: t.id,
                inputs,
                targets,
                per_entrance: *per_entrance,
                copied_from: None,
            };
            let by = by.as_deref().unwrap_or("管理处");
            let (row, pages) = crate::pdf::notices::issue_notice(&conn, &draft, by, out, now)?;
            say!(
                "已生成 {}：{} {}，共 {pages} 页。",
                out.display(),
                row.title_text(),
                row.number
            );
        }
        Command::Report(ReportWhat::Audit { from, to, format }) => {
            let day = |s: &str, flag: &str| {
                crate::domain::date::parse_date(s)
                    .map_err(|e| Error::invalid(format!("{flag}：{e}")))
            };
            let (from, to) = (day(from, "--from")?, day(to, "--to")?);
            if to < from {
                return Err(Error::invalid("--to 早于 --from"));
            }
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::audit::entries(&conn, from, to)?;
            let json = (*format == ReportFormat::Json).then(|| {
                serde_json::json!({
                    "起始": crate::domain::date::iso(from),
                    "截止": crate::domain::date::iso(to),
                    "条数": rows.len(),
                    "明细": rows,
                })
            });
            print!(
                "{}",
                crate::io::assessment::to_text(
                    &rows,
                    &["时间", "操作人", "类别", "内容", "记录", "改动", "原因"],
                    json
                )?
            );
        }
        Command::Report(ReportWhat::Notices { year, format }) => {
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::notices::notices_of_year(&conn, *year)?;
            let estate = crate::db::settings::get(&conn, crate::db::settings::ESTATE_NAME)?;
            print!(
                "{}",
                crate::io::notices::notices_report(
                    *year,
                    &rows,
                    &estate,
                    *format == ReportFormat::Json
                )?
            );
        }
        Command::Print(PrintWhat::ArchiveLabels { location, out }) => {
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::archives::print_labels(&conn, location, out, now)?;
            say!("已生成 {}：档案盒标签，共 {pages} 页。", out.display());
        }
        Command::Print(PrintWhat::ArchiveInspection { campaign, out }) => {
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::archives::print_inspection(&conn, campaign, out, now)?;
            say!("已生成 {}：档案检查记录，共 {pages} 页。", out.display());
        }
        Command::Import(ImportWhat::Calendar { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::frontdesk::import_calendar(&conn, file)?;
            say!(
                "导入成功：读取 {} 行，工作日历登记 {} 天（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Import(ImportWhat::FeeItems { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::charging::import_items_file(&conn, file, "导入", now)?;
            let (added, rated) = r.done;
            say!(
                "导入成功：读取 {} 行，新增收费项目 {added} 个，调价 {rated} 项（文件：{}）。",
                r.rows,
                file.display()
            );
        }
        Command::Import(ImportWhat::MeterReadings { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let by = clerk(&conn)?;
            let r = crate::io::charging::import_readings_file(&conn, file, &by, now)?;
            say!(
                "导入成功：读取 {} 行，抄表读数 {} 条（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Import(ImportWhat::Payments { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let by = clerk(&conn)?;
            let r = crate::io::charging::import_payments_file(&conn, file, &by, now)?;
            let (receipts, billed) = r.done;
            say!(
                "导入成功：读取 {} 行，历史收据 {receipts} 张，其中补记应收 {billed} 笔（文件：{}）。",
                r.rows,
                file.display()
            );
        }
        Command::Import(ImportWhat::Deductions { file }) => {
            require_file(file)?;
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::assessment::import_deductions_file(&conn, file, "导入", now)?;
            say!(
                "导入成功：读取 {} 行，扣分记录 {} 条（文件：{}）。",
                r.rows,
                r.done,
                file.display()
            );
        }
        Command::Report(ReportWhat::Scores { month, format }) => {
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::assessment::month_overview(&conn, month)?;
            print!(
                "{}",
                crate::io::assessment::scores_report(month, &rows, *format == ReportFormat::Json)?
            );
        }
        Command::Report(ReportWhat::Visits { month, format }) => {
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::visits::month_targets(&conn, month)?;
            print!(
                "{}",
                crate::io::service::visits_report(month, &rows, *format == ReportFormat::Json)?
            );
        }
        Command::Report(ReportWhat::Complaints { month, format }) => {
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::complaints::month_complaints(&conn, month)?;
            let rules = crate::db::complaints::clock_rules(&conn)?;
            let cal = crate::db::complaints::calendar(&conn)?;
            print!(
                "{}",
                crate::io::service::complaints_report(
                    month,
                    &rows,
                    &rules,
                    &cal,
                    now,
                    *format == ReportFormat::Json
                )?
            );
        }
        Command::Report(ReportWhat::Repairs { month, format }) => {
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::repairs::month_repairs(&conn, month)?;
            print!(
                "{}",
                crate::io::service::repairs_report(month, &rows, *format == ReportFormat::Json)?
            );
        }
        Command::Report(ReportWhat::Quality { quarter, format }) => {
            let quarter = parse_quarter(quarter)?;
            let conn = crate::db::open(&path, now)?;
            let rules = crate::db::settings::load_quality_rules(&conn)?;
            let rows = crate::db::assessment::quality_report(&conn, quarter, &rules)?;
            print!(
                "{}",
                crate::io::assessment::quality_report(
                    quarter,
                    &rows,
                    &rules,
                    *format == ReportFormat::Json
                )?
            );
        }
        Command::Print(PrintWhat::Scorecards { month, out }) => {
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let (cards, pages) = crate::pdf::assessment::print_pack(&conn, month, out, now)?;
            say!(
                "已生成 {}：{} 月度考核资料，考核表 {cards} 份，共 {pages} 页。",
                out.display(),
                month.doc()
            );
        }
        Command::Print(PrintWhat::Quality { quarter, out }) => {
            let quarter = parse_quarter(quarter)?;
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::assessment::print_quality(&conn, quarter, out, now)?;
            say!(
                "已生成 {}：{} 服务质量考核表，共 {pages} 页。",
                out.display(),
                quarter.doc()
            );
        }
        Command::Bill { period } => {
            let period = parse_period(period)?;
            let conn = crate::db::open(&path, now)?;
            let by = clerk(&conn)?;
            let out = crate::db::charging::bill_period(&conn, period, &by, now)?;
            say!(
                "{} 生成应收 {} 笔，合计 {} 元；已存在 {} 笔未重复生成。",
                period.doc(),
                out.added,
                crate::domain::money::Money(out.total_fen).grouped(),
                out.existing
            );
            if out.credit_used_fen > 0 {
                say!(
                    "预收款抵扣 {} 元。",
                    crate::domain::money::Money(out.credit_used_fen).grouped()
                );
            }
            for n in &out.notes {
                say!("注意：{n}");
            }
        }
        Command::Report(ReportWhat::Collection { period, format }) => {
            let period = parse_period(period)?;
            let conn = crate::db::open(&path, now)?;
            let r = crate::db::charging::collection(&conn, period)?;
            print!(
                "{}",
                crate::io::charging::collection_report(&r, *format == ReportFormat::Json)?
            );
        }
        Command::Report(ReportWhat::Arrears { as_of, format }) => {
            let as_of = parse_day("--as-of", as_of)?;
            let conn = crate::db::open(&path, now)?;
            let rule = crate::db::settings::load_late_fee(&conn)?;
            let rows = crate::db::charging::arrears(&conn, as_of, &rule)?;
            print!(
                "{}",
                crate::io::charging::arrears_report(&rows, as_of, *format == ReportFormat::Json)?
            );
        }
        Command::Print(PrintWhat::Receipt { number, out }) => {
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::charging::print_receipt(&conn, number, out, now)?;
            say!("已生成 {}：收据 {number}，共 {pages} 页。", out.display());
        }
        Command::Print(PrintWhat::Dunning {
            as_of,
            min_months,
            building,
            min_amount,
            not_dunned_since,
            out,
        }) => {
            let as_of = parse_day("--as-of", as_of)?;
            let min_fen = match min_amount {
                Some(t) => crate::domain::money::Money::parse(t)
                    .map_err(|e| Error::invalid(format!("--min-amount：{e}。")))?
                    .fen(),
                None => 0,
            };
            let not_dunned_since = not_dunned_since
                .as_deref()
                .map(|d| parse_day("--not-dunned-since", d))
                .transpose()?;
            let conn = crate::db::open(&path, now)?;
            let known: Vec<String> = crate::db::notices::buildings(&conn)?
                .into_iter()
                .map(|(b, _)| b)
                .collect();
            for b in building {
                if !known.iter().any(|k| k == b.trim()) {
                    return Err(Error::invalid(format!(
                        "--building：没有楼栋“{}”（有：{}）。",
                        b.trim(),
                        known.join("、")
                    )));
                }
            }
            let filter = crate::db::charging::DunningFilter {
                min_months: min_months.unwrap_or(0),
                buildings: building.iter().map(|b| b.trim().to_string()).collect(),
                min_fen,
                not_dunned_since,
            };
            let (units, pages) =
                crate::pdf::charging::print_dunning(&conn, as_of, &filter, out, now)?;
            let which = filter.describe();
            say!(
                "已生成 {}：催缴通知书 {units} 户{}，共 {pages} 页。",
                out.display(),
                if which.is_empty() {
                    String::new()
                } else {
                    format!("（{which}）")
                }
            );
        }
        Command::Print(PrintWhat::DayClose { date, clerk, out }) => {
            let day = parse_day("--date", date)?;
            let conn = crate::db::open(&path, now)?;
            let who = clerk.as_deref().unwrap_or("").trim();
            let d = crate::db::charging::day_close(&conn, day, who)?;
            let pages = crate::pdf::charging::print_day_close(&conn, day, who, out, now)?;
            say!(
                "已生成 {}：{} 收款日结单（{}），有效收据 {} 张，合计 ¥{}，共 {pages} 页。",
                out.display(),
                crate::domain::date::iso(day),
                if who.is_empty() {
                    "全部收款人"
                } else {
                    who
                },
                d.receipts.iter().filter(|r| r.void.is_none()).count(),
                crate::domain::money::Money(d.total_fen()).grouped()
            );
        }
        Command::Print(PrintWhat::Collection { period, out }) => {
            let period = parse_period(period)?;
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::charging::print_collection(&conn, period, out, now)?;
            say!(
                "已生成 {}：{} 收缴率月报，共 {pages} 页。",
                out.display(),
                period.doc()
            );
        }
        Command::Export(ExportWhat::Ledger { period, out }) => {
            let period = parse_period(period)?;
            let conn = crate::db::open(&path, now)?;
            let ledger = crate::db::charging::ledger(&conn, period)?;
            crate::io::charging::export_ledger(&ledger, out)?;
            say!(
                "已导出 {}：{} 收费台账，{} 户。",
                out.display(),
                period.doc(),
                ledger.rows.len()
            );
        }
        Command::Print(
            what @ (PrintWhat::VisitRegister { month, out }
            | PrintWhat::ComplaintRegister { month, out }
            | PrintWhat::RepairRegister { month, out }),
        ) => {
            use crate::pdf::service::Register;
            let which = match what {
                PrintWhat::VisitRegister { .. } => Register::Visits,
                PrintWhat::ComplaintRegister { .. } => Register::Complaints,
                _ => Register::Repairs,
            };
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::service::print_register(&conn, which, month, out, now)?;
            say!(
                "已生成 {}：{} {}，共 {pages} 页。",
                out.display(),
                month.doc(),
                which.title()
            );
        }
        Command::Print(PrintWhat::WorkOrder { number, out }) => {
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::service::print_work_order(&conn, *number, out, now)?;
            say!(
                "已生成 {}：维修派工单第 {number} 号，共 {pages} 页。",
                out.display()
            );
        }
        Command::Print(PrintWhat::KeyRegister { from, to, out }) => {
            let date = |label: &str, s: &str| {
                crate::domain::date::parse_date(s)
                    .map_err(|e| Error::invalid(format!("{label}：{e}")))
            };
            let (from, to) = (date("--from", from)?, date("--to", to)?);
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::keys::print_register(&conn, from, to, out, now)?;
            say!(
                "已生成 {}：钥匙借返管理记录表，共 {pages} 页。",
                out.display()
            );
        }
        Command::Print(PrintWhat::KeyCount { id, out }) => {
            let conn = crate::db::open(&path, now)?;
            let id = match id {
                Some(id) => *id,
                None => crate::db::keys::list_counts(&conn)?
                    .first()
                    .map(|c| c.id)
                    .ok_or_else(|| Error::invalid("还没有交接班盘点记录。"))?,
            };
            let pages = crate::pdf::keys::print_count(&conn, id, out, now)?;
            say!("已生成 {}：交接班盘点表，共 {pages} 页。", out.display());
        }
        Command::Import(ImportWhat::Staff { file }) => {
            if !file.exists() {
                return Err(Error::invalid(format!(
                    "找不到要导入的文件“{}”。",
                    file.display()
                )));
            }
            let conn = crate::db::open(&path, now)?;
            let r = crate::io::staff::import_file(&conn, file, &mut |_, _| {}, now)?;
            let plan = r.done;
            say!(
                "导入成功：读取 {} 行，新增员工 {} 人，更新 {} 人（文件：{}）。",
                r.rows,
                plan.added,
                plan.updated,
                file.display()
            );
            if !plan.new_departments.is_empty() {
                say!("新建部门：{}", plan.new_departments.join("、"));
            }
            if !plan.new_positions.is_empty() {
                say!("新建岗位：{}", plan.new_positions.join("、"));
            }
        }
        Command::Export(ExportWhat::Visits { month, out }) => {
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::visits::month_visits(&conn, month)?;
            crate::io::frontdesk::export_visits(&rows, out)?;
            say!(
                "已导出 {}：{} 走访记录 {} 条。",
                out.display(),
                month.doc(),
                rows.len()
            );
        }
        Command::Export(ExportWhat::Complaints { month, out }) => {
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::complaints::month_complaints(&conn, month)?;
            crate::io::frontdesk::export_complaints(&rows, out)?;
            say!(
                "已导出 {}：{} 投诉 {} 件。",
                out.display(),
                month.doc(),
                rows.len()
            );
        }
        Command::Export(ExportWhat::Repairs { month, out }) => {
            let month = parse_month("--month", month)?;
            let conn = crate::db::open(&path, now)?;
            let rows = crate::db::repairs::month_repairs(&conn, month)?;
            crate::io::frontdesk::export_repairs(&rows, out)?;
            say!(
                "已导出 {}：{} 报修 {} 件。",
                out.display(),
                month.doc(),
                rows.len()
            );
        }
        Command::Export(ExportWhat::Staff { out }) => {
            let conn = crate::db::open(&path, now)?;
            let staff = crate::db::staff::list_staff(&conn)?;
            // Full ID numbers for a manager's --user, or on a file without users.
            let full = !crate::db::users::any_users(&conn)? || is_manager(cli, &conn, now)?;
            crate::io::staff::export_xlsx(&staff, out, full)?;
            say!("已导出 {}：员工 {} 人。", out.display(), staff.len());
        }
        Command::Print(PrintWhat::RosterStaff { out, all }) => {
            let conn = crate::db::open(&path, now)?;
            let pages = crate::pdf::staff::print_roster(&conn, *all, out, now)?;
            say!("已生成 {}：员工花名册，共 {pages} 页。", out.display());
        }
        Command::Print(PrintWhat::StaffCard { name, out }) => {
            let conn = crate::db::open(&path, now)?;
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
            // The full ID number only for a manager who says who they are (--user).
            let full = is_manager(cli, &conn, now)?;
            let pages = crate::pdf::staff::print_card(&conn, person.id, out, now, full)?;
            say!(
                "已生成 {}：{} 的员工档案卡，共 {pages} 页。",
                out.display(),
                person.name
            );
        }
        Command::Print(PrintWhat::Roster { building, out }) => {
            let conn = crate::db::open(&path, now)?;
            let building = crate::domain::estate::building_name(building);
            let pages = crate::pdf::roster::print_roster(&conn, &building, out, now)?;
            say!(
                "已生成 {}：{building} 房屋清册，共 {pages} 页。",
                out.display()
            );
        }
        Command::Demo {
            scale: DemoScale::Large,
            seed,
        } => {
            let mut conn = crate::db::open(&path, now)?;
            let spec = crate::demo::large::Spec::large(*seed);
            if crate::db::estate::estate_stats(&conn)?.units > 0 {
                return Err(Error::invalid(
                    "数据库中已有房屋，大规模演示数据只能生成到空数据库中。请用 --db 指定一个新文件。",
                ));
            }
            // Built in a scratch file beside the database and copied in at the end: killed
            // half-way, the database is left as it was.
            let built = crate::db::build_beside(&mut conn, &path, now, |c| {
                crate::demo::large::fill(c, &spec, now, &mut |done, total, what| {
                    use std::io::Write;
                    let width = 40;
                    let filled = done * width / total.max(1);
                    eprint!(
                        "\r生成中 [{}{}] {done}/{total} {what}   ",
                        "#".repeat(filled),
                        "-".repeat(width - filled)
                    );
                    let _ = std::io::stderr().flush();
                })
            })?;
            eprintln!();
            let code = crate::demo::add_users(&conn, now)?;
            say!(
                "已生成大型演示管理处：房屋 {} 户，应收 {} 笔，抄表 {} 条，收据 {} 张（收款明细 {} 笔），催缴 {} 次，钥匙 {} 把（借还 {} 次），员工 {} 人（考核表 {} 张）（数据库：{}）。",
                built.units,
                built.bills,
                built.readings,
                built.receipts,
                built.payment_lines,
                built.dunning,
                built.keys,
                built.key_loans,
                built.staff,
                built.scorecards,
                path.display()
            );
            print!("{}", crate::demo::users_text(code.as_deref()));
        }
        Command::Demo { .. } => {
            let mut conn = crate::db::open(&path, now)?;
            // An empty file is filled all or nothing; an older demo file is completed in place.
            let filled = if crate::db::estate::estate_stats(&conn)?.units == 0 {
                crate::db::build_beside(&mut conn, &path, now, |c| crate::demo::fill(c, now))?
            } else {
                None
            };
            // Users only for a demo file (made now, or an older demo completed): never known
            // passwords in an office's own file that `demo` was pointed at by mistake.
            let mut demo_file = filled.is_some();
            match filled {
                Some(n) => say!(
                    "已生成演示小区“锦绣花园”：房屋 {n} 户（数据库：{}）。",
                    path.display()
                ),
                None => {
                    let added = crate::demo::complete(&conn, now)?;
                    if added.is_empty() {
                        say!("数据库 {} 中已有房屋数据，未添加演示数据。", path.display());
                    } else {
                        demo_file = true;
                        say!(
                            "演示数据库 {} 已补充：{}。",
                            path.display(),
                            added.join("、")
                        );
                    }
                }
            }
            let names: Vec<String> = crate::db::users::list_users(&conn)?
                .into_iter()
                .map(|u| u.name)
                .collect();
            let demo_users = crate::demo::USERS
                .iter()
                .all(|(n, ..)| names.iter().any(|m| m == n));
            if demo_file || demo_users {
                let code = crate::demo::add_users(&conn, now)?;
                print!("{}", crate::demo::users_text(code.as_deref()));
            }
        }
        Command::Check => {
            if !path.exists() {
                return Err(Error::invalid(format!(
                    "数据库文件“{}”不存在。",
                    path.display()
                )));
            }
            if std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == 0) {
                // Only the window or a writing command makes a database of an empty file.
                return Err(Error::invalid(format!(
                    "数据库文件“{}”是空的（0 字节），还没有任何记录。检查没有写入任何内容。",
                    path.display()
                )));
            }
            let conn = crate::db::open(&path, now)?;
            let (problems, version) = crate::db::integrity_check(&conn)?;
            let stats = crate::db::estate::estate_stats(&conn)?;
            say!("数据库：{}", path.display());
            say!(
                "结构版本：{version}（本程序支持 {}）",
                crate::db::SCHEMA_VERSION
            );
            say!("楼栋 {} 栋，房屋 {} 户。", stats.buildings, stats.units);
            let staff = crate::db::staff::list_staff(&conn)?;
            say!(
                "员工 {} 人（在职 {} 人）。",
                staff.len(),
                staff.iter().filter(|s| s.active()).count()
            );
            let keys = crate::db::keys::list_keys(&conn)?;
            say!(
                "钥匙 {} 把（借出 {} 把，超期未还 {} 把）。",
                keys.len(),
                keys.iter().filter(|k| k.loan.is_some()).count(),
                crate::db::keys::overdue_loans(&conn, now)?.len()
            );
            let (items, bills, receipts) = crate::db::charging::stats(&conn)?;
            say!("收费项目 {items} 个，应收 {bills} 笔，收据 {receipts} 张。");
            let (templates, cards, filed) = crate::db::assessment::stats(&conn)?;
            say!("考核模板 {templates} 个，考核表 {cards} 份（已提交 {filed} 份）。");
            // The kept balances of the bill lines must agree with the receipts and credit uses.
            let off = crate::db::charging::fact_mismatches(&conn)?;
            if !off.is_empty() {
                return Err(Error::Damaged {
                    path,
                    detail: format!(
                        "{} 笔应收的已收金额与收据不一致（应收编号 {}）",
                        off.len(),
                        off.iter()
                            .take(10)
                            .map(|i| i.to_string())
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                });
            }
            say!("应收余额核对：一致。");
            if problems.len() == 1 && problems[0] == "ok" {
                say!("完整性检查：正常。");
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

fn parse_period(s: &str) -> Result<crate::domain::period::Period> {
    crate::domain::period::Period::parse(s).map_err(|e| Error::invalid(format!("--period：{e}。")))
}

fn parse_month(flag: &str, s: &str) -> Result<crate::domain::period::Period> {
    crate::domain::period::Period::parse(s)
        .map_err(|e| Error::invalid(format!("{flag}：{}。", e.replace("期间", "月份"))))
}

fn parse_quarter(s: &str) -> Result<crate::domain::assessment::Quarter> {
    crate::domain::assessment::Quarter::parse(s)
        .map_err(|e| Error::invalid(format!("--quarter：{e}。")))
}

fn parse_day(flag: &str, s: &str) -> Result<chrono::NaiveDate> {
    crate::domain::date::parse_date(s).map_err(|e| Error::invalid(format!("{flag}：{e}。")))
}

/// Who is recorded on bills and imported receipts: the clerk on duty, else "命令行".
fn clerk(conn: &rusqlite::Connection) -> Result<String> {
    let c = crate::db::settings::get(conn, crate::db::settings::CHARGING_CLERK)?;
    Ok(if c.trim().is_empty() {
        "命令行".into()
    } else {
        c.trim().to_string()
    })
}

fn require_file(file: &std::path::Path) -> Result<()> {
    if file.exists() {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "找不到要导入的文件“{}”。",
            file.display()
        )))
    }
}

/// The custodian recorded on a loan: `--by`, else the one on duty, else "命令行".
fn custodian(conn: &rusqlite::Connection, by: &Option<String>) -> Result<String> {
    if let Some(b) = by.as_ref().filter(|b| !b.trim().is_empty()) {
        return Ok(b.trim().to_string());
    }
    let on_duty = crate::db::settings::get(conn, crate::db::settings::KEY_CUSTODIAN)?;
    Ok(if on_duty.trim().is_empty() {
        "命令行".to_string()
    } else {
        on_duty
    })
}

fn run_keys(
    conn: &rusqlite::Connection,
    what: &KeysWhat,
    now: chrono::NaiveDateTime,
) -> Result<()> {
    use crate::domain::keys::{LoanDraft, overdue_by, overdue_label};
    match what {
        KeysWhat::Lend {
            tag,
            to,
            phone,
            purpose,
            due,
            emergency,
            company,
            by,
        } => {
            let by = custodian(conn, by)?;
            // A borrower who is on the staff list is recognised by name.
            let staff: Vec<_> = crate::db::staff::find_staff_by_name(conn, to)?
                .into_iter()
                .filter(|s| s.active())
                .collect();
            let member = (staff.len() == 1).then(|| &staff[0]);
            let draft = LoanDraft {
                borrower: to.clone(),
                staff_id: member.map(|s| s.id),
                phone: phone
                    .clone()
                    .or_else(|| member.map(|s| s.phone.clone()))
                    .unwrap_or_default(),
                company: company.clone().unwrap_or_default(),
                purpose: purpose.clone().unwrap_or_default(),
                due: due.clone().unwrap_or_default(),
                emergency: emergency.is_some(),
                emergency_reason: emergency.clone().unwrap_or_default(),
                ..Default::default()
            };
            let shifts = crate::db::settings::load_shifts(conn)?;
            let input = draft.validate(now, &shifts).map_err(|errs| {
                Error::invalid(
                    errs.iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("；"),
                )
            })?;
            let loan = crate::db::keys::lend(conn, tag, &input, &by, now)?;
            println!(
                "已借出：{}（{}）借给 {}，应还 {}，经办 {}。",
                loan.tag,
                loan.key_label,
                loan.borrower,
                loan.due_at.format("%Y-%m-%d %H:%M"),
                loan.lent_by
            );
        }
        KeysWhat::Return { tag, by } => {
            let by = custodian(conn, by)?;
            let loan = crate::db::keys::return_key(conn, tag, &by, now)?;
            let late = overdue_by(loan.due_at, now)
                .map(|d| format!("（{}）", overdue_label(d)))
                .unwrap_or_default();
            println!(
                "已归还：{}（{}），借用人 {}{late}，经办 {}。",
                loan.tag, loan.key_label, loan.borrower, by
            );
        }
        KeysWhat::List { state, format: _ } => {
            let keys = crate::db::keys::list_keys(conn)?;
            let mut w = csv::Writer::from_writer(Vec::new());
            let io = |e: csv::Error| Error::invalid(format!("输出失败：{e}"));
            w.write_record([
                "挂牌号",
                "类别",
                "钥匙",
                "挂放位置",
                "状态",
                "紧急备用",
                "借用人",
                "电话",
                "借出时间",
                "应还时间",
                "超期",
            ])
            .map_err(io)?;
            for k in &keys {
                let overdue = k.loan.as_ref().and_then(|l| overdue_by(l.due_at, now));
                let keep = match state {
                    None => true,
                    Some(KeyFilter::Out) => k.loan.is_some(),
                    Some(KeyFilter::Overdue) => overdue.is_some(),
                    Some(KeyFilter::In) => k.state == crate::domain::keys::KeyState::InStock,
                };
                if !keep {
                    continue;
                }
                let l = k.loan.as_ref();
                let t = |f: fn(&crate::db::keys::LoanRow) -> chrono::NaiveDateTime| {
                    l.map(|l| f(l).format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default()
                };
                w.write_record([
                    k.tag.clone(),
                    k.category.to_string(),
                    k.label(),
                    k.position.clone(),
                    k.state.to_string(),
                    if k.emergency { "是" } else { "" }.to_string(),
                    l.map(|l| l.borrower.clone()).unwrap_or_default(),
                    l.map(|l| l.phone.clone()).unwrap_or_default(),
                    t(|l| l.out_at),
                    t(|l| l.due_at),
                    overdue.map(overdue_label).unwrap_or_default(),
                ])
                .map_err(io)?;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| Error::invalid(format!("输出失败：{e}")))?;
            print!("{}", crate::io::defused_csv(&bytes)?);
        }
    }
    Ok(())
}

/// `--field 原因=管道检修` (or `{原因}＝…`): the field's name and what it says.
fn parse_field(f: &str) -> Result<(String, String)> {
    let Some((name, value)) = f.split_once(['=', '＝']) else {
        return Err(Error::invalid(format!(
            "--field 应写作 名称=值，如 --field 原因=管道检修（收到：“{f}”）"
        )));
    };
    let name = name
        .trim()
        .trim_start_matches(['{', '｛'])
        .trim_end_matches(['}', '｝'])
        .trim();
    if name.is_empty() {
        return Err(Error::invalid(format!("--field “{f}”没有写字段名称")));
    }
    Ok((name.to_string(), value.trim().to_string()))
}

/// `房屋 412、业主与住户 373、…`.
fn counts_text(i: &crate::db::backup::BackupInfo) -> String {
    i.counts
        .iter()
        .map(|(what, n)| format!("{what} {n}"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The record a writing command touches, in words, for the 操作日志.
fn command_words(command: &Command) -> String {
    match command {
        Command::Import(w) => {
            let file = match w {
                ImportWhat::Units { file }
                | ImportWhat::Keys { file }
                | ImportWhat::FeeItems { file }
                | ImportWhat::MeterReadings { file }
                | ImportWhat::Payments { file }
                | ImportWhat::Deductions { file }
                | ImportWhat::Staff { file }
                | ImportWhat::Visits { file }
                | ImportWhat::Complaints { file }
                | ImportWhat::Repairs { file }
                | ImportWhat::Archives { file }
                | ImportWhat::Subscriptions { file }
                | ImportWhat::Calendar { file } => file,
            };
            format!("文件 {}", file.display())
        }
        Command::Keys(KeysWhat::Lend { tag, .. } | KeysWhat::Return { tag, .. }) => {
            format!("钥匙 {}", tag.trim())
        }
        Command::Bill { period } => format!("{} 应收", period.trim()),
        Command::Print(PrintWhat::Notice { template, .. }) => format!("通知 {}", template.trim()),
        _ => String::new(),
    }
}

/// What a command writes, as a permission: None for the commands that only read (reports,
/// prints, exports, lists, the integrity check) and for the first-run set-up.
pub fn needs(command: &Command) -> Option<crate::domain::users::Perm> {
    use crate::domain::users::Perm::*;
    Some(match command {
        Command::Import(w) => match w {
            ImportWhat::Units { .. } => Units,
            ImportWhat::Staff { .. } => Staff,
            ImportWhat::Keys { .. } => Keys,
            ImportWhat::FeeItems { .. } | ImportWhat::Calendar { .. } => Settings,
            ImportWhat::MeterReadings { .. } | ImportWhat::Subscriptions { .. } => Payments,
            ImportWhat::Payments { .. } => VoidAdjust,
            ImportWhat::Deductions { .. } => Assess,
            ImportWhat::Visits { .. }
            | ImportWhat::Complaints { .. }
            | ImportWhat::Repairs { .. } => Service,
            ImportWhat::Archives { .. } => Archives,
        },
        Command::Keys(KeysWhat::List { .. }) => return None,
        Command::Keys(_) => Keys,
        Command::Bill { .. } => Payments,
        Command::Print(PrintWhat::Notice { .. }) => Notices,
        Command::Restore { .. } => Restore,
        Command::Report(ReportWhat::Audit { .. }) => Audit,
        Command::Users(UsersWhat::List | UsersWhat::Init { .. } | UsersWhat::Recover { .. }) => {
            return None;
        }
        Command::Users(_) => Users,
        Command::Print(_)
        | Command::Report(_)
        | Command::Export(_)
        | Command::Check
        | Command::Backup { .. }
        | Command::Demo { .. } => return None,
    })
}

/// `--user` names a manager (their password checked): documents may show full ID numbers.
fn is_manager(cli: &Cli, conn: &rusqlite::Connection, now: chrono::NaiveDateTime) -> Result<bool> {
    Ok(match &cli.user {
        Some(name) => {
            let secret = password("TAIZHANG_PASSWORD", &format!("{name} 的密码："))?;
            crate::db::users::sign_in(conn, name, &secret, now)?.role
                == crate::domain::users::MANAGER
        }
        None => false,
    })
}

/// The password of a batch command: TAIZHANG_PASSWORD, else asked for on the terminal.
fn password(var: &str, prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    rpassword::prompt_password(prompt).map_err(|e| {
        Error::invalid(format!(
            "无法读取密码（{e}）：请在终端运行，或用环境变量 {var} 提供"
        ))
    })
}

/// A writing command on a file with users: who runs it, their password, and their role.
fn authorize(
    path: &std::path::Path,
    user: Option<&str>,
    perm: crate::domain::users::Perm,
    now: chrono::NaiveDateTime,
) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let conn = crate::db::open(path, now)?;
    if !crate::db::users::any_users(&conn)? {
        // Before the first-run set-up there is nobody to ask.
        return Ok(());
    }
    let Some(name) = user else {
        return Err(Error::invalid(format!(
            "这个命令会写入数据（{}），请用 --user 姓名 写明执行人",
            perm.as_str()
        )));
    };
    let secret = password("TAIZHANG_PASSWORD", &format!("{name} 的密码："))?;
    let who = crate::db::users::sign_in(&conn, name, &secret, now)?;
    if !who.may(perm) {
        return Err(Error::invalid(format!(
            "用户“{}”（{}）没有“{}”的权限",
            who.name,
            who.role,
            perm.as_str()
        )));
    }
    Ok(())
}

fn new_password() -> Result<String> {
    let p = password("TAIZHANG_NEW_PASSWORD", "新密码：")?;
    if std::env::var("TAIZHANG_NEW_PASSWORD").is_err() {
        let again = password("TAIZHANG_NEW_PASSWORD", "再输入一次：")?;
        if again != p {
            return Err(Error::invalid("两次输入的密码不一致，没有改动"));
        }
    }
    Ok(p)
}

fn users(
    path: &std::path::Path,
    what: &UsersWhat,
    by: &str,
    now: chrono::NaiveDateTime,
) -> Result<()> {
    use crate::db::users as u;
    let conn = crate::db::open(path, now)?;
    match what {
        UsersWhat::Init { name } => {
            if u::any_users(&conn)? {
                return Err(Error::invalid(
                    "这个数据库已经设置过用户；添加用户请用 users add",
                ));
            }
            let code = u::create_first_manager(&conn, name, &new_password()?, now)?;
            println!(
                "已建立经理账户“{}”。\n一次性恢复码：{code}\n请打印或抄下，与公章一起保管：忘记经理密码时，用 taizhang users recover 恢复码 重设。",
                name.trim()
            );
        }
        UsersWhat::Add { name, role } => {
            u::add_user(&conn, name, role, &new_password()?, by, now)?;
            println!("已添加用户“{}”（{}）。", name.trim(), role.trim());
        }
        UsersWhat::List => {
            for r in u::list_users(&conn)? {
                println!(
                    "{}\t{}\t{}",
                    r.name,
                    r.role,
                    if r.disabled { "已停用" } else { "在用" }
                );
            }
        }
        UsersWhat::Disable { name } => {
            u::disable(&conn, name, by, now)?;
            println!("已停用用户“{}”。", name.trim());
        }
        UsersWhat::Passwd { name } => {
            u::reset_password(&conn, name, &new_password()?, by, now)?;
            println!("已重设用户“{}”的密码。", name.trim());
        }
        UsersWhat::Recover { code } => {
            let (manager, fresh) = u::recover(&conn, code, &new_password()?, now)?;
            println!(
                "已重设经理“{manager}”的密码，原恢复码已作废。\n新的一次性恢复码：{fresh}\n请打印或抄下保管。"
            );
        }
    }
    Ok(())
}
