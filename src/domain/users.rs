//! Users and roles (issue 19): what a role may do. Roles are data (the office may change
//! them); these are the permissions they are made of and the default set. Pure: no SQL.

chinese_enum!(
    /// One thing a role may do. Reading and printing need none.
    Perm {
        Units = "房屋与业主",
        Payments = "收款",
        VoidAdjust = "作废与调整",
        Service = "客户服务",
        Notices = "通知",
        ArchiveRequests = "档案借阅",
        Archives = "档案管理",
        Keys = "钥匙",
        Staff = "员工档案",
        Assess = "考核",
        Approve = "审批",
        Settings = "设置",
        Users = "用户",
        Audit = "操作日志",
        Restore = "恢复",
    }
);

/// The roles a new file starts with: (name, what it may do).
pub fn default_roles() -> Vec<(&'static str, Vec<Perm>)> {
    use Perm::*;
    vec![
        ("经理", Perm::ALL.to_vec()),
        (
            "客服",
            vec![Units, Payments, Service, Notices, ArchiveRequests],
        ),
        ("钥匙管理员", vec![Keys]),
        ("只读", vec![]),
    ]
}

/// The manager's role: the one the first-run set-up creates and a recovery code restores.
pub const MANAGER: &str = "经理";

/// `房屋与业主、收款`, as a role's permissions are stored and shown.
pub fn perms_text(perms: &[Perm]) -> String {
    perms
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// Reads stored permissions; an unknown word is refused by name.
pub fn parse_perms(s: &str) -> Result<Vec<Perm>, String> {
    let mut out = Vec::new();
    for w in s
        .split(['、', ',', '，', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        let p = Perm::parse(w)
            .ok_or_else(|| format!("没有“{w}”这项权限（可选：{}）", perms_text(Perm::ALL)))?;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

/// A user name: 1–20 characters, no spaces at the ends.
pub fn check_name(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("用户名不能为空".into());
    }
    if n.chars().count() > 20 {
        return Err(format!("用户名“{n}”太长（最多 20 个字）"));
    }
    Ok(n.to_string())
}

/// A password the office can live with: at least 6 characters, not all the same.
pub fn check_password(p: &str) -> Result<(), String> {
    if p.chars().count() < 6 {
        return Err("密码至少 6 位".into());
    }
    let first = p.chars().next().unwrap_or(' ');
    if p.chars().all(|c| c == first) {
        return Err("密码不能全是同一个字符".into());
    }
    Ok(())
}

/// A stored setting's name in words, for the 操作日志 (the key itself when unknown).
pub fn setting_words(key: &str) -> &str {
    match key {
        "office_name" => "管理处名称",
        "estate_name" => "小区名称",
        "office_phone" => "管理处电话",
        "staff.cert_warn_days" => "证书到期提前提醒天数",
        "staff.new_staff_days" => "新员工期限天数",
        "staffing.outdoor_cleaning_area" => "室外保洁面积",
        "staffing.indoor_cleaning_area" => "室内保洁面积",
        "staffing.green_area" => "绿化面积",
        "staffing.outdoor_per_person" => "室外保洁人均面积",
        "staffing.indoor_per_person" => "室内保洁人均面积",
        "staffing.green_per_person" => "绿化人均面积",
        "keys.custodian" => "当班钥匙管理员",
        "keys.shift_changes" => "交接班时间",
        "charging.clerk" => "收款人",
        "charging.receipt_paper" => "收据纸张",
        "charging.late_fee_enabled" => "收取滞纳金",
        "print.delivery" => "打印方式",
        "charging.late_fee_per_day_e4" => "滞纳金日率（万分之）",
        "charging.late_fee_grace_days" => "滞纳金宽限天数",
        "assess.quality_weights" => "服务质量考核权重",
        "assess.quality_bands" => "服务质量考核档次",
        "assess.quality_money" => "服务质量考核奖罚",
        "assess.staff_bands" => "员工考核档次",
        "complaints.first_reply_hours" => "投诉首次答复时限（小时）",
        "complaints.resolve_hours" => "投诉办结时限（小时）",
        "complaints.soon_hours" => "投诉将到期提醒（小时）",
        "complaints.revisit" => "投诉回访",
        "visits.monthly_target" => "每月走访目标",
        "archives.archivist" => "档案管理员",
        "archives.plan" => "档案检查计划",
        "notices.prefix" => "通知文号前缀",
        "backup.folder" => "备份文件夹",
        other => other,
    }
}

/// What a command changed among the settings, as (setting, old, new) in words. The backup
/// bookkeeping (when the last copy was made) is not a change anyone made.
pub fn setting_changes(
    before: &std::collections::BTreeMap<String, String>,
    after: &std::collections::BTreeMap<String, String>,
) -> Vec<(String, String, String)> {
    let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter(|k| !k.starts_with("backup.") || k.as_str() == "backup.folder")
        .filter_map(|k| {
            let (a, b) = (
                before.get(k).cloned().unwrap_or_default(),
                after.get(k).cloned().unwrap_or_default(),
            );
            (a != b).then(|| (setting_words(k).to_string(), a, b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn setting_changes_name_the_setting_in_words_and_skip_the_backup_bookkeeping() {
        let m = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let before = m(&[
            ("office_phone", "0371-1"),
            ("backup.last_ok", "a"),
            ("charging.clerk", "王丽"),
        ]);
        let after = m(&[
            ("office_phone", "0371-2"),
            ("backup.last_ok", "b"),
            ("charging.clerk", "王丽"),
            ("notices.prefix", "通字"),
            ("x.new", "1"),
        ]);
        assert_eq!(
            setting_changes(&before, &after),
            vec![
                (
                    "通知文号前缀".to_string(),
                    String::new(),
                    "通字".to_string()
                ),
                (
                    "管理处电话".to_string(),
                    "0371-1".to_string(),
                    "0371-2".to_string()
                ),
                ("x.new".to_string(), String::new(), "1".to_string()),
            ]
        );
    }

    use super::*;

    #[test]
    fn the_default_roles_and_their_permissions() {
        let roles = default_roles();
        let of = |name: &str| {
            roles
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, p)| p.clone())
                .unwrap_or_default()
        };
        assert_eq!(of("经理").len(), Perm::ALL.len());
        assert!(of("客服").contains(&Perm::Payments));
        assert!(!of("客服").contains(&Perm::VoidAdjust));
        assert!(!of("客服").contains(&Perm::Approve));
        assert_eq!(of("钥匙管理员"), vec![Perm::Keys]);
        assert!(of("只读").is_empty());
        assert_eq!(parse_perms(&perms_text(&of("客服"))), Ok(of("客服")));
        assert!(parse_perms("收款、开除").unwrap_err().contains("开除"));
    }

    #[test]
    fn names_and_passwords() {
        assert_eq!(check_name(" 王丽 "), Ok("王丽".into()));
        assert!(check_name(" ").is_err());
        assert!(check_password("12345").is_err());
        assert!(check_password("aaaaaa").is_err());
        assert!(check_password("wl2026").is_ok());
    }
}
