//! The synthetic 5,000-unit estate the benchmarks share.

use taizhang::domain::area::Area;
use taizhang::domain::estate::{OwnerInput, UnitInput, UnitState, Usage};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "曾", "单",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "三", "堃", "喆",
];

pub fn units(n: usize) -> Vec<(usize, UnitInput)> {
    (0..n)
        .map(|i| {
            let building = i / 1000 + 1;
            let entrance = (i / 250) % 4 + 1;
            let floor = (i % 250) / 10 + 1;
            let room = format!("{floor}{:02}", i % 10 + 1);
            let name = format!(
                "{}{}",
                SURNAMES[i % SURNAMES.len()],
                GIVEN[(i / 7) % GIVEN.len()]
            );
            (
                i + 2,
                UnitInput {
                    building: format!("{building}号楼"),
                    entrance: format!("{entrance}单元"),
                    room,
                    area: Area(8950 + (i as i64 % 7) * 1000),
                    usage: Usage::Residence,
                    state: UnitState::Occupied,
                    notes: String::new(),
                    owner: Some(OwnerInput {
                        name,
                        phone: format!("138{:08}", i),
                        ..Default::default()
                    }),
                },
            )
        })
        .collect()
}

/// A member of staff with only a name and a department, hired at `at`; returns the id.
#[allow(dead_code)]
pub fn staff(
    conn: &rusqlite::Connection,
    name: &str,
    department: &str,
    at: &str,
) -> taizhang::Result<i64> {
    use taizhang::domain::staff::{EmploymentState, StaffInput};
    taizhang::db::staff::create_staff(
        conn,
        &StaffInput {
            name: name.into(),
            gender: None,
            birth_date: None,
            phone: String::new(),
            id_number: String::new(),
            department: department.into(),
            position: String::new(),
            hire_date: None,
            state: EmploymentState::Active,
            leave_date: None,
            emergency_contact: String::new(),
            emergency_phone: String::new(),
            notes: String::new(),
            state_given: true,
        },
        at,
    )
}
