public import NIOCore

/// Gathers the bytes of a connection and hands out its packets, one at a time.
///
/// It does what NIO's `NIOSingleStepByteToMessageProcessor` does with one difference: once every
/// packet of the bytes read so far is handed out, it lets go of them. The processor keeps the
/// drained buffer, so at the next read NIO finds its receive buffer shared and copies it to a new
/// allocation; with nothing held, NIO reads into the same memory every time.
public struct MySQLPacketReader {
    private var decoder: MySQLPacketDecoder
    /// Bytes not handed out yet: nil once every packet read so far has been.
    private var unprocessed: ByteBuffer?

    /// - Parameter maxPayloadSize: the largest logical payload accepted (`max_allowed_packet`).
    public init(maxPayloadSize: Int = 64 << 20) {
        self.decoder = MySQLPacketDecoder(maxPayloadSize: maxPayloadSize)
    }

    /// Bytes received but not yet part of a packet handed out.
    public var unprocessedBytes: Int { self.unprocessed?.readableBytes ?? 0 }

    /// Adds what the connection read.
    public mutating func append(_ bytes: ByteBuffer) {
        guard var buffered = self.unprocessed else {
            self.unprocessed = bytes
            return
        }
        // Taken out first, so that appending does not copy a buffer we still reference.
        self.unprocessed = nil
        var bytes = bytes
        buffered.writeBuffer(&bytes)
        self.unprocessed = buffered
    }

    /// The next complete packet, or nil until more bytes arrive. Throws what the decoder finds
    /// wrong with the stream (every such error ends the connection).
    public mutating func next() throws(MySQLFramingError) -> MySQLPacket? {
        guard var buffer = self.unprocessed else { return nil }
        self.unprocessed = nil
        if let packet = try self.decoder.decodePacket(&buffer) {
            if buffer.readableBytes > 0 { self.unprocessed = buffer }
            return packet
        }
        // Nothing left: the decoder holds the part of a split payload it has seen. Otherwise an
        // incomplete packet, kept at the front so that a large one grows in place.
        guard buffer.readableBytes > 0 else { return nil }
        if buffer.readerIndex > 0 { buffer.discardReadBytes() }
        self.unprocessed = buffer
        return nil
    }

    /// The packets left once the peer has closed; throws if the stream ends inside a packet.
    public mutating func nextAtEnd() throws(MySQLFramingError) -> MySQLPacket? {
        var buffer = self.unprocessed ?? ByteBuffer()
        self.unprocessed = nil
        let packet = try self.decoder.decodeLastPacket(&buffer, seenEOF: true)
        if buffer.readableBytes > 0 { self.unprocessed = buffer }
        return packet
    }
}
