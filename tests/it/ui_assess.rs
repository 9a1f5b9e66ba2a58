//! 考核 in the real App through egui_kittest: at month end the manager opens the month,
//! confirms a suggested deduction, adds one only a person sees with the stepper, files the card
//! with the staff member's signature, and prints every card in one file.

use crate::ui::{demo_app, harness, replace_text, status};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taizhang::app::App;
use taizhang::domain::assessment::CardState;

fn assess_screen(app: App) -> Harness<'static, App> {
    let mut h = harness(app);
    h.run();
    h.get_by_label("考核").click();
    h.run();
    h.run();
    h
}

/// Opens the card of the person the first suggestion is for (listed as “name（建议 n）”).
fn open_first_suggested(h: &mut Harness<'_, App>) -> taizhang::db::assessment::Suggestion {
    let all = h.state().assess.suggestions();
    let s = all
        .first()
        .cloned()
        .expect("the demo leaves suggestions for the manager");
    let pending = all.iter().filter(|x| x.staff_id == s.staff_id).count();
    h.get_by_label(&format!("{}（建议 {pending}）", s.staff))
        .click();
    h.run();
    h.run();
    s
}

#[test]
fn fill_a_card_confirm_a_suggestion_file_it_and_print_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = assess_screen(demo_app(&dir));
    let month = h.state().assess.month();
    let today = crate::common::today();
    assert_eq!(
        month,
        taizhang::domain::period::Period::of(today).plus(-1),
        "opens on last month while its cards are unfiled"
    );
    // Someone the records have something to say about.
    let s = open_first_suggested(&mut h);
    let before = h
        .state()
        .assess
        .rows()
        .iter()
        .find(|r| r.staff_id == s.staff_id)
        .unwrap()
        .total;
    assert_eq!(h.state().assess.card().unwrap().staff, s.staff);
    replace_text(&mut h, "考核人", "陈建国");

    h.get_by_label(&format!("确认扣分：{}", s.rule)).click();
    h.run();
    h.run();
    assert!(status(&h).contains("已确认"), "{}", status(&h));
    let after_confirm = before - s.points * s.times;
    assert_eq!(
        h.state().assess.card().unwrap().total(),
        after_confirm.max(0)
    );
    assert!(
        h.state()
            .assess
            .suggestions()
            .iter()
            .all(|x| !(x.staff_id == s.staff_id && x.rule == s.rule)),
        "a confirmed suggestion is not proposed again"
    );

    // A fault only a person sees: not in uniform, twice (5 points each).
    let item = "不按规定着装";
    let had = {
        let c = h.state().assess.card().unwrap();
        let id = c.items.iter().find(|i| i.name == item).unwrap().id;
        c.times(id)
    };
    // The item is below the fold: clicked as a screen reader would (the button is off screen).
    for _ in 0..2 {
        h.get_by_label(&format!("{item} 加一次")).click_accesskit();
        h.run();
    }
    let expected = (after_confirm - 10).max(0);
    assert_eq!(
        h.state().assess.live_total(),
        Some(expected),
        "the score on screen follows the stepper before saving"
    );
    h.get_by_label("保存考核表").click();
    h.run();
    h.run();
    let card = h.state().assess.card().unwrap().clone();
    let id = card.items.iter().find(|i| i.name == item).unwrap().id;
    assert_eq!(card.times(id), had + 2);
    assert_eq!(card.total(), expected);

    h.get_by_label("提交（签字确认）").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已提交"), "{}", status(&h));
    let card = h.state().assess.card().unwrap().clone();
    assert_eq!(card.state, CardState::Submitted);
    assert_eq!(
        (card.manager.as_str(), card.acknowledged_by.as_str()),
        ("陈建国", s.staff.as_str())
    );

    h.get_by_label("打印本月考核资料…").click();
    h.run();
    let out = dir.path().join("pack.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    h.run();
    let people = h.state().assess.rows().len();
    assert!(
        status(&h).contains(&format!("考核表 {people} 份")),
        "{}",
        status(&h)
    );
    let pages = crate::common::pdf_pages(&out);
    assert!(pages.len() > people, "a summary and a page per person");
    let page = pages
        .iter()
        .map(|p| crate::common::squash(p))
        .find(|p| p.contains(&format!("姓名：{}", s.staff)))
        .unwrap();
    assert!(page.contains(&format!("得分：{expected} 分")), "{page}");
    assert!(page.contains("状态：已提交"), "{page}");
}

