//! 收费台账 in the real App through egui_kittest: take payments at the counter and watch the
//! arrears drop; record dunning; print every notice in one click.

use crate::ui::{demo_app, harness, replace_text, status, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taizhang::app::App;
use taizhang::domain::money::Money;

fn charging_screen(app: App) -> Harness<'static, App> {
    let mut h = harness(app);
    h.run();
    h.get_by_label("收费台账").click();
    h.run();
    h.run();
    h
}

fn owed(h: &Harness<'_, App>, unit_id: i64) -> i64 {
    h.state()
        .charging
        .arrears()
        .iter()
        .find(|a| a.unit_id == unit_id)
        .map(|a| a.total_fen)
        .unwrap_or(0)
}

/// What the unit on the counter owes, deposits included.
fn open(h: &Harness<'_, App>) -> i64 {
    h.state()
        .charging
        .ledger()
        .unwrap()
        .open
        .iter()
        .map(|l| l.outstanding())
        .sum()
}

#[test]
fn a_payment_at_the_counter_makes_the_arrears_drop() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    let total_before: i64 = h
        .state()
        .charging
        .arrears()
        .iter()
        .map(|a| a.total_fen)
        .sum();
    // A unit owing on more than one line.
    let a = h
        .state()
        .charging
        .arrears()
        .iter()
        .find(|a| a.lines.len() >= 2)
        .cloned()
        .expect("the demo has a unit owing two lines");
    type_into(&mut h, "查找房屋", &a.unit);
    h.get_by_label(&format!("{}　{}", a.unit, a.owner)).click();
    h.run();
    h.run();
    // Everything owed, the lines not yet due included; the overdue part is the arrears row's.
    let all = open(&h);
    h.get_by_label(&format!("应缴合计 ¥{}", Money(all).grouped()));
    if all > a.total_fen {
        h.get_by_label(&format!(
            "（其中逾期 ¥{}，未到期 ¥{}）",
            Money(a.total_fen).grouped(),
            Money(all - a.total_fen).grouped()
        ));
    }

    // Pay only the oldest line, and only part of it.
    let first = &a.lines[0];
    let part = first.outstanding_fen / 2;
    h.get_by_label("全不选").click();
    h.run();
    let line_label = format!("{}　{}", first.period, first.item);
    h.get_by_role_and_label(Role::CheckBox, &line_label).click();
    h.run();
    replace_text(&mut h, &line_label, &Money(part).to_string());
    h.get_by_label("收款并出收据（Enter）").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains(&format!("已收款 ¥{}", Money(part).grouped())),
        "{}",
        status(&h)
    );
    assert_eq!(
        owed(&h, a.unit_id),
        a.total_fen - part,
        "the arrears drop by what was paid"
    );
    let number = h.state().charging.ledger().unwrap().receipts[0]
        .number
        .clone();
    h.get_by_label(&format!("已出收据 {number}"));

    // Then the rest: every line ticked in full by default.
    h.get_by_label(&format!("应缴合计 ¥{}", Money(all - part).grouped()));
    h.get_by_label("收款并出收据（Enter）").click();
    h.run();
    h.run();
    assert_eq!(owed(&h, a.unit_id), 0);
    h.get_by_label("没有欠费");
    let total_after: i64 = h
        .state()
        .charging
        .arrears()
        .iter()
        .map(|x| x.total_fen)
        .sum();
    assert_eq!(total_after, total_before - a.total_fen);
    // Two receipts in a row: consecutive numbers.
    let receipts = &h.state().charging.ledger().unwrap().receipts;
    let n = |s: &str| s[5..].parse::<i64>().unwrap();
    assert_eq!(n(&receipts[0].number), n(&receipts[1].number) + 1);
    assert_eq!(receipts[0].amount_fen + receipts[1].amount_fen, all);
}

