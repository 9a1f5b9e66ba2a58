-- Step 5: assessments (考核, seeds 000/003/004). A template is data, and versioned: editing a
-- template writes a new version; a scorecard keeps the version it was filled on, so a filed
-- card never changes. Scores are whole points on monthly cards and hundredths in the
-- quarterly quality score.

-- department_id NULL: the template for every department without its own.
CREATE TABLE assess_template (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    department_id INTEGER UNIQUE REFERENCES department(id),
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE assess_version (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES assess_template(id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    notes       TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (template_id, version)
) STRICT;

-- rule: the fault the records can point to (domain::assessment::Rule), '' for the ones only
-- a person sees.
CREATE TABLE assess_item (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES assess_version(id),
    seq        INTEGER NOT NULL,
    category   TEXT NOT NULL CHECK (length(trim(category)) > 0),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    points     INTEGER NOT NULL CHECK (points BETWEEN 1 AND 100),
    rule       TEXT NOT NULL DEFAULT '' CHECK (rule IN ('', '走访不足', '投诉未及时处理', '有效投诉',
                   '收缴率低于95%', '欠费未催缴', '业主资料不完整', '缺席培训')),
    UNIQUE (version_id, seq)
) STRICT;

-- 月度考核评分表: one per staff member per month.
CREATE TABLE scorecard (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    version_id      INTEGER NOT NULL REFERENCES assess_version(id),
    state           TEXT NOT NULL DEFAULT '草稿' CHECK (state IN ('草稿', '已提交', '已锁定')),
    comment         TEXT NOT NULL DEFAULT '',
    manager         TEXT NOT NULL DEFAULT '',
    acknowledged_by TEXT NOT NULL DEFAULT '',
    submitted_at    TEXT,
    locked_at       TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (staff_id, month),
    CHECK (state = '草稿' OR (length(trim(manager)) > 0 AND length(trim(acknowledged_by)) > 0
                             AND submitted_at IS NOT NULL)),
    CHECK ((state = '已锁定') = (locked_at IS NOT NULL))
) STRICT;

-- source: the rule a confirmed suggestion came from ('' when typed by the manager); evidence
-- keeps the suggestion's citation of the records.
CREATE TABLE deduction (
    id           INTEGER PRIMARY KEY,
    scorecard_id INTEGER NOT NULL REFERENCES scorecard(id),
    item_id      INTEGER NOT NULL REFERENCES assess_item(id),
    times        INTEGER NOT NULL CHECK (times >= 1),
    dates        TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX deduction_card ON deduction(scorecard_id);

-- A suggestion the manager decided on: confirmed (it became a deduction) or dismissed with a
-- reason. Either way it is not proposed again for that person and month.
CREATE TABLE suggestion_decision (
    id         INTEGER PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    month      TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    rule       TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('确认', '驳回')),
    reason     TEXT NOT NULL DEFAULT '',
    citation   TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    UNIQUE (staff_id, month, rule),
    CHECK (decision = '确认' OR length(trim(reason)) > 0)
) STRICT;

-- 所辖区域: the buildings a staff member looks after (collection rate, dunning, owner files).
CREATE TABLE staff_building (
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    building TEXT NOT NULL CHECK (length(trim(building)) > 0),
    PRIMARY KEY (staff_id, building)
) STRICT;

-- 季度服务质量考核 inputs per department and quarter, in hundredths of a point.
CREATE TABLE quality_quarter (
    id                  INTEGER PRIMARY KEY,
    department_id       INTEGER NOT NULL REFERENCES department(id),
    quarter             TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
    self_checks_h       TEXT NOT NULL DEFAULT '',
    spot_penalty_h      INTEGER NOT NULL DEFAULT 0 CHECK (spot_penalty_h >= 0),
    survey_h            INTEGER CHECK (survey_h IS NULL OR survey_h BETWEEN 0 AND 10000),
    valid_complaints    INTEGER NOT NULL DEFAULT 0 CHECK (valid_complaints >= 0),
    revisit_deduction_h INTEGER NOT NULL DEFAULT 0 CHECK (revisit_deduction_h >= 0),
    notes               TEXT NOT NULL DEFAULT '',
    updated_by          TEXT NOT NULL DEFAULT '',
    updated_at          TEXT NOT NULL,
    UNIQUE (department_id, quarter)
) STRICT;
