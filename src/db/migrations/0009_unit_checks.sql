-- Step 9: the allowed values of a unit's usage and state and of a unit event's kind written as
-- comparisons instead of `IN (…)`. Same rule, same rows: SQLite builds a temporary table for
-- every `IN` list of more than two values on every insert, and a 100,000-unit import spent a
-- fifth of its time building and dropping them. Only the CHECK text changes, which SQLite
-- documents as safe to edit in place (https://sqlite.org/lang_altertable.html, "Making Other
-- Kinds Of Table Schema Changes"): every row already satisfies the equivalent rule.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(replace(sql,
       'CHECK (usage IN (''住宅'', ''商铺'', ''车位''))',
       'CHECK (usage = ''住宅'' OR usage = ''商铺'' OR usage = ''车位'')'),
       'CHECK (state IN (''未交付'', ''空置'', ''装修中'', ''已入住''))',
       'CHECK (state = ''未交付'' OR state = ''空置'' OR state = ''装修中'' OR state = ''已入住'')')
 WHERE type = 'table' AND name = 'unit';
UPDATE sqlite_schema
   SET sql = replace(sql,
       'CHECK (kind IN (''新建'', ''导入'', ''修改'', ''入住'', ''迁出''))',
       'CHECK (kind = ''新建'' OR kind = ''导入'' OR kind = ''修改'' OR kind = ''入住'' OR kind = ''迁出'')')
 WHERE type = 'table' AND name = 'unit_event';
-- RESET turns writing off and makes this connection read the new text at once.
PRAGMA writable_schema = RESET;
-- A change of structure tells every open connection to read the schema again.
CREATE TABLE schema_reload (x INTEGER) STRICT;
DROP TABLE schema_reload;
