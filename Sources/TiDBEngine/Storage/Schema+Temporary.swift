/// TiDB's temporary tables (`model.TempTableType`). A local one (`CREATE TEMPORARY TABLE`)
/// belongs to the session that created it: only that session finds it, and it goes with the
/// session. A global one (`CREATE GLOBAL TEMPORARY TABLE ... ON COMMIT DELETE ROWS`) is in the
/// catalog for everyone, but its rows live in the writing transaction only and are gone at its
/// end. Neither is replicated by the change stream nor backed up by BR.
public enum TemporaryTableKind: Sendable, Hashable {
    case local
    case global
}
