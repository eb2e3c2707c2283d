-- The audit log is read newest first (ORDER BY id DESC) with optional filters; these indexes keep a
-- filtered page cheap when the table is large and the filter is selective. resource is matched by
-- prefix (LIKE 'TOPIC:orders%'), which needs text_pattern_ops under any collation.
CREATE INDEX audit_log_principal_id ON audit_log (principal, id);
CREATE INDEX audit_log_resource_prefix ON audit_log (resource text_pattern_ops);
CREATE INDEX audit_log_action_id ON audit_log (action, id);
