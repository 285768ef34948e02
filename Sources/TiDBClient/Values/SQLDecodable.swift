#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A Swift type a cell decodes to. NULL decodes only to `Optional`; numbers decode from any
/// numeric cell (or numeric text: TiDB returns many variables as strings) when the value fits.
public protocol SQLDecodable {
    init(sqlValue: SQLValue) throws(TiDBClientError)
}

extension SQLDecodable {
    static func mismatch(_ value: SQLValue) -> TiDBClientError {
        let shown = value.description.count > 40 ? String(value.description.prefix(40)) + "..." : value.description
        return TiDBClientError(kind: .decoding, message: "cannot decode \(shown) as \(Self.self)")
    }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        self = sqlValue == .null ? nil : try Wrapped(sqlValue: sqlValue)
    }
}

extension SQLValue: SQLDecodable {
    public init(sqlValue: SQLValue) { self = sqlValue }
}

extension Int64: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .int(let value): self = value
        case .uint(let value) where value <= UInt64(Int64.max): self = Int64(value)
        case .string(let text) where Int64(text) != nil: self = Int64(text)!
        case .decimal(let value) where Int64(value.description) != nil: self = Int64(value.description)!
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension UInt64: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .uint(let value): self = value
        case .int(let value) where value >= 0: self = UInt64(value)
        case .string(let text) where UInt64(text) != nil: self = UInt64(text)!
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension Int: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        guard let value = Int(exactly: try Int64(sqlValue: sqlValue)) else { throw Self.mismatch(sqlValue) }
        self = value
    }
}

extension Int32: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        guard let value = Int32(exactly: try Int64(sqlValue: sqlValue)) else { throw Self.mismatch(sqlValue) }
        self = value
    }
}

extension Bool: SQLDecodable {
    /// 0 and 1 (TiDB returns boolean variables as integers), and the words TiDB prints for them.
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .int(0), .uint(0): self = false
        case .int(1), .uint(1): self = true
        case .string(let text):
            switch text.uppercased() {
            case "1", "ON", "TRUE": self = true
            case "0", "OFF", "FALSE": self = false
            default: throw Self.mismatch(sqlValue)
            }
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension Double: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .double(let value): self = value
        case .int(let value): self = Double(value)
        case .uint(let value): self = Double(value)
        case .decimal(let value): self = value.doubleValue
        case .string(let text) where Double(text) != nil: self = Double(text)!
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension Decimal: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .decimal(let value): self = value
        case .int(let value): self = Decimal(value)
        case .uint(let value): self = Decimal(value)
        case .string(let text) where Decimal(string: text) != nil: self = Decimal(string: text)!
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension String: SQLDecodable {
    /// Text as is; numbers and temporal values in the server's text form; bytes if valid UTF-8.
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .null: throw Self.mismatch(sqlValue)
        case .string(let text): self = text
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { throw Self.mismatch(sqlValue) }
            self = text
        default: self = sqlValue.description
        }
    }
}

extension Data: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .bytes(let bytes): self = Data(bytes)
        case .string(let text): self = Data(text.utf8)
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension Array: SQLDecodable where Element == UInt8 {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .bytes(let bytes): self = bytes
        case .string(let text): self = Array(text.utf8)
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension SQLTimestamp: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .timestamp(let value): self = value
        case .string(let text) where SQLTimestamp(text: text) != nil: self = SQLTimestamp(text: text)!
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension SQLTime: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        switch sqlValue {
        case .time(let value): self = value
        case .string(let text) where SQLTime(text: text) != nil: self = SQLTime(text: text)!
        default: throw Self.mismatch(sqlValue)
        }
    }
}

extension Date: SQLDecodable {
    /// DATE/DATETIME/TIMESTAMP fields read as UTC (the server sends no zone; TiDB's TIMESTAMP is
    /// shown in the session's `time_zone`). Use `SQLTimestamp.date(offsetSeconds:)` for another zone.
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        guard let date = try SQLTimestamp(sqlValue: sqlValue).date() else { throw Self.mismatch(sqlValue) }
        self = date
    }
}

extension Decimal {
    fileprivate var doubleValue: Double { Double(self.description) ?? .nan }
}
