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
