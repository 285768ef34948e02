/// One stored value, exact in JSON: a tagged string, so 64-bit integers, decimals and bytes do not
/// pass through a JSON number or a text encoding (`i:-5`, `u:18446744073709551615`, `n:12.50`,
/// `f:0.1`, `s:text`, `b:<base64>`, `t:2024-01-02 03:04:05.123456`, `d:2024-01-02`); SQL NULL is
/// JSON null.
public enum CellValue: Sendable, Equatable, Codable {
    case null
    case int(Int64)
    case uint(UInt64)
    /// Exact decimal text.
    case decimal(String)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`, as the column stores it (TIMESTAMP in UTC).
    case datetime(String)
    case date(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = CellValue(tagged: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "bad cell value \(text.prefix(40))")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if case .null = self { try container.encodeNil() } else { try container.encode(self.tagged) }
    }

    /// The tagged text; nil for NULL.
    public var tagged: String {
        switch self {
        case .null: ""
        case .int(let value): "i:\(value)"
        case .uint(let value): "u:\(value)"
        case .decimal(let text): "n:" + text
        case .double(let value): "f:\(value)"
        case .string(let text): "s:" + text
        case .bytes(let bytes): "b:" + Base64.encode(bytes)
        case .datetime(let text): "t:" + text
        case .date(let text): "d:" + text
        }
    }

    public init?(tagged text: String) {
        guard text.utf8.count >= 2, text.utf8.dropFirst().first == UInt8(ascii: ":") else { return nil }
        let body = String(text.dropFirst(2))
        switch text.first {
        case "i":
            guard let value = Int64(body) else { return nil }
            self = .int(value)
        case "u":
            guard let value = UInt64(body) else { return nil }
            self = .uint(value)
        case "n": self = .decimal(body)
        case "f":
            guard let value = Double(body) else { return nil }
            self = .double(value)
        case "s": self = .string(body)
        case "b":
            guard let bytes = Base64.decode(body) else { return nil }
            self = .bytes(bytes)
        case "t": self = .datetime(body)
        case "d": self = .date(body)
        default: return nil
        }
    }
}

/// RFC 4648 base64 without Foundation.
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { output.append(Self.alphabet[Int(chunk >> UInt32(shift) & 0x3F)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            output.append(Self.alphabet[Int(chunk >> 18 & 0x3F)])
            output.append(Self.alphabet[Int(chunk >> 12 & 0x3F)])
            output.append(rest == 2 ? Self.alphabet[Int(chunk >> 6 & 0x3F)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in Self.alphabet.enumerated() { values[Int(byte)] = UInt8(index) }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { break }
            let value = values[Int(byte)]
            guard value != 0xFF else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }
}
