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
    usage           TEXT NOT NULL CHECK (usage = '住宅' OR usage = '商铺' OR usage = '车位'),
    state           TEXT NOT NULL CHECK (state = '未交付' OR state = '空置' OR state = '装修中' OR state = '已入住'),
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
    kind    TEXT NOT NULL CHECK (kind = '新建' OR kind = '导入' OR kind = '修改' OR kind = '入住' OR kind = '迁出'),
    detail  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX unit_event_unit ON unit_event(unit_id);

-- Staff files (员工档案) — departments and positions as data, staff, certificates,
-- training records with attendees. Leavers are never deleted (state 离职 with a leave date).

CREATE TABLE department (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A post (岗位). `duty` ties it to the staffing ratios of seed 000 (保洁, 绿化) and to the
-- age rule for cleaners, guards and gardeners; '' for every other post.
CREATE TABLE position (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    duty TEXT NOT NULL DEFAULT '' CHECK (duty IN ('', '室外保洁', '室内保洁', '保洁', '绿化', '保安'))
) STRICT;

-- The certificates (岗位证书) a post requires, by kind.
CREATE TABLE position_cert (
    position_id INTEGER NOT NULL REFERENCES position(id),
    cert_kind   TEXT NOT NULL CHECK (length(trim(cert_kind)) > 0),
    PRIMARY KEY (position_id, cert_kind)
) STRICT;

CREATE TABLE staff (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    gender            TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', '男', '女')),
    birth_date        TEXT CHECK (birth_date IS NULL OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    phone             TEXT NOT NULL DEFAULT '',
    id_number         TEXT NOT NULL DEFAULT '',
    department_id     INTEGER NOT NULL REFERENCES department(id),
    position_id       INTEGER REFERENCES position(id),
    hire_date         TEXT CHECK (hire_date IS NULL OR hire_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    state             TEXT NOT NULL DEFAULT '在职' CHECK (state IN ('在职', '离职')),
    leave_date        TEXT CHECK (leave_date IS NULL OR leave_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    emergency_contact TEXT NOT NULL DEFAULT '',
    emergency_phone   TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (state = '离职' OR leave_date IS NULL),
    CHECK (leave_date IS NULL OR hire_date IS NULL OR leave_date >= hire_date)
) STRICT;
CREATE INDEX staff_department ON staff(department_id);
CREATE UNIQUE INDEX staff_id_number ON staff(id_number) WHERE id_number <> '';

-- expiry_date NULL: valid without limit (长期有效). scan_file: path relative to the
-- attachments folder next to the database, '' when no scan was attached.
CREATE TABLE certificate (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    kind        TEXT NOT NULL CHECK (length(trim(kind)) > 0),
    number      TEXT NOT NULL DEFAULT '',
    issuer      TEXT NOT NULL DEFAULT '',
    issue_date  TEXT CHECK (issue_date IS NULL OR issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    expiry_date TEXT CHECK (expiry_date IS NULL OR expiry_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    scan_file   TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (expiry_date IS NULL OR issue_date IS NULL OR expiry_date >= issue_date)
) STRICT;
CREATE INDEX certificate_staff ON certificate(staff_id);

-- Hours in tenths (1.5 h = 15). end_date for courses over several days (the one-week induction).
CREATE TABLE training (
    id           INTEGER PRIMARY KEY,
    course       TEXT NOT NULL CHECK (length(trim(course)) > 0),
    kind         TEXT NOT NULL CHECK (kind IN ('入职培训', '岗位技能', '法规安全', '其他')),
    date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    end_date     TEXT CHECK (end_date IS NULL OR end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    hours_tenths INTEGER NOT NULL CHECK (hours_tenths > 0),
    trainer      TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    CHECK (end_date IS NULL OR end_date >= date)
) STRICT;
CREATE INDEX training_date ON training(date);

-- Who was expected at a training and how it went; 缺席 counts as a missed training.
CREATE TABLE training_attendee (
    training_id INTEGER NOT NULL REFERENCES training(id),
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    result      TEXT NOT NULL CHECK (result IN ('合格', '不合格', '已参加', '缺席')),
    PRIMARY KEY (training_id, staff_id)
) STRICT;
CREATE INDEX training_attendee_staff ON training_attendee(staff_id);

INSERT INTO department(name, sort_order) VALUES
    ('管理处', 1), ('客服部', 2), ('工程部', 3), ('秩序维护部', 4), ('保洁部', 5), ('绿化部', 6);

INSERT INTO position(name, duty) VALUES
    ('管理处经理', ''), ('客服主管', ''), ('物业管理员', ''), ('前台', ''),
    ('维修工', ''), ('电工', ''), ('消防控制室值班员', ''),
    ('保安', '保安'), ('保洁员', '保洁'), ('绿化员', '绿化');

INSERT INTO position_cert(position_id, cert_kind)
    SELECT id, '低压电工作业证' FROM position WHERE name = '电工'
    UNION ALL SELECT id, '消防设施操作员证' FROM position WHERE name = '消防控制室值班员'
    UNION ALL SELECT id, '保安员证' FROM position WHERE name = '保安';

-- The key registry (钥匙管理, seed 002 客服部管理规定 4.5). Keys, their loans and
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
CREATE INDEX key_loan_key ON key_loan(key_id, out_at);

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
    holder   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (count_id, key_id)
) STRICT;

-- Step 4: the charging ledgers (收费台账, seeds 000/001/002). Money is integer fen; rates are
-- integer 1/10000 元 (so 0.5283 元/度 is exact); areas and meter readings are hundredths.
-- Nothing here is ever deleted: a rate change is a new fee_rate row from a period on, a
-- correction is an adjustment bill line, a wrong receipt is voided and kept.

-- kind: 按面积 (rate × charge area per month), 固定 (rate per unit per month), 抄表 (rate ×
-- metered usage), 分摊 (a common meter's amount split over the units by charge area),
-- 一次性 (billed by hand: 装修押金, 特约服务). scope: 全部, 楼栋 (scope_value = building name),
-- 用途 (scope_value = 住宅/商铺/车位). refundable = 1 for deposits: not counted as fee income.
CREATE TABLE fee_item (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('按面积', '固定', '抄表', '分摊', '一次性')),
    scope       TEXT NOT NULL DEFAULT '全部' CHECK (scope IN ('全部', '楼栋', '用途')),
    scope_value TEXT NOT NULL DEFAULT '',
    refundable  INTEGER NOT NULL DEFAULT 0 CHECK (refundable IN (0, 1)),
    start_period TEXT NOT NULL CHECK (start_period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    end_period  TEXT CHECK (end_period IS NULL OR end_period >= start_period),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CHECK ((scope = '全部') = (scope_value = ''))
) STRICT;

-- The rate of an item from a period on; the rate for period P is the row with the latest
-- from_period <= P.
CREATE TABLE fee_rate (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES fee_item(id),
    from_period TEXT NOT NULL CHECK (from_period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    rate_e4     INTEGER NOT NULL CHECK (rate_e4 >= 0),
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (item_id, from_period)
) STRICT;

-- 抄表: one reading per unit, item and period. usage = current - previous; previous is the
-- last period's reading unless the meter was replaced (then it is the new meter's start).
CREATE TABLE meter_reading (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    item_id     INTEGER NOT NULL REFERENCES fee_item(id),
    period      TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    previous_h  INTEGER NOT NULL CHECK (previous_h >= 0),
    current_h   INTEGER NOT NULL CHECK (current_h >= previous_h),
    replaced    INTEGER NOT NULL DEFAULT 0 CHECK (replaced IN (0, 1)),
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    UNIQUE (unit_id, item_id, period)
) STRICT;

-- 分摊: the common meter's amount for a period, split over the item's units by charge area.
CREATE TABLE shared_amount (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES fee_item(id),
    period      TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    notes       TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    UNIQUE (item_id, period)
) STRICT;

-- 应收. kind: 月度 (the billing run: at most one per unit, item and period), 单次 (billed by
-- hand), 调整 (a correction of a billed line: adjusts_id set, amount may be negative),
-- 滞纳金 (a late fee charged to the unit). A bill line is never edited or deleted.
CREATE TABLE bill (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    item_id     INTEGER NOT NULL REFERENCES fee_item(id),
    period      TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    kind        TEXT NOT NULL CHECK (kind IN ('月度', '单次', '调整', '滞纳金')),
    amount_fen  INTEGER NOT NULL,
    basis       TEXT NOT NULL DEFAULT '',
    adjusts_id  INTEGER REFERENCES bill(id),
    reason      TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CHECK ((kind = '调整') = (adjusts_id IS NOT NULL)),
    CHECK (kind = '调整' OR amount_fen >= 0)
) STRICT;
CREATE UNIQUE INDEX bill_monthly ON bill(unit_id, item_id, period) WHERE kind = '月度';
CREATE INDEX bill_unit ON bill(unit_id);
CREATE INDEX bill_period ON bill(period);
CREATE INDEX bill_unit_item_period ON bill(unit_id, item_id, period);
CREATE INDEX bill_adjusts ON bill(adjusts_id) WHERE adjusts_id IS NOT NULL;

-- 收款 and its receipt. Receipts taken here are numbered YYYY-NNNNNN from a gap-free yearly
-- sequence (year, seq); receipts imported from an old paper ledger keep their own number and
-- have no seq. A receipt is never deleted: voiding keeps it with the reason.
-- What each bill line owes now, kept beside it (step 7): arrears, dunning, the counter and the
-- suggestions read only the open lines. Rewritten in the same transaction as every write that
-- can change it; `check` compares it with the payment lines.
CREATE TABLE bill_fact (
    bill_id     INTEGER PRIMARY KEY REFERENCES bill(id),
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    item_id     INTEGER NOT NULL REFERENCES fee_item(id),
    period      TEXT NOT NULL,
    due_fen     INTEGER NOT NULL,
    paid_fen    INTEGER NOT NULL,
    settled_on  TEXT,
    CHECK ((settled_on IS NULL) = (paid_fen < due_fen))
) STRICT;
CREATE INDEX bill_fact_open ON bill_fact(unit_id, period, item_id, due_fen, paid_fen) WHERE settled_on IS NULL;
CREATE INDEX bill_fact_settled ON bill_fact(settled_on) WHERE settled_on IS NOT NULL;
CREATE INDEX bill_fact_period ON bill_fact(period, item_id, unit_id, due_fen, paid_fen, settled_on);

CREATE TABLE payment (
    id          INTEGER PRIMARY KEY,
    receipt_no  TEXT NOT NULL UNIQUE,
    year        INTEGER,
    seq         INTEGER,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    paid_on     TEXT NOT NULL CHECK (paid_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    method      TEXT NOT NULL CHECK (method IN ('现金', '微信', '支付宝', '银行转账', '支票')),
    payer       TEXT NOT NULL DEFAULT '',
    clerk       TEXT NOT NULL CHECK (length(trim(clerk)) > 0),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    notes       TEXT NOT NULL DEFAULT '',
    imported    INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
    created_at  TEXT NOT NULL,
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT,
    UNIQUE (year, seq),
    CHECK ((year IS NULL) = (seq IS NULL)),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
) STRICT;
CREATE INDEX payment_unit ON payment(unit_id);
CREATE INDEX payment_paid_on ON payment(paid_on);
CREATE INDEX payment_unit_paid ON payment(unit_id, paid_on);
CREATE INDEX payment_voided ON payment(voided_at) WHERE voided_at IS NOT NULL;

-- What a payment paid: bill lines, and the rest as prepaid credit (预收, bill_id NULL).
CREATE TABLE payment_line (
    id          INTEGER PRIMARY KEY,
    payment_id  INTEGER NOT NULL REFERENCES payment(id),
    bill_id     INTEGER REFERENCES bill(id),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0)
) STRICT;
CREATE INDEX payment_line_payment ON payment_line(payment_id);
CREATE INDEX payment_line_bill ON payment_line(bill_id);

-- Prepaid credit used for a bill line (by the billing run or at the counter).
CREATE TABLE credit_use (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    bill_id     INTEGER NOT NULL REFERENCES bill(id),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    used_on     TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX credit_use_unit ON credit_use(unit_id);
CREATE INDEX credit_use_bill ON credit_use(bill_id);
CREATE INDEX credit_use_used_on ON credit_use(used_on);

-- 催缴记录.
CREATE TABLE dunning (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    on_date     TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    method      TEXT NOT NULL CHECK (method IN ('电话', '书面通知', '上门')),
    by_whom     TEXT NOT NULL CHECK (length(trim(by_whom)) > 0),
    result      TEXT NOT NULL DEFAULT '',
    promised_on TEXT CHECK (promised_on IS NULL OR promised_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX dunning_unit ON dunning(unit_id, on_date);

-- A late fee (滞纳金) waived for a bill line, with the reason.
CREATE TABLE late_fee_waiver (
    bill_id     INTEGER PRIMARY KEY REFERENCES bill(id),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    by_whom     TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- Step 5: assessments (考核, seeds 000/003/004). A template is data, and versioned: editing a
-- template writes a new version; a scorecard keeps the version it was filled on, so a filed
-- card never changes. Scores are whole points on monthly cards and hundredths in the
-- quarterly quality score.

-- department_id NULL: the template for every department without its own.
-- position (step 11, written as ALTER TABLE writes it): a post's own template (岗位, e.g.
-- 管理处经理); '' for a department's template or the default (the customer-service one).
CREATE TABLE assess_template (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    department_id INTEGER UNIQUE REFERENCES department(id),
    created_at    TEXT NOT NULL
    , position TEXT NOT NULL DEFAULT '') STRICT;
CREATE UNIQUE INDEX assess_template_position ON assess_template(position) WHERE position <> '';

CREATE TABLE assess_version (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES assess_template(id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    notes       TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (template_id, version)
) STRICT;

-- rule: the fault the records can point to (domain::assessment::Rule), '' for the ones only
-- a person sees.
CREATE TABLE assess_item (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES assess_version(id),
    seq        INTEGER NOT NULL,
    category   TEXT NOT NULL CHECK (length(trim(category)) > 0),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    points     INTEGER NOT NULL CHECK (points BETWEEN 1 AND 100),
    rule       TEXT NOT NULL DEFAULT '' CHECK (rule IN ('', '走访不足', '投诉未及时处理', '有效投诉',
                   '收缴率低于95%', '欠费未催缴', '业主资料不完整', '缺席培训')),
    cap        INTEGER NOT NULL DEFAULT 0 CHECK (cap >= 0),
    UNIQUE (version_id, seq)
) STRICT;

-- 月度考核评分表: one per staff member per month.
CREATE TABLE scorecard (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    version_id      INTEGER NOT NULL REFERENCES assess_version(id),
    state           TEXT NOT NULL DEFAULT '草稿' CHECK (state IN ('草稿', '已提交', '已锁定')),
    comment         TEXT NOT NULL DEFAULT '',
    manager         TEXT NOT NULL DEFAULT '',
    acknowledged_by TEXT NOT NULL DEFAULT '',
    submitted_at    TEXT,
    locked_at       TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (staff_id, month),
    CHECK (state = '草稿' OR (length(trim(manager)) > 0 AND length(trim(acknowledged_by)) > 0
                             AND submitted_at IS NOT NULL)),
    CHECK ((state = '已锁定') = (locked_at IS NOT NULL))
) STRICT;

-- source: the rule a confirmed suggestion came from ('' when typed by the manager); evidence
-- keeps the suggestion's citation of the records.
CREATE TABLE deduction (
    id           INTEGER PRIMARY KEY,
    scorecard_id INTEGER NOT NULL REFERENCES scorecard(id),
    item_id      INTEGER NOT NULL REFERENCES assess_item(id),
    times        INTEGER NOT NULL CHECK (times >= 1),
    dates        TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX deduction_card ON deduction(scorecard_id);

-- A suggestion the manager decided on: confirmed (it became a deduction) or dismissed with a
-- reason. Either way it is not proposed again for that person and month.
CREATE TABLE suggestion_decision (
    id         INTEGER PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    month      TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    rule       TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('确认', '驳回')),
    reason     TEXT NOT NULL DEFAULT '',
    citation   TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    UNIQUE (staff_id, month, rule),
    CHECK (decision = '确认' OR length(trim(reason)) > 0)
) STRICT;

-- 所辖区域: the buildings a staff member looks after (collection rate, dunning, owner files).
CREATE TABLE staff_building (
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    building TEXT NOT NULL CHECK (length(trim(building)) > 0),
    PRIMARY KEY (staff_id, building)
) STRICT;

-- 季度服务质量考核 inputs per department and quarter, in hundredths of a point.
CREATE TABLE quality_quarter (
    id                  INTEGER PRIMARY KEY,
    department_id       INTEGER NOT NULL REFERENCES department(id),
    quarter             TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
    self_checks_h       TEXT NOT NULL DEFAULT '',
    spot_penalty_h      INTEGER NOT NULL DEFAULT 0 CHECK (spot_penalty_h >= 0),
    survey_h            INTEGER CHECK (survey_h IS NULL OR survey_h BETWEEN 0 AND 10000),
    valid_complaints    INTEGER NOT NULL DEFAULT 0 CHECK (valid_complaints >= 0),
    revisit_deduction_h INTEGER NOT NULL DEFAULT 0 CHECK (revisit_deduction_h >= 0),
    notes               TEXT NOT NULL DEFAULT '',
    updated_by          TEXT NOT NULL DEFAULT '',
    updated_at          TEXT NOT NULL,
    UNIQUE (department_id, quarter)
) STRICT;

-- Step 6: 押金退还. A deposit (a paid line of a refundable item) is given back once: in full, or
-- less what is withheld for damage, with the reason. The bill and its payment stay as they were.
CREATE TABLE deposit_refund (
    id              INTEGER PRIMARY KEY,
    bill_id         INTEGER NOT NULL UNIQUE REFERENCES bill(id),
    refunded_on     TEXT NOT NULL CHECK (refunded_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    amount_fen      INTEGER NOT NULL CHECK (amount_fen >= 0),
    withheld_fen    INTEGER NOT NULL DEFAULT 0 CHECK (withheld_fen >= 0),
    withheld_reason TEXT NOT NULL DEFAULT '',
    payee           TEXT NOT NULL DEFAULT '',
    clerk           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    CHECK (withheld_fen = 0 OR length(trim(withheld_reason)) > 0)
) STRICT;

-- The front desk's four books (step 12): visits, complaints, repair calls, and the working-day
-- calendar the complaint clocks count on.
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

-- Archives (档案管理): kinds, locations, files, requests, inspections (step 13).
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

-- Users and roles (issue 19): roles are data; a user is never deleted, only disabled.
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
-- A record's own history (a unit's panel reads the log by the record's name).
CREATE INDEX audit_record ON audit(record, at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, '操作日志不能修改');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, '操作日志不能删除');
END;

-- Per-item rules of the charging counter (step 17): 缴费期限 — when an item's bill lines fall
-- due (当月15日, 月末, 次月10日, 开单后30天, 预收; lines are in arrears only after it) — and the
-- share a vacant (空置) unit pays (e.g. 70 %; NULL: the full amount). An item without a row
-- falls due at the end of the billed month and bills vacant units in full.
CREATE TABLE fee_item_setting (
    item_id        INTEGER PRIMARY KEY REFERENCES fee_item(id),
    pay_term       TEXT NOT NULL DEFAULT '月末' CHECK (length(trim(pay_term)) > 0),
    vacant_percent INTEGER CHECK (vacant_percent IS NULL OR vacant_percent BETWEEN 1 AND 100),
    -- 按户: billed only to the households subscribed to it (a rented parking space, cable TV).
    per_household  INTEGER NOT NULL DEFAULT 0 CHECK (per_household IN (0, 1)),
    -- The office's order of its items: within a month, a payment pays them in this order (NULL:
    -- the order they were created in).
    sort_order     INTEGER
) STRICT;

-- A household's subscription to a 按户 item: the unit, what it is for (车位号, 车牌号), from
-- and to which period, and its own monthly rate if it differs from the item's. Ended, never
-- deleted. A parking space is not rented twice over the same months (checked when added).
CREATE TABLE subscription (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES unit(id),
    item_id      INTEGER NOT NULL REFERENCES fee_item(id),
    object       TEXT NOT NULL DEFAULT '',
    plate        TEXT NOT NULL DEFAULT '',
    start_period TEXT NOT NULL CHECK (start_period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    end_period   TEXT CHECK (end_period IS NULL OR end_period >= start_period),
    rate_e4      INTEGER CHECK (rate_e4 IS NULL OR rate_e4 >= 0),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX subscription_item ON subscription(item_id, start_period);
CREATE INDEX subscription_unit ON subscription(unit_id);
