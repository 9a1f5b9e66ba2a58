-- Step 4: the charging ledgers (收费台帐, seeds 000/001/002). Money is integer fen; rates are
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
CREATE INDEX bill_adjusts ON bill(adjusts_id) WHERE adjusts_id IS NOT NULL;

-- 收款 and its receipt. Receipts taken here are numbered YYYY-NNNNNN from a gap-free yearly
-- sequence (year, seq); receipts imported from an old paper ledger keep their own number and
-- have no seq. A receipt is never deleted: voiding keeps it with the reason.
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