#[test]
fn dunning_is_recorded_and_every_notice_prints_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    h.get_by_label("欠费与催缴").click();
    h.run();
    let as_of = h.state().charging.arrears_as_of();
    let undunned: Vec<_> = h
        .state()
        .charging
        .arrears()
        .iter()
        .filter(|a| !a.dunned_in(as_of))
        .map(|a| a.unit_id)
        .collect();
    assert!(
        !undunned.is_empty(),
        "the demo leaves some units for the manager's list"
    );
    h.get_by_label("只看本月未催缴").click();
    h.run();
    h.get_all_by_label("登记催缴").next().unwrap().click();
    h.run();
    type_into(&mut h, "结果", "答应周五前缴清");
    h.get_by_label("保存").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已登记催缴"), "{}", status(&h));
    let still: usize = h
        .state()
        .charging
        .arrears()
        .iter()
        .filter(|a| !a.dunned_in(as_of))
        .count();
    assert_eq!(still, undunned.len() - 1);

    h.get_by_label("打印全部催缴通知书…").click();
    h.run();
    let out = dir.path().join("notices.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已生成催缴通知书"), "{}", status(&h));
    // What the list shows (its filters: here 只看本月未催缴), a notice each.
    let shown: Vec<String> = h
        .state()
        .charging
        .arrears_shown()
        .iter()
        .map(|a| a.unit.clone())
        .collect();
    let units = shown.len();
    assert!(units < h.state().charging.arrears().len());
    assert!(
        status(&h).contains(&format!("已生成催缴通知书 {units} 户")),
        "a notice for every unit shown: {}",
        status(&h)
    );
    let pages = crate::common::pdf_pages(&out);
    let text = crate::common::squash(&pages.concat());
    for u in &shown {
        assert!(text.contains(u.as_str()), "{u} has no notice");
    }
    assert!(pages.len() >= units);
}

#[test]
fn late_fees_appear_once_the_office_turns_them_on_in_settings() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    h.get_by_label("欠费与催缴").click();
    h.run();
    let fees = |h: &Harness<'_, App>| -> i64 {
        h.state()
            .charging
            .arrears()
            .iter()
            .map(|a| a.late_fee_fen)
            .sum()
    };
    assert_eq!(fees(&h), 0, "off by default");

    h.get_by_label("设置").click();
    h.run();
    h.get_by_label("启用滞纳金").click();
    h.run();
    replace_text(&mut h, "宽限天数", "十五");
    // The page's one 保存: a mistake anywhere writes nothing and says where.
    h.get_by_label("保存").click();
    h.run();
    h.get_by_label("【宽限天数】应为 0–180 之间的整数");
    h.get_by_label("有填写错误，设置未保存，请看下面标红的说明。");
    assert_eq!(fees(&h), 0);
    replace_text(&mut h, "宽限天数", "15");
    h.get_by_label("保存").click();
    h.run();
    assert_eq!(status(&h), "设置已保存。");
    assert!(
        h.query_by_label("有填写错误，设置未保存，请看下面标红的说明。")
            .is_none()
    );

    h.get_by_label("收费台账").click();
    h.run();
    h.run();
    assert!(
        fees(&h) > 0,
        "arrears older than the grace period now carry a late fee"
    );
}

