import MySQLTypes
import MySQLWire
import NIOCore
import TiDBEngine

/// Writes engine results in the wire format the client negotiated.
extension MySQLResponseWriter {
    /// The replies to one COM_QUERY: every result but the last carries MORE_RESULTS_EXISTS.
    mutating func write(_ outcomes: [StatementOutcome], headerCache: inout ResultHeaderCache) {
        for (index, outcome) in outcomes.enumerated() {
            var status = outcome.status
            if index < outcomes.count - 1 { status.insert(.moreResultsExist) }
            switch outcome.result {
            case .ok(let affectedRows, let lastInsertID, let info):
                self.writeOK(
                    OKPacket(
                        affectedRows: affectedRows,
                        lastInsertID: lastInsertID,
                        status: status,
                        warnings: outcome.warningCount,
                        info: info
                    )
                )
            case .rows(let resultSet):
                self.writeResultSetHeader(columns: resultSet.columns, status: status, cache: &headerCache)
                for row in resultSet.rows {
                    self.writeRow { buffer in
                        for value in row { buffer.writeTextValue(value) }
                    }
                }
                self.writeResultSetEnd(warnings: outcome.warningCount, status: status)
            case .error(let error):
                self.writeError(error)
            }
        }
    }
}

extension ByteBuffer {
    /// One text-protocol cell; integers and strings without intermediate allocations.
    mutating func writeTextValue(_ value: Value) {
        switch value {
        case .null: self.writeTextNull()
        case .int(let number): self.writeTextInteger(number)
        case .uint(let number): self.writeTextUnsigned(number)
        case .string(let text): self.writeLengthEncodedString(text)
        case .bytes(let bytes): self.writeLengthEncodedBytes(bytes)
        default: self.writeLengthEncodedString(value.text ?? "")
        }
    }
}
