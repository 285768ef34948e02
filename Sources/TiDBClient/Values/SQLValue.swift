#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One cell, typed by its column: integers by signedness, DECIMAL exactly, temporal values by
/// field, binary strings as bytes.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case decimal(Decimal)
    case string(String)
    case bytes([UInt8])
    /// DATE, DATETIME, TIMESTAMP.
    case timestamp(SQLTimestamp)
    /// TIME: a signed duration that may exceed 24 hours.
    case time(SQLTime)

    public var isNull: Bool { self == .null }
}

extension SQLValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: "NULL"
        case .int(let value): String(value)
        case .uint(let value): String(value)
        case .double(let value): String(value)
        case .decimal(let value): value.description
        case .string(let value): value
        case .bytes(let value): "0x" + value.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        case .timestamp(let value): value.description
        case .time(let value): value.description
        }
    }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral,
    ExpressibleByFloatLiteral
{
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
}
