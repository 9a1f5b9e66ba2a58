//! Users and roles: accounts with Argon2id password hashes, the first manager and the one-time
//! recovery code, sign-in, and what a role may do. A user is never deleted, only disabled.

use crate::domain::users::{self as u, Perm};
use crate::error::{Error, Result};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};

/// The default roles, when the table is empty (a new file, or the step that brought users).
pub fn seed_roles(conn: &Connection) -> Result<()> {
    for (i, (name, perms)) in u::default_roles().iter().enumerate() {
        conn.execute(
            "INSERT INTO role(name, perms, sort_order) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO NOTHING",
            params![name, u::perms_text(perms), i as i64 + 1],
        )?;
    }
    Ok(())
}

fn hash(secret: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::invalid(format!("无法计算密码摘要：{e}")))
}

fn verify(stored: &str, secret: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &h)
            .is_ok()
    })
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Whether the file has any user yet (before the first-run set-up it has none).
pub fn any_users(conn: &Connection) -> Result<bool> {
    Ok(super::row(conn, "SELECT count(*) FROM app_user", [], |r| {
        r.get::<_, i64>(0)
    })? > 0)
}

/// The roles, in their order: (name, permissions).
pub fn roles(conn: &Connection) -> Result<Vec<(String, Vec<Perm>)>> {
    let mut stmt = conn.prepare_cached("SELECT name, perms FROM role ORDER BY sort_order, name")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(n, p)| Ok((n, u::parse_perms(&p).map_err(Error::invalid)?)))
        .collect()
}

fn role_perms(conn: &Connection, role: &str) -> Result<Vec<Perm>> {
    let perms: Option<String> = super::row(
        conn,
        "SELECT perms FROM role WHERE name = ?1",
        [role],
        |r| r.get(0),
    )
    .optional()?;
    match perms {
        Some(p) => u::parse_perms(&p).map_err(Error::invalid),
        None => {
            let known: Vec<String> = roles(conn)?.into_iter().map(|r| r.0).collect();
            Err(Error::invalid(format!(
                "没有“{role}”这个角色（现有：{}）",
                known.join("、")
            )))
        }
    }
}

/// A user as the manager's list shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub name: String,
    pub role: String,
    pub disabled: bool,
    pub created_at: String,
}

