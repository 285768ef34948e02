/// One result of a statement: its columns and rows, or (for statements without a result set)
/// what it changed.
public struct QueryResult: Sendable {
    public var columns: [Column]
    public var rows: [Row]
    public var affectedRows: UInt64
    public var lastInsertID: UInt64
    public var warningCount: UInt32

    public init(
        columns: [Column],
        rows: [Row],
        affectedRows: UInt64 = 0,
        lastInsertID: UInt64 = 0,
        warningCount: UInt32 = 0
    ) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
        self.warningCount = warningCount
    }

    /// The single value of a one-row, one-column result (`SELECT @@x`), decoded.
    public func scalar<T: SQLDecodable>(_ type: T.Type = T.self) throws(TiDBClientError) -> T {
        guard let row = self.rows.first, self.rows.count == 1, self.columns.count == 1 else {
            throw TiDBClientError(
                kind: .unexpectedAnswer,
                message: "expected one row of one column, got \(self.rows.count) rows of \(self.columns.count) columns"
            )
        }
        return try row.decode(type, at: 0)
    }
}

/// One row: values by position or column name, decoded to Swift types on request.
public struct Row: Sendable {
    public let values: [SQLValue]
    let names: ColumnNames

    init(values: [SQLValue], names: ColumnNames) {
        self.values = values
        self.names = names
    }

    public var count: Int { self.values.count }

    public subscript(index: Int) -> SQLValue { self.values[index] }

    /// The value of the first column with this name (case-insensitive, as MySQL compares names).
    public subscript(column name: String) -> SQLValue? {
        self.names.index(of: name).map { self.values[$0] }
    }

    public func decode<T: SQLDecodable>(_ type: T.Type = T.self, at index: Int) throws(TiDBClientError) -> T {
        guard self.values.indices.contains(index) else {
            throw TiDBClientError(kind: .decoding, message: "no column \(index) in a row of \(self.values.count)")
        }
        do {
            return try T(sqlValue: self.values[index])
        } catch {
            throw TiDBClientError(kind: .decoding, message: "column \(self.names.name(at: index)): \(error.message)")
        }
    }

    public func decode<T: SQLDecodable>(_ type: T.Type = T.self, column name: String) throws(TiDBClientError) -> T {
        guard let index = self.names.index(of: name) else {
            throw TiDBClientError(
                kind: .decoding,
                message: "no column '\(name)' (columns: \(self.names.all.joined(separator: ", ")))"
            )
        }
        return try self.decode(type, at: index)
    }
}

/// Column names shared by every row of a result, looked up case-insensitively. Lookups compare
/// case-insensitively as they go: most results are never looked up by name, and lowercasing every
/// name up front cost each query an array and a string per column.
final class ColumnNames: Sendable {
    let all: [String]

    init(_ columns: [Column]) {
        self.all = columns.map(\.name)
    }

    func index(of name: String) -> Int? {
        let wanted = name.lowercased()
        return self.all.firstIndex { $0 == name || $0.lowercased() == wanted }
    }

    func name(at index: Int) -> String {
        self.all.indices.contains(index) ? self.all[index] : "#\(index)"
    }
}
