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
