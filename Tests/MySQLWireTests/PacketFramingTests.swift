import MySQLWire
import NIOCore
import NIOTestUtils
import Testing

@Suite struct PacketFramingTests {
    func frame(_ payload: [UInt8], sequenceID: UInt8) -> ByteBuffer {
        var writer = MySQLPacketWriter(buffer: ByteBuffer(), sequenceID: sequenceID)
        writer.writePacket { $0.writeBytes(payload) }
        return writer.buffer
    }

    @Test func smallPacketHasThreeByteLengthAndSequence() {
        let buffer = self.frame([0x03, 0x41], sequenceID: 7)
        #expect(Array(buffer.readableBytesView) == [0x02, 0x00, 0x00, 0x07, 0x03, 0x41])
    }

    @Test func decoderAcceptsByteByByteAndAllAtOnce() throws {
        let packets: [MySQLPacket] = [
            MySQLPacket(sequenceID: 0, payload: ByteBuffer(bytes: [0x03, 0x53, 0x45, 0x4C])),
            MySQLPacket(sequenceID: 1, payload: ByteBuffer(bytes: [])),
            MySQLPacket(sequenceID: 2, payload: ByteBuffer(bytes: Array(repeating: 0x61, count: 300))),
        ]
        let inputs = packets.map { packet in
            (self.frame(Array(packet.payload.readableBytesView), sequenceID: packet.sequenceID), [packet])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: inputs) {
            MySQLPacketDecoder()
        }
    }

    @Test func payloadOfExactlyMaxSizeGetsEmptyTrailer() throws {
        let payload = [UInt8](repeating: 0x5A, count: MySQLPacket.maxPhysicalPayload)
        var framed = self.frame(payload, sequenceID: 0)
        // One full packet and an empty trailer: 4 + 0xFFFFFF + 4 bytes.
        #expect(framed.readableBytes == 4 + MySQLPacket.maxPhysicalPayload + 4)
        let trailer = framed.getBytes(at: framed.writerIndex - 4, length: 4)
        #expect(trailer == [0x00, 0x00, 0x00, 0x01])

        var decoder = MySQLPacketDecoder()
        let packet = try #require(try decoder.decode(buffer: &framed))
        #expect(packet.sequenceID == 0)
        #expect(packet.lastSequenceID == 1)
        #expect(packet.payload.readableBytes == payload.count)
    }

    @Test func twentyMebibyteQueryRoundTrips() throws {
        var payload: [UInt8] = [0x03]
        payload += Array("SELECT '".utf8)
        payload += (0..<(20 << 20)).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        payload += Array("'".utf8)
        var framed = self.frame(payload, sequenceID: 0)
        #expect(framed.readableBytes == payload.count + 4 * 2)

        var decoder = MySQLPacketDecoder(maxPayloadSize: 64 << 20)
        // Fed in uneven chunks, as a socket delivers it.
        var received: [MySQLPacket] = []
        var accumulated = ByteBuffer()
        while framed.readableBytes > 0 {
            var chunk = framed.readSlice(length: min(framed.readableBytes, 65_537))!
            accumulated.writeBuffer(&chunk)
            while let packet = try decoder.decode(buffer: &accumulated) { received.append(packet) }
        }
        #expect(received.count == 1)
        #expect(received.first?.lastSequenceID == 1)
        #expect(Array(received.first!.payload.readableBytesView) == payload)
    }

    @Test func continuationWithWrongSequenceIsRejected() throws {
        var framed = self.frame([UInt8](repeating: 1, count: MySQLPacket.maxPhysicalPayload), sequenceID: 0)
        framed.moveWriterIndex(to: framed.writerIndex - 4)
        framed.writeBytes([0x00, 0x00, 0x00, 0x05])  // trailer claims sequence 5, not 1
        var decoder = MySQLPacketDecoder()
        #expect(throws: MySQLFramingError(kind: .outOfOrderContinuation(expected: 1, received: 5))) {
            _ = try decoder.decode(buffer: &framed)
        }
    }

    @Test func packetLargerThanLimitIsRejectedFromItsHeader() throws {
        var header = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0x00])
        var decoder = MySQLPacketDecoder(maxPayloadSize: 1 << 20)
        #expect(throws: MySQLFramingError(kind: .packetTooLarge(limit: 1 << 20))) {
            _ = try decoder.decode(buffer: &header)
        }
    }

    @Test func closeInTheMiddleOfAPacketIsReported() throws {
        // A header announcing 16 MiB, then the peer goes away.
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0x00, 0x03, 0x41])
        var decoder = MySQLPacketDecoder()
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(throws: MySQLFramingError(kind: .incompletePacketAtClose(bufferedBytes: 6))) {
            _ = try decoder.decodeLast(buffer: &buffer, seenEOF: true)
        }
    }

    @Test func lengthEncodedIntegersUseMySQLPrefixes() {
        let cases: [(UInt64, [UInt8])] = [
            (0, [0x00]), (250, [0xFA]), (251, [0xFC, 0xFB, 0x00]), (0xFFFF, [0xFC, 0xFF, 0xFF]),
            (0x1_0000, [0xFD, 0x00, 0x00, 0x01]), (0xFF_FFFF, [0xFD, 0xFF, 0xFF, 0xFF]),
            (0x100_0000, [0xFE, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]),
        ]
        for (value, bytes) in cases {
            var buffer = ByteBuffer()
            buffer.writeLengthEncodedInteger(value)
            #expect(Array(buffer.readableBytesView) == bytes, "encoding \(value)")
            #expect(buffer.readLengthEncodedInteger() == value, "decoding \(value)")
        }
    }
}
