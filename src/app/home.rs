//! 今日待办: what the home screen lists, gathered in one pass over the file (the benchmark
//! times this function on the large office's file).

use crate::db::charging::Collected;
use crate::domain::period::Period;
use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

/// One line of the list that opens a record.
#[derive(Debug, Clone, PartialEq)]
pub struct DueLine {
    pub id: i64,
    pub what: String,
    pub state: String,
}

/// Everything the home screen shows but the keys and the staff (loaded with their screens).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HomeData {
    pub stats: crate::db::estate::EstateStats,
    /// Last month's scorecards not filed: (month, how many, deadline).
    pub cards_due: Option<(Period, usize, NaiveDate)>,
    /// Complaints whose clock runs out today or has run out.
    pub complaints_due: Vec<DueLine>,
    /// In the month's last week: who is short of the visit target.
    pub visits_short: Vec<String>,
    pub archive: crate::db::archives::ArchiveDue,
    /// Work orders not done whose appointment has passed.
    pub repairs_late: Vec<DueLine>,
    /// Units owing, and of those not dunned this month.
    pub owing: usize,
    pub undunned: usize,
    /// The collection rate of this month and the five before it (months with bills only).
    pub rates: Vec<(Period, Collected)>,
}

/// Last month's scorecards not yet filed (seed 000: by the 10th).
pub fn cards_due(
    conn: &Connection,
    today: NaiveDate,
) -> Result<Option<(Period, usize, NaiveDate)>> {
    let month = Period::of(today).plus(-1);
    let rows = crate::db::assessment::month_overview(conn, month)?;
    let n = crate::db::assessment::unfiled(&rows);
    Ok((n > 0 && !rows.is_empty())
        .then(|| (month, n, crate::domain::assessment::card_deadline(month))))
}

fn late_text(minutes: i64) -> String {
    if minutes >= 24 * 60 {
        format!("已过 {} 天", minutes / (24 * 60))
    } else if minutes >= 60 {
        format!("已过 {} 小时", minutes / 60)
    } else {
        format!("已过 {} 分钟", minutes.max(1))
    }
}

/// Reads the home screen from the file at `path` as the window does: on two read-only
/// connections at once (the collection rates on one, everything else on the other), so that
/// the two cores share the work.
pub fn read(path: &std::path::Path, now: NaiveDateTime) -> Result<HomeData> {
    let month = Period::of(now.date());
    std::thread::scope(|s| {
        let rates = s.spawn(|| {
            let conn = crate::db::open_reader(path)?;
            crate::db::charging::monthly_rates(&conn, month, 6)
        });
        let conn = crate::db::open_reader(path)?;
        let mut data = gather_lines(&conn, now)?;
        data.rates = rates
            .join()
            .map_err(|_| crate::error::Error::invalid("首页读取收缴率时意外中断"))??;
        Ok(data)
    })
}

/// Reads every line of the home screen at `now` on one connection.
pub fn gather(conn: &Connection, now: NaiveDateTime) -> Result<HomeData> {
    let mut data = gather_lines(conn, now)?;
    data.rates = crate::db::charging::monthly_rates(conn, Period::of(now.date()), 6)?;
    Ok(data)
}

/// Everything but the collection rates.
fn gather_lines(conn: &Connection, now: NaiveDateTime) -> Result<HomeData> {
    let today = now.date();
    let complaints_due = crate::db::complaints::due_today(conn, now)?
        .into_iter()
        .map(|(c, clock, state)| DueLine {
            id: c.id,
            what: format!(
                "{} {} {}“{}”",
                c.times.received.format("%m-%d %H:%M"),
                c.unit,
                c.complainant,
                c.content.chars().take(16).collect::<String>()
            ),
            state: format!("{}{}", clock.label(), state.text()),
        })
        .collect();
    let month = Period::of(today);
    let last_week = (month.last_day() - today).num_days() < 7;
    let visits_short = if last_week && crate::db::visits::any_in_month(conn, month)? {
        crate::db::visits::month_targets(conn, month)?
            .into_iter()
            .filter(|t| t.shortfall() > 0)
            .map(|t| format!("{}（差 {}）", t.staff, t.shortfall()))
            .collect()
    } else {
        Vec::new()
    };
    let repairs_late = crate::db::repairs::past_appointment(conn, now)?
        .into_iter()
        .filter_map(|r| {
            let at = r.appointment?;
            Some(DueLine {
                id: r.id,
                what: format!(
                    "{} {} {}“{}”",
                    at.format("%m-%d %H:%M"),
                    if r.unit.is_empty() {
                        "公共区域"
                    } else {
                        &r.unit
                    },
                    r.technician.clone().unwrap_or_else(|| "未派工".into()),
                    r.content.chars().take(16).collect::<String>()
                ),
                state: late_text((now - at).num_minutes()),
            })
        })
        .collect();
    let (owing, undunned) = crate::db::charging::arrears_counts(conn, today)?;
    Ok(HomeData {
        stats: crate::db::estate::estate_stats(conn)?,
        cards_due: cards_due(conn, today)?,
        complaints_due,
        visits_short,
        archive: crate::db::archives::due(conn, now)?,
        repairs_late,
        owing,
        undunned,
        rates: Vec::new(),
    })
}

impl super::App {
    /// Starts reading the home screen's lines on a worker (its own read-only connection).
    pub(super) fn load_home(&mut self) {
        if self.home_job.is_some() {
            self.home_again = true;
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let path = self.db_path.clone();
        let now = self.now();
        std::thread::spawn(move || {
            let data = read(&path, now);
            let _ = tx.send(data);
        });
        self.home_job = Some(rx);
    }

    /// Takes the home screen's lines when they arrive.
    pub(super) fn poll_home(&mut self) {
        let Some(rx) = &self.home_job else { return };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err(crate::error::Error::invalid("首页加载意外中断，请重试。"))
            }
        };
        self.home_job = None;
        match result {
            Ok(d) => self.home.set_data(d),
            Err(e) => self.fail(&e),
        }
        if std::mem::take(&mut self.home_again) {
            self.home.stale = true;
        }
    }

    /// Waits for the home screen's lines (tests).
    pub fn wait_for_home(&mut self) {
        while self.home_job.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.poll_home();
        }
    }
}
