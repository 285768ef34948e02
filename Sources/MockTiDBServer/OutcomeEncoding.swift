import MySQLTypes
import MySQLWire
import NIOCore
import TiDBEngine

/// Writes engine results in the wire format the client negotiated.
extension MySQLResponseWriter {
    /// The replies to one COM_QUERY: every result but the last carries MORE_RESULTS_EXISTS, and the
    /// last one too when `moreFollow` (the query paused on a lock and its other results come later).
    mutating func write(
        _ outcomes: [StatementOutcome],
        headerCache: inout ResultHeaderCache,
        moreFollow: Bool = false
    ) {
        for (index, outcome) in outcomes.enumerated() {
            var status = outcome.status
            if moreFollow || index < outcomes.count - 1 { status.insert(.moreResultsExist) }
            switch outcome.result {
            case .ok(let affectedRows, let lastInsertID, let info):
                self.writeOK(affectedRows: affectedRows, lastInsertID: lastInsertID, info: info, outcome, status)
            case .rows(let resultSet):
                self.writeResultSetHeader(columns: resultSet.columns, status: status, cache: &headerCache)
                let columns = resultSet.columns
                for row in resultSet.rows {
                    self.writeRow { buffer in
                        // Indices, not zip: reading one field of a definition copies none of its strings.
                        for index in row.indices {
                            buffer.writeTextValue(
                                row[index],
                                float: index < columns.count && columns[index].type == .float
                            )
                        }
                    }
                }
                self.writeResultSetEnd(warnings: outcome.warningCount, status: status)
            case .error(let error):
                self.writeError(error)
            }
        }
    }

    /// The reply to COM_STMT_EXECUTE: the same packets, with binary rows.
    mutating func writeBinary(_ outcomes: [StatementOutcome], headerCache: inout ResultHeaderCache) {
        for (index, outcome) in outcomes.enumerated() {
            var status = outcome.status
            if index < outcomes.count - 1 { status.insert(.moreResultsExist) }
            switch outcome.result {
            case .ok(let affectedRows, let lastInsertID, let info):
                self.writeOK(affectedRows: affectedRows, lastInsertID: lastInsertID, info: info, outcome, status)
            case .rows(let resultSet):
                self.writeResultSetHeader(columns: resultSet.columns, status: status, cache: &headerCache)
                self.writeBinaryRows(resultSet.rows[...], columns: resultSet.columns)
                self.writeResultSetEnd(warnings: outcome.warningCount, status: status)
            case .error(let error):
                self.writeError(error)
            }
        }
    }

    /// Binary rows, each cell in the encoding of its column's type.
    mutating func writeBinaryRows(_ rows: ArraySlice<[Value]>, columns: [ColumnDefinition]) {
        for row in rows {
            self.writeBinaryRow(columnCount: columns.count) { writer in
                // Indices, not zip: reading one field of a definition copies none of its strings.
                for index in 0..<min(row.count, columns.count) {
                    writer.writeValue(row[index], type: columns[index].type)
                }
            }
        }
    }

    private mutating func writeOK(
        affectedRows: UInt64,
        lastInsertID: UInt64,
        info: String,
        _ outcome: StatementOutcome,
        _ status: ServerStatus
    ) {
        self.writeOK(
            OKPacket(
                affectedRows: affectedRows,
                lastInsertID: lastInsertID,
                status: status,
                warnings: outcome.warningCount,
                info: info
            )
        )
    }
}

extension ByteBuffer {
    /// One text-protocol cell; integers and strings without intermediate allocations. A FLOAT
    /// column's value is written with a float's shortest digits (`3.14`, not `3.140000104904175`).
    mutating func writeTextValue(_ value: Value, float: Bool = false) {
        switch value {
        case .null: self.writeTextNull()
        case .int(let number): self.writeTextInteger(number)
        case .uint(let number): self.writeTextUnsigned(number)
        case .string(let text): self.writeLengthEncodedString(text)
        case .bytes(let bytes): self.writeLengthEncodedBytes(bytes)
        case .bit(let bit): self.writeLengthEncodedBytes(bit.bytes)
        case .double(let number) where float: self.writeLengthEncodedString(DoubleFormatter.mysqlText(Float(number)))
        default: self.writeLengthEncodedString(value.text ?? "")
        }
    }
}
