-- Step 2: staff files (员工档案) — departments and positions as data, staff, certificates,
-- training records with attendees. Leavers are never deleted (state 离职 with a leave date).

CREATE TABLE department (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A post (岗位). `duty` ties it to the staffing ratios of seed 000 (保洁, 绿化) and to the
-- age rule for cleaners, guards and gardeners; '' for every other post.
CREATE TABLE position (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    duty TEXT NOT NULL DEFAULT '' CHECK (duty IN ('', '室外保洁', '室内保洁', '保洁', '绿化', '保安'))
) STRICT;

-- The certificates (岗位证书) a post requires, by kind.
CREATE TABLE position_cert (
    position_id INTEGER NOT NULL REFERENCES position(id),
    cert_kind   TEXT NOT NULL CHECK (length(trim(cert_kind)) > 0),
    PRIMARY KEY (position_id, cert_kind)
) STRICT;

CREATE TABLE staff (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    gender            TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', '男', '女')),
    birth_date        TEXT CHECK (birth_date IS NULL OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    phone             TEXT NOT NULL DEFAULT '',
    id_number         TEXT NOT NULL DEFAULT '',
    department_id     INTEGER NOT NULL REFERENCES department(id),
    position_id       INTEGER REFERENCES position(id),
    hire_date         TEXT CHECK (hire_date IS NULL OR hire_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    state             TEXT NOT NULL DEFAULT '在职' CHECK (state IN ('在职', '离职')),
    leave_date        TEXT CHECK (leave_date IS NULL OR leave_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    emergency_contact TEXT NOT NULL DEFAULT '',
    emergency_phone   TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (state = '离职' OR leave_date IS NULL),
    CHECK (leave_date IS NULL OR hire_date IS NULL OR leave_date >= hire_date)
) STRICT;
CREATE INDEX staff_department ON staff(department_id);
CREATE UNIQUE INDEX staff_id_number ON staff(id_number) WHERE id_number <> '';

-- expiry_date NULL: valid without limit (长期有效). scan_file: path relative to the
-- attachments folder next to the database, '' when no scan was attached.
CREATE TABLE certificate (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    kind        TEXT NOT NULL CHECK (length(trim(kind)) > 0),
    number      TEXT NOT NULL DEFAULT '',
    issuer      TEXT NOT NULL DEFAULT '',
    issue_date  TEXT CHECK (issue_date IS NULL OR issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    expiry_date TEXT CHECK (expiry_date IS NULL OR expiry_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    scan_file   TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (expiry_date IS NULL OR issue_date IS NULL OR expiry_date >= issue_date)
) STRICT;
CREATE INDEX certificate_staff ON certificate(staff_id);

-- Hours in tenths (1.5 h = 15). end_date for courses over several days (the one-week induction).
CREATE TABLE training (
    id           INTEGER PRIMARY KEY,
    course       TEXT NOT NULL CHECK (length(trim(course)) > 0),
    kind         TEXT NOT NULL CHECK (kind IN ('入职培训', '岗位技能', '法规安全', '其他')),
    date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    end_date     TEXT CHECK (end_date IS NULL OR end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    hours_tenths INTEGER NOT NULL CHECK (hours_tenths > 0),
    trainer      TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    CHECK (end_date IS NULL OR end_date >= date)
) STRICT;
CREATE INDEX training_date ON training(date);

-- Who was expected at a training and how it went; 缺席 counts as a missed training.
CREATE TABLE training_attendee (
    training_id INTEGER NOT NULL REFERENCES training(id),
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    result      TEXT NOT NULL CHECK (result IN ('合格', '不合格', '已参加', '缺席')),
    PRIMARY KEY (training_id, staff_id)
) STRICT;
CREATE INDEX training_attendee_staff ON training_attendee(staff_id);

INSERT INTO department(name, sort_order) VALUES
    ('管理处', 1), ('客服部', 2), ('工程部', 3), ('秩序维护部', 4), ('保洁部', 5), ('绿化部', 6);

INSERT INTO position(name, duty) VALUES
    ('管理处经理', ''), ('客服主管', ''), ('物业管理员', ''), ('前台', ''),
    ('维修工', ''), ('电工', ''), ('消防控制室值班员', ''),
    ('保安', '保安'), ('保洁员', '保洁'), ('绿化员', '绿化');

INSERT INTO position_cert(position_id, cert_kind)
    SELECT id, '低压电工作业证' FROM position WHERE name = '电工'
    UNION ALL SELECT id, '消防设施操作员证' FROM position WHERE name = '消防控制室值班员'
    UNION ALL SELECT id, '保安员证' FROM position WHERE name = '保安';
