-- 缴费期限 (step 17): when an item's bill lines fall due — 当月15日, 月末, 次月10日, 开单后30天,
-- 预收. Lines are in arrears only after it. An item without a row falls due at the end of the
-- billed month.
CREATE TABLE fee_item_term (
    item_id  INTEGER PRIMARY KEY REFERENCES fee_item(id),
    pay_term TEXT NOT NULL CHECK (length(trim(pay_term)) > 0)
) STRICT;
