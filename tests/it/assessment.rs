//! Assessments on known answers: the default template, versioning, scorecards, each suggestion
//! rule on the charging fixture (whose figures were computed by hand in `charging.rs`), and the
//! quarterly quality score.

use crate::charging::{d, october, p};
use taizhang::db::assessment::{self as a, DeductionInput};
use taizhang::domain::assessment::{CardState, QualityInput, QualityRules, Quarter, Rule};
use taizhang::domain::staff::{
    EmploymentState, StaffInput, TrainingInput, TrainingKind, TrainingResult,
};

pub(crate) fn staff(conn: &rusqlite::Connection, name: &str, department: &str) -> i64 {
    taizhang::db::staff::create_staff(
        conn,
        &StaffInput {
            name: name.into(),
            gender: None,
            birth_date: None,
            phone: String::new(),
            id_number: String::new(),
            department: department.into(),
            position: "物业管理员".into(),
            hire_date: Some(d("2025-03-01")),
            state: EmploymentState::Active,
            leave_date: None,
            emergency_contact: String::new(),
            emergency_phone: String::new(),
            notes: String::new(),
            state_given: true,
        },
        "2026-10-01 08:00:00",
    )
    .unwrap()
}

fn item_id(card: &a::Card, name_part: &str) -> i64 {
    card.items
        .iter()
        .find(|i| i.name.contains(name_part))
        .unwrap_or_else(|| panic!("no item {name_part}"))
        .id
}

