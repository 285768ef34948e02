SET GLOBAL tidb_gc_enable=FALSE;
SELECT @@global.tidb_gc_enable;