#[test]
fn a_deposit_is_billed_by_hand_paid_and_a_wrong_line_corrected_by_an_adjustment() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    // A unit that owes nothing today.
    let unit = {
        let owing: Vec<i64> = h
            .state()
            .charging
            .arrears()
            .iter()
            .map(|a| a.unit_id)
            .collect();
        taizhang::db::estate::list_units(h.state().db())
            .unwrap()
            .into_iter()
            .find(|u| {
                !owing.contains(&u.id)
                    && u.owner().is_some()
                    && !taizhang::db::charging::unit_bills(h.state().db(), u.id)
                        .unwrap()
                        .is_empty()
            })
            .unwrap()
    };
    let owner = unit.owner().unwrap().name.clone();
    type_into(&mut h, "查找房屋", &unit.label());
    h.get_by_label(&format!("{}　{}", unit.label(), owner))
        .click();
    h.run();
    h.run();
    h.get_by_label("没有欠费");

    // 装修押金 at its published price, 2,000.00.
    h.get_by_label("新增单次收费…").click();
    h.run();
    h.get_by_label("记入应收").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("已新增应收 ¥2,000.00"),
        "{}",
        status(&h)
    );
    assert_eq!(open(&h), 200_000);
    assert_eq!(
        owed(&h, unit.id),
        0,
        "a deposit is not arrears: no dunning for it"
    );
    h.get_by_label("应缴合计 ¥2,000.00");
    h.get_by_label("收款并出收据（Enter）").click();
    h.run();
    h.run();
    assert_eq!(open(&h), 0);
    let bills = taizhang::db::charging::unit_bills(h.state().db(), unit.id).unwrap();
    let deposit = bills.iter().find(|b| b.item == "装修押金").unwrap();
    assert!(deposit.refundable);
    assert_eq!((deposit.due_fen, deposit.paid_fen), (200_000, 200_000));

    // A paid line cannot be adjusted below what was paid; an increase is a new 调整 line.
    h.get_by_label("账目（每笔应收与已收，可调整）").click();
    h.run();
    let label = format!("调整…：{} 装修押金", deposit.period);
    h.get_by_label(&label).click_accesskit();
    h.run();
    replace_text(&mut h, "调整金额（元）", "-500");
    replace_text(&mut h, "调整原因", "押金标准按 1500 元");
    h.get_by_label("确认调整").click();
    h.run();
    h.run();
    assert!(status(&h).contains("低于已收"), "{}", status(&h));
    replace_text(&mut h, "调整金额（元）", "300");
    replace_text(&mut h, "调整原因", "押金标准按 2300 元");
    h.get_by_label("确认调整").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已调整 300.00 元"), "{}", status(&h));
    assert_eq!(open(&h), 30_000, "the adjustment is owed");
    let bills = taizhang::db::charging::unit_bills(h.state().db(), unit.id).unwrap();
    let deposit = bills.iter().find(|b| b.item == "装修押金").unwrap();
    assert_eq!(
        deposit.due_fen, 230_000,
        "billed 2,000 + adjusted 300; the bill itself unchanged"
    );

    // The 300 paid, the renovation inspected: 2,100 back, 200 withheld for damage.
    h.get_by_label("收款并出收据（Enter）").click();
    h.run();
    h.run();
    assert_eq!(open(&h), 0);
    h.get_by_label(&format!("退还押金…：{} 装修押金", deposit.period))
        .click_accesskit();
    h.run();
    replace_text(&mut h, "退还金额（元）", "2100");
    h.get_by_label("确认退还").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("少退 200.00 元，请写明扣留原因"),
        "{}",
        status(&h)
    );
    type_into(&mut h, "扣留原因", "损坏楼道墙面，修补费 200 元");
    h.get_by_label("确认退还").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("已退还押金 ¥2,100.00"),
        "{}",
        status(&h)
    );
    // The voucher window opens at once.
    let out = dir.path().join("refund.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已生成押金退还单"), "{}", status(&h));
    crate::common::assert_qpdf_ok(&out);
    let text = crate::common::squash(&crate::common::pdf_pages(&out).concat());
    for expected in [
        "押金退还单",
        "已收押金 ¥2,300.00",
        "¥2,100.00 人民币（大写）贰仟壹佰元整",
        "扣留金额 ¥200.00 原因：损坏楼道墙面，修补费 200 元",
        &unit.label(),
    ] {
        assert!(text.contains(expected), "{expected} missing in: {text}");
    }
}

/// The lists and totals load on a worker thread: the frame that asks for them returns at once
/// and says 加载中; when the rows arrive they are shown and the note goes.
#[test]
fn the_counter_loads_in_the_background_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let app = crate::ui::demo_app(&dir);
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(4)
        .with_context_setup(taizhang::ui::install_fonts)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.step();
    h.get_by_label("收费台账").click();
    h.step();
    h.step();
    assert!(h.state().charging.loading, "asked for, not waited for");
    h.get_by_label("加载中…");
    h.state_mut().wait_for_charging();
    h.step();
    assert!(!h.state().charging.loading);
    assert!(h.query_by_label("加载中…").is_none());
    assert!(!h.state().charging.arrears().is_empty());
}

