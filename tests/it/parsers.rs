//! Every parser of typed or imported text, under arbitrary input: never a panic, and what it
//! accepts reads back the same after being displayed the way the program displays it.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use taizhang::domain::{
    area::Area, assessment, charging, date, keys, period::Period, person, staff, text,
};

/// Text as people and spreadsheets produce it: digits, separators, units, full-width forms,
/// Chinese, and anything else.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,30}",
        "[0-9０-９.,，:：/\\-年月日号季度Qq分小时㎡平米 ]{0,16}",
        "-?[0-9]{0,12}(\\.[0-9]{0,4})?",
    ]
}

proptest! {
    #[test]
    fn periods(s in typed(), y in 1900i32..=2099, m in 1u32..=12) {
        if let Ok(p) = Period::parse(&s) {
            prop_assert_eq!(Period::parse(&p.to_string()), Ok(p));
        }
        let p = Period::new(y, m).unwrap();
        prop_assert_eq!(Period::parse(&p.to_string()), Ok(p));
        prop_assert_eq!(Period::parse(&p.doc()), Ok(p));
    }

    #[test]
    fn moments(s in typed(), days in 0i64..73_000, secs in 0u32..86_400) {
        if let Ok(t) = date::parse_datetime(&s) {
            prop_assert!((date::FIRST_YEAR..=date::LAST_YEAR).contains(&t.year()));
            let shown = t.format("%Y-%m-%d %H:%M:%S").to_string();
            prop_assert_eq!(date::parse_datetime(&shown), Ok(t));
        }
        let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
        let t = d.and_time(chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap());
        prop_assert_eq!(
            date::parse_datetime(&t.format("%Y-%m-%d %H:%M:%S").to_string()),
            Ok(t)
        );
        prop_assert_eq!(
            date::parse_datetime(&format!("{} {}", date::doc_date(d), t.format("%H:%M:%S"))),
            Ok(t)
        );
    }

    #[test]
    fn working_days_and_clocks(days in 0i64..3_000, hours in 0i64..500, n in 0u32..15) {
        use taizhang::domain::calendar::WorkCalendar;
        use taizhang::domain::complaints::{ClockRules, ComplaintTimes, RevisitRule, clocks};
        let at = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap()
            + chrono::Duration::days(days);
        let due = WorkCalendar::default().working_days_after(at, n);
        prop_assert!(due >= at);
        prop_assert!(n == 0 || WorkCalendar::default().is_working_day(due.date()));
        let t = ComplaintTimes {
            received: at,
            resolved: Some(at + chrono::Duration::hours(hours)),
            ..Default::default()
        };
        let rules = ClockRules { revisit: RevisitRule::WorkingDays(n.max(1)), ..ClockRules::default() };
        // Never a panic, whatever the moment asked about.
        let _ = clocks(&t, &rules, &WorkCalendar::default(), at + chrono::Duration::hours(hours * 2));
    }

    #[test]
    fn dates(s in typed(), days in 0i64..73_000) {
        if let Ok(d) = date::parse_date(&s) {
            prop_assert!((date::FIRST_YEAR..=date::LAST_YEAR).contains(&d.year()));
            prop_assert_eq!(date::parse_date(&date::iso(d)), Ok(d));
        }
        let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
        prop_assert_eq!(date::parse_date(&date::iso(d)), Ok(d));
        prop_assert_eq!(date::parse_date(&date::doc_date(d)), Ok(d));
    }

    #[test]
    fn areas(s in typed(), h in 1i64..=10_000_000) {
        if let Ok(a) = Area::parse(&s) {
            prop_assert_eq!(Area::parse(&a.to_string()), Ok(a));
        }
        let typed = format!("{}.{:02}", h / 100, h % 100);
        prop_assert_eq!(Area::parse(&typed).map(|a| a.hundredths()), Ok(h));
    }

    #[test]
    fn rates_and_readings(s in typed()) {
        if let Ok(r) = charging::parse_rate(&s) {
            prop_assert_eq!(charging::parse_rate(&charging::rate_text(r)), Ok(r));
        }
        if let Ok(h) = charging::parse_hundredths(&s, "读数") {
            prop_assert_eq!(charging::parse_hundredths(&charging::hundredths_text(h), "读数"), Ok(h));
        }
    }

    #[test]
    fn scores_hours_and_quarters(s in typed()) {
        if let Ok(h) = assessment::parse_score(&s) {
            prop_assert!((0..=10_000).contains(&h));
            prop_assert_eq!(assessment::parse_score(&assessment::score_text(h)), Ok(h));
        }
        if let Ok(t) = staff::parse_hours(&s) {
            prop_assert_eq!(staff::parse_hours(&staff::hours_text(t)), Ok(t));
        }
        if let Ok(q) = assessment::Quarter::parse(&s) {
            prop_assert_eq!(assessment::Quarter::parse(&q.to_string()), Ok(q));
        }
    }

    #[test]
    fn phones_yes_no_and_text(s in typed()) {
        if let Ok(p) = person::normalize_phone(&s) {
            prop_assert_eq!(person::normalize_phone(&p), Ok(p.clone()));
        }
        let _ = text::parse_yes_no(&s);
        let n = text::normalize(&s);
        prop_assert_eq!(text::normalize(&n), n.clone(), "normalising twice changes nothing");
        prop_assert!(text::excerpt(&s).chars().count() <= 41);
    }

    #[test]
    fn shifts_and_due_times(s in typed(), minutes in 0i64..(60 * 24 * 365)) {
        let now = crate::common::now() + chrono::Duration::minutes(minutes);
        if let Ok(shifts) = keys::Shifts::parse(&s) {
            prop_assert_eq!(keys::Shifts::parse(&shifts.text()), Ok(shifts.clone()));
            if let Ok(due) = keys::parse_due("", now, &shifts) {
                prop_assert!(due > now);
            }
        }
        let shifts = keys::Shifts::parse("08:00、20:00").unwrap();
        let _ = keys::parse_due(&s, now, &shifts);
    }

    #[test]
    fn notice_templates_days_times_and_targets(s in typed(), days in 0i64..3_000, h in 0u32..24, m in 0u32..60) {
        use taizhang::domain::notices as n;
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        // Anything typed is read or refused with a reason, never a panic.
        let _ = n::parse_text(&s);
        let _ = n::parse_time(&s);
        let b = vec![("10号楼".to_string(), vec!["1单元".to_string()])];
        let _ = n::parse_targets(&s, "锦绣花园", &b);
        let t = n::Template { name: "x".into(), title: "通知".into(), body: s.clone(), dunning: false };
        if let Ok(fields) = t.fields() {
            // Every field given a value: the filled text has no braces left from fields.
            let values = fields.iter().map(|f| (f.clone(), "值".to_string())).collect();
            if let Ok(filled) = n::fill(&t, &values) {
                for p in filled.paras {
                    if let n::Para::Text(text) = p {
                        prop_assert!(!text.contains('{') && !text.contains('}'), "{}", text);
                    }
                }
            }
        }
        if let Ok(d) = n::parse_day(&s, today) {
            prop_assert_eq!(n::parse_day(&n::date_text(d), today), Ok(d));
        }
        // A printed day and hour reads back as itself; a day typed without its year lands
        // within half a year before today or later.
        let d = today + chrono::Duration::days(days - 150);
        let t = d.and_hms_opt(h, m, 0).unwrap();
        prop_assert_eq!(n::parse_datetime(&n::datetime_text(t), today), Ok(t));
        let typed_day = format!("{}-{}", d.month(), d.day());
        if let Ok(back) = n::parse_day(&typed_day, today) {
            prop_assert!((back - today).num_days() >= -183, "{} → {}", typed_day, back);
            prop_assert_eq!((back.month(), back.day()), (d.month(), d.day()));
        }
    }

    #[test]
    fn archive_locations_plans_and_page_counts(s in typed(), parts in proptest::collection::vec("[a-zA-Z0-9甲乙柜盒层室]{1,6}", 1..6)) {
        use taizhang::domain::archives::{location_path, parse_location, parse_plan};
        // Anything typed is read or refused with a reason, never a panic.
        let _ = parse_location(&s);
        let _ = parse_plan(&s);
        let _ = taizhang::io::archives::pages(&s);
        // A path of up to four parts reads back as written, from any usual separator.
        let joined = parts.join(" ／ ");
        match parse_location(&joined) {
            Ok(p) => {
                prop_assert!(parts.len() <= 4);
                prop_assert_eq!(location_path(&p), parts.join("/"));
            }
            Err(e) => prop_assert!(parts.len() > 4 && e.contains("四级"), "{}: {}", joined, e),
        }
    }

    #[test]
    fn payment_terms(s in typed(), n in 1u32..=31, days in 1u32..=366, y in 2000i32..2100, m in 1u32..=12) {
        use charging::PayTerm;
        // Anything typed is read or refused with a reason naming 缴费期限, never a panic; what
        // is read writes back the same, and falls due within its period or just after.
        let p = Period::new(y, m).unwrap();
        match PayTerm::parse(&s) {
            Ok(t) => {
                prop_assert_eq!(PayTerm::parse(&t.text()), Ok(t));
                prop_assert!(t.due_date(p) >= p.first_day());
            }
            Err(e) => prop_assert!(e.contains("缴费期限"), "{}", e),
        }
        for t in [
            PayTerm::DayOfMonth(n),
            PayTerm::NextMonthDay(n),
            PayTerm::DaysAfter(days),
            PayTerm::MonthEnd,
            PayTerm::Advance,
        ] {
            prop_assert_eq!(PayTerm::parse(&t.text()), Ok(t));
            let last = t.last_overdue_period(p.first_day());
            prop_assert!(t.overdue(last, p.first_day()));
            prop_assert!(!t.overdue(last.plus(1), p.first_day()));
        }
    }
}
