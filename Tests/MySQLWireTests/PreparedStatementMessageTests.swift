import MySQLTypes
import MySQLWire
import NIOCore
import TestRandom
import Testing

@Suite struct PreparedStatementMessageTests {
    func bytes(_ encode: (inout ByteBuffer) -> Void) -> [UInt8] {
        var buffer = ByteBuffer()
        encode(&buffer)
        return Array(buffer.readableBytesView)
    }

    /// Splits framed packets into (sequence id, payload).
    func packets(_ buffer: ByteBuffer) -> [(sequenceID: UInt8, payload: [UInt8])] {
        var buffer = buffer
        var packets: [(UInt8, [UInt8])] = []
        while let header = buffer.readInteger(endianness: .little, as: UInt32.self) {
            let payload = buffer.readBytes(length: Int(header & 0xFF_FFFF)) ?? []
            packets.append((UInt8(header >> 24), payload))
        }
        return packets
    }

    func writer(_ capabilities: CapabilityFlags, sequenceID: UInt8 = 1) -> MySQLResponseWriter {
        MySQLResponseWriter(
            buffer: ByteBuffer(),
            context: .init(sequenceID: sequenceID, capabilities: capabilities)
        )
    }

    func column(_ name: String, _ type: ColumnType, flags: ColumnFlags = []) -> ColumnDefinition {
        ColumnDefinition(name: name, type: type, length: 20, characterSet: CollationID.binary, flags: flags)
    }

    func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    func decode(
        _ bytes: [UInt8],
        parameterCount: Int,
        previousTypes: [ParameterType]? = nil,
        longData: Set<Int> = []
    ) -> Result<StatementExecuteRequest, MalformedExecute> {
        var buffer = ByteBuffer(bytes: bytes)
        return StatementExecuteRequest.decode(
            from: &buffer,
            parameterCount: parameterCount,
            previousTypes: previousTypes,
            longDataParameters: longData
        )
    }

    func kind(_ result: Result<StatementExecuteRequest, MalformedExecute>) -> MalformedExecute.Kind? {
        if case .failure(let error) = result { return error.kind }
        return nil
    }

    /// Statement 7, no cursor, one iteration.
    let header: [UInt8] = [0x07, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00]

    // MARK: COM_STMT_PREPARE

    @Test func prepareOKBytes() {
        let ok = StatementPrepareOK(statementID: 0x0102_0304, columnCount: 2, parameterCount: 3)
        let encoded = self.bytes { ok.encode(into: &$0) }
        #expect(encoded == [0x00, 0x04, 0x03, 0x02, 0x01, 0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00])
        var buffer = ByteBuffer(bytes: encoded)
        #expect(StatementPrepareOK.decode(from: &buffer) == ok)
        for length in 0..<encoded.count {
            var cut = ByteBuffer(bytes: encoded.prefix(length))
            #expect(StatementPrepareOK.decode(from: &cut) == nil)
        }
        let warned = StatementPrepareOK(statementID: 1, columnCount: 0, parameterCount: 0, warningCount: 0x0201)
        #expect(self.bytes { warned.encode(into: &$0) }.suffix(3) == [0x00, 0x01, 0x02])
    }

    @Test func prepareResponseWithEOFPackets() {
        let parameters = [self.column("?", .varString), self.column("?", .varString)]
        let columns = [self.column("a", .longLong)]
        let ok = StatementPrepareOK(statementID: 1, columnCount: 1, parameterCount: 2)
        var writer = self.writer([.protocol41])
        writer.writePrepareResponse(ok, parameters: parameters, columns: columns, status: .autocommit)
        let packets = self.packets(writer.buffer)
        #expect(packets.map(\.sequenceID) == [1, 2, 3, 4, 5, 6])
        #expect(packets[0].payload == self.bytes { ok.encode(into: &$0) })
        #expect(packets[1].payload == self.bytes { ColumnDefinition41.encode(parameters[0], into: &$0) })
        #expect(packets[2].payload == self.bytes { ColumnDefinition41.encode(parameters[1], into: &$0) })
        #expect(packets[3].payload == [0xFE, 0x00, 0x00, 0x02, 0x00])
        #expect(packets[4].payload == self.bytes { ColumnDefinition41.encode(columns[0], into: &$0) })
        #expect(packets[5].payload == [0xFE, 0x00, 0x00, 0x02, 0x00])
    }

    @Test func prepareResponseUnderDeprecateEOF() {
        let parameters = [self.column("?", .varString), self.column("?", .varString)]
        let columns = [self.column("a", .longLong), self.column("b", .varString)]
        let ok = StatementPrepareOK(statementID: 9, columnCount: 2, parameterCount: 2)
        var writer = self.writer([.protocol41, .deprecateEOF])
        writer.writePrepareResponse(ok, parameters: parameters, columns: columns, status: .autocommit)
        let packets = self.packets(writer.buffer)
        #expect(packets.map(\.sequenceID) == [1, 2, 3, 4, 5])
        #expect(packets[0].payload == self.bytes { ok.encode(into: &$0) })
        #expect(packets[4].payload == self.bytes { ColumnDefinition41.encode(columns[1], into: &$0) })
        #expect(!packets.contains { $0.payload.first == 0xFE })
    }

