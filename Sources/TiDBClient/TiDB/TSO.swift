import MySQLTypes

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A TiDB timestamp from PD's oracle: milliseconds since the Unix epoch shifted left 18 bits,
/// plus an 18-bit logical counter. BackupTS, start TS, `tidb_external_ts` and changefeed
/// checkpoints are all TSOs.
public struct TSO: RawRepresentable, Sendable, Hashable, Comparable, Codable {
    public static let logicalBits = 18
    public static let maxLogical: UInt64 = (1 << 18) - 1

    public var rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init(physicalMilliseconds: UInt64, logical: UInt64) {
        precondition(logical <= Self.maxLogical, "the logical part has 18 bits")
        self.rawValue = physicalMilliseconds << Self.logicalBits | logical
    }

    /// Parses the decimal form TiDB prints.
    public init?(_ text: some StringProtocol) {
        guard let value = UInt64(text) else { return nil }
        self.rawValue = value
    }

    public var physicalMilliseconds: UInt64 { self.rawValue >> Self.logicalBits }
    public var logical: UInt64 { self.rawValue & Self.maxLogical }
    public var physicalTime: Date { Date(timeIntervalSince1970: Double(self.physicalMilliseconds) / 1000) }

    public static func < (lhs: TSO, rhs: TSO) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(UInt64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}

extension TSO: CustomStringConvertible {
    /// `449506365411819521 (2026-11-21 15:04:05.123 UTC, logical 1)`.
    public var description: String {
        "\(self.rawValue) (\(self.physicalTimeText) UTC, logical \(self.logical))"
    }

    /// The physical part in UTC, `YYYY-MM-DD hh:mm:ss.mmm`.
    public var physicalTimeText: String { Self.utcText(milliseconds: self.physicalMilliseconds) }

    /// `YYYY-MM-DD hh:mm:ss.mmm` in UTC.
    static func utcText(milliseconds: UInt64) -> String {
        let seconds = Int(milliseconds / 1000)
        let days = seconds / 86_400
        let (year, month, day) = CivilCalendar.date(fromDays: Int64(days))
        let time = SQLTimestamp(
            year: year,
            month: month,
            day: day,
            hour: seconds % 86_400 / 3600,
            minute: seconds % 3600 / 60,
            second: seconds % 60
        )
        return time.description + "." + (milliseconds % 1000).zeroPadded(3)
    }
}

extension TSO: SQLDecodable {
    public init(sqlValue: SQLValue) throws(TiDBClientError) {
        self.init(rawValue: try UInt64(sqlValue: sqlValue))
    }
}
