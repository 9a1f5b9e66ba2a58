-- Per-item rules of the charging counter (step 17): 缴费期限 — when an item's bill lines fall
-- due (当月15日, 月末, 次月10日, 开单后30天, 预收; lines are in arrears only after it) — and the
-- share a vacant (空置) unit pays (e.g. 70 %; NULL: the full amount). An item without a row
-- falls due at the end of the billed month and bills vacant units in full.
CREATE TABLE fee_item_setting (
    item_id        INTEGER PRIMARY KEY REFERENCES fee_item(id),
    pay_term       TEXT NOT NULL DEFAULT '月末' CHECK (length(trim(pay_term)) > 0),
    vacant_percent INTEGER CHECK (vacant_percent IS NULL OR vacant_percent BETWEEN 1 AND 100)
) STRICT;