    @Test func prepareResponseSkipsEmptyGroups() {
        // No parameters, no columns (e.g. `DO 1`): only the OK packet, with or without EOFs.
        for capabilities: CapabilityFlags in [[.protocol41], [.protocol41, .deprecateEOF]] {
            let ok = StatementPrepareOK(statementID: 1, columnCount: 0, parameterCount: 0)
            var writer = self.writer(capabilities)
            writer.writePrepareResponse(ok, parameters: [], columns: [], status: .autocommit)
            #expect(self.packets(writer.buffer).count == 1)
        }
        // Parameters only (`INSERT ... VALUES (?)`): one EOF, after them.
        let ok = StatementPrepareOK(statementID: 1, columnCount: 0, parameterCount: 1)
        var writer = self.writer([.protocol41])
        writer.writePrepareResponse(
            ok,
            parameters: [self.column("?", .varString)],
            columns: [],
            status: [.autocommit, .inTransaction],
            eofWarnings: 1
        )
        let packets = self.packets(writer.buffer)
        #expect(packets.map(\.sequenceID) == [1, 2, 3])
        #expect(packets[2].payload == [0xFE, 0x01, 0x00, 0x03, 0x00])
        // Columns only (`SELECT 1`).
        let selectOK = StatementPrepareOK(statementID: 2, columnCount: 1, parameterCount: 0)
        var selectWriter = self.writer([.protocol41])
        selectWriter.writePrepareResponse(
            selectOK,
            parameters: [],
            columns: [self.column("1", .longLong)],
            status: .autocommit
        )
        #expect(self.packets(selectWriter.buffer).map { $0.payload.first } == [0x00, 0x03, 0xFE])
    }

    // MARK: COM_STMT_EXECUTE

    @Test func peekStatementIDNeedsTheWholeHeader() {
        var body = ByteBuffer(bytes: [0xFF] + self.header)
        body.moveReaderIndex(forwardBy: 1)
        #expect(StatementExecuteRequest.peekStatementID(body) == 7)
        #expect(body.readerIndex == 1)
        #expect(StatementExecuteRequest.peekStatementID(ByteBuffer(bytes: self.header.prefix(8))) == nil)
        #expect(StatementExecuteRequest.peekStatementID(ByteBuffer()) == nil)
    }

    @Test func executeWithoutParameters() throws {
        let request = try self.decode([0x2A, 0, 0, 0, 0x01, 0x01, 0, 0, 0], parameterCount: 0).get()
        #expect(request.statementID == 42)
        #expect(request.flags == .readOnlyCursor)
        #expect(request.iterationCount == 1)
        #expect(request.values.isEmpty)
        #expect(!request.newParametersBound)
        let cursor = try self.decode([1, 0, 0, 0, 0x06, 1, 0, 0, 0], parameterCount: 0).get()
        #expect(cursor.flags == [.forUpdateCursor, .scrollableCursor])
        #expect(self.kind(self.decode([1, 0, 0, 0, 0, 1, 0, 0], parameterCount: 0)) == .truncatedHeader)
    }

    @Test func executeWithTypesBound() throws {
        var body = self.header + [0x00, 0x01]  // bitmap, new-params-bound
        body += [0x08, 0x00, 0xFD, 0x00]  // LONGLONG, VAR_STRING
        body += self.le(Int64(-2)) + [3] + Array("abc".utf8)
        var buffer = ByteBuffer(bytes: body)
        let request = try StatementExecuteRequest.decode(
            from: &buffer,
            parameterCount: 2,
            previousTypes: nil
        ).get()
        #expect(buffer.readableBytes == 0)
        #expect(request.statementID == 7)
        #expect(request.flags == [])
        #expect(request.newParametersBound)
        #expect(request.parameterTypes == [ParameterType(.longLong), ParameterType(.varString)])
        #expect(request.values == [.int(-2), .bytes(Array("abc".utf8))])
        // A client encodes the same bytes.
        #expect(self.bytes { request.encode(into: &$0) } == body)
    }

    @Test func executeWithTypesFromThePreviousExecution() throws {
        let previous = [ParameterType(.long), ParameterType(.tiny, isUnsigned: true)]
        let body = self.header + [0x00, 0x00] + self.le(Int32(-5)) + [0xFE]
        let request = try self.decode(body, parameterCount: 2, previousTypes: previous).get()
        #expect(!request.newParametersBound)
        #expect(request.parameterTypes == previous)
        #expect(request.values == [.int(-5), .unsigned(254)])
        #expect(self.bytes { request.encode(into: &$0) } == body)
        // Types sent again replace the earlier ones.
        let rebound = self.header + [0x00, 0x01, 0x01, 0x00, 0x01, 0x00, 0xFB, 0x01]
        let again = try self.decode(rebound, parameterCount: 2, previousTypes: previous).get()
        #expect(again.parameterTypes == [ParameterType(.tiny), ParameterType(.tiny)])
        #expect(again.values == [.int(-5), .int(1)])
    }

