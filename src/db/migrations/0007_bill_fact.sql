-- Step 7: what each bill line owes now, kept beside it so that arrears, dunning, the counter and
-- the suggestions read only the open lines instead of every line of ten years. One row per bill
-- line (not for 调整 rows, which fold into the line they correct), rewritten in the same
-- transaction as every payment, void, credit use, adjustment and billing run that touches it.
--   due_fen     the billed amount plus its adjustments
--   paid_fen    what receipts not voided and prepaid credit have paid on it
--   settled_on  the day it was paid in full (the latest day that paid it, never before its
--               period's first day); NULL while anything is owed
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
-- The historic-payment import looks a line up by unit, item and period.
CREATE INDEX bill_unit_item_period ON bill(unit_id, item_id, period);
-- Receipts by year and by unit are read newest first.
CREATE INDEX payment_unit_paid ON payment(unit_id, paid_on);
-- Arrears as of a past day correct the facts by what was dated or voided after it.
CREATE INDEX payment_voided ON payment(voided_at) WHERE voided_at IS NOT NULL;
CREATE INDEX credit_use_used_on ON credit_use(used_on);
INSERT INTO bill_fact(bill_id, unit_id, item_id, period, due_fen, paid_fen, settled_on)
SELECT x.id, x.unit_id, x.item_id, x.period, due, paid,
       CASE WHEN paid >= due THEN max(last, x.period || '-01') END
FROM (
    SELECT x.id, x.unit_id, x.item_id, x.period,
           x.amount_fen + coalesce(a.s, 0) AS due,
           coalesce(pp.s, 0) + coalesce(cc.s, 0) AS paid,
           max(coalesce(pp.last, ''), coalesce(cc.last, '')) AS last
    FROM bill x
    LEFT JOIN (SELECT adjusts_id AS id, sum(amount_fen) AS s FROM bill
               WHERE adjusts_id IS NOT NULL GROUP BY adjusts_id) a ON a.id = x.id
    LEFT JOIN (SELECT pl.bill_id AS id, sum(pl.amount_fen) AS s, max(p.paid_on) AS last
               FROM payment_line pl JOIN payment p ON p.id = pl.payment_id
               WHERE p.voided_at IS NULL AND pl.bill_id IS NOT NULL GROUP BY pl.bill_id) pp
           ON pp.id = x.id
    LEFT JOIN (SELECT bill_id AS id, sum(amount_fen) AS s, max(used_on) AS last
               FROM credit_use GROUP BY bill_id) cc ON cc.id = x.id
    WHERE x.kind != '调整'
) x;
