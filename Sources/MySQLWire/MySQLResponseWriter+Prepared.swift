public import MySQLTypes

/// Replies of the prepared-statement commands.
///
/// A binary result set has the same header as a text one (column count, definitions, then an EOF
/// unless DEPRECATE_EOF), so `writeResultSetHeader` serves both; only the rows differ
/// (`writeBinaryRow`), and the end is `writeResultSetEnd` as for text.
extension MySQLResponseWriter {
    /// Answers `COM_STMT_PREPARE` as TiDB does: the OK packet, the parameter definitions, the column
    /// definitions. Each non-empty group of definitions is closed by an EOF packet unless the client
    /// has DEPRECATE_EOF, in which case nothing closes it.
    ///
    /// - Parameter eofWarnings: the warning count in those EOF packets (TiDB sends the session's).
    public mutating func writePrepareResponse(
        _ ok: StatementPrepareOK,
        parameters: [ColumnDefinition],
        columns: [ColumnDefinition],
        status: ServerStatus,
        eofWarnings: UInt16 = 0
    ) {
        assert(parameters.count == Int(ok.parameterCount) && columns.count == Int(ok.columnCount))
        self.writeRawPacket { ok.encode(into: &$0) }
        for group in [parameters, columns] where !group.isEmpty {
            for definition in group {
                self.writeRawPacket { ColumnDefinition41.encode(definition, into: &$0) }
            }
            if !self.usesDeprecateEOF {
                self.writeEOF(EOFPacket(warnings: eofWarnings, status: status))
            }
        }
    }

    /// The header of a result set read through a cursor (COM_STMT_EXECUTE with a cursor flag): TiDB
    /// closes the definitions in every case, with an EOF or, under DEPRECATE_EOF, an OK packet with
    /// header `0xFE`. `status` should include `.cursorExists`. Rows follow with COM_STMT_FETCH.
    public mutating func writeCursorResultSetHeader(columns: [ColumnDefinition], status: ServerStatus) {
        // Without DEPRECATE_EOF the ordinary header already ends in the EOF.
        self.writeResultSetHeader(columns: columns, status: status)
        if self.usesDeprecateEOF {
            self.writeResultSetEnd(warnings: 0, status: status)
        }
    }

    /// Writes one binary row of `columnCount` cells; `body` writes them in column order
    /// (`writeNull`, `writeInteger(_:type:)`, `writeDatetime(...)`, `writeString`, ...).
    public mutating func writeBinaryRow(columnCount: Int, _ body: (inout BinaryRowWriter) -> Void) {
        self.writeRawPacket { $0.writeBinaryResultsetRow(columnCount: columnCount, body) }
    }

    /// Writes one binary row from values; each column's type decides the encoding.
    public mutating func writeBinaryRow(_ values: [BinaryValue], columns: [ColumnDefinition]) {
        self.writeRawPacket { BinaryResultsetRow.encode(values, columns: columns, into: &$0) }
    }
}
