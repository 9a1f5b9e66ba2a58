-- Step 11: a template may belong to a post (岗位) instead of a whole department — the office
-- manager is not scored on the customer-service template — and an item may carry a monthly cap
-- in points, so that 24 incomplete owner files cannot propose 48 points unseen.
ALTER TABLE assess_template ADD COLUMN position TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX assess_template_position ON assess_template(position) WHERE position <> '';
ALTER TABLE assess_item ADD COLUMN cap INTEGER NOT NULL DEFAULT 0 CHECK (cap >= 0);
