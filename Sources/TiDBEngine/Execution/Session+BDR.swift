import MySQLTypes
import Synchronization

/// The cluster's BDR role (TiDB ≥ v7.6, `ADMIN SET|UNSET|SHOW BDR ROLE`): in bidirectional
/// replication, which DDL a client may run here. TiDB's `DeniedByBDR`: on a PRIMARY only the
/// "safe" DDLs (CREATE DATABASE/TABLE, ADD COLUMN that is nullable or NOT NULL with a default, ADD
/// non-unique INDEX, DROP INDEX, table comments), on a SECONDARY none; DDL a changefeed writes
/// (`tidb_cdc_write_source` ≠ 0) is never refused. Refusals are 8263.
public enum BDRRole: String, Sendable {
    case primary, secondary
    case localOnly = "local_only"
}

public enum AdminBDRStatement: Sendable, Hashable {
    case show
    case set(BDRRole)
    case unset
}

/// Where a cluster keeps its role (TiDB: in its meta, cluster-wide).
public final class BDRRoleStore: Sendable {
    private let role = Mutex(BDRRole.localOnly)
    public init() {}
    public var current: BDRRole {
        get { self.role.withLock { $0 } }
        set { self.role.withLock { $0 = newValue } }
    }
}

extension Session {
    func executeAdminBDR(_ statement: AdminBDRStatement) throws(MySQLError) -> ResultSet? {
        switch statement {
        case .show:
            let role = self.cluster.bdrRole.current.rawValue
            return ResultSet(
                columns: [FieldType.showColumn(longest: role.count).column(named: "BDR_ROLE")],
                rows: [[.string(role)]]
            )
        case .set(let role):
            try self.commit()
            self.cluster.bdrRole.current = role
        case .unset:
            try self.commit()
            self.cluster.bdrRole.current = .localOnly
        }
        return nil
    }

    /// TiDB checks a DDL job against the role when it is submitted.
    func checkBDRRole(_ statement: Statement) throws(MySQLError) {
        let role = self.cluster.bdrRole.current
        guard role != .localOnly else { return }
        // ADD COLUMN's own check on a PRIMARY runs whatever wrote it (TiDB's
        // `deniedByBDRWhenAddColumn`, before the job exists).
        if role == .primary, case .alterTable(_, let changes) = statement {
            for case .addColumn(let column, _) in changes where Self.addColumnDenied(column) {
                throw Self.restricted(role)
            }
        }
        guard self.writeSource == 0 else { return }
        if role == .secondary || !Self.isSafe(statement) { throw Self.restricted(role) }
    }

    static func restricted(_ role: BDRRole) -> MySQLError {
        .tidb(
            8263,
            "HY000",
            "The operation is not allowed while the bdr role of this cluster is set to \(role.rawValue)."
        )
    }

    /// TiDB's `SafeDDL` actions among the statements the mock runs (the "replicable DDLs" of
    /// TiCDC's bidirectional replication docs); a multi-change ALTER is safe only when each is.
    static func isSafe(_ statement: Statement) -> Bool {
        switch statement {
        case .createDatabase, .createTable, .dropIndex: return true
        case .createIndex(_, let index, _): return index.kind == .plain
        case .createView: return true
        case .dropDatabase, .dropTable, .dropTemporaryTable, .truncate, .renameTables, .alterDatabase, .dropView:
            return false
        case .alterTable(_, let changes):
            return changes.allSatisfy { change in
                switch change {
                case .addColumn: return true
                case .addIndex(let index): return index.kind == .plain
                case .dropIndex: return true
                case .dropColumn, .renameColumn, .rename: return false
                // Not among TiDB's SafeDDL actions [?]: refused, as unsafe ones are.
                case .addForeignKey, .dropForeignKey, .addCheck, .dropConstraint, .alterCheck: return false
                case .alterDefault, .renameIndex, .alterIndexVisibility: return true
                // Replicable only when it changes nothing but the default and the comment; the
                // mock judges by the statement alone and refuses every MODIFY/CHANGE.
                case .modifyColumn: return false
                case .option(let name, _): return name == "COMMENT"
                case .ifNeeded(let inner): return Self.isSafe(.alterTable(table: TableName(name: ""), changes: [inner]))
                }
            }
        default: return true
        }
    }

    /// A new column is allowed when it can be added without rewriting rows or constraining them:
    /// nullable, or NOT NULL with a default; no keys, no AUTO_INCREMENT.
    static func addColumnDenied(_ column: ColumnSpec) -> Bool {
        if column.isPrimaryKey || column.isUniqueKey || column.isAutoIncrement || column.onUpdateCurrentTimestamp {
            return true
        }
        return column.isNullable == false && column.defaultValue == nil
    }
}

extension Parser {
    /// `ADMIN SHOW BDR ROLE`, `ADMIN SET BDR ROLE PRIMARY|SECONDARY|LOCAL_ONLY`,
    /// `ADMIN UNSET BDR ROLE`, with `current` on ADMIN; nil for another ADMIN statement.
    mutating func parseAdminBDR() throws(SQLSyntaxError) -> Statement? {
        guard self.peek(2).isKeyword("BDR") else { return nil }
        let verb = self.peek()
        guard verb.isKeyword("SHOW") || verb.isKeyword("SET") || verb.isKeyword("UNSET") else { return nil }
        self.advance()
        self.advance()
        self.advance()
        try self.expect("ROLE")
        if verb.isKeyword("SHOW") { return .adminBDR(.show) }
        if verb.isKeyword("UNSET") { return .adminBDR(.unset) }
        guard case .word(let word) = self.current.kind, let role = BDRRole(rawValue: word.lowercased()) else {
            throw self.errorAtCurrent()
        }
        self.advance()
        return .adminBDR(.set(role))
    }
}
