import MySQLTypes

/// Date and time parts (issue 20): DATE, YEAR ... MICROSECOND, QUARTER, DAYOFWEEK, WEEKDAY,
/// DAYOFYEAR, DAYNAME, MONTHNAME, LAST_DAY, DATEDIFF, TIMESTAMPDIFF, EXTRACT and DATE_FORMAT, as
/// MySQL defines them. An argument that is not a date is NULL with TiDB's 1292 warning.
enum DateBuiltins {
    static func add(_ define: MathBuiltins.Define) {
        let date = FieldType(type: .date, length: 10, flags: .binary, charset: CollationID.binary)
        define(["date"], 1...1, .fixed(date)) { e, args throws(MySQLError) in
            guard let time = try Self.datetime(e, args, 0) else { return .null }
            return .date(SQLDateTime(year: time.year, month: time.month, day: time.day))
        }
        let parts: [(String, UInt32, @Sendable (SQLDateTime) -> Int)] = [
            ("year", 4, { $0.year }), ("month", 2, { $0.month }), ("day", 2, { $0.day }),
            ("dayofmonth", 2, { $0.day }), ("hour", 3, { $0.hour }), ("minute", 2, { $0.minute }),
            ("second", 2, { $0.second }), ("microsecond", 6, { $0.microsecond }),
            ("quarter", 1, { ($0.month + 2) / 3 }), ("dayofweek", 1, { Self.weekday($0, sundayFirst: true) + 1 }),
            ("weekday", 1, { Self.weekday($0, sundayFirst: false) }), ("dayofyear", 3, { Self.dayOfYear($0) }),
            ("to_days", 20, { Int(SQLDateTime.days(fromCivil: $0.year, $0.month, $0.day)) + 719_528 }),
        ]
        for (name, length, part) in parts {
            define([name], 1...1, .fixed(.bigint(length: length, flags: .binary))) { e, args throws(MySQLError) in
                guard let time = try Self.datetime(e, args, 0) else { return .null }
                return .int(Int64(part(time)))
            }
        }
        define(["dayname"], 1...1, .fixed(.varString(length: 10))) { e, args throws(MySQLError) in
            guard let time = try Self.datetime(e, args, 0) else { return .null }
            return .string(Self.dayNames[Self.weekday(time, sundayFirst: false)])
        }
        define(["monthname"], 1...1, .fixed(.varString(length: 10))) { e, args throws(MySQLError) in
            guard let time = try Self.datetime(e, args, 0), (1...12).contains(time.month) else { return .null }
            return .string(Self.monthNames[time.month - 1])
        }
        define(["last_day"], 1...1, .fixed(date)) { e, args throws(MySQLError) in
            guard let time = try Self.datetime(e, args, 0) else { return .null }
            let last = SQLDateTime.daysInMonth(year: time.year, month: time.month)
            return .date(SQLDateTime(year: time.year, month: time.month, day: last))
        }
        define(["datediff"], 2...2, .fixed(.bigint(length: 20, flags: .binary))) { e, args throws(MySQLError) in
            guard let a = try Self.datetime(e, args, 0), let b = try Self.datetime(e, args, 1) else { return .null }
            return .int(
                SQLDateTime.days(fromCivil: a.year, a.month, a.day)
                    - SQLDateTime.days(fromCivil: b.year, b.month, b.day)
            )
        }
        define(["timestampdiff"], 3...3, .fixed(.bigint(length: 20, flags: .binary))) { e, args throws(MySQLError) in
            guard let unitName = try e.argument(args, 0).text, let unit = DateInterval.Unit(rawValue: unitName),
                let a = try Self.datetime(e, args, 1), let b = try Self.datetime(e, args, 2)
            else { return .null }
            return .int(Self.difference(from: a, to: b, in: unit))
        }
        define(["extract"], 2...2, .fixed(.bigint(length: 20, flags: .binary))) { e, args throws(MySQLError) in
            guard let unitName = try e.argument(args, 0).text else { return .null }
            if let compound = DateInterval.CompoundUnit(rawValue: unitName) {
                return try Self.datetime(e, args, 1).map { .int(compound.extract($0)) } ?? .null
            }
            guard let unit = DateInterval.Unit(rawValue: unitName) else { return .null }
            // The clock units read a TIME too (EXTRACT(HOUR FROM '838:59:59') is 838).
            if unit.microseconds ?? .max < 86_400_000_000 {
                guard let duration = try DurationBuiltins.duration(e, args, 1) else { return .null }
                return .int(
                    Int64(
                        [duration.microseconds, duration.seconds, duration.minutes, duration.hours][
                            [.microsecond, .second, .minute, .hour].firstIndex(of: unit) ?? 0
                        ]
                    )
                )
            }
            guard let time = try Self.datetime(e, args, 1) else { return .null }
            switch unit {
            case .microsecond: return .int(Int64(time.microsecond))
            case .second: return .int(Int64(time.second))
            case .minute: return .int(Int64(time.minute))
            case .hour: return .int(Int64(time.hour))
            case .day: return .int(Int64(time.day))
            case .week: return .null
            case .month: return .int(Int64(time.month))
            case .quarter: return .int(Int64((time.month + 2) / 3))
            case .year: return .int(Int64(time.year))
            }
        }
        define(["date_format"], 2...2, .ofValue) { e, args throws(MySQLError) in
            guard let time = try Self.datetime(e, args, 0), let format = try e.argument(args, 1).text else {
                return .null
            }
            return .string(Self.format(time, format))
        }
    }

    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// The argument as a date and time: DATETIME and DATE values, or text that parses as one.
    static func datetime(_ e: Evaluator, _ args: [Expression], _ index: Int) throws(MySQLError) -> SQLDateTime? {
        let value = try e.argument(args, index)
        switch value {
        case .null: return nil
        case .datetime(let time), .date(let time): return time
        default:
            guard let text = value.text, let time = SQLDateTime(parsing: text.trimmingASCIISpaces()) else {
                e.warn(.incorrectDatetimeValue(value.text ?? ""))
                return nil
            }
            return time
        }
    }

