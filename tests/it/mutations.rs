//! Every importer against a valid file mutated the ways a real file goes wrong — a quote cut or
//! added, a delimiter swapped, a huge cell, a file cut short, stray bytes, a line doubled, another
//! encoding: each run either refuses with a Chinese message (naming the row when the damage is in
//! a row) or imports every row the file holds. Never a panic, never fewer rows than the file has.

use crate::common::data;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct Base {
    _dir: tempfile::TempDir,
    empty: PathBuf,
    demo: PathBuf,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.db");
        let demo = dir.path().join("demo.db");
        drop(taizhang::db::open(&empty, crate::common::now()).unwrap());
        crate::common::run_ok(demo.to_str().unwrap(), &["demo"]);
        Base {
            _dir: dir,
            empty,
            demo,
        }
    })
}

/// (import command, valid text, the base it goes into, header line).
fn files() -> Vec<(&'static str, String, bool)> {
    let gb = |name: &str| {
        let bytes = std::fs::read(data(name)).unwrap();
        encoding_rs::GB18030.decode(&bytes).0.into_owned()
    };
    let utf8 = |name: &str| {
        std::fs::read_to_string(data(name))
            .unwrap()
            .trim_start_matches('\u{feff}')
            .to_string()
    };
    vec![
        ("units", utf8("units_utf8_bom.csv"), false),
        ("staff", gb("staff_gb18030.csv"), false),
        ("fee-items", utf8("fee_items.csv"), false),
        (
            "keys",
            "挂牌号,类别,品种,楼栋,单元,房号,对应位置,挂放位置,数量,紧急备用\n\
             Z-001,业主钥匙,防盗门,1号楼,1单元,1001,,9号柜A1,1,否\n\
             Z-002,业主钥匙,信箱,1号楼,1单元,1002,,9号柜A1,1,\n\
             Z-003,业主钥匙,室内门,1号楼,1单元,101,,9号柜A2,2,是\n"
                .into(),
            true,
        ),
        (
            "meter-readings",
            "楼栋,单元,房号,收费项目,所属期间,本期读数\n\
             1号楼,1单元,1001,水费,2026-12,99999\n\
             1号楼,1单元,1002,水费,2026-12,99998\n"
                .into(),
            true,
        ),
        (
            "payments",
            "楼栋,单元,房号,收费项目,所属期间,金额,收款日期,付款方式,收据号\n\
             1号楼,1单元,1001,物业管理费,2015-01,100.00,2015-01-20,现金,2015-000001\n\
             1号楼,1单元,1002,物业管理费,2015-01,120.50,2015/1/21,微信支付,2015-000002\n"
                .into(),
            true,
        ),
        (
            "deductions",
            "月份,姓名,考核项目,次数,日期,说明\n\
             2026-11,梁建华,不按规定着装,2,11月3日、11月9日,晨会检查\n\
             2026-11,梁建华,与客户发生争吵,1,11月20日,业主投诉已核实\n"
                .into(),
            true,
        ),
        (
            "visits",
            "日期,楼栋,单元,房号,走访人,类型,内容,满意度,需跟进\n\
             2026-11-03,1号楼,1单元,101,王丽,日常走访,了解情况,满意,否\n\
             2026/11/4,1,1,102,王丽,装修回访,检查装修,基本满意,是\n"
                .into(),
            true,
        ),
        (
            "complaints",
            "受理时间,楼栋,单元,房号,投诉人,内容,处理人,首次回复时间,办结时间\n\
             2026-11-05 09:00,1号楼,1单元,101,陈杰,楼道灯不亮,王丽,2026-11-05 10:00,2026-11-06 10:00\n\
             2026-11-06 14:30,1,1,102,韩赟,噪音,王丽,,\n"
                .into(),
            true,
        ),
        (
            "repairs",
            "报修时间,楼栋,单元,房号,报修人,内容,类别,有偿,维修人,完成时间,费用\n\
             2026-11-07 08:00,1号楼,1单元,101,陈杰,水龙头滴水,水,是,吴刚,2026-11-07 11:00,35\n\
             2026-11-08 09:00,,,,,路灯不亮,公共设施,否,,,\n"
                .into(),
            true,
        ),
        (
            "archives",
            "档案号,类别,题名,楼栋,单元,房号,员工,存放位置,密级,保管期限,页数,形成日期,备注\n\
             DA-0001,业主档案,1号楼1单元101 业主档案,1号楼,1单元,101,,档案室/C柜/第1层/01盒,内部,永久,12,2020-05-01,\n\
             DA-0002,合同,绿化养护合同,,,,,档案室/C柜/第2层,普通,30年,20,2025/3/1,续签\n"
                .into(),
            true,
        ),
        (
            "calendar",
            "日期,类型\n2026-10-01,节假日\n2026-10-11,调休上班\n".into(),
            true,
        ),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteChar(usize),
    InsertQuote(usize),
    SwapDelimiter(usize, char),
    HugeCell(usize),
    CutShort(usize),
    ControlChar(usize, char),
    DoubleLine(usize),
    InvalidBytes(usize),
    LineBreak(usize, &'static str),
    Gb18030,
    Utf16,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0usize..10_000;
    prop_oneof![
        at.clone().prop_map(Mutation::DeleteChar),
        at.clone().prop_map(Mutation::InsertQuote),
        (at.clone(), prop::sample::select(vec![';', '\t', '|', '，']))
            .prop_map(|(a, c)| Mutation::SwapDelimiter(a, c)),
        at.clone().prop_map(Mutation::HugeCell),
        at.clone().prop_map(Mutation::CutShort),
        (
            at.clone(),
            prop::sample::select(vec!['\0', '\u{7}', '\u{1b}', '\u{7f}'])
        )
            .prop_map(|(a, c)| Mutation::ControlChar(a, c)),
        at.clone().prop_map(Mutation::DoubleLine),
        at.clone().prop_map(Mutation::InvalidBytes),
        (at, prop::sample::select(vec!["\n", "\r", "\r\n"]))
            .prop_map(|(a, s)| Mutation::LineBreak(a, s)),
        Just(Mutation::Gb18030),
        Just(Mutation::Utf16),
    ]
}

/// The mutated bytes, and the text they decode to (for counting rows).
fn apply(text: &str, m: &Mutation) -> (Vec<u8>, String) {
    // Past the header: the first line with a delimiter (a title line may come before it).
    let header_end = text
        .find(',')
        .and_then(|c| text[c..].find('\n').map(|i| c + i + 1))
        .unwrap_or(text.len());
    let (head, body) = text.split_at(header_end);
    let chars: Vec<char> = body.chars().collect();
    let pos = |a: usize| {
        if chars.is_empty() {
            0
        } else {
            a % (chars.len() + 1)
        }
    };
    let rebuilt = |chars: &[char]| format!("{head}{}", chars.iter().collect::<String>());
    let text_of = |t: String| (t.clone().into_bytes(), t);
    match m {
        Mutation::DeleteChar(a) => {
            let mut c = chars.clone();
            let p = pos(*a).min(c.len().saturating_sub(1));
            if !c.is_empty() {
                c.remove(p);
            }
            text_of(rebuilt(&c))
        }
        Mutation::InsertQuote(a) => {
            let mut c = chars.clone();
            c.insert(pos(*a), '"');
            text_of(rebuilt(&c))
        }
        Mutation::SwapDelimiter(a, d) => {
            let commas: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == ',').collect();
            let mut c = chars.clone();
            if !commas.is_empty() {
                c[commas[a % commas.len()]] = *d;
            }
            text_of(rebuilt(&c))
        }
        Mutation::HugeCell(a) => {
            let mut c = chars.clone();
            let p = pos(*a);
            c.splice(p..p, std::iter::repeat_n('长', 20_000));
            text_of(rebuilt(&c))
        }
        Mutation::CutShort(a) => text_of(rebuilt(&chars[..pos(*a)])),
        Mutation::ControlChar(a, ch) => {
            let mut c = chars.clone();
            c.insert(pos(*a), *ch);
            text_of(rebuilt(&c))
        }
        Mutation::DoubleLine(a) => {
            let lines: Vec<&str> = body.split_inclusive('\n').collect();
            let mut out = head.to_string();
            for (i, l) in lines.iter().enumerate() {
                out.push_str(l);
                if i == a % lines.len().max(1) {
                    if !l.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(l);
                }
            }
            text_of(out)
        }
        Mutation::InvalidBytes(a) => {
            let p = pos(*a);
            let before: String = chars[..p].iter().collect();
            let after: String = chars[p..].iter().collect();
            let mut bytes = format!("{head}{before}").into_bytes();
            bytes.extend_from_slice(&[0xFF, 0xFE, 0x80]);
            bytes.extend_from_slice(after.as_bytes());
            (bytes, text.to_string())
        }
        Mutation::LineBreak(a, s) => {
            let mut c = chars.clone();
            let p = pos(*a);
            c.splice(p..p, s.chars());
            text_of(rebuilt(&c))
        }
        Mutation::Gb18030 => (
            encoding_rs::GB18030.encode(text).0.into_owned(),
            text.to_string(),
        ),
        Mutation::Utf16 => {
            let mut bytes = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                bytes.extend_from_slice(&u.to_le_bytes());
            }
            (bytes, text.to_string())
        }
    }
}

