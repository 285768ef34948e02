import MySQLTypes

/// WEEK, WEEKOFYEAR, YEARWEEK, DATE_FORMAT's week specifiers (%U %u %V %v %X %x) with MySQL's
/// `calc_week` (TiDB's `calcWeek`), and PI().
enum WeekBuiltins {
    /// `calc_week`'s behaviour bits.
    struct Behaviour: OptionSet {
        let rawValue: Int
        static let mondayFirst = Behaviour(rawValue: 1)
        static let weekYear = Behaviour(rawValue: 2)
        static let firstWeekday = Behaviour(rawValue: 4)

        /// `week_mode`: WEEK's mode 0-7 as behaviour bits.
        init(mode: Int) {
            var bits = mode & 7
            if bits & 1 == 0 { bits ^= 4 }
            self.rawValue = bits
        }

        init(rawValue: Int) { self.rawValue = rawValue }
    }

    static func add(_ define: MathBuiltins.Define) {
        // TiDB types PI() as DOUBLE(8,6) and shows 3.141593; the mock returns that value
        // (docs/tidb/json-regexp-multitable.md).
        define(
            ["pi"],
            0...0,
            .fixed(FieldType(type: .double, length: 8, decimals: 6, flags: .binary, charset: CollationID.binary))
        ) { _, _ in
            .double(3.141593)
        }
        define(["week"], 1...2, .fixed(.bigint(length: 2, flags: .binary))) { e, args throws(MySQLError) in
            guard let time = try DateBuiltins.datetime(e, args, 0), let mode = try Self.mode(e, args) else {
                return .null
            }
            guard let week = Self.week(time, Behaviour(mode: mode)) else { return .null }
            return .int(Int64(week.week))
        }
        define(["weekofyear"], 1...1, .fixed(.bigint(length: 2, flags: .binary))) { e, args throws(MySQLError) in
            guard let time = try DateBuiltins.datetime(e, args, 0), let week = Self.week(time, Behaviour(mode: 3))
            else {
                return .null
            }
            return .int(Int64(week.week))
        }
        define(["yearweek"], 1...2, .fixed(.bigint(length: 6, flags: .binary))) { e, args throws(MySQLError) in
            guard let time = try DateBuiltins.datetime(e, args, 0) else { return .null }
            // YEARWEEK's mode defaults to 0, not to default_week_format.
            var mode = 0
            if args.count == 2 {
                guard let given = try e.argument(args, 1).int64(warn: e.warn) else { return .null }
                mode = Int(truncatingIfNeeded: given)
            }
            var behaviour = Behaviour(mode: mode)
            behaviour.insert(.weekYear)
            guard let week = Self.week(time, behaviour) else { return .null }
            return .int(Int64(week.year * 100 + week.week))
        }
    }

    /// WEEK's mode: the argument, else `default_week_format`; nil for a NULL argument.
    private static func mode(_ e: Evaluator, _ args: [Expression]) throws(MySQLError) -> Int? {
        if args.count == 2 {
            return try e.argument(args, 1).int64(warn: e.warn).map { Int(truncatingIfNeeded: $0) }
        }
        return Int(e.environment.sessionVariableValue("default_week_format")) ?? 0
    }

    /// MySQL's `calc_week`: the week number and the year it belongs to; nil for a zero date.
    static func week(_ time: SQLDateTime, _ behaviour: Behaviour) -> (week: Int, year: Int)? {
        guard time.month != 0, time.day != 0 else { return nil }
        let mondayFirst = behaviour.contains(.mondayFirst)
        var weekYear = behaviour.contains(.weekYear)
        let firstWeekday = behaviour.contains(.firstWeekday)
        let dayNumber = SQLDateTime.days(fromCivil: time.year, time.month, time.day)
        var firstDay = SQLDateTime.days(fromCivil: time.year, 1, 1)
        var weekday = DateBuiltins.weekday(SQLDateTime(year: time.year, month: 1, day: 1), sundayFirst: !mondayFirst)
        var year = time.year
        func daysInYear(_ year: Int) -> Int {
            (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 366 : 365
        }
        func firstWeekIsPrevious(_ weekday: Int) -> Bool {
            (firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4)
        }
        if time.month == 1, time.day <= 7 - weekday {
            if !weekYear, firstWeekIsPrevious(weekday) { return (0, year) }
            weekYear = true
            year -= 1
            let days = daysInYear(year)
            firstDay -= Int64(days)
            weekday = (weekday + 53 * 7 - days) % 7
        }
        let days: Int64 =
            firstWeekIsPrevious(weekday)
            ? dayNumber - (firstDay + Int64(7 - weekday)) : dayNumber - (firstDay - Int64(weekday))
        if weekYear, days >= 52 * 7 {
            let next = (weekday + daysInYear(year)) % 7
            if (!firstWeekday && next < 4) || (firstWeekday && next == 0) { return (1, year + 1) }
        }
        return (Int(days / 7) + 1, year)
    }

    /// DATE_FORMAT's week specifiers; nil for any other letter.
    static func formatted(_ specifier: Character, _ time: SQLDateTime) -> String? {
        let behaviour: Behaviour
        switch specifier {
        case "U": behaviour = .firstWeekday
        case "u": behaviour = .mondayFirst
        case "V", "X": behaviour = [.weekYear, .firstWeekday]
        case "v", "x": behaviour = [.mondayFirst, .weekYear]
        default: return nil
        }
        let week = self.week(time, behaviour) ?? (0, time.year)
        return specifier == "X" || specifier == "x" ? week.year.zeroPadded(4) : week.week.zeroPadded(2)
    }
}
