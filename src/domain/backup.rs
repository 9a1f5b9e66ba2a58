//! Automatic backups: how the copies are named, which ones are kept (the last 7 daily and the
//! last 12 monthly copies), and when the home screen warns. Pure: no files, no SQL.

use chrono::{NaiveDate, NaiveDateTime};

/// The start of every automatic copy's name.
pub const PREFIX: &str = "台账备份";
/// Daily copies kept.
pub const KEEP_DAILY: usize = 7;
/// Monthly copies kept.
pub const KEEP_MONTHLY: usize = 12;
/// A last good backup older than this many days is warned about.
pub const WARN_DAYS: i64 = 2;

/// `台账备份-日-2026-12-05.db`.
pub fn daily_name(day: NaiveDate) -> String {
    format!("{PREFIX}-日-{}.db", day.format("%Y-%m-%d"))
}

/// `台账备份-月-2026-12.db`.
pub fn monthly_name(day: NaiveDate) -> String {
    format!("{PREFIX}-月-{}.db", day.format("%Y-%m"))
}

/// `台账备份-手动-20261205-093000.db`, for 立即备份.
pub fn manual_name(now: NaiveDateTime) -> String {
    format!("{PREFIX}-手动-{}.db", now.format("%Y%m%d-%H%M%S"))
}

/// Which kind of automatic copy a file name is, and its date key (sorts by time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Daily,
    Monthly,
}

pub fn kind_of(name: &str) -> Option<(Kind, String)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    if let Some(d) = rest.strip_prefix("-日-") {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
        return Some((Kind::Daily, d.to_string()));
    }
    if let Some(m) = rest.strip_prefix("-月-") {
        NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()?;
        return Some((Kind::Monthly, m.to_string()));
    }
    None
}

/// The automatic copies to delete among `names` (a folder's files): all but the newest 7 daily
/// and the newest 12 monthly copies. Other files (manual copies, anything else) are never
/// touched.
pub fn to_remove(names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (kind, keep) in [(Kind::Daily, KEEP_DAILY), (Kind::Monthly, KEEP_MONTHLY)] {
        let mut these: Vec<(String, &String)> = names
            .iter()
            .filter_map(|n| match kind_of(n) {
                Some((k, key)) if k == kind => Some((key, n)),
                _ => None,
            })
            .collect();
        these.sort();
        these.reverse();
        out.extend(these.into_iter().skip(keep).map(|(_, n)| n.clone()));
    }
    out.sort();
    out
}

/// What the home screen says about backups, or nothing when all is well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    Never,
    Old { days: i64 },
    SameDisk,
}

impl Warning {
    pub fn text(&self) -> String {
        match self {
            Warning::Never => "还没有做过备份".into(),
            Warning::Old { days } => format!("上次成功备份已是 {days} 天前"),
            Warning::SameDisk => {
                "备份目录与数据库在同一块磁盘上：磁盘坏了会一起丢失，建议在 设置 › 备份与恢复 中改用 U 盘或网络文件夹".into()
            }
        }
    }
}

/// The warnings for a last good backup at `last` (None: never), with the folder on the
/// database's own disk or not.
pub fn warnings(last: Option<NaiveDateTime>, now: NaiveDateTime, same_disk: bool) -> Vec<Warning> {
    let mut out = Vec::new();
    match last {
        None => out.push(Warning::Never),
        Some(t) => {
            let days = (now.date() - t.date()).num_days();
            if days > WARN_DAYS {
                out.push(Warning::Old { days });
            }
        }
    }
    if same_disk {
        out.push(Warning::SameDisk);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default() + chrono::Duration::days(n)
    }

    #[test]
    fn forty_days_keep_seven_daily_and_every_month_up_to_twelve() {
        let mut folder: Vec<String> =
            vec!["台账备份-手动-20261101-090000.db".into(), "x.db".into()];
        for n in 0..40 {
            folder.push(daily_name(day(n)));
            let m = monthly_name(day(n));
            if !folder.contains(&m) {
                folder.push(m);
            }
            let gone = to_remove(&folder);
            folder.retain(|f| !gone.contains(f));
        }
        let daily: Vec<&String> = folder.iter().filter(|f| f.contains("-日-")).collect();
        assert_eq!(daily.len(), 7);
        assert!(
            daily
                .iter()
                .all(|f| f.as_str() >= daily_name(day(33)).as_str())
        );
        assert!(folder.contains(&monthly_name(day(0))));
        assert!(folder.contains(&monthly_name(day(39))));
        assert!(folder.contains(&"台账备份-手动-20261101-090000.db".to_string()));
        assert!(folder.contains(&"x.db".to_string()));
        // Thirteen months: the oldest monthly copy goes.
        let months: Vec<String> = (0..13)
            .map(|m| {
                monthly_name(
                    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
                        + chrono::Months::new(m),
                )
            })
            .collect();
        assert_eq!(
            to_remove(&months),
            vec![monthly_name(
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
            )]
        );
        assert_eq!(kind_of("台账备份-日-2026-13-01.db"), None);
    }

    #[test]
    fn warnings_for_old_missing_and_same_disk_backups() {
        let now = day(10).and_hms_opt(9, 0, 0).unwrap_or_default();
        assert_eq!(warnings(None, now, false), vec![Warning::Never]);
        let t = |d| day(d).and_hms_opt(18, 0, 0).unwrap_or_default();
        assert!(warnings(Some(t(8)), now, false).is_empty());
        assert_eq!(
            warnings(Some(t(7)), now, false),
            vec![Warning::Old { days: 3 }]
        );
        assert_eq!(warnings(Some(t(10)), now, true), vec![Warning::SameDisk]);
    }
}
