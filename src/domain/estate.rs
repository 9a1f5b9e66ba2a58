//! Units (房屋) and their occupants: the enums and validation the rest of the product leans on.

use super::area::Area;
use super::person::{normalize_id_number, normalize_phone};
use super::text::{clean, normalize};
use chrono::NaiveDate;

chinese_enum!(
    /// 用途
    Usage {
        Residence = "住宅" | "住房" | "住家",
        Shop = "商铺" | "商业" | "门面" | "店铺",
        Parking = "车位" | "停车位" | "车库",
    }
);

chinese_enum!(
    /// 状态
    UnitState {
        NotDelivered = "未交付" | "未收房",
        Vacant = "空置" | "空房",
        Decorating = "装修中" | "装修",
        Occupied = "已入住" | "入住",
    }
);

chinese_enum!(
    /// 业主 or 使用人 (a tenant or relative living there).
    OccupantRole {
        Owner = "业主",
        Occupant = "使用人" | "租户" | "住户",
    }
);

/// What the add/edit form and the importer hand to the database, already validated.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitInput {
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub area: Area,
    pub usage: Usage,
    pub state: UnitState,
    pub notes: String,
    pub owner: Option<OwnerInput>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct OwnerInput {
    pub name: String,
    pub phone: String,
    pub phone2: String,
    pub id_number: String,
    pub move_in: Option<NaiveDate>,
    pub special_care: String,
    /// 业主资料完整: the owner file holds everything the office needs.
    pub file_complete: bool,
    /// 签字: the owner signed the file.
    pub file_signed: bool,
}

/// The form's raw text, as typed. Validation turns it into a `UnitInput` or a list of
/// Chinese messages naming each wrong field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitDraft {
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub area: String,
    pub usage: String,
    pub state: String,
    pub notes: String,
    pub owner_name: String,
    pub phone: String,
    pub phone2: String,
    pub id_number: String,
    pub move_in: String,
    pub special_care: String,
    pub file_complete: bool,
    pub file_signed: bool,
}

/// "10" → "10号楼"; names people already wrote in full stay as they are.
pub fn building_name(input: &str) -> String {
    let s = normalize(input);
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        format!("{s}号楼")
    } else {
        s
    }
}

/// "1" → "1单元"; empty stays empty (shops and parking often have no entrance).
pub fn entrance_name(input: &str) -> String {
    let s = normalize(input);
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        format!("{s}单元")
    } else {
        s
    }
}

/// One wrong field: the column/field name as the office writes it, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "【{}】{}", self.field, self.message)
    }
}

/// Collects every wrong field of a form, so all are reported at once.
pub(crate) struct Errors(pub(crate) Vec<FieldError>);

impl Errors {
    pub(crate) fn push(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: message.into(),
        });
    }
}

impl UnitDraft {
    pub fn validate(&self) -> Result<UnitInput, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let building = building_name(&self.building);
        if building.is_empty() {
            errors.push("楼栋", "楼栋不能为空");
        }
        let entrance = entrance_name(&self.entrance);
        let room = normalize(&self.room);
        if room.is_empty() {
            errors.push("房号", "房号不能为空");
        }
        let area = Area::parse(&self.area).map_err(|e| errors.push("收费面积", e));
        let usage = if self.usage.trim().is_empty() {
            Some(Usage::Residence)
        } else {
            Usage::parse(&self.usage)
        };
        if usage.is_none() {
            errors.push("用途", format!("用途“{}”应为 住宅/商铺/车位", self.usage));
        }
        let name = normalize(&self.owner_name);
        let state = if self.state.trim().is_empty() {
            Some(if name.is_empty() {
                UnitState::Vacant
            } else {
                UnitState::Occupied
            })
        } else {
            UnitState::parse(&self.state)
        };
        if state.is_none() {
            errors.push(
                "状态",
                format!("状态“{}”应为 未交付/空置/装修中/已入住", self.state),
            );
        }
        let mut owner = OwnerInput {
            name: name.clone(),
            special_care: clean(&self.special_care),
            file_complete: self.file_complete,
            file_signed: self.file_signed,
            ..Default::default()
        };
        match normalize_phone(&self.phone) {
            Ok(p) => owner.phone = p,
            Err(e) => errors.push("联系电话", e),
        }
        match normalize_phone(&self.phone2) {
            Ok(p) => owner.phone2 = p,
            Err(e) => errors.push("备用电话", e),
        }
        match normalize_id_number(&self.id_number) {
            Ok(p) => owner.id_number = p,
            Err(e) => errors.push("身份证号", e),
        }
        if !self.move_in.trim().is_empty() {
            match super::date::parse_date(&self.move_in) {
                Ok(d) => owner.move_in = Some(d),
                Err(e) => errors.push("入住日期", e),
            }
        }
        let has_owner_data = !owner.phone.is_empty()
            || !owner.id_number.is_empty()
            || owner.move_in.is_some()
            || !owner.special_care.is_empty();
        if name.is_empty() && has_owner_data {
            errors.push("业主姓名", "填写了业主信息但缺少业主姓名");
        }
        match (area, usage, state, errors.0.is_empty()) {
            (Ok(area), Some(usage), Some(state), true) => Ok(UnitInput {
                building,
                entrance,
                room,
                area,
                usage,
                state,
                notes: clean(&self.notes),
                owner: (!name.is_empty()).then_some(owner),
            }),
            _ => Err(errors.0),
        }
    }
}