#[test]
fn another_period_loads_on_the_worker_and_a_payment_redraws_the_chart() {
    use taizhang::app::{ChargeCommand, Command as AppCommand};
    use taizhang::db::charging as ch;
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    h.state_mut().wait_for_charging();
    h.run();
    // A line of this month owed by a debtor; the report and the chart asked for this month
    // (a payment today of an older month's line is 清欠 of this one, not that month's rate).
    let this = taizhang::domain::period::Period::of(crate::common::now().date());
    // (This month's lines are not yet due — 未到期应收 — so they are found among the open ones.)
    struct Owed {
        unit_id: i64,
        bill_id: i64,
        outstanding_fen: i64,
        period: taizhang::domain::period::Period,
    }
    let line = h
        .state()
        .db()
        .query_row(
            "SELECT f.unit_id, f.bill_id, f.due_fen - f.paid_fen FROM bill_fact f
             JOIN fee_item i ON i.id = f.item_id
             WHERE f.settled_on IS NULL AND f.period = ?1 AND i.refundable = 0
             ORDER BY f.bill_id LIMIT 1",
            [this.to_string()],
            |r| {
                Ok(Owed {
                    unit_id: r.get(0)?,
                    bill_id: r.get(1)?,
                    outstanding_fen: r.get(2)?,
                    period: this,
                })
            },
        )
        .expect("someone owes for this month");
    let debtor = &line;
    h.state_mut()
        .push(AppCommand::Charging(ChargeCommand::LoadCollection(
            line.period,
        )));
    h.step();
    assert!(h.state().charging.loading, "on the worker, not the window");
    h.state_mut().wait_for_charging();
    h.run();
    let trend = h.state().charging.trend().to_vec();
    // At most 24 months, as many as have bills (the demo's history is shorter).
    assert!(!trend.is_empty() && trend.len() <= 24, "{}", trend.len());
    assert_eq!(trend.last().map(|t| t.0), Some(line.period));
    let before = trend.last().unwrap().1.collected_fen;
    // Asked again with nothing written: the same months, from the cache.
    h.state_mut()
        .push(AppCommand::Charging(ChargeCommand::LoadCollection(
            line.period,
        )));
    h.step();
    h.state_mut().wait_for_charging();
    assert_eq!(h.state().charging.trend(), &trend[..]);
    // A payment of that line in the same frame as another load (which started with the cached
    // months): the chart's last month shows the payment, the load's old months are not kept.
    h.state_mut()
        .push(AppCommand::Charging(ChargeCommand::LoadCollection(
            line.period,
        )));
    h.state_mut()
        .push(AppCommand::Charging(ChargeCommand::TakePayment(
            ch::PaymentInput {
                unit_id: debtor.unit_id,
                paid_on: crate::common::now().date(),
                method: taizhang::domain::charging::PayMethod::Cash,
                payer: String::new(),
                clerk: "刘丽".into(),
                received_fen: line.outstanding_fen,
                lines: vec![(line.bill_id, line.outstanding_fen)],
                notes: String::new(),
            },
        )));
    h.run();
    h.state_mut().wait_for_charging();
    h.run();
    h.state_mut().wait_for_charging();
    assert!(status(&h).contains("已收款"), "{}", status(&h));
    let after = h.state().charging.trend().last().unwrap().1.collected_fen;
    assert_eq!(after, before + line.outstanding_fen);
    let conn = taizhang::db::open(&dir.path().join("demo.db"), crate::common::now()).unwrap();
    assert_eq!(
        h.state().charging.trend(),
        &ch::monthly_rates(&conn, this, 24).unwrap()[..]
    );
}