    @Test func executeWithoutAnyTypesIsMalformedOnlyWhenAValueNeedsThem() throws {
        let body = self.header + [0x00, 0x00] + self.le(Int32(1))
        #expect(self.kind(self.decode(body, parameterCount: 1)) == .missingParameterTypes(parameter: 0))
        // TiDB reads types only for values, so all-NULL parameters need none.
        let nulls = try self.decode(self.header + [0x03, 0x00], parameterCount: 2).get()
        #expect(nulls.values == [.null, .null])
        #expect(nulls.parameterTypes == nil)
        // Fewer earlier types than parameters.
        let short = self.header + [0x00, 0x00, 0x01, 0x02]
        #expect(
            self.kind(self.decode(short, parameterCount: 2, previousTypes: [ParameterType(.tiny)]))
                == .missingParameterTypes(parameter: 1)
        )
    }

    @Test func executeNullBitmapSpansBytes() throws {
        // 10 parameters, NULL at 0, 7, 8 and 9: bitmap 0x81 0x03, bit 0 first.
        var body = self.header + [0x81, 0x03, 0x01]
        for _ in 0..<10 { body += [0x01, 0x00] }  // TINY
        body += [1, 2, 3, 4, 5, 6]  // values of 1...6
        let request = try self.decode(body, parameterCount: 10).get()
        #expect(request.values == [.null, .int(1), .int(2), .int(3), .int(4), .int(5), .int(6), .null, .null, .null])
        #expect(self.bytes { request.encode(into: &$0) } == body)
    }

    @Test func executeUnsignedFlag() throws {
        func value(_ type: ColumnType, unsigned: Bool, _ bytes: [UInt8]) throws -> BinaryValue? {
            let body = self.header + [0x00, 0x01, type.rawValue, unsigned ? 0x80 : 0x00] + bytes
            return try self.decode(body, parameterCount: 1).get().values[0]
        }
        #expect(try value(.tiny, unsigned: false, [0xFF]) == .int(-1))
        #expect(try value(.tiny, unsigned: true, [0xFF]) == .unsigned(255))
        #expect(try value(.short, unsigned: false, [0x00, 0x80]) == .int(-32768))
        #expect(try value(.short, unsigned: true, [0x00, 0x80]) == .unsigned(32768))
        #expect(try value(.long, unsigned: true, [0xFF, 0xFF, 0xFF, 0xFF]) == .unsigned(4_294_967_295))
        #expect(try value(.int24, unsigned: false, [0xFF, 0xFF, 0xFF, 0xFF]) == .int(-1))
        #expect(try value(.longLong, unsigned: true, self.le(UInt64.max)) == .unsigned(.max))
        #expect(try value(.longLong, unsigned: false, self.le(UInt64.max)) == .int(-1))
        // Only bit 0x80 of the flags byte counts.
        let body = self.header + [0x00, 0x01, 0x01, 0x7F, 0xFF]
        #expect(try self.decode(body, parameterCount: 1).get().values == [.int(-1)])
    }

    /// Each type's bytes and what they decode to.
    var everyType: [(ParameterType, [UInt8], BinaryValue)] {
        let text = Array("héllo".utf8)
        return [
            (ParameterType(.null), [], .null),
            (ParameterType(.tiny), [0x85], .int(-123)),
            (ParameterType(.short), self.le(Int16(-2)), .int(-2)),
            (ParameterType(.year), self.le(UInt16(2024)), .int(2024)),
            (ParameterType(.int24), self.le(Int32(-8_388_608)), .int(-8_388_608)),
            (ParameterType(.long), self.le(Int32.min), .int(Int64(Int32.min))),
            (ParameterType(.longLong), self.le(Int64.min), .int(.min)),
            (ParameterType(.float), self.le(Float(1.5).bitPattern), .float(1.5)),
            (ParameterType(.double), self.le(Double(-0.25).bitPattern), .double(-0.25)),
            (ParameterType(.date), [4] + self.le(UInt16(2024)) + [2, 29], .date(year: 2024, month: 2, day: 29)),
            (ParameterType(.date), [0], .date(year: 0, month: 0, day: 0)),
            (
                ParameterType(.datetime), [7] + self.le(UInt16(1999)) + [12, 31, 23, 59, 58],
                .datetime(year: 1999, month: 12, day: 31, hour: 23, minute: 59, second: 58, microsecond: 0)
            ),
            (
                ParameterType(.timestamp), [11] + self.le(UInt16(2000)) + [1, 2, 3, 4, 5] + self.le(UInt32(123_456)),
                .datetime(year: 2000, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 123_456)
            ),
            (
                ParameterType(.datetime), [4] + self.le(UInt16(2000)) + [1, 2],
                .datetime(year: 2000, month: 1, day: 2, hour: 0, minute: 0, second: 0, microsecond: 0)
            ),
            (
                ParameterType(.datetime), [0],
                .datetime(year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, microsecond: 0)
            ),
            (
                ParameterType(.time), [8, 1] + self.le(UInt32(2)) + [3, 4, 5],
                .time(negative: true, days: 2, hours: 3, minutes: 4, seconds: 5, microseconds: 0)
            ),
            (
                ParameterType(.time), [12, 0] + self.le(UInt32(0)) + [1, 2, 3] + self.le(UInt32(999_999)),
                .time(negative: false, days: 0, hours: 1, minutes: 2, seconds: 3, microseconds: 999_999)
            ),
            (
                ParameterType(.time), [0],
                .time(negative: false, days: 0, hours: 0, minutes: 0, seconds: 0, microseconds: 0)
            ),
            (ParameterType(.varchar), [UInt8(text.count)] + text, .bytes(text)),
            (ParameterType(.varString), [0], .bytes([])),
            (ParameterType(.string), [1, 0x41], .bytes([0x41])),
            (ParameterType(.decimal), [4] + Array("1.50".utf8), .bytes(Array("1.50".utf8))),
            (ParameterType(.newDecimal), [2] + Array("-1".utf8), .bytes(Array("-1".utf8))),
            (ParameterType(.tinyBlob), [1, 0x00], .bytes([0x00])),
            (
                ParameterType(.blob), [0xFC, 0x2C, 0x01] + [UInt8](repeating: 7, count: 300),
                .bytes(.init(repeating: 7, count: 300))
            ),
            (ParameterType(.mediumBlob), [2, 0xFF, 0xFE], .bytes([0xFF, 0xFE])),
            (ParameterType(.longBlob), [1, 0xFB], .bytes([0xFB])),
            (ParameterType(.bit), [1, 0x05], .bytes([0x05])),
            (ParameterType(.enumeration), [1, 0x61], .bytes([0x61])),
            (ParameterType(.set), [3] + Array("a,b".utf8), .bytes(Array("a,b".utf8))),
            (ParameterType(.geometry), [2, 1, 2], .bytes([1, 2])),
            // TiDB takes a NULL marker in place of a length-encoded value as NULL.
            (ParameterType(.varString), [0xFB], .null),
        ]
    }

    @Test func executeEveryType() throws {
        let cases = self.everyType
        // One at a time.
        for (type, bytes, expected) in cases {
            let body = self.header + [0x00, 0x01, type.rawType, 0x00] + bytes
            var buffer = ByteBuffer(bytes: body)
            let result = StatementExecuteRequest.decode(from: &buffer, parameterCount: 1, previousTypes: nil)
            #expect((try? result.get())?.values == [expected], "type \(type.rawType)")
            #expect(buffer.readableBytes == 0, "type \(type.rawType) consumed everything")
        }
        // All in one packet, so every value ends exactly where the next begins.
        var body = self.header + [UInt8](repeating: 0, count: (cases.count + 7) / 8) + [0x01]
        for (type, _, _) in cases { body += [type.rawType, 0x00] }
        for (_, bytes, _) in cases { body += bytes }
        let request = try self.decode(body, parameterCount: cases.count).get()
        #expect(request.values == cases.map(\.2))
    }

    @Test func executeTypesTiDBRejects() {
        for type: UInt8 in [ColumnType.json.rawValue, ColumnType.newDate.rawValue, 0x11, 0x12, 0xF2] {
            let body = self.header + [0x00, 0x01, type, 0x00, 1, 0x30]
            let result = self.decode(body, parameterCount: 1)
            #expect(self.kind(result) == .unknownType(parameter: 0, type: type))
            if case .failure(let error) = result {
                #expect(error.description == "stmt unknown field type \(type)")
            }
        }
        // A NULL parameter is not read, so its type does not matter.
        #expect((try? self.decode(self.header + [0x01, 0x01, 0xF5, 0x00], parameterCount: 1).get())?.values == [.null])
    }

    @Test func executeInvalidTemporalValues() {
        let datetime = self.header + [0x00, 0x01, ColumnType.datetime.rawValue, 0x00, 5, 1, 2, 3, 4, 5]
        #expect(
            self.kind(self.decode(datetime, parameterCount: 1)) == .invalidTemporalLength(parameter: 0, length: 5)
        )
        // MySQL 8's 13-byte DATETIME with a time zone offset is not read.
        let zoned = self.header + [0x00, 0x01, 0x0C, 0x00, 13] + [UInt8](repeating: 1, count: 13)
        #expect(self.kind(self.decode(zoned, parameterCount: 1)) == .invalidTemporalLength(parameter: 0, length: 13))
        let time = self.header + [0x00, 0x01, ColumnType.time.rawValue, 0x00, 7] + [UInt8](repeating: 0, count: 7)
        #expect(self.kind(self.decode(time, parameterCount: 1)) == .invalidTemporalLength(parameter: 0, length: 7))
        let sign = self.header + [0x00, 0x01, ColumnType.time.rawValue, 0x00, 8, 2, 0, 0, 0, 0, 1, 2, 3]
        #expect(self.kind(self.decode(sign, parameterCount: 1)) == .invalidTimeSign(parameter: 0, sign: 2))
    }

    @Test func executeTruncatedAtEveryLength() {
        let cases = self.everyType
        let bitmapLength = (cases.count + 7) / 8
        var body = self.header + [UInt8](repeating: 0, count: bitmapLength) + [0x01]
        for (type, _, _) in cases { body += [type.rawType, 0x00] }
        for (_, bytes, _) in cases { body += bytes }
        #expect((try? self.decode(body, parameterCount: cases.count).get()) != nil)
        // The last value is a 1-byte NULL marker, so every shorter prefix is missing something.
        for length in 0..<body.count {
            var buffer = ByteBuffer(bytes: body.prefix(length))
            let result = StatementExecuteRequest.decode(
                from: &buffer,
                parameterCount: cases.count,
                previousTypes: nil
            )
            guard case .failure(let error) = result else {
                Issue.record("prefix of \(length) bytes decoded")
                continue
            }
            #expect(buffer.readerIndex == 0, "failure leaves the buffer as it was")
            switch length {
            case 0..<9: #expect(error.kind == .truncatedHeader)
            case 9..<(9 + bitmapLength + 1): #expect(error.kind == .truncatedNullBitmap)
            case (9 + bitmapLength + 1)..<(9 + bitmapLength + 1 + 2 * cases.count):
                #expect(error.kind == .truncatedParameterTypes)
            default:
                guard case .truncatedValue = error.kind else {
                    Issue.record("prefix of \(length) bytes: \(error)")
                    continue
                }
            }
        }
        // The same with types from an earlier execution.
        let previous = cases.map(\.0)
        let unbound = self.header + [UInt8](repeating: 0, count: bitmapLength) + [0x00] + cases.flatMap(\.1)
        #expect((try? self.decode(unbound, parameterCount: cases.count, previousTypes: previous).get()) != nil)
        for length in 0..<unbound.count {
            let result = self.decode(
                Array(unbound.prefix(length)),
                parameterCount: cases.count,
                previousTypes: previous
            )
            #expect(self.kind(result) != nil, "prefix of \(length) bytes decoded")
        }
    }

    /// Fuzzing: 2000 random bodies, none traps. A trap kills the test process before any message,
    /// so the seed is printed first.
    @Test func executeRandomBytesNeverTrap() {
        let seed = TestSeed.value(default: 20_260_501)
        print("executeRandomBytesNeverTrap: \(TestSeed.replay(seed))")
        var generator = SplitMix64(seed: seed)
        for _ in 0..<2000 {
            let count = Int.random(in: 0..<40, using: &generator)
            let body = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let previous = Bool.random(using: &generator) ? [ParameterType(.time), ParameterType(.datetime)] : nil
            _ = self.decode(body, parameterCount: Int.random(in: 0...12, using: &generator), previousTypes: previous)
        }
    }

    @Test func executeSkipsLongDataParameters() throws {
        // Parameter 1 came with COM_STMT_SEND_LONG_DATA; MariaDB also sets its NULL bit.
        var body = self.header + [0b0000_0010, 0x01]
        body += [0x03, 0x00, 0xFC, 0x00, 0xFD, 0x00]  // LONG, BLOB, VAR_STRING
        body += self.le(Int32(10)) + [2] + Array("ok".utf8)
        let request = try self.decode(body, parameterCount: 3, longData: [1]).get()
        #expect(request.values == [.int(10), nil, .bytes(Array("ok".utf8))])
        #expect(
            request.resolvingLongData([1: Array("long".utf8)]) == [
                .int(10), .bytes(Array("long".utf8)), .bytes(Array("ok".utf8)),
            ]
        )
        #expect(request.resolvingLongData([:])[1] == .bytes([]))
        // Unknown to be long data, the NULL bit wins.
        #expect(try self.decode(body, parameterCount: 3).get().values == [.int(10), .null, .bytes(Array("ok".utf8))])
        let noBit = self.header + [0x00, 0x01, 0x03, 0x00, 0xFC, 0x00] + self.le(Int32(10))
        #expect(try self.decode(noBit, parameterCount: 2, longData: [1]).get().values == [.int(10), nil])
        // Without the long data the packet lacks a value.
        #expect(self.kind(self.decode(noBit, parameterCount: 2)) == .truncatedValue(parameter: 1))
    }

    @Test func executeEncodesForTestPeers() throws {
        let request = StatementExecuteRequest(
            statementID: 3,
            parameterTypes: nil,
            values: [
                .unsigned(5), .null, .double(2.5),
                .datetime(year: 2025, month: 6, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0),
            ]
        )
        let encoded = self.bytes { request.encode(into: &$0) }
        var expected: [UInt8] = [0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0b0010, 0x01]
        expected += [0x08, 0x80, 0x06, 0x00, 0x05, 0x00, 0x0C, 0x00]
        expected += self.le(UInt64(5)) + self.le(Double(2.5).bitPattern) + [4] + self.le(UInt16(2025)) + [6, 1]
        #expect(encoded == expected)
        let decoded = try self.decode(encoded, parameterCount: 4).get()
        #expect(decoded.values == [.unsigned(5), .null, .double(2.5), request.values[3]])
    }

    // MARK: COM_STMT_SEND_LONG_DATA

    @Test func longDataBytes() {
        let chunk = StatementLongData(statementID: 0x0102_0304, parameterIndex: 0x0201, data: Array("xyz".utf8))
        let encoded = self.bytes { chunk.encode(into: &$0) }
        #expect(encoded == [0x04, 0x03, 0x02, 0x01, 0x01, 0x02] + Array("xyz".utf8))
        var buffer = ByteBuffer(bytes: encoded)
        #expect(StatementLongData.decode(from: &buffer) == chunk)
        #expect(buffer.readableBytes == 0)
        var empty = ByteBuffer(bytes: [1, 0, 0, 0, 0, 0])
        #expect(
            StatementLongData.decode(from: &empty) == StatementLongData(statementID: 1, parameterIndex: 0, data: [])
        )
        for length in 0..<6 {
            var cut = ByteBuffer(bytes: encoded.prefix(length))
            #expect(StatementLongData.decode(from: &cut) == nil)
        }
    }

    // MARK: Binary result rows

    @Test func binaryRowBytes() {
        let columns = [
            self.column("id", .longLong), self.column("name", .varString), self.column("n", .long),
            self.column("t", .tiny, flags: .unsigned),
        ]
        var writer = self.writer([.protocol41], sequenceID: 4)
        writer.writeBinaryRow(columnCount: 4) { row in
            row.writeInteger(1, type: .longLong)
            row.writeString("ab")
            row.writeNull()
            row.writeUnsigned(200, type: .tiny)
        }
        let packets = self.packets(writer.buffer)
        #expect(packets.count == 1)
        #expect(packets[0].sequenceID == 4)
        // Column 2 is NULL: bit 2 + 2 = 4.
        let expected: [UInt8] = [0x00, 0b0001_0000] + self.le(Int64(1)) + [2, 0x61, 0x62] + [200]
        #expect(packets[0].payload == expected)
        var buffer = ByteBuffer(bytes: expected)
        #expect(
            BinaryResultsetRow.decode(from: &buffer, columns: columns) == [
                .int(1), .bytes([0x61, 0x62]), .null, .unsigned(200),
            ]
        )
    }

    @Test func binaryRowRoundTripsEveryType() {
        let cells: [(ColumnDefinition, BinaryValue)] = [
            (self.column("tiny", .tiny), .int(-128)),
            (self.column("utiny", .tiny, flags: .unsigned), .unsigned(255)),
            (self.column("short", .short), .int(-300)),
            (self.column("year", .year, flags: .unsigned), .unsigned(2024)),
            (self.column("int24", .int24), .int(-8_388_608)),
            (self.column("long", .long), .int(Int64(Int32.max))),
            (self.column("ulong", .long, flags: .unsigned), .unsigned(UInt64(UInt32.max))),
            (self.column("longlong", .longLong), .int(.min)),
            (self.column("ulonglong", .longLong, flags: .unsigned), .unsigned(.max)),
            (self.column("float", .float), .float(-3.25)),
            (self.column("double", .double), .double(1e300)),
            (self.column("date", .date), .date(year: 2024, month: 2, day: 29)),
            (self.column("zerodate", .date), .date(year: 0, month: 0, day: 0)),
            (
                self.column("datetime", .datetime),
                .datetime(year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 6)
            ),
            (
                self.column("timestamp", .timestamp),
                .datetime(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 1, microsecond: 0)
            ),
            (
                self.column("time", .time),
                .time(negative: true, days: 34, hours: 22, minutes: 59, seconds: 59, microseconds: 0)
            ),
            (
                self.column("ftime", .time),
                .time(negative: false, days: 0, hours: 0, minutes: 0, seconds: 0, microseconds: 1)
            ),
            (self.column("varchar", .varchar), .bytes(Array("v".utf8))),
            (self.column("varstring", .varString), .bytes(Array("héllo".utf8))),
            (self.column("string", .string), .bytes([])),
            (self.column("decimal", .newDecimal), .bytes(Array("-12.50".utf8))),
            (self.column("olddecimal", .decimal), .bytes(Array("1".utf8))),
            (self.column("blob", .blob), .bytes([UInt8](repeating: 0xAB, count: 300))),
            (self.column("tinyblob", .tinyBlob), .bytes([0])),
            (self.column("mediumblob", .mediumBlob), .bytes([1])),
            (self.column("longblob", .longBlob), .bytes([2])),
            (self.column("json", .json), .bytes(Array("{\"a\": 1}".utf8))),
            (self.column("bit", .bit), .bytes([0x01, 0x00])),
            (self.column("enum", .enumeration), .bytes(Array("x".utf8))),
            (self.column("set", .set), .bytes(Array("x,y".utf8))),
            (self.column("geometry", .geometry), .bytes([0, 0, 0, 0, 1])),
            (self.column("null", .null), .null),
        ]
        let columns = cells.map(\.0)
        // All values, then NULL in each position in turn (the bitmap spans 5 bytes).
        var rows = [cells.map(\.1)]
        for position in cells.indices {
            var row = cells.map(\.1)
            row[position] = .null
            rows.append(row)
        }
        rows.append([BinaryValue](repeating: .null, count: cells.count))
        for values in rows {
            var buffer = ByteBuffer()
            BinaryResultsetRow.encode(values, columns: columns, into: &buffer)
            #expect(BinaryResultsetRow.decode(from: &buffer, columns: columns) == values)
        }
        // Every cut of the full row fails to decode and does not trap.
        let full = self.bytes { BinaryResultsetRow.encode(cells.map(\.1), columns: columns, into: &$0) }
        for length in 0..<full.count {
            var cut = ByteBuffer(bytes: full.prefix(length))
            #expect(BinaryResultsetRow.decode(from: &cut, columns: columns) == nil)
        }
        var longer = ByteBuffer(bytes: full + [0])
        #expect(BinaryResultsetRow.decode(from: &longer, columns: columns) == nil)
        // A 3-byte length (0xFD prefix).
        let large: [BinaryValue] = [.bytes([UInt8](repeating: 0xCD, count: 70_000))]
        var largeRow = ByteBuffer()
        BinaryResultsetRow.encode(large, columns: [self.column("longblob", .longBlob)], into: &largeRow)
        #expect(largeRow.getBytes(at: 2, length: 4) == [0xFD, 0x70, 0x11, 0x01])
        #expect(BinaryResultsetRow.decode(from: &largeRow, columns: [self.column("longblob", .longBlob)]) == large)
    }

    @Test func nullBitmapOffsetAndLength() {
        #expect(
            (0...20).map { BinaryResultsetRow.nullBitmapLength(columnCount: $0) } == [
                1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3,
            ]
        )
        // 12 columns, NULL at 0, 5, 6 and 11: bits 2, 7, 8 and 13.
        let columns = (0..<12).map { self.column("c\($0)", .tiny) }
        let nulls: Set = [0, 5, 6, 11]
        let values: [BinaryValue] = (0..<12).map { nulls.contains($0) ? .null : .int(Int64($0)) }
        let encoded = self.bytes { BinaryResultsetRow.encode(values, columns: columns, into: &$0) }
        #expect(encoded == [0x00, 0b1000_0100, 0b0010_0001, 1, 2, 3, 4, 7, 8, 9, 10])
        var buffer = ByteBuffer(bytes: encoded)
        #expect(BinaryResultsetRow.decode(from: &buffer, columns: columns) == values)
        // 7 columns already need a second bitmap byte; the last one sets bit 0 of it.
        let seven = (0..<7).map { self.column("c\($0)", .tiny) }
        let lastNull: [BinaryValue] = [.int(1), .int(1), .int(1), .int(1), .int(1), .int(1), .null]
        let sevenBytes = self.bytes { BinaryResultsetRow.encode(lastNull, columns: seven, into: &$0) }
        #expect(sevenBytes == [0x00, 0x00, 0x01, 1, 1, 1, 1, 1, 1])
        // No columns: header and one bitmap byte.
        #expect(self.bytes { $0.writeBinaryResultsetRow(columnCount: 0) { _ in } } == [0x00, 0x00])
    }

    @Test func datetimeLengthRules() {
        func datetime(
            _ y: UInt16,
            _ mo: UInt8,
            _ d: UInt8,
            _ h: UInt8,
            _ mi: UInt8,
            _ s: UInt8,
            _ us: UInt32
        ) -> [UInt8] {
            self.bytes {
                $0.writeBinaryDatetime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, microsecond: us)
            }
        }
        #expect(datetime(0, 0, 0, 0, 0, 0, 0) == [0])
        #expect(datetime(2024, 5, 6, 0, 0, 0, 0) == [4, 0xE8, 0x07, 5, 6])
        #expect(datetime(2024, 5, 6, 7, 0, 0, 0) == [7, 0xE8, 0x07, 5, 6, 7, 0, 0])
        #expect(datetime(2024, 5, 6, 0, 0, 1, 0) == [7, 0xE8, 0x07, 5, 6, 0, 0, 1])
        #expect(datetime(2024, 5, 6, 7, 8, 9, 10) == [11, 0xE8, 0x07, 5, 6, 7, 8, 9, 10, 0, 0, 0])
        // Microseconds alone still need the full form.
        #expect(datetime(0, 0, 0, 0, 0, 0, 1) == [11, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0])
        // A time of day on the zero date is kept.
        #expect(datetime(0, 0, 0, 1, 0, 0, 0) == [7, 0, 0, 0, 0, 1, 0, 0])

        #expect(self.bytes { $0.writeBinaryDate(year: 0, month: 0, day: 0) } == [0])
        #expect(self.bytes { $0.writeBinaryDate(year: 1, month: 0, day: 0) } == [4, 1, 0, 0, 0])

        func time(_ negative: Bool, _ d: UInt32, _ h: UInt8, _ m: UInt8, _ s: UInt8, _ us: UInt32) -> [UInt8] {
            self.bytes {
                $0.writeBinaryTime(negative: negative, days: d, hours: h, minutes: m, seconds: s, microseconds: us)
            }
        }
        #expect(time(false, 0, 0, 0, 0, 0) == [0])
        #expect(time(true, 0, 0, 0, 0, 0) == [0])
        #expect(time(true, 1, 2, 3, 4, 0) == [8, 1, 1, 0, 0, 0, 2, 3, 4])
        #expect(time(false, 0, 0, 0, 0, 5) == [12, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0])

        // A DATE column drops a datetime's time of day; a DATETIME column widens a date.
        var row = ByteBuffer()
        BinaryResultsetRow.encode(
            [
                .datetime(year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 6),
                .date(year: 2024, month: 1, day: 2),
            ],
            columns: [self.column("d", .date), self.column("dt", .datetime)],
            into: &row
        )
        #expect(Array(row.readableBytesView) == [0x00, 0x00, 4, 0xE8, 0x07, 1, 2, 4, 0xE8, 0x07, 1, 2])
    }

    @Test func valuesAreConvertedToTheColumnType() {
        let columns = [
            self.column("a", .newDecimal), self.column("b", .varString), self.column("c", .double),
            self.column("d", .short), self.column("e", .varString), self.column("f", .varString),
            self.column("g", .long), self.column("h", .varString),
        ]
        let values: [BinaryValue] = [
            .int(-42), .unsigned(7), .int(3), .unsigned(0x1_0001), .date(year: 2024, month: 1, day: 2),
            .time(negative: true, days: 1, hours: 2, minutes: 3, seconds: 4, microseconds: 5),
            .bytes(Array("12".utf8)),
            .datetime(year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 0),
        ]
        var expected: [UInt8] = [0x00, 0x00, 0x00]
        expected += [3] + Array("-42".utf8)
        expected += [1] + Array("7".utf8)
        expected += self.le(Double(3).bitPattern)
        expected += [0x01, 0x00]  // truncated to 16 bits
        expected += [10] + Array("2024-01-02".utf8)
        expected += [16] + Array("-26:03:04.000005".utf8)
        expected += [0, 0, 0, 0]  // a string has no INT form
        expected += [19] + Array("2024-01-02 03:04:05".utf8)
        #expect(self.bytes { BinaryResultsetRow.encode(values, columns: columns, into: &$0) } == expected)
    }

    @Test func binaryResultSetFraming() {
        // Header as for text, binary rows, end as for text; sequence ids run on.
        let columns = [self.column("a", .longLong), self.column("b", .varString)]
        var writer = self.writer([.protocol41])
        writer.writeResultSetHeader(columns: columns, status: .autocommit)
        writer.writeBinaryRow([.int(1), .null], columns: columns)
        writer.writeBinaryRow(columnCount: 2) { row in
            row.writeValue(.int(2), type: .longLong)
            row.writeValue(.bytes([0x7A]), type: .varString)
        }
        writer.writeResultSetEnd(warnings: 0, status: .autocommit)
        let packets = self.packets(writer.buffer)
        #expect(packets.map(\.sequenceID) == [1, 2, 3, 4, 5, 6, 7])
        #expect(packets[4].payload == [0x00, 0b0000_1000] + self.le(Int64(1)))
        #expect(packets[5].payload == [0x00, 0x00] + self.le(Int64(2)) + [1, 0x7A])
        #expect(packets[6].payload == [0xFE, 0x00, 0x00, 0x02, 0x00])
    }

    @Test func cursorResultSetHeaderAlwaysEnds() {
        let columns = [self.column("a", .longLong)]
        let status: ServerStatus = [.autocommit, .cursorExists]
        var classic = self.writer([.protocol41])
        classic.writeCursorResultSetHeader(columns: columns, status: status)
        let classicPackets = self.packets(classic.buffer)
        #expect(classicPackets.map(\.sequenceID) == [1, 2, 3])
        #expect(classicPackets[2].payload == [0xFE, 0x00, 0x00, 0x42, 0x00])

        var deprecated = self.writer([.protocol41, .deprecateEOF])
        deprecated.writeCursorResultSetHeader(columns: columns, status: status)
        let deprecatedPackets = self.packets(deprecated.buffer)
        #expect(deprecatedPackets.map(\.sequenceID) == [1, 2, 3])
        #expect(deprecatedPackets[2].payload == [0xFE, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00])
    }
}