/// The data rows a person sees in the text: lines after the header with anything but
/// delimiters, quotes and spaces in them.
fn rows_in(text: &str) -> usize {
    text.split("\r\n")
        .flat_map(|l| l.split(['\r', '\n']))
        .skip_while(|l| !l.contains(','))
        .skip(1)
        .filter(|l| l.chars().any(|c| !matches!(c, ',' | ' ' | '\t' | '"')))
        .count()
}

fn import(what: &str, db_base: &Path, bytes: &[u8]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    std::fs::copy(db_base, &db).unwrap();
    let file = dir.path().join("in.csv");
    std::fs::write(&file, bytes).unwrap();
    let out = crate::common::bin_for(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        what,
        file.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_valid_file_imports_all_its_rows() {
    for (what, text, demo) in files() {
        let b = base();
        let (code, out, err) = import(what, if demo { &b.demo } else { &b.empty }, text.as_bytes());
        assert_eq!(code, Some(0), "{what}: {out}{err}");
        assert!(
            out.contains(&format!("读取 {} 行", rows_in(&text))),
            "{what}: {out}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn a_mutated_file_is_refused_with_its_row_or_imported_whole(
        which in 0usize..12,
        m in mutation(),
    ) {
        let (what, text, demo) = files().swap_remove(which);
        let b = base();
        let (bytes, decoded) = apply(&text, &m);
        let (code, out, err) = import(what, if demo { &b.demo } else { &b.empty }, &bytes);
        prop_assert!(!err.contains("panicked") && !err.contains("memory allocation"), "{what} {m:?}: {err}");
        match code {
            Some(0) => {
                let expected = rows_in(&decoded);
                prop_assert!(
                    out.contains(&format!("读取 {expected} 行")),
                    "{what} {m:?}: the file holds {expected} rows, but: {out}"
                );
            }
            Some(1) => {
                prop_assert!(err.starts_with("错误："), "{what} {m:?}: {err}");
                let first = err.lines().next().unwrap_or("");
                prop_assert!(
                    first.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{what} {m:?}: not Chinese: {err}"
                );
                let row_level = !matches!(m, Mutation::InvalidBytes(_) | Mutation::Utf16 | Mutation::CutShort(_));
                if row_level {
                    prop_assert!(err.contains("第 ") && err.contains(" 行"), "{what} {m:?}: no row named: {err}");
                }
            }
            other => prop_assert!(false, "{what} {m:?}: exit {other:?}: {err}"),
        }
    }
}
