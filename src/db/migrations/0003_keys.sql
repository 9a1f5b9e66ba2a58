-- Step 3: the key registry (钥匙管理, seed 002 客服部管理规定 4.5). Keys, their loans and
-- returns, owner spare keys deposited at move-in, and shift handover counts. Nothing is deleted:
-- a key is 停用 or 遗失, a loan is closed by its return.

-- category: 业主钥匙 (kind: 防盗门/室内门/电子对讲门/水表箱/信箱, unit_id set), 公共门窗钥匙
-- (target: building and floor), 设备房钥匙 (target: the equipment), 水表箱钥匙.
-- emergency = 1: the category's emergency spare (紧急备用), lent only as an emergency.
CREATE TABLE key_item (
    id         INTEGER PRIMARY KEY,
    tag        TEXT NOT NULL UNIQUE CHECK (length(trim(tag)) > 0),
    category   TEXT NOT NULL CHECK (category IN ('业主钥匙', '公共门窗钥匙', '设备房钥匙', '水表箱钥匙')),
    kind       TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', '防盗门', '室内门', '电子对讲门', '水表箱', '信箱')),
    unit_id    INTEGER REFERENCES unit(id),
    target     TEXT NOT NULL DEFAULT '',
    position   TEXT NOT NULL DEFAULT '',
    copies     INTEGER NOT NULL DEFAULT 1 CHECK (copies BETWEEN 1 AND 99),
    emergency  INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1)),
    state      TEXT NOT NULL DEFAULT '在库' CHECK (state IN ('在库', '借出', '遗失', '停用')),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX key_item_unit ON key_item(unit_id);

-- A loan: borrower copied as written at the time (a staff member's id kept as well), custodian
-- who lent and who received it back. One open loan per key at most.
CREATE TABLE key_loan (
    id               INTEGER PRIMARY KEY,
    key_id           INTEGER NOT NULL REFERENCES key_item(id),
    staff_id         INTEGER REFERENCES staff(id),
    borrower         TEXT NOT NULL CHECK (length(trim(borrower)) > 0),
    phone            TEXT NOT NULL DEFAULT '',
    company          TEXT NOT NULL DEFAULT '',
    id_number        TEXT NOT NULL DEFAULT '',
    purpose          TEXT NOT NULL DEFAULT '',
    out_at           TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    lent_by          TEXT NOT NULL,
    emergency_reason TEXT NOT NULL DEFAULT '',
    returned_at      TEXT,
    received_by      TEXT,
    CHECK (due_at > out_at),
    CHECK (returned_at IS NULL OR returned_at >= out_at),
    CHECK ((returned_at IS NULL) = (received_by IS NULL))
) STRICT;
CREATE UNIQUE INDEX key_loan_open ON key_loan(key_id) WHERE returned_at IS NULL;
CREATE INDEX key_loan_out ON key_loan(out_at);

-- Everything that happened to a key, with who did it.
CREATE TABLE key_event (
    id     INTEGER PRIMARY KEY,
    key_id INTEGER NOT NULL REFERENCES key_item(id),
    at     TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('新建', '导入', '修改', '借出', '归还', '遗失', '停用', '恢复', '留存')),
    detail TEXT NOT NULL DEFAULT '',
    by     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX key_event_key ON key_event(key_id);

-- Owner spare keys deposited (留存/封存) at move-in, with who deposited and who witnessed.
CREATE TABLE key_deposit (
    id           INTEGER PRIMARY KEY,
    key_id       INTEGER NOT NULL REFERENCES key_item(id),
    date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    deposited_by TEXT NOT NULL CHECK (length(trim(deposited_by)) > 0),
    witness      TEXT NOT NULL CHECK (length(trim(witness)) > 0),
    sealed       INTEGER NOT NULL DEFAULT 1 CHECK (sealed IN (0, 1)),
    notes        TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX key_deposit_key ON key_deposit(key_id);

-- Shift handover count (交接班盘点): one row per count, one line per key looked at.
CREATE TABLE key_count (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    outgoing TEXT NOT NULL CHECK (length(trim(outgoing)) > 0),
    incoming TEXT NOT NULL CHECK (length(trim(incoming)) > 0),
    notes    TEXT NOT NULL DEFAULT ''
) STRICT;

-- expected: the ledger says the key is on its hook; present: it was found there.
CREATE TABLE key_count_line (
    count_id INTEGER NOT NULL REFERENCES key_count(id),
    key_id   INTEGER NOT NULL REFERENCES key_item(id),
    expected INTEGER NOT NULL CHECK (expected IN (0, 1)),
    present  INTEGER NOT NULL CHECK (present IN (0, 1)),
    PRIMARY KEY (count_id, key_id)
) STRICT;
