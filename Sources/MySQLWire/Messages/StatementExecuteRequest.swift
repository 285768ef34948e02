public import MySQLTypes
public import NIOCore

/// A parameter's type as `COM_STMT_EXECUTE` sends it: the type byte and the flags byte, of which
/// only `0x80` (unsigned) means anything.
public struct ParameterType: Sendable, Hashable {
    /// The type byte as sent; it may name no `ColumnType` (such a parameter is an error once read).
    public var rawType: UInt8
    public var isUnsigned: Bool

    public init(rawType: UInt8, isUnsigned: Bool = false) {
        self.rawType = rawType
        self.isUnsigned = isUnsigned
    }

    public init(_ type: ColumnType, isUnsigned: Bool = false) {
        self.init(rawType: type.rawValue, isUnsigned: isUnsigned)
    }

    public var columnType: ColumnType? { ColumnType(rawValue: self.rawType) }

    /// How TiDB reads a parameter of this type; `nil` for the types it rejects ("stmt unknown field
    /// type"): JSON, NEWDATE and bytes that are no type at all.
    var encoding: BinaryEncoding? {
        guard let type = self.columnType else { return nil }
        switch type {
        case .json, .newDate: return nil
        default: return BinaryEncoding(type)
        }
    }
}

/// Why a `COM_STMT_EXECUTE` body could not be read. TiDB answers `unknownType` with
/// ErrUnknownFieldType ("stmt unknown field type N") and every other case with ErrMalformPacket.
public struct MalformedExecute: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Fewer than the 9 bytes of statement id, flags and iteration count.
        case truncatedHeader
        /// The NULL bitmap or the new-params-bound byte after it is missing.
        case truncatedNullBitmap
        /// The new-params-bound flag is 1 but fewer than 2 bytes per parameter follow.
        case truncatedParameterTypes
        /// The packet binds no types and no earlier execution did, but this parameter has a value.
        case missingParameterTypes(parameter: Int)
        case truncatedValue(parameter: Int)
        /// A DATE/DATETIME/TIMESTAMP length other than 0, 4, 7, 11, or a TIME length other than 0, 8, 12.
        case invalidTemporalLength(parameter: Int, length: UInt8)
        /// A TIME's sign byte other than 0 or 1.
        case invalidTimeSign(parameter: Int, sign: UInt8)
        case unknownType(parameter: Int, type: UInt8)
    }

    public var kind: Kind

    public init(kind: Kind) {
        self.kind = kind
    }

    public var description: String {
        switch self.kind {
        case .truncatedHeader:
            return "COM_STMT_EXECUTE shorter than its 9-byte header"
        case .truncatedNullBitmap:
            return "COM_STMT_EXECUTE cut short in the NULL bitmap"
        case .truncatedParameterTypes:
            return "COM_STMT_EXECUTE cut short in the parameter types"
        case .missingParameterTypes(let parameter):
            return "COM_STMT_EXECUTE has no types for parameter \(parameter) and none were bound before"
        case .truncatedValue(let parameter):
            return "COM_STMT_EXECUTE cut short in the value of parameter \(parameter)"
        case .invalidTemporalLength(let parameter, let length):
            return "COM_STMT_EXECUTE parameter \(parameter) has a temporal value of invalid length \(length)"
        case .invalidTimeSign(let parameter, let sign):
            return "COM_STMT_EXECUTE parameter \(parameter) has a TIME with sign byte \(sign)"
        case .unknownType(_, let type):
            return "stmt unknown field type \(type)"
        }
    }
}

extension MalformedExecute {
    /// The ERR TiDB answers with: ErrUnknownFieldType (8051) for a type it cannot read, else
    /// ErrMalformPacket (1105 "malform packet error").
    public var error: MySQLError {
        if case .unknownType = self.kind {
            return MySQLError(code: 8051, sqlState: "HY000", message: self.description)
        }
        return .malformedPacket
    }
}

