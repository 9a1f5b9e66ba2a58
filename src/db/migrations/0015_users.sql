-- Users and roles (issue 19). Roles are data (the default set arrives with the step); a user is
-- never deleted — history points at them — only disabled.

CREATE TABLE role (
    name       TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    -- The permissions, 、-separated (domain::users::Perm).
    perms      TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    role          TEXT NOT NULL REFERENCES role(name) ON UPDATE CASCADE,
    -- Argon2id, PHC string (salt and parameters inside).
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2%'),
    disabled_at   TEXT,
    created_at    TEXT NOT NULL
) STRICT;
CREATE TRIGGER app_user_no_delete BEFORE DELETE ON app_user
BEGIN
    SELECT RAISE(ABORT, '用户不能删除，只能停用');
END;

-- The one-time code printed at set-up for a lost manager password (hashed like a password).
CREATE TABLE recovery_code (
    id         INTEGER PRIMARY KEY,
    code_hash  TEXT NOT NULL CHECK (code_hash LIKE '$argon2%'),
    created_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;

-- 操作日志: who did what, when, to which record, old → new, and why. Append-only: there is no
-- update or delete path in the code, and these triggers refuse both.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    who     TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (length(trim(kind)) > 0),
    what    TEXT NOT NULL,
    record  TEXT NOT NULL DEFAULT '',
    changes TEXT NOT NULL DEFAULT '',
    reason  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, '操作日志不能修改');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, '操作日志不能删除');
END;
