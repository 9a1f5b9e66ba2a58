-- 通知公告: the office's templates (data it edits) and every notice issued from them.

CREATE TABLE notice_template (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    body       TEXT NOT NULL,
    -- '催缴': the charging module's dunning notice (one template serves both).
    role       TEXT UNIQUE CHECK (role IS NULL OR role = '催缴'),
    sort_order INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
) STRICT;

-- An issued notice keeps its own copy of the template's text and the printed values of its
-- fields, so that a later change to the template never changes a reprint.
CREATE TABLE notice (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2099),
    seq           INTEGER NOT NULL CHECK (seq > 0),
    number        TEXT NOT NULL UNIQUE,
    template_id   INTEGER REFERENCES notice_template(id),
    template_name TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    -- JSON: [{"name", "input", "text"}]
    fields        TEXT NOT NULL,
    -- JSON: the targets
    targets       TEXT NOT NULL,
    per_entrance  INTEGER NOT NULL DEFAULT 0 CHECK (per_entrance IN (0, 1)),
    -- JSON: one target per printed copy (the entrances as they were when it was issued)
    copies        TEXT NOT NULL DEFAULT '[]',
    issued_on     TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    issued_by     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    copied_from   INTEGER REFERENCES notice(id),
    UNIQUE (year, seq)
) STRICT;

-- Issued notices are the office's record: never changed, never removed (the numbers stay
-- gap-free).
CREATE TRIGGER notice_no_update BEFORE UPDATE ON notice
BEGIN
    SELECT RAISE(ABORT, '已发出的通知不能修改');
END;
CREATE TRIGGER notice_no_delete BEFORE DELETE ON notice
BEGIN
    SELECT RAISE(ABORT, '已发出的通知不能删除');
END;

-- 首页: work orders not done, by their appointment (a few dozen among ten years of orders).
CREATE INDEX repair_open_appointment ON repair(appointment_at)
    WHERE state IN ('待派工', '已派工') AND appointment_at IS NOT NULL;