#[test]
fn the_default_template_ships_once_and_edits_make_versions() {
    let dir = tempfile::tempdir().unwrap();
    let conn = taizhang::db::open(&dir.path().join("a.db"), crate::common::now()).unwrap();
    drop(conn);
    let conn = taizhang::db::open(&dir.path().join("a.db"), crate::common::now()).unwrap();
    let t = a::list_templates(&conn).unwrap();
    assert_eq!(t.len(), 6, "opening twice ships them once");
    assert_eq!((t[0].name.as_str(), t[0].version), ("客服部考核细则", 1));
    assert_eq!(t[0].items.len(), 28);
    assert_eq!(t[0].department, None);
    let depts: Vec<&str> = t[1..]
        .iter()
        .filter_map(|x| x.department.as_deref())
        .collect();
    assert_eq!(depts, ["工程部", "秩序维护部", "保洁部", "绿化部"]);
    // The office manager is scored on a template of the post, not the customer-service one.
    let boss = t.iter().find(|x| x.position == "管理处经理").unwrap();
    assert_eq!(boss.name, "管理处经理考核细则");
    assert!(boss.items.iter().any(|i| i.name.contains("10日前完成")));

    let liu = staff(&conn, "刘丽", "客服部");
    let card = a::open_card(&conn, liu, p("2026-10"), crate::common::now()).unwrap();
    assert_eq!(
        a::open_card(&conn, liu, p("2026-10"), crate::common::now()).unwrap(),
        card,
        "one card a month"
    );
    let c = a::card(&conn, card).unwrap();
    let uniform = item_id(&c, "不按规定着装");
    a::set_manual(
        &conn,
        card,
        &DeductionInput {
            item_id: uniform,
            times: 2,
            dates: "10月8日、10月15日".into(),
            evidence: "晨会检查".into(),
        },
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    assert_eq!(a::card(&conn, card).unwrap().total(), 90, "2 × 5");

    // The manager makes uniform faults 3 points: version 2. The October card keeps version 1.
    let mut items: Vec<_> = t[0]
        .items
        .iter()
        .map(|i| taizhang::domain::assessment::ItemDef {
            category: i.category.clone(),
            name: i.name.clone(),
            points: i.points,
            rule: i.rule,
            cap: i.cap,
        })
        .collect();
    items[3].points = 3;
    a::save_template(
        &conn,
        t[0].id,
        &items,
        "着装扣分调整",
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    let t2 = a::list_templates(&conn).unwrap();
    assert_eq!(t2[0].version, 2);
    let c = a::card(&conn, card).unwrap();
    assert_eq!(
        (c.version, c.total()),
        (1, 90),
        "a filled card never changes"
    );
    let nov = a::card(
        &conn,
        a::open_card(&conn, liu, p("2026-11"), crate::common::now()).unwrap(),
    )
    .unwrap();
    assert_eq!(nov.version, 2);
    assert_eq!(nov.items[3].points, 3);

    // A bad template is refused whole.
    items[0].points = 0;
    let err =
        a::save_template(&conn, t[0].id, &items, "", "王经理", crate::common::now()).unwrap_err();
    assert!(err.to_string().contains("第 1 项"), "{err}");
    assert_eq!(a::list_templates(&conn).unwrap()[0].version, 2);

    // A department's own template applies to its staff; others keep the default.
    let zhou = staff(&conn, "周敏", "管理处");
    let e = a::open_card(&conn, zhou, p("2026-10"), crate::common::now()).unwrap_err();
    assert!(
        e.to_string().contains("还没有适用的考核模板"),
        "not the customer-service template: {e}"
    );
    assert_eq!(a::without_template(&conn, p("2026-10")).unwrap().len(), 1);
    a::create_template(
        &conn,
        "管理处考核细则",
        "管理处",
        "",
        &items[1..5],
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    assert!(a::without_template(&conn, p("2026-10")).unwrap().is_empty());
    let zc = a::card(
        &conn,
        a::open_card(&conn, zhou, p("2026-10"), crate::common::now()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        (zc.template.as_str(), zc.items.len()),
        ("管理处考核细则", 4)
    );
    assert!(
        a::create_template(
            &conn,
            "别的",
            "管理处",
            "",
            &items[1..3],
            "王经理",
            crate::common::now()
        )
        .is_err()
    );
    let bao = staff(&conn, "郑洁", "保洁部");
    let bc = a::card(
        &conn,
        a::open_card(&conn, bao, p("2026-10"), crate::common::now()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        bc.template, "保洁部考核细则",
        "the starter template of seed 002's targets"
    );

    // Never below 0; filed cards refuse edits; only a filed card locks.
    a::set_manual(
        &conn,
        card,
        &DeductionInput {
            item_id: item_id(&c, "争吵"),
            times: 12,
            ..Default::default()
        },
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    assert_eq!(a::card(&conn, card).unwrap().total(), 0);
    assert!(a::lock_card(&conn, card, crate::common::now()).is_err());
    assert!(
        a::submit_card(&conn, card, "王经理", "", "", crate::common::now()).is_err(),
        "the staff member signs"
    );
    a::submit_card(
        &conn,
        card,
        "王经理",
        "刘丽",
        "本月服务态度问题突出",
        crate::common::now(),
    )
    .unwrap();
    let err = a::set_manual(
        &conn,
        card,
        &DeductionInput {
            item_id: uniform,
            times: 1,
            ..Default::default()
        },
        "王经理",
        crate::common::now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("已提交"), "{err}");
    a::lock_card(&conn, card, crate::common::now()).unwrap();
    let c = a::card(&conn, card).unwrap();
    assert_eq!(c.state, CardState::Locked);
    assert_eq!(c.comment, "本月服务态度问题突出");

    // The month's overview ranks: 周敏 100 (no card deductions), 刘丽 0.
    let rows = a::month_overview(&conn, p("2026-10")).unwrap();
    let summary: Vec<(&str, i64, usize, &str)> = rows
        .iter()
        .map(|r| (r.staff.as_str(), r.total, r.rank, r.grade))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("周敏", 100, 1, "优秀"),
            ("刘丽", 0, 3, "不合格"),
            ("郑洁", 100, 1, "优秀")
        ]
    );
    assert_eq!(a::unfiled(&rows), 2);
}

/// October on the charging fixture: 1号楼 collected 94.48 %, 2号楼 0 % by 10-31; in arrears on
/// 10-31: 1号楼1单元102 (李四, the common meter share), 2号楼1单元101 and 商01.
pub(crate) fn october_with_staff(
    path: &std::path::Path,
) -> (crate::charging::Fixture, i64, i64, i64) {
    let f = october(path);
    let liu = staff(&f.conn, "刘丽", "客服部");
    let chen = staff(&f.conn, "陈静", "客服部");
    let wu = staff(&f.conn, "吴强", "客服部");
    // This office asks for each month's charges by the 15th: on 10-31 what October billed and
    // nobody paid is arrears, to be dunned within the month.
    for item in taizhang::db::charging::list_items(&f.conn).unwrap() {
        taizhang::db::charging::set_item_term(
            &f.conn,
            item.id,
            taizhang::domain::charging::PayTerm::DayOfMonth(15),
        )
        .unwrap();
    }
    a::set_staff_buildings(&f.conn, liu, &["1号楼".into()]).unwrap();
    a::set_staff_buildings(&f.conn, chen, &["2号楼".into()]).unwrap();
    assert!(a::set_staff_buildings(&f.conn, wu, &["9号楼".into()]).is_err());
    // Owner files: 张三 complete and signed, 李四 complete but unsigned, 2号楼 neither.
    f.conn
        .execute(
            "UPDATE person SET file_complete = 1, file_signed = name = '张三' WHERE name IN ('张三', '李四')",
            [],
        )
        .unwrap();
    taizhang::db::staff::create_training(
        &f.conn,
        &TrainingInput {
            course: "消防安全".into(),
            kind: TrainingKind::Safety,
            date: d("2026-10-15"),
            end_date: None,
            hours_tenths: 20,
            trainer: "王经理".into(),
            notes: String::new(),
            attendees: vec![
                (liu, TrainingResult::Absent),
                (chen, TrainingResult::Passed),
                (wu, TrainingResult::Absent),
            ],
        },
        "2026-10-15 18:00:00",
    )
    .unwrap();
    (f, liu, chen, wu)
}

#[test]
fn each_rule_finds_what_the_records_say() {
    let dir = tempfile::tempdir().unwrap();
    let (f, liu, chen, wu) = october_with_staff(&dir.path().join("a.db"));
    let found = a::findings(&f.conn, p("2026-10")).unwrap();
    let times = |s: i64, r: Rule| found.get(&(s, r)).map(|x| x.0);
    assert_eq!(times(liu, Rule::CollectionRate), Some(1));
    assert!(
        found[&(liu, Rule::CollectionRate)].1.contains("94.48%"),
        "{}",
        found[&(liu, Rule::CollectionRate)].1
    );
    assert_eq!(times(chen, Rule::CollectionRate), Some(1));
    assert_eq!(times(liu, Rule::Undunned), Some(1));
    assert!(found[&(liu, Rule::Undunned)].1.contains("1号楼1单元102"));
    assert_eq!(times(chen, Rule::Undunned), Some(2));
    assert_eq!(times(liu, Rule::OwnerFiles), Some(1));
    assert!(
        found[&(liu, Rule::OwnerFiles)]
            .1
            .contains("1号楼1单元102（未签字）")
    );
    assert_eq!(times(chen, Rule::OwnerFiles), Some(2));
    assert_eq!(times(liu, Rule::MissedTraining), Some(1));
    assert!(
        found[&(liu, Rule::MissedTraining)]
            .1
            .contains("2026-10-15《消防安全》")
    );
    assert_eq!(times(chen, Rule::MissedTraining), None, "passed");
    assert_eq!(times(wu, Rule::MissedTraining), Some(1));
    assert_eq!(
        times(wu, Rule::Undunned),
        None,
        "no buildings, no building rules"
    );
    // Visits and complaints have no module yet: nothing.
    assert!(
        !found
            .keys()
            .any(|(_, r)| matches!(r, Rule::Visits | Rule::ComplaintLate | Rule::ComplaintValid))
    );
    assert_eq!(found.len(), 8, "刘丽 4, 陈静 3, 吴强 1");

    // A dunning on 10-20 for 2号楼1单元101 leaves 陈静 one undunned unit.
    ch_dun(&f, 2, "2026-10-20");
    let found = a::findings(&f.conn, p("2026-10")).unwrap();
    assert_eq!(found[&(chen, Rule::Undunned)].0, 1);
    // 刘丽's buildings at 95 % or more would not be flagged: in September nothing was billed.
    assert!(
        !a::findings(&f.conn, p("2026-09"))
            .unwrap()
            .contains_key(&(liu, Rule::CollectionRate))
    );
}

fn ch_dun(f: &crate::charging::Fixture, unit: usize, on: &str) {
    taizhang::db::charging::add_dunning(
        &f.conn,
        &taizhang::db::charging::DunningInput {
            unit_id: f.units[unit],
            on: d(on),
            method: taizhang::domain::charging::DunMethod::Phone,
            by: "陈静".into(),
            result: String::new(),
            promised: None,
        },
        crate::common::now(),
    )
    .unwrap();
}

#[test]
fn confirmed_suggestions_become_deductions_and_dismissed_ones_stay_dismissed() {
    let dir = tempfile::tempdir().unwrap();
    let (f, liu, _chen, _wu) = october_with_staff(&dir.path().join("a.db"));
    let month = p("2026-10");
    let all = a::suggestions(&f.conn, month).unwrap();
    assert_eq!(all.len(), 8);
    let mine: Vec<&a::Suggestion> = all.iter().filter(|s| s.staff_id == liu).collect();
    let rules: Vec<Rule> = mine.iter().map(|s| s.rule).collect();
    assert_eq!(
        rules,
        vec![
            Rule::CollectionRate,
            Rule::Undunned,
            Rule::OwnerFiles,
            Rule::MissedTraining
        ]
    );
    let rate = mine[0];
    assert_eq!((rate.points, rate.times), (10, 1));
    assert!(rate.item.contains("低于95%"));

    let id = a::confirm_suggestion(&f.conn, rate, "王经理", crate::common::now()).unwrap();
    assert!(
        a::dismiss_suggestion(&f.conn, mine[2], " ", "王经理", crate::common::now()).is_err(),
        "a reason is required"
    );
    a::dismiss_suggestion(
        &f.conn,
        mine[2],
        "李四本月已补签，资料在途",
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    assert!(
        a::confirm_suggestion(&f.conn, rate, "王经理", crate::common::now()).is_err(),
        "not twice"
    );

    let card_id = a::open_card(&f.conn, liu, month, crate::common::now()).unwrap();
    let card = a::card(&f.conn, card_id).unwrap();
    assert_eq!(card.total(), 90);
    let ded = card.deductions.iter().find(|x| x.id == id).unwrap();
    assert_eq!(ded.source, Some(Rule::CollectionRate));
    assert!(
        ded.evidence.contains("94.48%"),
        "the citation is kept: {}",
        ded.evidence
    );
    let left: Vec<Rule> = a::suggestions(&f.conn, month)
        .unwrap()
        .into_iter()
        .filter(|s| s.staff_id == liu)
        .map(|s| s.rule)
        .collect();
    assert_eq!(left, vec![Rule::Undunned, Rule::MissedTraining]);

    // Once the card is filed, nothing more is proposed for it.
    a::submit_card(&f.conn, card_id, "王经理", "刘丽", "", crate::common::now()).unwrap();
    assert!(
        a::suggestions(&f.conn, month)
            .unwrap()
            .iter()
            .all(|s| s.staff_id != liu)
    );
}

#[test]
fn a_post_has_its_own_template_and_a_post_with_none_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (f, liu, _chen, wu) = october_with_staff(&dir.path().join("a.db"));
    let month = p("2026-10");
    // A receptionist of 管理处: neither the post nor the department has a template.
    let boss = staff(&f.conn, "孙丽", "管理处");
    f.conn
        .execute("INSERT OR IGNORE INTO position(name) VALUES ('前台')", [])
        .unwrap();
    f.conn
        .execute(
            "UPDATE staff SET position_id = (SELECT id FROM position WHERE name = '前台')
             WHERE id = ?1",
            [boss],
        )
        .unwrap();
    // Not on the customer-service template, and not silently left out either.
    let said = a::without_template(&f.conn, month).unwrap();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("孙丽（管理处 · 前台）") && said[0].contains("岗位“前台”"));
    assert!(
        a::month_overview(&f.conn, month)
            .unwrap()
            .iter()
            .all(|r| r.staff_id != boss)
    );
    assert!(a::open_card(&f.conn, boss, month, crate::common::now()).is_err());

    let t = a::list_templates(&f.conn).unwrap();
    let items: Vec<_> = t[0].items[..4]
        .iter()
        .map(|i| taizhang::domain::assessment::ItemDef {
            category: i.category.clone(),
            name: i.name.clone(),
            points: i.points,
            rule: i.rule,
            cap: i.cap,
        })
        .collect();
    assert!(
        a::create_template(
            &f.conn,
            "经理",
            "",
            "没有的岗位",
            &items,
            "王经理",
            crate::common::now()
        )
        .unwrap_err()
        .to_string()
        .contains("没有“没有的岗位”这个岗位")
    );
    a::create_template(
        &f.conn,
        "前台考核细则",
        "",
        "前台",
        &items,
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    assert!(
        a::create_template(
            &f.conn,
            "再一个",
            "",
            "前台",
            &items,
            "王经理",
            crate::common::now()
        )
        .is_err(),
        "one template a post"
    );
    let card = a::open_card(&f.conn, boss, month, crate::common::now()).unwrap();
    assert_eq!(a::card(&f.conn, card).unwrap().template, "前台考核细则");
    let listed = a::list_templates(&f.conn).unwrap();
    assert!(listed.iter().any(|t| t.applies_to() == "岗位：前台"));
    assert!(listed.iter().any(|t| t.applies_to() == "默认，客服部"));
    // A post's template comes before its department's: 物业管理员 of 客服部.
    a::create_template(
        &f.conn,
        "物业管理员考核细则",
        "",
        "物业管理员",
        &items,
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    let c = a::open_card(&f.conn, wu, month, crate::common::now()).unwrap();
    assert_eq!(a::card(&f.conn, c).unwrap().template, "物业管理员考核细则");
    // A card made before keeps its template.
    let _ = liu;
}

#[test]
fn a_late_hire_is_proposed_for_the_days_in_post_and_an_items_cap_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (f, _liu, chen, _wu) = october_with_staff(&dir.path().join("a.db"));
    let month = p("2026-10");
    // 陈静 joined on 21 October: 11 of October's 31 days.
    f.conn
        .execute(
            "UPDATE staff SET hire_date = '2026-10-21' WHERE id = ?1",
            [chen],
        )
        .unwrap();
    let mine: Vec<a::Suggestion> = a::suggestions(&f.conn, month)
        .unwrap()
        .into_iter()
        .filter(|s| s.staff_id == chen)
        .collect();
    let get = |r: Rule| mine.iter().find(|s| s.rule == r).unwrap().clone();
    // Two units undunned over a whole month's duty: 2 × 11/31 = 0.71 → 1.
    let undunned = get(Rule::Undunned);
    assert_eq!(undunned.times, 1);
    assert!(
        undunned.citation.contains("10-21 入职") && undunned.citation.contains("2 次 → 1 次"),
        "{}",
        undunned.citation
    );
    // The collection rate is the month's: marked for the manager, not scaled.
    let rate = get(Rule::CollectionRate);
    assert_eq!(rate.times, 1);
    assert!(
        rate.citation.contains("在岗 11/31 天，请核实"),
        "{}",
        rate.citation
    );

    // The office caps owner files at 2 points a month: two files propose one time, and say so.
    f.conn
        .execute(
            "UPDATE staff SET hire_date = '2025-03-01' WHERE id = ?1",
            [chen],
        )
        .unwrap();
    let t = a::list_templates(&f.conn).unwrap();
    let items: Vec<_> = t[0]
        .items
        .iter()
        .map(|i| taizhang::domain::assessment::ItemDef {
            category: i.category.clone(),
            name: i.name.clone(),
            points: i.points,
            rule: i.rule,
            cap: if i.rule == Some(Rule::OwnerFiles) {
                2
            } else {
                i.cap
            },
        })
        .collect();
    assert!(
        t[0].items
            .iter()
            .any(|i| i.rule == Some(Rule::OwnerFiles) && i.cap == 10),
        "the shipped cap"
    );
    a::save_template(
        &f.conn,
        t[0].id,
        &items,
        "业主资料每月最多扣 2 分",
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    let files = a::suggestions(&f.conn, month)
        .unwrap()
        .into_iter()
        .find(|s| s.staff_id == chen && s.rule == Rule::OwnerFiles)
        .unwrap();
    assert_eq!(files.times, 1);
    assert!(
        files.citation.contains("最多扣 2 分") && files.citation.contains("原 2 次，4 分"),
        "{}",
        files.citation
    );
    let id = a::confirm_suggestion(&f.conn, &files, "王经理", crate::common::now()).unwrap();
    let card_id = a::open_card(&f.conn, chen, month, crate::common::now()).unwrap();
    let card = a::card(&f.conn, card_id).unwrap();
    assert_eq!(card.total(), 98);
    // By hand the cap holds too: nothing over it is saved.
    let item = card.deductions.iter().find(|x| x.id == id).unwrap().item_id;
    let err = a::set_manual(
        &f.conn,
        card_id,
        &DeductionInput {
            item_id: item,
            times: 1,
            ..Default::default()
        },
        "王经理",
        crate::common::now(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("最多扣 2 分") && err.to_string().contains("现为 4 分"),
        "{err}"
    );
    assert_eq!(
        a::card(&f.conn, card_id).unwrap().total(),
        98,
        "nothing written"
    );
}

/// 客服部's third quarter, worked by hand in `domain::assessment`: 94.59, 不合格, 罚 410 元.
fn customer_service_q3() -> QualityInput {
    QualityInput {
        self_checks_h: vec![9_600, 9_400, 9_550],
        spot_penalty_h: 100,
        survey_h: Some(9_600),
        valid_complaints: 1,
        revisit_deduction_h: 50,
    }
}

#[test]
fn the_quarterly_quality_report_follows_seed_004() {
    let dir = tempfile::tempdir().unwrap();
    let conn = taizhang::db::open(&dir.path().join("q.db"), crate::common::now()).unwrap();
    let q = Quarter::parse("2026Q3").unwrap();
    a::save_quality(
        &conn,
        "客服部",
        q,
        &customer_service_q3(),
        "质量组",
        crate::common::now(),
    )
    .unwrap();
    a::save_quality(
        &conn,
        "工程部",
        q,
        &QualityInput {
            self_checks_h: vec![9_800, 9_700, 9_900],
            survey_h: Some(9_300),
            ..Default::default()
        },
        "质量组",
        crate::common::now(),
    )
    .unwrap();
    assert!(
        a::save_quality(
            &conn,
            "财务部",
            q,
            &QualityInput {
                self_checks_h: vec![9_000],
                ..Default::default()
            },
            "质量组",
            crate::common::now()
        )
        .is_err()
    );
    let rows = a::quality_report(&conn, q, &QualityRules::default()).unwrap();
    let kf = rows.iter().find(|r| r.department == "客服部").unwrap();
    let gc = rows.iter().find(|r| r.department == "工程部").unwrap();
    let kfs = kf.score.as_ref().unwrap();
    assert_eq!(
        (kfs.total_h, kfs.grade, kfs.money_fen, kf.rank),
        (9_459, "不合格", -41_000, 2)
    );
    let gcs = gc.score.as_ref().unwrap();
    assert_eq!(
        (gcs.total_h, gcs.grade, gcs.money_fen, gc.rank),
        (9_690, "优秀", 380_000, 1)
    );
    assert!(
        rows.iter()
            .find(|r| r.department == "保洁部")
            .unwrap()
            .score
            .is_none()
    );
}

#[test]
fn batch_commands_import_report_and_print_the_pack() {
    use crate::common::{assert_qpdf_ok, data, pdf_pages, run, squash};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let (f, _liu, _chen, _wu) = october_with_staff(&path);
    a::save_quality(
        &f.conn,
        "客服部",
        Quarter::parse("2026Q3").unwrap(),
        &customer_service_q3(),
        "质量组",
        crate::common::now(),
    )
    .unwrap();
    drop(f);
    let db = path.to_str().unwrap();
    let ok = |args: &[&str]| crate::common::run_ok(db, args);

    // A bad file: every row named, nothing written.
    let (good, _, err) = run(&[
        "--db",
        db,
        "import",
        "deductions",
        data("deductions_bad.csv").to_str().unwrap(),
    ]);
    assert!(!good);
    for expected in ["第 5 行【次数】", "第 6 行【月份】"] {
        assert!(err.contains(expected), "{expected} missing in: {err}");
    }
    let bad_names = dir.path().join("bad_names.csv");
    std::fs::write(
        &bad_names,
        "月份,姓名,考核项目,次数\n2026-10,刘丽,不按规定着装,2\n2026-10,张无忌,不按规定着装,1\n2026-10,陈静,上班睡觉,1\n",
    )
    .unwrap();
    let (good, _, err) = run(&[
        "--db",
        db,
        "import",
        "deductions",
        bad_names.to_str().unwrap(),
    ]);
    assert!(!good);
    assert!(
        err.contains("第 3 行【姓名】：员工档案中没有“张无忌”"),
        "{err}"
    );
    assert!(
        err.contains("第 4 行【考核项目】：模板中没有“上班睡觉”"),
        "{err}"
    );
    let out = ok(&["report", "scores", "--month", "2026-10"]);
    assert!(
        out.contains("刘丽,客服部,物业管理员,100,优秀,0,未建"),
        "nothing written: {out}"
    );

    let out = ok(&[
        "import",
        "deductions",
        data("deductions.csv").to_str().unwrap(),
    ]);
    assert!(out.contains("读取 3 行，扣分记录 3 条"), "{out}");
    // 刘丽: 100 − 2 × 5 − 10 = 80; 陈静: 100 − 2 = 98; 吴强 100.
    let out = ok(&["report", "scores", "--month", "2026-10"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "排名,姓名,部门,岗位,得分,等级,扣分条数,状态");
    assert_eq!(lines[1], "1,吴强,客服部,物业管理员,100,优秀,0,未建");
    assert_eq!(lines[2], "2,陈静,客服部,物业管理员,98,优秀,1,草稿");
    assert_eq!(lines[3], "3,刘丽,客服部,物业管理员,80,合格,2,草稿");
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "report", "scores", "--month", "2026-10", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(json["人数"], 3);
    assert_eq!(json["明细"][2]["得分"], 80);
    // The grading is a setting: with 优秀 from 99, 陈静's 98 is 合格.
    {
        let conn = taizhang::db::open(&path, crate::common::now()).unwrap();
        taizhang::db::settings::save_staff_bands(
            &conn,
            &taizhang::domain::assessment::Bands {
                excellent_min: 9_900,
                pass_min: 7_000,
            },
        )
        .unwrap();
    }
    let out = ok(&["report", "scores", "--month", "2026-10"]);
    assert!(
        out.contains("2,陈静,客服部,物业管理员,98,合格,1,草稿"),
        "{out}"
    );

    let out = ok(&["report", "quality", "--quarter", "2026Q3"]);
    assert!(
        out.contains("客服部,1,94.17,100,90,0.5,94.59,不合格,-410.00"),
        "{out}"
    );
    assert!(out.contains("工程部,,,,,,,未录入,"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "report",
        "quality",
        "--quarter",
        "2026年第3季度",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["季度"], "2026Q3");
    let (good, _, err) = run(&["--db", db, "report", "quality", "--quarter", "2026Q5"]);
    assert!(
        !good && err.contains("--quarter：“2026Q5”不是季度"),
        "{err}"
    );
    let (good, _, err) = run(&["--db", db, "report", "scores", "--month", "十月"]);
    assert!(!good && err.contains("--month"), "{err}");

    // The pack: the summary page, then one page per person.
    let pdf = dir.path().join("pack.pdf");
    let out = ok(&[
        "print",
        "scorecards",
        "--month",
        "2026-10",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.contains("考核表 3 份，共 4 页"), "{out}");
    assert_qpdf_ok(&pdf);
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 4);
    let summary = squash(&pages[0]);
    assert!(summary.contains("月度考核汇总表"), "{summary}");
    assert!(summary.contains("截止日期：2026年11月10日"), "{summary}");
    let liu = pages
        .iter()
        .map(|p| squash(p))
        .find(|p| p.contains("姓名：刘丽"))
        .unwrap();
    for expected in [
        "月度考核评分表",
        "考核月份：2026年10月",
        "费用收缴管理",
        "催缴力度不够，导致费用收缴低于95%",
        "不按规定着装 5 2 10 10月8日、10月15日",
        "合计 20",
        "得分：80 分 等级：合格",
        "晨会检查",
        "被考核人",
        "考核人",
    ] {
        assert!(liu.contains(expected), "{expected} missing in: {liu}");
    }
    let qpdf = dir.path().join("quality.pdf");
    ok(&[
        "print",
        "quality",
        "--quarter",
        "2026Q3",
        "--out",
        qpdf.to_str().unwrap(),
    ]);
    let text = squash(&pdf_pages(&qpdf).concat());
    assert!(
        text.contains("客服部 94.17 100 90 0.5 94.59 不合格 罚 410.00 1"),
        "{text}"
    );
}
