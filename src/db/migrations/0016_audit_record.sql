-- A record's own history (a unit's panel reads the log by the record's name).
CREATE INDEX audit_record ON audit(record, at);
