import MySQLTypes

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A DATE, DATETIME or TIMESTAMP exactly as the server sent it: fields, no time zone. MySQL's
/// zero date (`0000-00-00`) is representable; it has no `Date`.
public struct SQLTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var microsecond: Int
    /// Whether the column was a DATE (printed without a time).
    public var isDateOnly: Bool

    public init(
        year: Int,
        month: Int,
        day: Int,
        hour: Int = 0,
        minute: Int = 0,
        second: Int = 0,
        microsecond: Int = 0,
        isDateOnly: Bool = false
    ) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.microsecond) = (hour, minute, second, microsecond)
        self.isDateOnly = isDateOnly
    }

    /// Parses `YYYY-MM-DD[ hh:mm:ss[.ffffff]]`, the text protocol's form.
    public init?(text: some StringProtocol) {
        let parts = text.split(separator: " ", maxSplits: 1)
        let date = parts.first?.split(separator: "-", omittingEmptySubsequences: false) ?? []
        guard date.count == 3, let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]) else {
            return nil
        }
        self.init(year: year, month: month, day: day, isDateOnly: parts.count == 1)
        if parts.count == 2 {
            guard let time = SQLTime(text: parts[1]), !time.isNegative, time.hours < 24 else { return nil }
            (self.hour, self.minute, self.second, self.microsecond) =
                (time.hours, time.minutes, time.seconds, time.microseconds)
        }
    }

    public var description: String {
        if self.isDateOnly { return TemporalText.date(year: self.year, month: self.month, day: self.day) }
        return TemporalText.datetime(
            year: self.year,
            month: self.month,
            day: self.day,
            hour: self.hour,
            minute: self.minute,
            second: self.second,
            microsecond: self.microsecond
        )
    }

    /// The instant these fields name in a zone `offsetSeconds` east of UTC (0: UTC); nil for zero dates.
    public func date(offsetSeconds: Int = 0) -> Date? {
        guard (1...12).contains(self.month), (1...31).contains(self.day) else { return nil }
        let seconds =
            Int(CivilCalendar.days(year: self.year, month: self.month, day: self.day)) * 86_400
            + self.hour * 3600 + self.minute * 60 + self.second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(self.microsecond) / 1e6)
    }

    public static func < (lhs: SQLTimestamp, rhs: SQLTimestamp) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second * 1_000_000 + lhs.microsecond)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second * 1_000_000 + rhs.microsecond)
    }
}

/// A TIME value: `[-]hhh:mm:ss[.ffffff]`, up to 838 hours either way.
public struct SQLTime: Sendable, Hashable, CustomStringConvertible {
    public var isNegative: Bool
    public var hours: Int
    public var minutes: Int
    public var seconds: Int
    public var microseconds: Int

    public init(isNegative: Bool = false, hours: Int, minutes: Int, seconds: Int, microseconds: Int = 0) {
        (self.isNegative, self.hours, self.minutes, self.seconds, self.microseconds) =
            (isNegative, hours, minutes, seconds, microseconds)
    }

    public init?(text: some StringProtocol) {
        var body = Substring(text)
        let isNegative = body.hasPrefix("-")
        if isNegative { body = body.dropFirst() }
        let clock = body.split(separator: ".", maxSplits: 1)
        let fields = clock.first?.split(separator: ":", omittingEmptySubsequences: false) ?? []
        guard fields.count == 3, let hours = Int(fields[0]), let minutes = Int(fields[1]), let seconds = Int(fields[2])
        else { return nil }
        var microseconds = 0
        if clock.count == 2 {
            let fraction = clock[1].prefix(6)
            guard let value = Int(fraction) else { return nil }
            microseconds = value * [100_000, 10_000, 1_000, 100, 10, 1][fraction.count - 1]
        }
        self.init(isNegative: isNegative, hours: hours, minutes: minutes, seconds: seconds, microseconds: microseconds)
    }

    public var duration: Duration {
        let magnitude: Duration =
            .seconds(self.hours * 3600 + self.minutes * 60 + self.seconds)
            + .microseconds(self.microseconds)
        return self.isNegative ? .zero - magnitude : magnitude
    }

    public var description: String {
        TemporalText.time(
            negative: self.isNegative,
            hours: self.hours,
            minutes: self.minutes,
            seconds: self.seconds,
            microseconds: self.microseconds
        )
    }
}
