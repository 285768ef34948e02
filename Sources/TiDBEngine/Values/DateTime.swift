import MySQLTypes

/// A MySQL DATETIME: calendar fields without a time zone, with 0–6 fractional digits.
public struct SQLDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var microsecond: Int
    /// Fractional digits shown (`fsp`).
    public var fractionDigits: Int

    public init(
        year: Int,
        month: Int,
        day: Int,
        hour: Int = 0,
        minute: Int = 0,
        second: Int = 0,
        microsecond: Int = 0,
        fractionDigits: Int = 0
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
        self.fractionDigits = fractionDigits
    }

    /// The wall time at `microsecondsSinceEpoch` in a zone `offsetSeconds` east of UTC.
    public init(microsecondsSinceEpoch: Int64, offsetSeconds: Int, fractionDigits: Int) {
        let local = microsecondsSinceEpoch + Int64(offsetSeconds) * 1_000_000
        var seconds = local / 1_000_000
        var micros = local % 1_000_000
        if micros < 0 {
            micros += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = Self.civil(fromDays: days)
        let divisor = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1][max(0, min(6, fractionDigits))]
        self.init(
            year: year,
            month: month,
            day: day,
            hour: Int(secondOfDay / 3600),
            minute: Int(secondOfDay % 3600 / 60),
            second: Int(secondOfDay % 60),
            microsecond: Int(micros) / divisor * divisor,
            fractionDigits: fractionDigits
        )
    }

    /// Microseconds since the epoch if this wall time is in a zone `offsetSeconds` east of UTC.
    public func microsecondsSinceEpoch(offsetSeconds: Int) -> Int64 {
        let days = Self.days(fromCivil: self.year, self.month, self.day)
        let seconds = days * 86_400 + Int64(self.hour * 3600 + self.minute * 60 + self.second) - Int64(offsetSeconds)
        return seconds * 1_000_000 + Int64(self.microsecond)
    }

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        CivilCalendar.date(fromDays: days)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` (also with `T`); nil when not a valid datetime.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var count = 0
            while index < bytes.count, count < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                count += 1
            }
            return count > 0 ? value : nil
        }
        func separator(_ allowed: [UInt8]) -> Bool {
            guard index < bytes.count, allowed.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(maxDigits: 4), separator([0x2D, 0x2F]), let month = number(maxDigits: 2),
            separator([0x2D, 0x2F]), let day = number(maxDigits: 2)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var micro = 0
        var digits = 0
        if index < bytes.count {
            guard separator([0x20, 0x54]), let h = number(maxDigits: 2), separator([0x3A]), let m = number(maxDigits: 2)
            else { return nil }
            hour = h
            minute = m
            if separator([0x3A]) {
                guard let s = number(maxDigits: 2) else { return nil }
                second = s
                if separator([0x2E]) {
                    let start = index
                    guard let fraction = number(maxDigits: 6) else { return nil }
                    digits = index - start
                    micro = fraction * [1, 100_000, 10_000, 1_000, 100, 10, 1][digits]
                }
            }
        }
        guard index == bytes.count, (1...12).contains(month), day >= 1,
            day <= Self.daysInMonth(year: year, month: month), hour < 24, minute < 60, second < 60
        else { return nil }
        self.init(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second,
            microsecond: micro,
            fractionDigits: digits
        )
    }

    /// Orders and identifies datetimes by their instant as if in UTC (fsp ignored).
    var orderingKey: Int64 { self.microsecondsSinceEpoch(offsetSeconds: 0) }

    public static func < (lhs: SQLDateTime, rhs: SQLDateTime) -> Bool { lhs.orderingKey < rhs.orderingKey }

    public static func == (lhs: SQLDateTime, rhs: SQLDateTime) -> Bool { lhs.orderingKey == rhs.orderingKey }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.orderingKey) }

    /// `YYYY-MM-DD HH:MM:SS[.fff]` with `fractionDigits` digits.
    public var description: String {
        TemporalText.datetime(
            year: self.year,
            month: self.month,
            day: self.day,
            hour: self.hour,
            minute: self.minute,
            second: self.second,
            microsecond: self.microsecond,
            fractionDigits: self.fractionDigits
        )
    }

    /// `YYYY-MM-DD`.
    public var dateDescription: String { TemporalText.date(year: self.year, month: self.month, day: self.day) }
}