#[test]
fn the_fee_items_show_the_period_of_the_rate_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    h.get_all_by_label("收费项目").next().unwrap().click();
    h.run();
    // The management fee went up four months ago (2026-07 on the pinned day): that is when
    // the 2.50 rate began, not the item's first month.
    h.get_by_label("2026-07 起");
    h.get_by_label("2025-10 起 2.30；2026-07 起 2.50");
    // The shared meter's cost is divided by area: it has no rate of its own to show.
    assert!(h.query_by_label("2025-10 起 0.00").is_none());
}

#[test]
fn the_collection_rate_opens_on_the_last_complete_month_and_its_title_says_what_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    let this = taizhang::domain::period::Period::of(crate::common::today());
    assert_eq!(h.state().charging.report_period(), this.plus(-1));
    h.get_all_by_label("收缴率").next().unwrap().click();
    h.run();
    h.run();
    let trend = h.state().charging.trend().to_vec();
    assert_eq!(trend.last().map(|t| t.0), Some(this.plus(-1)));
    h.get_by_label(&format!(
        "{} 至 {} 各月收缴率（{} 个月；红色虚线为 95% 目标）",
        trend[0].0,
        this.plus(-1),
        trend.len()
    ));
}

#[test]
fn a_typed_amount_below_what_is_owed_pays_the_oldest_lines_first_on_enter() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    // A unit owing on at least three lines, more than the amount typed.
    let a = h
        .state()
        .charging
        .arrears()
        .iter()
        .find(|a| a.lines.len() >= 3 && a.total_fen > 30_000)
        .cloned()
        .expect("the demo has a unit owing three lines");
    type_into(&mut h, "查找房屋", &a.unit);
    h.get_by_label(&format!("{}　{}", a.unit, a.owner)).click();
    h.run();
    h.run();
    let open = h.state().charging.ledger().unwrap().open.clone();
    // What to type: the first line in full and part of the second.
    let typed = open[0].outstanding() + open[1].outstanding() / 2;
    let second_left = open[1].outstanding() - open[1].outstanding() / 2;
    // The cursor is already in 实收金额: type, see what it pays, press Enter.
    h.run();
    h.get_by_role_and_label(Role::TextInput, "实收金额（元）")
        .type_text(&Money(typed).to_string());
    h.run();
    h.get_by_label_contains("按最早的先缴");
    h.get_by_label_contains(&format!(
        "{} {} 全额 ¥{}",
        open[0].period,
        open[0].item,
        Money(open[0].outstanding())
    ));
    h.get_by_label_contains(&format!("（尚欠 ¥{}）", Money(second_left)));
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert!(
        status(&h).contains(&format!("已收款 ¥{}", Money(typed).grouped())),
        "{}",
        status(&h)
    );
    // Written as shown: the oldest line settled, the next one in part, the rest untouched.
    let lines: Vec<(i64, i64)> = {
        let conn = h.state().db();
        let mut stmt = conn
            .prepare(
                "SELECT pl.bill_id, pl.amount_fen FROM payment_line pl
                 WHERE pl.payment_id = (SELECT max(id) FROM payment) ORDER BY pl.id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        lines,
        vec![
            (open[0].bill_id, open[0].outstanding()),
            (open[1].bill_id, open[1].outstanding() / 2)
        ]
    );
    assert_eq!(owed(&h, a.unit_id), a.total_fen - typed);
}

#[test]
fn the_day_closes_with_a_printed_day_close() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    // A payment at the counter today, then 日结.
    let a = h.state().charging.arrears()[0].clone();
    type_into(&mut h, "查找房屋", &a.unit);
    h.get_by_label(&format!("{}　{}", a.unit, a.owner)).click();
    h.run();
    h.run();
    h.get_by_label("收款并出收据（Enter）").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已收款"), "{}", status(&h));
    h.get_by_label("日结").click();
    h.run();
    h.run();
    let day = h
        .state()
        .charging
        .day_close
        .clone()
        .expect("the day is read");
    assert_eq!(day.day, crate::common::today());
    assert!(day.receipts.iter().any(|r| r.unit == a.unit));
    let total = day.total_fen();
    assert!(total >= a.total_fen);
    h.get_by_label_contains(&format!("合计 ¥{}", Money(total).grouped()));
    h.get_by_label("打印日结单…").click();
    h.run();
    let out = dir.path().join("日结单.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已生成日结单"), "{}", status(&h));
    let text = crate::common::squash(&crate::common::pdf_pages(&out).join(""));
    assert!(text.contains("收款日结单"), "{text}");
    assert!(
        text.contains(&format!("¥{}", Money(total).grouped())),
        "{text}"
    );
    assert!(text.contains("复核人："), "{text}");
}