/// An occupant (使用人: tenant, relative) registered on a unit that has or lacks an owner.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OccupantDraft {
    pub name: String,
    pub phone: String,
    pub id_number: String,
    pub move_in: String,
}

impl OccupantDraft {
    pub fn validate(&self) -> Result<OwnerInput, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let name = normalize(&self.name);
        if name.is_empty() {
            errors.push("姓名", "姓名不能为空");
        }
        let phone = normalize_phone(&self.phone).unwrap_or_else(|e| {
            errors.push("联系电话", e);
            String::new()
        });
        let id_number = normalize_id_number(&self.id_number).unwrap_or_else(|e| {
            errors.push("身份证号", e);
            String::new()
        });
        let move_in = if self.move_in.trim().is_empty() {
            None
        } else {
            super::date::parse_date(&self.move_in)
                .map_err(|e| errors.push("入住日期", e))
                .ok()
        };
        if !errors.0.is_empty() {
            return Err(errors.0);
        }
        Ok(OwnerInput {
            name,
            phone,
            id_number,
            move_in,
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> UnitDraft {
        UnitDraft {
            building: "10".into(),
            entrance: "1".into(),
            room: "1201".into(),
            area: "89.5㎡".into(),
            owner_name: "张三".into(),
            phone: "13800138000".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_draft_validates_with_defaults() {
        let Ok(u) = draft().validate() else {
            panic!("valid draft refused")
        };
        assert_eq!(u.building, "10号楼");
        assert_eq!(u.entrance, "1单元");
        assert_eq!(u.area, Area(8950));
        assert_eq!(u.usage, Usage::Residence);
        assert_eq!(u.state, UnitState::Occupied);
        assert_eq!(u.owner.map(|o| o.name), Some("张三".to_string()));
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut d = draft();
        d.area = "八十".into();
        d.usage = "仓库".into();
        d.phone = "123".into();
        d.room = " ".into();
        let errs = d.validate().unwrap_err();
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(errs.iter().any(|e| e.field == "收费面积"));
        assert!(errs.iter().any(|e| e.message.contains("仓库")));
        assert!(errs.iter().any(|e| e.field == "房号"));
    }

    #[test]
    fn unit_without_owner_is_vacant() {
        let mut d = draft();
        d.owner_name.clear();
        d.phone.clear();
        let Ok(u) = d.validate() else {
            panic!("draft without owner refused")
        };
        assert_eq!(u.state, UnitState::Vacant);
        assert!(u.owner.is_none());
    }

    #[test]
    fn occupants_need_a_name_and_valid_details() {
        let ok = OccupantDraft {
            name: "李四".into(),
            phone: "13900139000".into(),
            move_in: "2024/5/1".into(),
            ..Default::default()
        }
        .validate();
        assert_eq!(
            ok.map(|o| (o.name, o.move_in.map(|d| d.to_string()))),
            Ok(("李四".into(), Some("2024-05-01".into())))
        );
        let bad = OccupantDraft {
            phone: "12".into(),
            ..Default::default()
        }
        .validate();
        let fields: Vec<&str> = bad
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["姓名", "联系电话"]);
    }

    #[test]
    fn enum_aliases() {
        assert_eq!(Usage::parse(" 商业 "), Some(Usage::Shop));
        assert_eq!(UnitState::parse("装修"), Some(UnitState::Decorating));
        assert_eq!(UnitState::parse("其他"), None);
    }
}
