-- Step 13: the estate's paper archive (issue 17) — kinds with their retention and checklist,
-- storage locations as a small tree (房间 → 柜 → 层 → 盒), the files, the documents each holds,
-- scans, change records, requests to consult or borrow (查阅/借阅) file by file, the log of who
-- read a confidential file, and inspection campaigns with their findings. Enumerations are
-- OR-chains, not IN-lists (see step 9).
CREATE TABLE archive_kind (
    name       TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    retention  TEXT NOT NULL CHECK (retention = '10年' OR retention = '30年' OR retention = '永久'),
    sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO archive_kind(name, retention, sort_order) VALUES
    ('业主档案', '永久', 1), ('装修档案', '30年', 2), ('合同', '30年', 3), ('工程档案', '永久', 4),
    ('会议记录', '10年', 5), ('其他', '10年', 6);

-- The documents a file of the kind must hold, in order.
CREATE TABLE archive_kind_doc (
    kind     TEXT NOT NULL REFERENCES archive_kind(name) ON UPDATE CASCADE ON DELETE CASCADE,
    name     TEXT NOT NULL CHECK (length(trim(name)) > 0),
    position INTEGER NOT NULL,
    PRIMARY KEY (kind, name)
) STRICT;

INSERT INTO archive_kind_doc(kind, name, position) VALUES
    ('业主档案', '购房合同复印件', 1), ('业主档案', '身份证复印件', 2), ('业主档案', '入伙资料', 3),
    ('业主档案', '业主签字确认', 4),
    ('装修档案', '装修管理服务协议', 1), ('装修档案', '消防安全责任书', 2),
    ('装修档案', '闭水试验确认书', 3), ('装修档案', '装修人员出入证', 4);

-- A place in the archive room; `path` is the whole way down (档案室/A柜/第2层/03盒).
CREATE TABLE archive_location (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES archive_location(id),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    path      TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX archive_location_parent ON archive_location(parent_id);

CREATE TABLE archive_file (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    kind        TEXT NOT NULL REFERENCES archive_kind(name) ON UPDATE CASCADE,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    unit_id     INTEGER REFERENCES unit(id),
    staff_id    INTEGER REFERENCES staff(id),
    location_id INTEGER REFERENCES archive_location(id),
    secrecy     TEXT NOT NULL DEFAULT '普通'
                CHECK (secrecy = '普通' OR secrecy = '内部' OR secrecy = '保密'),
    retention   TEXT NOT NULL CHECK (retention = '10年' OR retention = '30年' OR retention = '永久'),
    pages       INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
    copies      INTEGER NOT NULL DEFAULT 1 CHECK (copies >= 1),
    formed_on   TEXT CHECK (formed_on IS NULL
                            OR formed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    filed_on    TEXT CHECK (filed_on IS NULL
                            OR filed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    filed_by    TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (unit_id IS NULL OR staff_id IS NULL)
) STRICT;
CREATE INDEX archive_file_unit ON archive_file(unit_id);
CREATE INDEX archive_file_location ON archive_file(location_id);

-- The checklist documents a file holds.
CREATE TABLE archive_doc (
    file_id INTEGER NOT NULL REFERENCES archive_file(id),
    name    TEXT NOT NULL CHECK (length(trim(name)) > 0),
    PRIMARY KEY (file_id, name)
) STRICT;

-- Scans are files beside the database (<database>.附件/档案/); the row names the file.
CREATE TABLE archive_scan (
    file_id  INTEGER NOT NULL REFERENCES archive_file(id),
    file     TEXT NOT NULL CHECK (length(trim(file)) > 0),
    added_at TEXT NOT NULL,
    PRIMARY KEY (file_id, file)
) STRICT;

-- 更改记录: every change to a file's record, moves included. Kept, never edited.
CREATE TABLE archive_change (
    id      INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES archive_file(id),
    at      TEXT NOT NULL,
    by      TEXT NOT NULL,
    field   TEXT NOT NULL,
    old     TEXT NOT NULL DEFAULT '',
    new     TEXT NOT NULL DEFAULT '',
    reason  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX archive_change_file ON archive_change(file_id);
CREATE TRIGGER archive_change_kept_update BEFORE UPDATE ON archive_change
BEGIN SELECT RAISE(ABORT, '档案更改记录不能修改'); END;
CREATE TRIGGER archive_change_kept_delete BEFORE DELETE ON archive_change
BEGIN SELECT RAISE(ABORT, '档案更改记录不能删除'); END;

CREATE TABLE archive_request (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind = '查阅' OR kind = '借阅' OR kind = '公司检查'),
    requester    TEXT NOT NULL CHECK (length(trim(requester)) > 0),
    phone        TEXT NOT NULL DEFAULT '',
    purpose      TEXT NOT NULL CHECK (length(trim(purpose)) > 0),
    requested_at TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    state        TEXT NOT NULL
                 CHECK (state = '申请' OR state = '已批准' OR state = '已驳回' OR state = '已借出'
                        OR state = '已归还' OR state = '已撤回'),
    approver     TEXT NOT NULL DEFAULT '',
    decided_at   TEXT,
    refusal      TEXT NOT NULL DEFAULT '',
    handed_at    TEXT,
    handed_by    TEXT NOT NULL DEFAULT '',
    closed_at    TEXT,
    CHECK (state <> '已驳回' OR length(trim(refusal)) > 0),
    CHECK (state <> '已批准' OR length(trim(approver)) > 0),
    CHECK (handed_at IS NULL OR state = '已借出' OR state = '已归还'),
    CHECK (due_at >= requested_at)
) STRICT;
CREATE INDEX archive_request_requested ON archive_request(requested_at);
CREATE INDEX archive_request_open ON archive_request(state)
    WHERE state = '申请' OR state = '已批准' OR state = '已借出';

-- The files of a request; each comes back on its own, with its condition.
CREATE TABLE archive_request_file (
    request_id  INTEGER NOT NULL REFERENCES archive_request(id),
    file_id     INTEGER NOT NULL REFERENCES archive_file(id),
    returned_at TEXT,
    condition   TEXT NOT NULL DEFAULT '' CHECK (condition = '' OR condition = '完好' OR condition = '缺损'),
    note        TEXT NOT NULL DEFAULT '',
    received_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, file_id),
    CHECK (returned_at IS NULL OR condition <> '')
) STRICT;
CREATE INDEX archive_request_file_file ON archive_request_file(file_id);

-- Who read a 保密 file's record or opened its scans, and when.
CREATE TABLE archive_access (
    id      INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES archive_file(id),
    at      TEXT NOT NULL,
    by      TEXT NOT NULL,
    what    TEXT NOT NULL
) STRICT;
CREATE INDEX archive_access_file ON archive_access(file_id);

-- 档案检查: a campaign of the yearly plan and the files it checks (listed when it is set up).
CREATE TABLE archive_campaign (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    starts_on         TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    due_on            TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    scope_kind        TEXT REFERENCES archive_kind(name) ON UPDATE CASCADE,
    scope_location_id INTEGER REFERENCES archive_location(id),
    done_on           TEXT,
    created_at        TEXT NOT NULL,
    CHECK (due_on >= starts_on)
) STRICT;

CREATE TABLE archive_check (
    campaign_id       INTEGER NOT NULL REFERENCES archive_campaign(id),
    file_id           INTEGER NOT NULL REFERENCES archive_file(id),
    result            TEXT NOT NULL DEFAULT ''
                      CHECK (result = '' OR result = '完好' OR result = '缺损' OR result = '缺失'
                             OR result = '位置不符'),
    note              TEXT NOT NULL DEFAULT '',
    inspector         TEXT NOT NULL DEFAULT '',
    checked_on        TEXT,
    follow_up         TEXT NOT NULL DEFAULT '',
    follow_up_done_on TEXT,
    PRIMARY KEY (campaign_id, file_id),
    CHECK (result = '' OR checked_on IS NOT NULL),
    CHECK (follow_up_done_on IS NULL OR (result <> '' AND result <> '完好'))
) STRICT;
CREATE INDEX archive_check_open ON archive_check(campaign_id)
    WHERE result <> '' AND result <> '完好' AND follow_up_done_on IS NULL;