#[test]
fn the_receipts_tab_filters_by_dates_and_clerk() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    h.get_by_label("收据").click();
    h.run();
    h.run();
    let all = h.state().charging.year_receipts().to_vec();
    assert!(!all.is_empty());
    let day = all[0].paid_on;
    let want = all
        .iter()
        .filter(|r| r.paid_on == day && r.clerk == all[0].clerk)
        .count();
    let text = day.format("%Y-%m-%d").to_string();
    type_into(&mut h, "从", &text);
    type_into(&mut h, "到", &text);
    h.get_by_role_and_label(Role::ComboBox, "收款人").click();
    h.run();
    // The chooser's entry (the table's cells carry the name too): the last one drawn.
    h.query_all_by_label(&all[0].clerk).last().unwrap().click();
    h.run();
    h.run();
    assert_eq!(h.state().charging.year_receipts().len(), all.len());
    h.get_by_label_contains(&format!("筛选出 {want} 张"));
    // A date that does not read says so.
    replace_text(&mut h, "从", "2026-02-30");
    h.run();
    h.get_by_label_contains("起始日期：");
}

#[test]
fn an_items_payment_term_decides_what_is_arrears_and_what_is_not_yet_due() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    h.get_by_label("欠费与催缴").click();
    h.run();
    h.run();
    let before = h.state().charging.arrears().len();
    let (n, fen) = h.state().charging.not_due;
    // The demo's management fee is due by the 15th; the meters by the month's end: on the
    // 24th this month's water and shared meter are owed but not yet due.
    assert!(
        n > 0 && fen > 0,
        "this month's meters are not yet due on the 24th"
    );
    h.get_by_label_contains(&format!("未到期应收 {n} 户"));
    // The management fee due at the month's end instead: this month's is not arrears either.
    h.get_all_by_label("收费项目").next().unwrap().click();
    h.run();
    h.get_by_label("物业管理费").click();
    h.run();
    h.get_by_label("当月15日");
    replace_text(&mut h, "物业管理费 的缴费期限", "月末");
    h.get_by_label("保存缴费期限").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("物业管理费的缴费期限已改为“月末”"),
        "{}",
        status(&h)
    );
    h.state_mut().wait_for_charging();
    h.run();
    let after = h.state().charging.arrears().len();
    assert!(after < before, "{before} → {after}");
    assert!(h.state().charging.not_due.1 > fen);
    // Words that are not a term are named, and nothing changes.
    replace_text(&mut h, "物业管理费 的缴费期限", "下个月");
    h.get_by_label("保存缴费期限").click();
    h.run();
    h.get_by_label_contains("缴费期限“下个月”看不懂");
    let kept: String = h
        .state()
        .db()
        .query_row(
            "SELECT t.pay_term FROM fee_item_setting t JOIN fee_item i ON i.id = t.item_id
             WHERE i.name = '物业管理费'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "月末");
    // Vacant flats at 70 %: typed beside it, said back; a share out of range is named.
    replace_text(&mut h, "物业管理费 空置房按（%）", "70%");
    h.get_by_label("保存空置比例").click();
    h.run();
    assert!(
        status(&h).contains("物业管理费：空置房按 70% 收取"),
        "{}",
        status(&h)
    );
    replace_text(&mut h, "物业管理费 空置房按（%）", "120");
    h.get_by_label("保存空置比例").click();
    h.run();
    h.get_by_label_contains("空置房收费比例“120”应是 1 到 100 的整数");
    let share: Option<i64> = h
        .state()
        .db()
        .query_row(
            "SELECT t.vacant_percent FROM fee_item_setting t JOIN fee_item i ON i.id = t.item_id
             WHERE i.name = '物业管理费'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(share, Some(70));
    // The office's order of items: 水费 moved up one place.
    h.get_by_label("水费").click();
    h.run();
    h.get_by_label("上移").click();
    h.run();
    h.run();
    assert!(status(&h).contains("水费 已上移"), "{}", status(&h));
    let order: Vec<String> = taizhang::db::charging::list_items(h.state().db())
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(
        &order[..3],
        &["物业管理费", "水费", "车位管理费"],
        "{order:?}"
    );
}

