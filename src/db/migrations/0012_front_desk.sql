-- Step 12: the front desk's four books (issue 16) — visits (走访), complaints (投诉), repair calls
-- (报修) with their work orders, the revisits of each — and the office's working-day calendar
-- that the complaint clocks count on. Enumerations are OR-chains, not IN-lists: an IN-list of
-- more than two values makes SQLite build a table on every insert (see step 9).
CREATE TABLE visit_kind (
    name       TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO visit_kind(name, sort_order) VALUES
    ('日常走访', 1), ('入住回访', 2), ('装修回访', 3), ('投诉回访', 4), ('维修回访', 5),
    ('前台主动沟通', 6);

CREATE TABLE visit (
    id                INTEGER PRIMARY KEY,
    at                TEXT NOT NULL,
    unit_id           INTEGER NOT NULL REFERENCES unit(id),
    staff_id          INTEGER NOT NULL REFERENCES staff(id),
    kind              TEXT NOT NULL REFERENCES visit_kind(name),
    content           TEXT NOT NULL DEFAULT '',
    opinion           TEXT NOT NULL DEFAULT '',
    satisfaction      TEXT NOT NULL DEFAULT ''
                      CHECK (satisfaction = '' OR satisfaction = '满意' OR satisfaction = '基本满意'
                             OR satisfaction = '不满意'),
    follow_up         INTEGER NOT NULL DEFAULT 0 CHECK (follow_up = 0 OR follow_up = 1),
    follow_up_done_on TEXT CHECK (follow_up_done_on IS NULL
                                  OR follow_up_done_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    signed            INTEGER NOT NULL DEFAULT 0 CHECK (signed = 0 OR signed = 1),
    created_at        TEXT NOT NULL
) STRICT;
CREATE INDEX visit_at ON visit(at);
CREATE INDEX visit_staff_at ON visit(staff_id, at);
CREATE INDEX visit_unit ON visit(unit_id);

-- Photos are files beside the database (<database>.附件/走访/); the row names the file.
CREATE TABLE visit_photo (
    visit_id INTEGER NOT NULL REFERENCES visit(id),
    file     TEXT NOT NULL CHECK (length(trim(file)) > 0),
    PRIMARY KEY (visit_id, file)
) STRICT;

-- The days that are not what their weekday says: public holidays and 调休 working weekends.
CREATE TABLE work_calendar (
    day  TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    kind TEXT NOT NULL CHECK (kind = '节假日' OR kind = '调休上班')
) STRICT;

CREATE TABLE complaint (
    id             INTEGER PRIMARY KEY,
    received_at    TEXT NOT NULL,
    channel        TEXT NOT NULL
                   CHECK (channel = '电话' OR channel = '来访' OR channel = '线上' OR channel = '其他'),
    unit_id        INTEGER REFERENCES unit(id),
    complainant    TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    content        TEXT NOT NULL CHECK (length(trim(content)) > 0),
    department_id  INTEGER REFERENCES department(id),
    handler        TEXT NOT NULL DEFAULT '',
    valid          INTEGER CHECK (valid IS NULL OR valid = 0 OR valid = 1),
    fault_staff_id INTEGER REFERENCES staff(id),
    first_reply_at TEXT,
    agreed_at      TEXT,
    reopened_at    TEXT,
    resolved_at    TEXT,
    revisit_at     TEXT,
    revisit_result TEXT NOT NULL DEFAULT ''
                   CHECK (revisit_result = '' OR revisit_result = '满意' OR revisit_result = '基本满意'
                          OR revisit_result = '不满意'),
    revisit_by     TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    CHECK (fault_staff_id IS NULL OR valid = 1),
    CHECK (revisit_at IS NULL OR resolved_at IS NOT NULL),
    CHECK (resolved_at IS NULL OR resolved_at >= received_at),
    CHECK (first_reply_at IS NULL OR first_reply_at >= received_at)
) STRICT;
CREATE INDEX complaint_received ON complaint(received_at);
CREATE INDEX complaint_open ON complaint(received_at) WHERE revisit_at IS NULL;
CREATE INDEX complaint_unit ON complaint(unit_id);

-- What happened to a complaint, in order: replies, resolution, revisits, reopenings.
CREATE TABLE complaint_event (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaint(id),
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (length(trim(kind)) > 0),
    detail       TEXT NOT NULL DEFAULT '',
    by           TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX complaint_event_complaint ON complaint_event(complaint_id);

CREATE TABLE repair (
    id             INTEGER PRIMARY KEY,
    reported_at    TEXT NOT NULL,
    unit_id        INTEGER REFERENCES unit(id),
    caller         TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    content        TEXT NOT NULL CHECK (length(trim(content)) > 0),
    category       TEXT NOT NULL
                   CHECK (category = '水' OR category = '电' OR category = '门窗' OR category = '公共设施'
                          OR category = '其他'),
    paid           INTEGER NOT NULL DEFAULT 0 CHECK (paid = 0 OR paid = 1),
    appointment_at TEXT,
    state          TEXT NOT NULL DEFAULT '待派工'
                   CHECK (state = '待派工' OR state = '已派工' OR state = '已完成' OR state = '已回访'
                          OR state = '退单' OR state = '暂停'),
    technician_id  INTEGER REFERENCES staff(id),
    completed_at   TEXT,
    result         TEXT NOT NULL DEFAULT '',
    materials      TEXT NOT NULL DEFAULT '',
    charge_fen     INTEGER NOT NULL DEFAULT 0 CHECK (charge_fen >= 0),
    bill_id        INTEGER REFERENCES bill(id),
    revisit_at     TEXT,
    satisfaction   TEXT NOT NULL DEFAULT ''
                   CHECK (satisfaction = '' OR satisfaction = '满意' OR satisfaction = '基本满意'
                          OR satisfaction = '不满意'),
    reason         TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    CHECK (completed_at IS NULL OR completed_at >= reported_at),
    CHECK (charge_fen = 0 OR paid = 1)
) STRICT;
CREATE INDEX repair_reported ON repair(reported_at);
CREATE INDEX repair_unit ON repair(unit_id);

-- The chain of a work order: each dispatch and hand-off, pause and resume, with who did it.
CREATE TABLE repair_step (
    id        INTEGER PRIMARY KEY,
    repair_id INTEGER NOT NULL REFERENCES repair(id),
    at        TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (length(trim(action)) > 0),
    staff_id  INTEGER REFERENCES staff(id),
    detail    TEXT NOT NULL DEFAULT '',
    by        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX repair_step_repair ON repair_step(repair_id);
