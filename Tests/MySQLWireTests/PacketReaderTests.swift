import MySQLWire
import NIOCore
import Testing

@Suite struct PacketReaderTests {
    func frame(_ payload: [UInt8], sequenceID: UInt8) -> ByteBuffer {
        var writer = MySQLPacketWriter(buffer: ByteBuffer(), sequenceID: sequenceID)
        writer.writePacket { $0.writeBytes(payload) }
        return writer.buffer
    }

    func drain(_ reader: inout MySQLPacketReader) throws -> [[UInt8]] {
        var payloads: [[UInt8]] = []
        while let packet = try reader.next() { payloads.append(Array(packet.payload.readableBytesView)) }
        return payloads
    }

    /// Two packets and the start of a third in one read, the rest byte by byte, then a read with
    /// one whole packet: every packet once, in order, and nothing left over.
    @Test func packetsSplitAnyWayComeOutWhole() throws {
        var stream = self.frame([0x0E], sequenceID: 0)
        stream.writeImmutableBuffer(self.frame([0x03, 0x41, 0x42], sequenceID: 0))
        let third = self.frame(Array(repeating: 0x61, count: 300), sequenceID: 0)
        var reader = MySQLPacketReader()

        reader.append(stream + third.getSlice(at: third.readerIndex, length: 10)!)
        #expect(try self.drain(&reader) == [[0x0E], [0x03, 0x41, 0x42]])
        #expect(reader.unprocessedBytes == 10)
        var payloads: [[UInt8]] = []
        for index in 10..<third.readableBytes {
            reader.append(third.getSlice(at: third.readerIndex + index, length: 1)!)
            payloads += try self.drain(&reader)
        }
        #expect(payloads == [Array(repeating: 0x61, count: 300)])
        reader.append(self.frame([0x01], sequenceID: 0))
        #expect(try self.drain(&reader) == [[0x01]])
        #expect(reader.unprocessedBytes == 0)
        #expect(try reader.nextAtEnd() == nil)
    }

    /// Once every packet of a read is handed out (and the packets are gone), the read's buffer is
    /// ours alone again: writing into it does not copy it. This is what lets NIO reuse its
    /// receive buffer; NIO's `NIOSingleStepByteToMessageProcessor` keeps a reference.
    @Test func drainedReadIsNotReferenced() throws {
        var read = ByteBufferAllocator().buffer(capacity: 2048)
        read.writeImmutableBuffer(self.frame([0x17, 0x01, 0x00, 0x00, 0x00], sequenceID: 0))
        var reader = MySQLPacketReader()
        reader.append(read)
        #expect(try self.drain(&reader).count == 1)

        let before = read.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        read.setInteger(UInt8(0xFF), at: read.readerIndex)
        let after = read.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(before == after)
    }

    /// An incomplete packet stays referenced (it is still needed); the check above could fail.
    @Test func incompletePacketIsKept() throws {
        var read = ByteBufferAllocator().buffer(capacity: 2048)
        read.writeBytes([0x05, 0x00, 0x00, 0x00, 0x03])
        var reader = MySQLPacketReader()
        reader.append(read)
        #expect(try reader.next() == nil)

        let before = read.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        read.setInteger(UInt8(0xFF), at: read.readerIndex)
        let after = read.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(before != after)
        #expect(reader.unprocessedBytes == 5)
    }

    /// A read that ends exactly after the first physical packet of a split payload: the decoder
    /// keeps that part, the read itself is let go.
    @Test func readEndingBetweenPhysicalPacketsIsNotReferenced() throws {
        let payload = [UInt8](repeating: 0x5A, count: MySQLPacket.maxPhysicalPayload + 3)
        let framed = self.frame(payload, sequenceID: 0)
        let firstLength = 4 + MySQLPacket.maxPhysicalPayload
        // A buffer of its own, as NIO's receive buffer is.
        var read = ByteBuffer(bytes: framed.readableBytesView.prefix(firstLength))
        var reader = MySQLPacketReader()
        reader.append(read)
        #expect(try reader.next() == nil)
        #expect(reader.unprocessedBytes == 0)

        let before = read.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        read.setInteger(UInt8(0xFF), at: read.readerIndex)
        let after = read.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(before == after)

        var rest = framed
        rest.moveReaderIndex(forwardBy: firstLength)
        reader.append(rest)
        let packet = try #require(try reader.next())
        #expect(Array(packet.payload.readableBytesView) == payload)
        #expect(packet.lastSequenceID == 1)
    }

    @Test func streamEndingInsideAPacketIsReported() throws {
        var reader = MySQLPacketReader()
        reader.append(ByteBuffer(bytes: [0x05, 0x00, 0x00, 0x00, 0x03, 0x41]))
        #expect(try reader.next() == nil)
        #expect(throws: MySQLFramingError(kind: .incompletePacketAtClose(bufferedBytes: 6))) {
            try reader.nextAtEnd()
        }
    }

    @Test func packetsLeftAtTheEndAreHandedOut() throws {
        var reader = MySQLPacketReader()
        reader.append(self.frame([0x01], sequenceID: 0) + self.frame([0x0E], sequenceID: 0))
        #expect(try reader.nextAtEnd()?.payload == ByteBuffer(bytes: [0x01]))
        #expect(try reader.nextAtEnd()?.payload == ByteBuffer(bytes: [0x0E]))
        #expect(try reader.nextAtEnd() == nil)
    }

    @Test func oversizedHeaderIsRejected() throws {
        var reader = MySQLPacketReader(maxPayloadSize: 1024)
        reader.append(ByteBuffer(bytes: [0x01, 0x04, 0x00, 0x00]))
        #expect(throws: MySQLFramingError(kind: .packetTooLarge(limit: 1024))) { try reader.next() }
    }
}

extension ByteBuffer {
    fileprivate static func + (lhs: ByteBuffer, rhs: ByteBuffer) -> ByteBuffer {
        var joined = lhs
        joined.writeImmutableBuffer(rhs)
        return joined
    }
}
