BEGIN;
SET GLOBAL tidb_external_ts = @@tidb_current_ts;
SELECT @@tidb_current_ts;
COMMIT;
SELECT @@global.tidb_external_ts;
