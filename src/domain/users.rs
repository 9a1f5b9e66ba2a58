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

#[cfg(test)]
mod tests {
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
