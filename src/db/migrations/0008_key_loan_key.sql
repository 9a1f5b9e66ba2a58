-- Step 8: a key's loans by the key. Ten years of lending are some 200,000 loans; the key's panel
-- (its history, newest first) read them all to find one key's few hundred.
CREATE INDEX key_loan_key ON key_loan(key_id, out_at);
