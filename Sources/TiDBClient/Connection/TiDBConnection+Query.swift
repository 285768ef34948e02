import CMariaDB

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TiDBConnection {
    /// Runs one statement (text protocol) and returns its result.
    ///
    /// For several statements in one string, use `queryAll`; this throws if more than one
    /// result comes back, so a multi-statement string is never half-read.
    @discardableResult
    public func query(_ sql: String) throws(TiDBClientError) -> QueryResult {
        let results = try self.queryAll(sql)
        guard results.count == 1 else {
            throw TiDBClientError(
                kind: .usage,
                message: "query() got \(results.count) results; use queryAll() for several statements",
                statement: sql
            )
        }
        return results[0]
    }

    /// Runs one or more `;`-separated statements; every result in order. A failing statement
    /// throws, naming it by its position when there are several.
    public func queryAll(_ sql: String) throws(TiDBClientError) -> [QueryResult] {
        let handle = try self.openHandle(for: sql)
        self.logger.trace("query", metadata: ["sql": "\(StatementRedaction.redact(sql))"])
        guard Self.withUTF8(sql, { mysql_real_query(handle, $0, $1) }) == 0 else {
            throw Self.error(handle, statement: sql)
        }
        var results: [QueryResult] = []
        while true {
            if let stored = mysql_store_result(handle) {
                results.append(Self.readTextResult(stored, handle: handle))
                mysql_free_result(stored)
            } else if mysql_field_count(handle) == 0 {
                results.append(
                    QueryResult(
                        columns: [],
                        rows: [],
                        affectedRows: mysql_affected_rows(handle),
                        lastInsertID: mysql_insert_id(handle),
                        warningCount: mysql_warning_count(handle)
                    )
                )
            } else {
                throw Self.error(handle, statement: sql)
            }
            let next = mysql_next_result(handle)
            if next == -1 { return results }
            if next > 0 {
                var error = Self.error(handle, statement: sql)
                error.message += " (statement \(results.count + 1) of the query)"
                throw error
            }
        }
    }

    private static func readTextResult(
        _ result: UnsafeMutablePointer<MYSQL_RES>,
        handle: UnsafeMutablePointer<MYSQL>
    )
        -> QueryResult
    {
        let count = Int(mysql_num_fields(result))
        let columns = Self.columns(mysql_fetch_fields(result), count: count)
        let names = ColumnNames(columns)
        var rows: [Row] = []
        rows.reserveCapacity(Int(mysql_num_rows(result)))
        while let row = mysql_fetch_row(result) {
            let lengths = mysql_fetch_lengths(result)!
            var values: [SQLValue] = []
            values.reserveCapacity(count)
            for index in 0..<count {
                guard let cell = row[index] else {
                    values.append(.null)
                    continue
                }
                let bytes = UnsafeRawBufferPointer(start: cell, count: Int(lengths[index]))
                values.append(TextCellDecoder.value(bytes, column: columns[index]))
            }
            rows.append(Row(values: values, names: names))
        }
        return QueryResult(columns: columns, rows: rows, warningCount: mysql_warning_count(handle))
    }

    static func columns(_ fields: UnsafeMutablePointer<MYSQL_FIELD>?, count: Int) -> [Column] {
        guard let fields else { return [] }
        return (0..<count).map { index in
            let field = fields[index]
            return Column(
                name: String(cString: field.name),
                table: field.table.map { String(cString: $0) } ?? "",
                database: field.db.map { String(cString: $0) } ?? "",
                type: Column.FieldType(rawValue: field.type.rawValue),
                length: UInt64(field.length),
                flags: UInt32(field.flags),
                charset: UInt32(field.charsetnr),
                decimals: UInt32(field.decimals)
            )
        }
    }

    /// Runs `body` in a transaction: BEGIN, then COMMIT if it returns, ROLLBACK if it throws
    /// (the body's error is rethrown; a failed ROLLBACK is logged, not hidden behind it).
    public func withTransaction<T: Sendable>(
        _ body: @Sendable (isolated TiDBConnection) async throws -> T
    ) async throws -> T {
        try self.query("BEGIN")
        let value: T
        do {
            value = try await body(self)
        } catch {
            do {
                try self.query("ROLLBACK")
            } catch let rollbackError {
                self.logger.warning(
                    "ROLLBACK after a failed transaction failed",
                    metadata: ["error": "\(rollbackError)"]
                )
            }
            throw error
        }
        try self.query("COMMIT")
        return value
    }
}

/// Turns a text-protocol cell into a typed value by its column's type.
enum TextCellDecoder {
    static func value(_ bytes: UnsafeRawBufferPointer, column: Column) -> SQLValue {
        let type = column.type
        if type.isInteger {
            if column.isUnsigned, let value = UInt64(Self.ascii(bytes)) { return .uint(value) }
            if let value = Int64(Self.ascii(bytes)) { return .int(value) }
        } else if type == .float || type == .double {
            if let value = Double(Self.ascii(bytes)) { return .double(value) }
        } else if type == .decimal || type == .newDecimal {
            if let value = Decimal(string: Self.ascii(bytes)) { return .decimal(value) }
        } else if type.isTemporal {
            if var value = SQLTimestamp(text: Self.ascii(bytes)) {
                value.isDateOnly = type == .date
                return .timestamp(value)
            }
        } else if type == .time {
            if let value = SQLTime(text: Self.ascii(bytes)) { return .time(value) }
        } else if type == .bit || type == .geometry || column.isBinary {
            return .bytes(Array(bytes))
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    private static func ascii(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
