SET GLOBAL tidb_gc_enable=TRUE;
SELECT @@global.tidb_gc_enable;
