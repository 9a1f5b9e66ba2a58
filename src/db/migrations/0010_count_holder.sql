-- Step 10: a handover count lists the keys on loan too, with who holds them, so that both
-- custodians sign for them (a count used to leave them out).
ALTER TABLE key_count_line ADD COLUMN holder TEXT NOT NULL DEFAULT '';
