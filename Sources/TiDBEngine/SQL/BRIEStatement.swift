/// `BACKUP {DATABASE|SCHEMA} * | db, ... | TABLE t, ... TO 'url' [options]` and
/// `RESTORE ... FROM 'url' [options]`, as TiDB's grammar (`BRIEStmt`) has them.
public struct BRIEStatement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case backup, restore }

    public var kind: Kind
    public var scope: BRIEScope
    public var url: String
    /// In the order written; names uppercased. A later option of the same name wins, as in TiDB.
    public var options: [BRIEOption] = []

    public func option(_ name: String) -> BRIEOption.Value? {
        self.options.last { $0.name == name }?.value
    }
}

public struct BRIEOption: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case integer(UInt64)
        case boolean(Bool)
        case string(String)
        /// `RATE_LIMIT = N MB/SECOND`: N.
        case megabytesPerSecond(UInt64)
        /// `SNAPSHOT = N unit AGO`.
        case ago(UInt64, unit: String)
        /// `CHECKSUM = OPTIONAL | REQUIRED` and other keyword values.
        case keyword(String)
    }

    public var name: String
    public var value: Value
}

/// The statement's scope: what to back up, or what of a backup to restore.
public enum BRIEScope: Sendable, Hashable {
    /// `DATABASE *`: every user database (system schemas are never backed up).
    case all
    case databases([String])
    case tables([TableName])
}