#[test]
fn a_suggestion_is_dismissed_only_with_a_reason_and_not_proposed_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = assess_screen(demo_app(&dir));
    h.get_by_label_contains("记录建议（").click();
    h.run();
    let all = h.state().assess.suggestions().to_vec();
    let s = all.first().cloned().expect("the demo leaves suggestions");
    h.get_all_by_label(&format!("驳回 {}…", s.staff))
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("驳回").click();
    h.run();
    h.run();
    assert!(status(&h).contains("驳回建议须写明理由"), "{}", status(&h));
    assert_eq!(
        h.state().assess.suggestions().len(),
        all.len(),
        "nothing written"
    );
    crate::ui::type_into(&mut h, "驳回理由", "已核实为系统外原因，本月不扣分");
    h.get_by_label("驳回").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已驳回"), "{}", status(&h));
    let left = h.state().assess.suggestions();
    assert_eq!(left.len(), all.len() - 1);
    assert!(
        !left
            .iter()
            .any(|x| x.staff_id == s.staff_id && x.rule == s.rule)
    );
}

#[test]
fn typed_counts_survive_a_confirmation_and_are_saved_when_turning_to_the_next_person() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = assess_screen(demo_app(&dir));
    let s = open_first_suggested(&mut h);
    let item = "不按规定着装";
    h.get_by_label(&format!("{item} 加一次")).click_accesskit();
    h.run();
    assert!(h.state().assess.unsaved());
    h.get_by_label("有未保存的修改");
    // Confirming a suggestion reloads the card; the count typed stays.
    h.get_by_label(&format!("确认扣分：{}", s.rule)).click();
    h.run();
    h.run();
    let card = h.state().assess.card().unwrap().clone();
    let id = card.items.iter().find(|i| i.name == item).unwrap().id;
    assert!(h.state().assess.unsaved(), "still typed, not yet saved");
    let stored = card.times(id);
    // Another person: the first card is saved on the way.
    let other = h
        .state()
        .assess
        .rows()
        .iter()
        .find(|r| {
            r.staff_id != s.staff_id
                && !h
                    .state()
                    .assess
                    .suggestions()
                    .iter()
                    .any(|x| x.staff_id == r.staff_id)
        })
        .map(|r| r.staff.clone())
        .unwrap();
    h.get_by_label(&other).click();
    h.run();
    h.run();
    assert_eq!(h.state().assess.card().unwrap().staff, other);
    let first = taizhang::db::assessment::card(h.state().db(), card.id).unwrap();
    assert_eq!(first.times(id), stored + 1, "saved when turning to {other}");
}

#[test]
fn the_months_list_reads_as_a_ranking_after_a_click_on_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = assess_screen(demo_app(&dir));
    h.get_by_label("排名").click();
    h.run();
    h.get_by_label("排名 ▲");
    // The list on screen, top to bottom, is in rank order.
    let rows = h.state().assess.rows().to_vec();
    let mut tops: Vec<(f32, usize)> = rows
        .iter()
        .filter_map(|r| {
            let label = h
                .query_all_by_label_contains(&r.staff)
                .next()
                .map(|n| n.rect().min.y)?;
            Some((label, r.rank))
        })
        .collect();
    tops.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ranks: Vec<usize> = tops.iter().map(|t| t.1).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert!(ranks.len() > 10, "{}", ranks.len());
    assert_eq!(ranks, sorted);
}