#[test]
fn a_receipt_voided_today_is_issued_again_at_the_counter_and_the_void_names_it() {
    use taizhang::app::{ChargeCommand, Command as AppCommand};
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    // A unit's latest receipt, voided today.
    let (unit, number): (i64, String) = h
        .state()
        .db()
        .query_row(
            "SELECT unit_id, receipt_no FROM payment WHERE voided_at IS NULL
             ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    h.state_mut().run(AppCommand::Charging(ChargeCommand::Void {
        number: number.clone(),
        reason: "金额录错".into(),
    }));
    h.state_mut().run(AppCommand::CollectFrom(unit));
    h.run();
    h.run();
    h.run();
    // The counter offers to issue it again (ticked), and the new receipt says so.
    h.get_by_label(&format!("重开今天作废的收据 {number}"));
    h.get_by_label("收款并出收据（Enter）").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已收款"), "{}", status(&h));
    let again = h.state().charging.ledger().unwrap().receipts[0]
        .number
        .clone();
    assert_ne!(again, number);
    assert!(
        h.query_by_label(&format!("重开今天作废的收据 {number}"))
            .is_none()
    );
    let out = dir.path().join("void.pdf");
    taizhang::pdf::charging::print_receipt(h.state().db(), &number, &out, crate::common::now())
        .unwrap();
    let text = crate::common::squash(&crate::common::pdf_pages(&out).join(""));
    assert!(text.contains(&format!("已重开收据 {again}")), "{text}");
    assert!(text.contains("原因：金额录错"), "{text}");
}

#[test]
fn an_item_made_per_household_bills_the_spaces_imported_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = charging_screen(demo_app(&dir));
    h.get_all_by_label("收费项目").next().unwrap().click();
    h.run();
    h.get_by_label("车位管理费").click();
    h.run();
    h.get_by_label_contains("车位管理费 按户收取").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("车位管理费：按户收取"),
        "{}",
        status(&h)
    );
    let file = dir.path().join("车位.csv");
    std::fs::write(
        &file,
        "楼栋,单元,房号,收费项目,车位号,车牌号,起始期间,结束期间,单价\n\
         地下车库,,P001,车位管理费,P001,浙A·12345,2026-12,,\n",
    )
    .unwrap();
    h.get_by_label("导入按户收费…").click();
    h.run();
    replace_text(&mut h, "文件路径", file.to_str().unwrap());
    h.get_by_label("导入").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("读取 1 行，新增按户收费 1 项"),
        "{}",
        status(&h)
    );
    // December bills that one space only.
    let dec = taizhang::domain::period::Period::parse("2026-12").unwrap();
    taizhang::db::charging::bill_period(h.state().db(), dec, "王丽", crate::common::now()).unwrap();
    let billed: Vec<(String, String)> = {
        let conn = h.state().db();
        let mut stmt = conn
            .prepare(
                "SELECT b.name || e.name || u.room, x.basis FROM bill x
                 JOIN fee_item i ON i.id = x.item_id JOIN unit u ON u.id = x.unit_id
                 JOIN entrance e ON e.id = u.entrance_id JOIN building b ON b.id = e.building_id
                 WHERE i.name = '车位管理费' AND x.period = '2026-12'",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        billed,
        vec![(
            "地下车库P001".to_string(),
            "车位 P001（浙A·12345） 80.00 元/月".to_string()
        )]
    );
}
