-- Taizhang (台账) — the current schema. A fresh database is created from this file.
-- Databases made by older versions are brought here by the numbered steps in
-- src/db/migrations/ (keyed by PRAGMA user_version); tests check both paths agree.
-- Conventions: money is INTEGER fen, areas INTEGER hundredths of m², dates ISO-8601 TEXT
-- ('2026-11-23'), timestamps ISO TEXT ('2026-11-23 09:30:00'), enums guarded by CHECK.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE estate (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    address TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE building (
    id        INTEGER PRIMARY KEY,
    estate_id INTEGER NOT NULL REFERENCES estate(id),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (estate_id, name)
) STRICT;

-- An entrance (单元) of a building; name '' for buildings without entrances (shops, parking).
CREATE TABLE entrance (
    id          INTEGER PRIMARY KEY,
    building_id INTEGER NOT NULL REFERENCES building(id),
    name        TEXT NOT NULL,
    UNIQUE (building_id, name)
) STRICT;

CREATE TABLE unit (
    id              INTEGER PRIMARY KEY,
    entrance_id     INTEGER NOT NULL REFERENCES entrance(id),
    room            TEXT NOT NULL CHECK (length(trim(room)) > 0),
    area_hundredths INTEGER NOT NULL CHECK (area_hundredths > 0),
    usage           TEXT NOT NULL CHECK (usage IN ('住宅', '商铺', '车位')),
    state           TEXT NOT NULL CHECK (state IN ('未交付', '空置', '装修中', '已入住')),
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (entrance_id, room)
) STRICT;

-- Owners and occupants. Never deleted: history (fees, visits, keys) points at them.
CREATE TABLE person (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    phone         TEXT NOT NULL DEFAULT '',
    phone2        TEXT NOT NULL DEFAULT '',
    id_number     TEXT NOT NULL DEFAULT '',
    special_care  TEXT NOT NULL DEFAULT '',
    file_complete INTEGER NOT NULL DEFAULT 0 CHECK (file_complete IN (0, 1)),
    file_signed   INTEGER NOT NULL DEFAULT 0 CHECK (file_signed IN (0, 1)),
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX person_phone ON person(phone);

-- Move-in and move-out are events on the unit: a move-in opens a row, a move-out closes it.
-- Rows are never deleted; the current occupants are the rows with move_out IS NULL.
CREATE TABLE occupancy (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    person_id   INTEGER NOT NULL REFERENCES person(id),
    role        TEXT NOT NULL CHECK (role IN ('业主', '使用人')),
    move_in     TEXT CHECK (move_in IS NULL OR move_in GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    move_out    TEXT CHECK (move_out IS NULL OR move_out GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    recorded_at TEXT NOT NULL,
    CHECK (move_out IS NULL OR move_in IS NULL OR move_out >= move_in)
) STRICT;
CREATE INDEX occupancy_unit ON occupancy(unit_id);
CREATE INDEX occupancy_person ON occupancy(person_id);

-- What happened to a unit and when: the audit trail the office can show.
CREATE TABLE unit_event (
    id      INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    at      TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('新建', '导入', '修改', '入住', '迁出')),
    detail  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX unit_event_unit ON unit_event(unit_id);