    /// 0 = Monday (WEEKDAY), or 0 = Sunday.
    static func weekday(_ time: SQLDateTime, sundayFirst: Bool) -> Int {
        let days = SQLDateTime.days(fromCivil: time.year, time.month, time.day)
        // 1970-01-01 was a Thursday.
        let fromMonday = Int(((days + 3) % 7 + 7) % 7)
        return sundayFirst ? (fromMonday + 1) % 7 : fromMonday
    }

    static func dayOfYear(_ time: SQLDateTime) -> Int {
        Int(SQLDateTime.days(fromCivil: time.year, time.month, time.day) - SQLDateTime.days(fromCivil: time.year, 1, 1))
            + 1
    }

    /// TIMESTAMPDIFF: whole units from `a` to `b`; months count only when the day and time of
    /// month have been reached, as MySQL counts them.
    static func difference(from a: SQLDateTime, to b: SQLDateTime, in unit: DateInterval.Unit) -> Int64 {
        let aMicros = a.microsecondsSinceEpoch(offsetSeconds: 0)
        let bMicros = b.microsecondsSinceEpoch(offsetSeconds: 0)
        if let size = unit.microseconds { return (bMicros - aMicros) / size }
        var months = Int64((b.year * 12 + b.month) - (a.year * 12 + a.month))
        // The part of the month each has gone through, to the microsecond.
        let aRest = aMicros - SQLDateTime(year: a.year, month: a.month, day: 1).microsecondsSinceEpoch(offsetSeconds: 0)
        let bRest = bMicros - SQLDateTime(year: b.year, month: b.month, day: 1).microsecondsSinceEpoch(offsetSeconds: 0)
        if months > 0, bRest < aRest { months -= 1 }
        if months < 0, bRest > aRest { months += 1 }
        return months / Int64(unit.months)
    }

    /// DATE_FORMAT's specifiers; an unknown one gives its letter, as MySQL does. The week
    /// numbers (%U %u %V %v %X %x) are `WeekBuiltins`'.
    static func format(_ time: SQLDateTime, _ format: String) -> String {
        var output = ""
        var iterator = format.makeIterator()
        while let character = iterator.next() {
            guard character == "%", let specifier = iterator.next() else {
                output.append(character)
                continue
            }
            let hour12 = time.hour % 12 == 0 ? 12 : time.hour % 12
            switch specifier {
            case "Y": output += time.year.zeroPadded(4)
            case "y": output += (time.year % 100).zeroPadded(2)
            case "m": output += time.month.zeroPadded(2)
            case "c": output += String(time.month)
            case "M": output += (1...12).contains(time.month) ? Self.monthNames[time.month - 1] : ""
            case "b": output += (1...12).contains(time.month) ? String(Self.monthNames[time.month - 1].prefix(3)) : ""
            case "d": output += time.day.zeroPadded(2)
            case "e": output += String(time.day)
            case "D": output += String(time.day) + Self.ordinalSuffix(time.day)
            case "j": output += Self.dayOfYear(time).zeroPadded(3)
            case "H": output += time.hour.zeroPadded(2)
            case "k": output += String(time.hour)
            case "h", "I": output += hour12.zeroPadded(2)
            case "l": output += String(hour12)
            case "i": output += time.minute.zeroPadded(2)
            case "S", "s": output += time.second.zeroPadded(2)
            case "f": output += time.microsecond.zeroPadded(6)
            case "p": output += time.hour < 12 ? "AM" : "PM"
            case "r":
                output += "\(hour12.zeroPadded(2)):\(time.minute.zeroPadded(2)):\(time.second.zeroPadded(2)) "
                output += time.hour < 12 ? "AM" : "PM"
            case "T": output += "\(time.hour.zeroPadded(2)):\(time.minute.zeroPadded(2)):\(time.second.zeroPadded(2))"
            case "W": output += Self.dayNames[Self.weekday(time, sundayFirst: false)]
            case "a": output += String(Self.dayNames[Self.weekday(time, sundayFirst: false)].prefix(3))
            case "w": output += String(Self.weekday(time, sundayFirst: true))
            case "U", "u", "V", "v", "X", "x": output += WeekBuiltins.formatted(specifier, time) ?? ""
            default: output.append(specifier)
            }
        }
        return output
    }

    static func ordinalSuffix(_ day: Int) -> String {
        if (11...13).contains(day % 100) { return "th" }
        switch day % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }
}