pub fn list_users(conn: &Connection) -> Result<Vec<UserRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, role, disabled_at IS NOT NULL, created_at FROM app_user ORDER BY id",
    )?;
    Ok(stmt
        .query_map([], |r| {
            Ok(UserRow {
                name: r.get(0)?,
                role: r.get(1)?,
                disabled: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A one-time recovery code: 16 characters in four groups, letters and digits that are not
/// mistaken for one another.
fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

fn store_code(conn: &Connection, now: NaiveDateTime) -> Result<String> {
    let code = new_code();
    conn.execute(
        "INSERT INTO recovery_code(code_hash, created_at) VALUES (?1, ?2)",
        params![hash(&code)?, stamp(now)],
    )?;
    Ok(code)
}

/// The first-run set-up: the manager's account on a file with no users. Returns the one-time
/// recovery code, to be printed and kept (it is stored only as a hash).
pub fn create_first_manager(
    conn: &Connection,
    name: &str,
    password: &str,
    now: NaiveDateTime,
) -> Result<String> {
    let name = u::check_name(name).map_err(Error::invalid)?;
    u::check_password(password).map_err(Error::invalid)?;
    let tx = super::write_tx(conn)?;
    if any_users(&tx)? {
        return Err(Error::invalid("已经设置过用户，请由经理在“用户”中添加"));
    }
    tx.execute(
        "INSERT INTO app_user(name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, u::MANAGER, hash(password)?, stamp(now)],
    )?;
    let code = store_code(&tx, now)?;
    super::audit::append(
        &tx,
        &super::audit::Entry::new(
            now,
            &name,
            "用户",
            format!("建立经理账户“{name}”，生成恢复码"),
        )
        .record(format!("用户 {name}")),
    )?;
    tx.commit()?;
    Ok(code)
}

pub fn add_user(
    conn: &Connection,
    name: &str,
    role: &str,
    password: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let name = u::check_name(name).map_err(Error::invalid)?;
    u::check_password(password).map_err(Error::invalid)?;
    role_perms(conn, role.trim())?;
    let taken: Option<i64> = super::row(
        conn,
        "SELECT id FROM app_user WHERE name = ?1",
        [&name],
        |r| r.get(0),
    )
    .optional()?;
    if taken.is_some() {
        return Err(Error::invalid(format!("已有名为“{name}”的用户")));
    }
    let tx = super::write_tx(conn)?;
    tx.execute(
        "INSERT INTO app_user(name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role.trim(), hash(password)?, stamp(now)],
    )?;
    super::audit::append(
        &tx,
        &super::audit::Entry::new(
            now,
            by,
            "用户",
            format!("添加用户“{name}”（{}）", role.trim()),
        )
        .record(format!("用户 {name}")),
    )?;
    tx.commit()?;
    Ok(())
}

fn require_user(conn: &Connection, name: &str) -> Result<(i64, String, bool)> {
    super::row(
        conn,
        "SELECT id, role, disabled_at IS NOT NULL FROM app_user WHERE name = ?1",
        [name.trim()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or_else(|| Error::invalid(format!("没有名为“{}”的用户", name.trim())))
}

pub fn reset_password(
    conn: &Connection,
    name: &str,
    password: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    u::check_password(password).map_err(Error::invalid)?;
    let tx = super::write_tx(conn)?;
    let (id, ..) = require_user(&tx, name)?;
    tx.execute(
        "UPDATE app_user SET password_hash = ?2 WHERE id = ?1",
        params![id, hash(password)?],
    )?;
    super::audit::append(
        &tx,
        &super::audit::Entry::new(now, by, "用户", format!("重设用户“{}”的密码", name.trim()))
            .record(format!("用户 {}", name.trim())),
    )?;
    tx.commit()?;
    Ok(())
}

/// Disables a user (they can no longer sign in; what they did still names them). The last
/// active manager cannot be disabled.
pub fn disable(conn: &Connection, name: &str, by: &str, now: NaiveDateTime) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let (id, role, disabled) = require_user(&tx, name)?;
    if disabled {
        return Err(Error::invalid(format!("用户“{}”已经停用", name.trim())));
    }
    if role == u::MANAGER {
        let managers: i64 = super::row(
            &tx,
            "SELECT count(*) FROM app_user WHERE role = ?1 AND disabled_at IS NULL",
            [u::MANAGER],
            |r| r.get(0),
        )?;
        if managers <= 1 {
            return Err(Error::invalid("这是唯一在用的经理账户，不能停用"));
        }
    }
    tx.execute(
        "UPDATE app_user SET disabled_at = ?2 WHERE id = ?1",
        params![id, stamp(now)],
    )?;
    super::audit::append(
        &tx,
        &super::audit::Entry::new(now, by, "用户", format!("停用用户“{}”", name.trim()))
            .record(format!("用户 {}", name.trim()))
            .changes(&[("状态".into(), "在用".into(), "已停用".into())]),
    )?;
    tx.commit()?;
    Ok(())
}

/// Who is signed in, and what their role may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub perms: Vec<Perm>,
}

impl SignedIn {
    pub fn may(&self, p: Perm) -> bool {
        self.perms.contains(&p)
    }
}

/// Signs in: the same message for an unknown name and a wrong password (it does not tell which
/// names exist); a disabled user is told so.
pub fn sign_in(
    conn: &Connection,
    name: &str,
    password: &str,
    now: NaiveDateTime,
) -> Result<SignedIn> {
    let result = check_sign_in(conn, name, password);
    let entry = match &result {
        Ok(who) => super::audit::Entry::new(
            now,
            &who.name,
            "登录",
            format!("{}（{}）登录", who.name, who.role),
        ),
        Err(e) => super::audit::Entry::new(now, name, "登录失败", e.to_string()),
    };
    super::audit::append(conn, &entry)?;
    result
}

fn check_sign_in(conn: &Connection, name: &str, password: &str) -> Result<SignedIn> {
    let found: Option<(i64, String, String, bool)> = super::row(
        conn,
        "SELECT id, role, password_hash, disabled_at IS NOT NULL FROM app_user WHERE name = ?1",
        [name.trim()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()?;
    let Some((id, role, stored, disabled)) = found else {
        // The same work as a real check, so a missing name does not answer faster.
        let _ = verify(
            "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            password,
        );
        return Err(Error::invalid("用户名或密码不对"));
    };
    if !verify(&stored, password) {
        return Err(Error::invalid("用户名或密码不对"));
    }
    if disabled {
        return Err(Error::invalid(format!(
            "用户“{}”已停用，请找经理",
            name.trim()
        )));
    }
    Ok(SignedIn {
        id,
        name: name.trim().to_string(),
        perms: role_perms(conn, &role)?,
        role,
    })
}

/// A lost manager password: the one-time code sets a new one for the first manager and is
/// used up; a new code is returned (print it and keep it).
pub fn recover(
    conn: &Connection,
    code: &str,
    new_password: &str,
    now: NaiveDateTime,
) -> Result<(String, String)> {
    u::check_password(new_password).map_err(Error::invalid)?;
    let typed: String = code
        .trim()
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-");
    let tx = super::write_tx(conn)?;
    let codes: Vec<(i64, String)> = {
        let mut stmt =
            tx.prepare("SELECT id, code_hash FROM recovery_code WHERE used_at IS NULL")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let Some((code_id, _)) = codes.into_iter().find(|(_, h)| verify(h, &typed)) else {
        return Err(Error::invalid("恢复码不对，或已经用过"));
    };
    let (manager_id, manager): (i64, String) = super::row(
        &tx,
        "SELECT id, name FROM app_user WHERE role = ?1 ORDER BY id LIMIT 1",
        [u::MANAGER],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    tx.execute(
        "UPDATE app_user SET password_hash = ?2, disabled_at = NULL WHERE id = ?1",
        params![manager_id, hash(new_password)?],
    )?;
    tx.execute(
        "UPDATE recovery_code SET used_at = ?2 WHERE id = ?1",
        params![code_id, stamp(now)],
    )?;
    let fresh = store_code(&tx, now)?;
    super::audit::append(
        &tx,
        &super::audit::Entry::new(
            now,
            &manager,
            "用户",
            format!("用恢复码重设经理“{manager}”的密码，生成新的恢复码"),
        )
        .record(format!("用户 {manager}")),
    )?;
    tx.commit()?;
    Ok((manager, fresh))
}

/// A new database: no users and nothing entered yet (no units, no staff). Its first opening
/// asks for the office and the manager's account before anything else.
pub fn is_new_file(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM unit)
              + (SELECT count(*) FROM staff)",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}
