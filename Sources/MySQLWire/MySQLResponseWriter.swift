public import MySQLTypes
public import NIOCore

/// Writes the server's reply to one client packet: numbered packets in one buffer, framed as the
/// negotiated capabilities require (EOF packets or `CLIENT_DEPRECATE_EOF` OK packets).
public struct MySQLResponseWriter {
    private var packets: MySQLPacketWriter
    public let capabilities: CapabilityFlags

    public init(buffer: ByteBuffer, context: ConnectionStateMachine.ResponseContext) {
        self.packets = MySQLPacketWriter(buffer: buffer, sequenceID: context.sequenceID)
        self.capabilities = context.capabilities
    }

    public var usesDeprecateEOF: Bool { self.capabilities.contains(.deprecateEOF) }

    public mutating func writeOK(_ ok: OKPacket) {
        self.packets.writePacket { ok.encode(into: &$0) }
    }

    public mutating func writeError(_ error: MySQLError) {
        self.packets.writePacket { ERRPacket.encode(error, into: &$0) }
    }

    public mutating func writeEOF(_ eof: EOFPacket) {
        self.packets.writePacket { eof.encode(into: &$0) }
    }

    public mutating func writeAuthSwitchRequest(_ request: AuthSwitchRequest) {
        self.packets.writePacket { request.encode(into: &$0) }
    }

    public mutating func writeHandshake(_ handshake: HandshakeV10) {
        self.packets.writePacket { handshake.encode(into: &$0) }
    }

    /// Writes the column count and the column definitions, then the EOF packet that old clients
    /// expect between metadata and rows.
    public mutating func writeResultSetHeader(columns: [ColumnDefinition], status: ServerStatus) {
        var cache = ResultHeaderCache()
        self.writeResultSetHeader(columns: columns, status: status, cache: &cache)
    }

    /// The same, reusing the encoded metadata when the connection sends the same columns again
    /// (clients repeat queries; encoding column definitions is most of a small reply's cost).
    public mutating func writeResultSetHeader(
        columns: [ColumnDefinition],
        status: ServerStatus,
        cache: inout ResultHeaderCache
    ) {
        let firstSequenceID = self.packets.sequenceID
        if cache.sequenceID == firstSequenceID, cache.columns == columns {
            self.packets.writeFramedPackets(cache.framed, count: columns.count + 1)
        } else {
            let start = self.packets.buffer.writerIndex
            self.packets.writePacket { $0.writeLengthEncodedInteger(UInt64(columns.count)) }
            for column in columns {
                self.packets.writePacket { ColumnDefinition41.encode(column, into: &$0) }
            }
            let written = self.packets.buffer.writerIndex - start
            var framed = ByteBuffer()
            framed.reserveCapacity(written)
            var slice = self.packets.buffer.getSlice(at: start, length: written)!
            framed.writeBuffer(&slice)
            cache = ResultHeaderCache(columns: columns, sequenceID: firstSequenceID, framed: framed)
        }
        if !self.usesDeprecateEOF {
            self.writeEOF(EOFPacket(status: status))
        }
    }

    /// Writes one text row; `body` appends the cells (`writeLengthEncodedString`, `writeTextNull`, ...).
    public mutating func writeRow(_ body: (inout ByteBuffer) -> Void) {
        self.packets.writePacket(body)
    }

    /// Ends a result set: an EOF packet, or an OK packet with header `0xFE` under DEPRECATE_EOF.
    public mutating func writeResultSetEnd(warnings: UInt16, status: ServerStatus) {
        if self.usesDeprecateEOF {
            let ok = OKPacket(status: status, warnings: warnings)
            self.packets.writePacket { ok.encode(into: &$0, header: 0xFE) }
        } else {
            self.writeEOF(EOFPacket(warnings: warnings, status: status))
        }
    }

    /// Writes the definitions `COM_FIELD_LIST` answers with, each followed by its default value,
    /// and the closing EOF (or OK under DEPRECATE_EOF).
    public mutating func writeFieldList(_ columns: [(ColumnDefinition, defaultValue: String?)], status: ServerStatus) {
        for (column, defaultValue) in columns {
            self.packets.writePacket {
                ColumnDefinition41.encodeForFieldList(column, defaultValue: defaultValue, into: &$0)
            }
        }
        self.writeResultSetEnd(warnings: 0, status: status)
    }

    /// Writes a payload that is not one of the protocol's structured packets (COM_STATISTICS).
    public mutating func writeRawPacket(_ body: (inout ByteBuffer) -> Void) {
        self.packets.writePacket(body)
    }

    /// The bytes written so far.
    public var buffer: ByteBuffer { self.packets.buffer }

    public mutating func takeBuffer() -> ByteBuffer { self.packets.takeBuffer() }
}

/// The last result-set metadata a connection sent, already framed.
public struct ResultHeaderCache {
    var columns: [ColumnDefinition]
    var sequenceID: UInt8
    var framed: ByteBuffer

    public init() {
        self.init(columns: [], sequenceID: 0, framed: ByteBuffer())
    }

    init(columns: [ColumnDefinition], sequenceID: UInt8, framed: ByteBuffer) {
        self.columns = columns
        self.sequenceID = sequenceID
        self.framed = framed
    }
}