/// The body of `COM_STMT_EXECUTE` after the command byte.
///
/// How many parameters follow depends on the prepared statement, which only the engine knows, so a
/// host reads the statement id with `peekStatementID`, looks the statement up, then calls `decode`.
public struct StatementExecuteRequest: Sendable, Equatable {
    /// The flags byte: the cursor the client asks for.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let readOnlyCursor = Flags(rawValue: 0x01)
        public static let forUpdateCursor = Flags(rawValue: 0x02)
        public static let scrollableCursor = Flags(rawValue: 0x04)
    }

    public var statementID: UInt32
    public var flags: Flags
    /// Always 1 in practice; TiDB ignores it.
    public var iterationCount: UInt32
    /// Whether this packet carried the parameter types; if so the engine keeps `parameterTypes` for
    /// later executions of the statement, which may leave them out.
    public var newParametersBound: Bool
    /// The types the values were read with: this packet's, else the earlier ones passed to `decode`.
    /// `nil` when there were neither (possible when every parameter is NULL or long data).
    public var parameterTypes: [ParameterType]?
    /// One per parameter; `nil` for a parameter sent with `COM_STMT_SEND_LONG_DATA`, whose value is
    /// the data gathered for it.
    public var values: [BinaryValue?]

    public init(
        statementID: UInt32,
        flags: Flags = [],
        iterationCount: UInt32 = 1,
        newParametersBound: Bool = true,
        parameterTypes: [ParameterType]? = nil,
        values: [BinaryValue?] = []
    ) {
        self.statementID = statementID
        self.flags = flags
        self.iterationCount = iterationCount
        self.newParametersBound = newParametersBound
        self.parameterTypes = parameterTypes
        self.values = values
    }

    /// Statement id, flags and iteration count.
    public static let headerLength = 9

    /// The statement id, without consuming anything. `nil` when the 9-byte header is incomplete:
    /// TiDB reports such a packet as malformed before it looks the statement up.
    public static func peekStatementID(_ buffer: ByteBuffer) -> UInt32? {
        guard buffer.readableBytes >= Self.headerLength else { return nil }
        return buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self)
    }

    /// Decodes the body for a statement with `parameterCount` parameters, as TiDB reads it.
    ///
    /// - Parameters:
    ///   - previousTypes: the types of the statement's last execution that bound them; used when the
    ///     new-params-bound flag is not 1.
    ///   - longDataParameters: parameters that received `COM_STMT_SEND_LONG_DATA`: they have no value
    ///     (nor NULL bit: MariaDB sets it anyway) in this packet.
    /// - Returns: the request, or why it is malformed; on failure the reader index is unchanged.
    ///   Bytes after the last value are ignored, as TiDB does.
    public static func decode(
        from buffer: inout ByteBuffer,
        parameterCount: Int,
        previousTypes: [ParameterType]?,
        longDataParameters: Set<Int> = []
    ) -> Result<StatementExecuteRequest, MalformedExecute> {
        let start = buffer.readerIndex
        let result = Self.read(
            &buffer,
            parameterCount: parameterCount,
            previousTypes: previousTypes,
            longDataParameters: longDataParameters
        )
        if case .failure = result {
            buffer.moveReaderIndex(to: start)
        }
        return result
    }

    private static func read(
        _ buffer: inout ByteBuffer,
        parameterCount: Int,
        previousTypes: [ParameterType]?,
        longDataParameters: Set<Int>
    ) -> Result<StatementExecuteRequest, MalformedExecute> {
        func failure(_ kind: MalformedExecute.Kind) -> Result<StatementExecuteRequest, MalformedExecute> {
            .failure(MalformedExecute(kind: kind))
        }
        guard buffer.readableBytes >= Self.headerLength,
            let statementID = buffer.readInteger(endianness: .little, as: UInt32.self),
            let rawFlags = buffer.readInteger(as: UInt8.self),
            let iterationCount = buffer.readInteger(endianness: .little, as: UInt32.self)
        else { return failure(.truncatedHeader) }
        var request = StatementExecuteRequest(
            statementID: statementID,
            flags: Flags(rawValue: rawFlags),
            iterationCount: iterationCount,
            newParametersBound: false,
            parameterTypes: previousTypes
        )
        guard parameterCount > 0 else { return .success(request) }

        guard let bitmap = buffer.readBytes(length: (parameterCount + 7) / 8),
            let bound = buffer.readInteger(as: UInt8.self)
        else { return failure(.truncatedNullBitmap) }
        // TiDB takes only 1 as "types follow"; any other value reuses the earlier types.
        if bound == 1 {
            guard buffer.readableBytes >= parameterCount * 2 else { return failure(.truncatedParameterTypes) }
            var types: [ParameterType] = []
            types.reserveCapacity(parameterCount)
            for _ in 0..<parameterCount {
                let type: UInt8 = buffer.readInteger()!
                let flags: UInt8 = buffer.readInteger()!
                types.append(ParameterType(rawType: type, isUnsigned: flags & 0x80 != 0))
            }
            request.newParametersBound = true
            request.parameterTypes = types
        }

        request.values.reserveCapacity(parameterCount)
        for index in 0..<parameterCount {
            // Long data comes first: some clients also set the NULL bit for it.
            if longDataParameters.contains(index) {
                request.values.append(nil)
                continue
            }
            if bitmap[index >> 3] & (1 << (index & 7)) != 0 {
                request.values.append(.null)
                continue
            }
            // TiDB needs the types only here, so a packet of NULLs reads fine without them.
            guard let types = request.parameterTypes, index < types.count else {
                return failure(.missingParameterTypes(parameter: index))
            }
            let type = types[index]
            guard let encoding = type.encoding else {
                return failure(.unknownType(parameter: index, type: type.rawType))
            }
            do {
                let value = try buffer.readBinaryValue(encoding, isUnsigned: type.isUnsigned, lengthEncodedNull: true)
                request.values.append(value)
            } catch {
                switch error {
                case .truncated:
                    return failure(.truncatedValue(parameter: index))
                case .invalidLength(let length):
                    return failure(.invalidTemporalLength(parameter: index, length: length))
                case .invalidSign(let sign):
                    return failure(.invalidTimeSign(parameter: index, sign: sign))
                }
            }
        }
        return .success(request)
    }

    /// The values with each long-data parameter's gathered bytes in place (empty if none arrived).
    public func resolvingLongData(_ longData: [Int: [UInt8]]) -> [BinaryValue] {
        self.values.enumerated().map { index, value in value ?? .bytes(longData[index] ?? []) }
    }

    /// Encodes the body as a client would; used by tests and test peers. Types are written when
    /// `newParametersBound`; each value is encoded by its entry in `parameterTypes`, or by its own
    /// `parameterType` when there is none. `nil` values (long data) are left out.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(self.statementID, endianness: .little)
        buffer.writeInteger(self.flags.rawValue)
        buffer.writeInteger(self.iterationCount, endianness: .little)
        guard !self.values.isEmpty else { return }
        var bitmap = [UInt8](repeating: 0, count: (self.values.count + 7) / 8)
        for (index, value) in self.values.enumerated() where value == .null {
            bitmap[index >> 3] |= 1 << (index & 7)
        }
        buffer.writeBytes(bitmap)
        let types = self.values.indices.map { index in
            if let types = self.parameterTypes, index < types.count { return types[index] }
            return self.values[index]?.parameterType ?? ParameterType(.blob)
        }
        buffer.writeInteger(UInt8(self.newParametersBound ? 1 : 0))
        if self.newParametersBound {
            for type in types {
                buffer.writeInteger(type.rawType)
                buffer.writeInteger(UInt8(type.isUnsigned ? 0x80 : 0x00))
            }
        }
        for (value, type) in zip(self.values, types) {
            guard let value, value != .null else { continue }
            buffer.writeBinaryValue(value, type: type.columnType ?? .blob)
        }
    }
}
