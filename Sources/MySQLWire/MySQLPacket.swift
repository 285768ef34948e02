public import NIOCore

/// One logical MySQL packet: a payload and the sequence ids of the physical packets it came in.
///
/// Payloads of `0xFFFFFF` bytes or more travel as several physical packets, each with the next
/// sequence id; the last one is shorter than `0xFFFFFF` (possibly empty).
public struct MySQLPacket: Sendable, Equatable {
    public static let maxPhysicalPayload = 0xFF_FFFF

    public var sequenceID: UInt8
    /// The sequence id of the last physical packet; the reply continues from the one after it.
    public var lastSequenceID: UInt8
    public var payload: ByteBuffer

    public init(sequenceID: UInt8, lastSequenceID: UInt8? = nil, payload: ByteBuffer) {
        self.sequenceID = sequenceID
        self.lastSequenceID = lastSequenceID ?? sequenceID
        self.payload = payload
    }
}

/// Errors of the framing layer. Each one ends the connection.
public struct MySQLFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case outOfOrderContinuation(expected: UInt8, received: UInt8)
        case packetTooLarge(limit: Int)
        case incompletePacketAtClose(bufferedBytes: Int)
    }

    public var kind: Kind

    public init(kind: Kind) {
        self.kind = kind
    }

    public var description: String {
        switch self.kind {
        case .outOfOrderContinuation(let expected, let received):
            return "invalid sequence \(received) != \(expected) in a continuation packet"
        case .packetTooLarge(let limit):
            return "packet larger than max_allowed_packet (\(limit) bytes)"
        case .incompletePacketAtClose(let buffered):
            return "connection closed in the middle of a packet (\(buffered) bytes buffered)"
        }
    }
}

/// Splits the byte stream into logical packets, joining split payloads (including the empty
/// trailer packet) and checking the sequence ids of continuation packets.
public struct MySQLPacketDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = MySQLPacket

    private let maxPayloadSize: Int
    /// Payload gathered from earlier physical packets of the current logical packet.
    private var partial: (first: UInt8, last: UInt8, payload: ByteBuffer)?

    /// - Parameter maxPayloadSize: the largest logical payload accepted (`max_allowed_packet`).
    public init(maxPayloadSize: Int = 64 << 20) {
        self.maxPayloadSize = maxPayloadSize
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> MySQLPacket? {
        try self.decodePacket(&buffer)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> MySQLPacket? {
        try self.decodeLastPacket(&buffer, seenEOF: seenEOF)
    }

    mutating func decodePacket(_ buffer: inout ByteBuffer) throws(MySQLFramingError) -> MySQLPacket? {
        while true {
            guard let header = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self)
            else { return nil }
            let length = Int(header & 0xFF_FFFF)
            let sequenceID = UInt8(truncatingIfNeeded: header >> 24)
            let gathered = self.partial?.payload.readableBytes ?? 0
            if gathered + length > self.maxPayloadSize {
                throw MySQLFramingError(kind: .packetTooLarge(limit: self.maxPayloadSize))
            }
            if let partial = self.partial, sequenceID != partial.last &+ 1 {
                throw MySQLFramingError(
                    kind: .outOfOrderContinuation(expected: partial.last &+ 1, received: sequenceID)
                )
            }
            guard buffer.readableBytes >= 4 + length else { return nil }
            buffer.moveReaderIndex(forwardBy: 4)
            var body = buffer.readSlice(length: length)!

            if length == MySQLPacket.maxPhysicalPayload {
                if var partial = self.partial {
                    partial.payload.writeBuffer(&body)
                    partial.last = sequenceID
                    self.partial = partial
                } else {
                    var payload = ByteBufferAllocator().buffer(capacity: length * 2)
                    payload.writeBuffer(&body)
                    self.partial = (sequenceID, sequenceID, payload)
                }
                continue
            }
            guard var partial = self.partial else {
                return MySQLPacket(sequenceID: sequenceID, payload: body)
            }
            self.partial = nil
            partial.payload.writeBuffer(&body)
            return MySQLPacket(sequenceID: partial.first, lastSequenceID: sequenceID, payload: partial.payload)
        }
    }

    mutating func decodeLastPacket(
        _ buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws(MySQLFramingError) -> MySQLPacket? {
        if let packet = try self.decodePacket(&buffer) { return packet }
        let buffered = buffer.readableBytes + (self.partial?.payload.readableBytes ?? 0)
        if seenEOF, buffered > 0 {
            throw MySQLFramingError(kind: .incompletePacketAtClose(bufferedBytes: buffered))
        }
        return nil
    }
}

/// Writes framed packets into one buffer, numbering them from a starting sequence id.
///
/// A packet's payload is written in place behind a reserved header; payloads of `0xFFFFFF` bytes
/// or more are split afterwards, adding the empty trailer packet when the length is a multiple.
public struct MySQLPacketWriter {
    public private(set) var buffer: ByteBuffer
    public private(set) var sequenceID: UInt8

    public init(buffer: ByteBuffer, sequenceID: UInt8) {
        self.buffer = buffer
        self.sequenceID = sequenceID
    }

    /// Writes one logical packet whose payload `body` appends to the buffer.
    public mutating func writePacket(_ body: (inout ByteBuffer) -> Void) {
        let headerIndex = self.buffer.writerIndex
        self.buffer.writeInteger(UInt32(0))
        body(&self.buffer)
        let length = self.buffer.writerIndex - headerIndex - 4
        if length < MySQLPacket.maxPhysicalPayload {
            let header = UInt32(length) | UInt32(self.sequenceID) << 24
            self.buffer.setInteger(header, at: headerIndex, endianness: .little)
            self.sequenceID &+= 1
            return
        }
        var payload = self.buffer.getSlice(at: headerIndex + 4, length: length)!
        self.buffer.moveWriterIndex(to: headerIndex)
        while true {
            let chunk = min(payload.readableBytes, MySQLPacket.maxPhysicalPayload)
            self.buffer.writeInteger(UInt32(chunk) | UInt32(self.sequenceID) << 24, endianness: .little)
            var slice = payload.readSlice(length: chunk)!
            self.buffer.writeBuffer(&slice)
            self.sequenceID &+= 1
            if chunk < MySQLPacket.maxPhysicalPayload { break }
        }
    }

    /// Appends packets framed earlier (by a writer that started at the same sequence id).
    public mutating func writeFramedPackets(_ framed: ByteBuffer, count: Int) {
        var framed = framed
        self.buffer.writeBuffer(&framed)
        self.sequenceID &+= UInt8(truncatingIfNeeded: count)
    }

    /// Hands the written bytes over and leaves the writer empty (without allocating).
    public mutating func takeBuffer() -> ByteBuffer {
        let written = self.buffer
        self.buffer = ByteBuffer()
        return written
    }
}
