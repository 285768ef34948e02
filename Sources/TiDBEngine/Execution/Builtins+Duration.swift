import MySQLTypes

/// Functions of TIME values (docs/tidb/more-functions.md §1): HOUR ... MICROSECOND of a TIME
/// (838 hours and all), TIME, TIME_TO_SEC, SEC_TO_TIME, MAKETIME, TIMEDIFF, ADDTIME, SUBTIME,
/// TIME_FORMAT, TIMESTAMP, MAKEDATE and FROM_UNIXTIME. TIME values are their text; results are typed TIME
/// with the fraction digits the value carries.
enum DurationBuiltins {
    static func add(_ define: MathBuiltins.Define) {
        let parts: [(String, UInt32, @Sendable (SQLDuration) -> Int)] = [
            ("hour", 3, { $0.hours }), ("minute", 2, { $0.minutes }), ("second", 2, { $0.seconds }),
            ("microsecond", 6, { $0.microseconds }),
        ]
        for (name, length, part) in parts {
            define([name], 1...1, .fixed(.bigint(length: length, flags: .binary))) { e, args throws(MySQLError) in
                guard let duration = try Self.duration(e, args, 0) else { return .null }
                return .int(Int64(part(duration)))
            }
        }
        define(["time"], 1...1, .time) { e, args throws(MySQLError) in
            guard let duration = try Self.duration(e, args, 0) else { return .null }
            return .string(Self.inRange(e, duration).text)
        }
        define(["time_to_sec"], 1...1, .fixed(.bigint(length: 10, flags: .binary))) { e, args throws(MySQLError) in
            guard let duration = try Self.duration(e, args, 0) else { return .null }
            return .int(duration.micros / 1_000_000)
        }
        define(["sec_to_time"], 1...1, .time) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            guard let number = value.number(warn: e.warn) else { return .null }
            let (micros, digits) = Self.microseconds(number)
            return .string(Self.inRange(e, SQLDuration(micros: micros, fractionDigits: digits), given: value).text)
        }
        define(["maketime"], 3...3, .time) { e, args throws(MySQLError) in
            guard let hours = try e.argument(args, 0).int64(warn: e.warn),
                let minutes = try e.argument(args, 1).int64(warn: e.warn),
                let seconds = try e.argument(args, 2).number(warn: e.warn)
            else { return .null }
            let (secondMicros, digits) = Self.microseconds(seconds)
            guard (0...59).contains(minutes), (0..<60_000_000).contains(secondMicros) else { return .null }
            let magnitude = hours.magnitude > 1_000_000 ? Int64(1_000_000) : Int64(hours.magnitude)
            let total = (magnitude * 3600 + minutes * 60) * 1_000_000 + secondMicros
            let duration = SQLDuration(micros: hours < 0 ? -total : total, fractionDigits: digits)
            let text = "\(hours):\(minutes):\(seconds.value.text ?? "")"
            return .string(Self.inRange(e, duration, given: .string(text)).text)
        }
        define(["timediff"], 2...2, .time) { e, args throws(MySQLError) in
            let first = try e.argument(args, 0)
            let second = try e.argument(args, 1)
            guard let a = Self.instantOrDuration(first), let b = Self.instantOrDuration(second), a.isDate == b.isDate
            else { return .null }
            let digits = max(a.fractionDigits, b.fractionDigits)
            return .string(Self.inRange(e, SQLDuration(micros: a.micros - b.micros, fractionDigits: digits)).text)
        }
        for (name, sign) in [("addtime", Int64(1)), ("subtime", Int64(-1))] {
            define([name], 2...2, .ofValue) { e, args throws(MySQLError) in
                let first = try e.argument(args, 0)
                guard let base = Self.instantOrDuration(first),
                    let step = SQLDuration(try e.argument(args, 1))
                else { return .null }
                let digits = max(base.fractionDigits, step.fractionDigits)
                let micros = base.micros + sign * step.micros
                guard base.isDate else {
                    return .string(Self.inRange(e, SQLDuration(micros: micros, fractionDigits: digits)).text)
                }
                let time = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: 0, fractionDigits: digits)
                guard (1...9999).contains(time.year) else { return .null }
                if case .datetime = first { return .datetime(time) }
                return .string(time.description)
            }
        }
        define(["time_format"], 2...2, .ofValue) { e, args throws(MySQLError) in
            guard let duration = try Self.duration(e, args, 0), let format = try e.argument(args, 1).text else {
                return .null
            }
            return .string(Self.format(duration, format))
        }
        define(
            ["makedate"],
            2...2,
            .fixed(FieldType(type: .date, length: 10, flags: .binary, charset: CollationID.binary))
        ) { e, args throws(MySQLError) in
            guard var year = try e.argument(args, 0).int64(warn: e.warn),
                let day = try e.argument(args, 1).int64(warn: e.warn), day > 0, year >= 0
            else { return .null }
            if year < 70 { year += 2000 } else if year < 100 { year += 1900 }
            guard year <= 9999, day <= 3_660_000 else { return .null }
            let days = SQLDateTime.days(fromCivil: Int(year), 1, 1) + day - 1
            let time = SQLDateTime(microsecondsSinceEpoch: days * 86_400_000_000, offsetSeconds: 0, fractionDigits: 0)
            guard time.year <= 9999 else { return .null }
            return .date(SQLDateTime(year: time.year, month: time.month, day: time.day))
        }
        // TIMESTAMP(expr[, time]): the datetime, plus the time when given.
        define(["timestamp"], 1...2, .datetime) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            guard let base = Self.instantOrDuration(value), base.isDate else {
                if !value.isNull { e.warn(.incorrectDatetimeValue(value.text ?? "")) }
                return .null
            }
            var micros = base.micros
            var digits = base.fractionDigits
            if args.count == 2 {
                guard let step = SQLDuration(try e.argument(args, 1)) else { return .null }
                micros += step.micros
                digits = max(digits, step.fractionDigits)
            }
            let time = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: 0, fractionDigits: digits)
            return (1...9999).contains(time.year) ? .datetime(time) : .null
        }
        define(["from_unixtime"], 1...2, .ofValue) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            guard let number = value.number(warn: e.warn) else { return .null }
            let (micros, digits) = Self.microseconds(number)
            // TiDB's range: up to 32536771199.999999 (3001-01-19 03:14:07 UTC).
            guard micros >= 0, micros <= 32_536_771_199_999_999 else { return .null }
            let offset = e.environment.timeZone.offsetSeconds(atMicroseconds: micros)
            let time = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: offset, fractionDigits: digits)
            guard args.count == 2 else { return .datetime(time) }
            guard let format = try e.argument(args, 1).text else { return .null }
            return .string(DateBuiltins.format(time, format))
        }
    }

    /// The argument as a TIME; NULL and text that is no time give nil (the latter with 1292).
    static func duration(_ e: Evaluator, _ args: [Expression], _ index: Int) throws(MySQLError) -> SQLDuration? {
        let value = try e.argument(args, index)
        if value.isNull { return nil }
        guard let duration = SQLDuration(value) else {
            e.warn(.truncatedWrongValue("time", value.text ?? ""))
            return nil
        }
        return duration
    }

    /// Clamped to ±838:59:59 with TiDB's 1292 warning when outside.
    static func inRange(_ e: Evaluator, _ duration: SQLDuration, given: Value? = nil) -> SQLDuration {
        if duration.inRange { return duration }
        e.warn(.truncatedWrongValue("time", given?.text ?? duration.text))
        return duration.clamped()
    }

    /// Seconds as microseconds, with the fraction digits the number carries (an integer none,
    /// a DECIMAL its scale, a DOUBLE or text six).
    static func microseconds(_ number: Value.Number) -> (Int64, Int) {
        switch number {
        case .int(let n): return (n.multipliedReportingOverflow(by: 1_000_000).overflow ? .max : n * 1_000_000, 0)
        case .uint(let n): return (n > UInt64(Int64.max / 1_000_000) ? .max : Int64(n) * 1_000_000, 0)
        case .decimal(let d):
            let micros = d.rescaled(to: 6).map { Int64(clamping: $0.unscaled) } ?? .max
            return (micros, min(6, d.scale))
        case .double(let d):
            let micros = (d * 1_000_000).rounded()
            return (micros.magnitude < 9e18 ? Int64(micros) : (d < 0 ? .min : .max), 6)
        }
    }

    /// A datetime (as microseconds since the epoch) or a TIME, for TIMEDIFF and ADDTIME.
    struct Operand {
        var micros: Int64
        var fractionDigits: Int
        var isDate: Bool
    }

    static func instantOrDuration(_ value: Value) -> Operand? {
        switch value {
        case .null: return nil
        case .datetime(let time), .date(let time):
            return Operand(
                micros: time.microsecondsSinceEpoch(offsetSeconds: 0),
                fractionDigits: time.fractionDigits,
                isDate: true
            )
        default:
            guard let text = value.text else { return nil }
            if text.contains("-") || text.split(separator: " ").first?.count ?? 0 > 4,
                let time = SQLDateTime(parsing: text.trimmingASCIISpaces())
            {
                let digits = text.split(separator: ".").dropFirst().first.map { min(6, $0.count) } ?? 0
                return Operand(
                    micros: time.microsecondsSinceEpoch(offsetSeconds: 0),
                    fractionDigits: digits,
                    isDate: true
                )
            }
            guard let duration = SQLDuration(value) else { return nil }
            return Operand(micros: duration.micros, fractionDigits: duration.fractionDigits, isDate: false)
        }
    }

    /// TIME_FORMAT: the hour, minute, second and fraction specifiers (hours may pass 23); the
    /// date ones give what a zero date would.
    static func format(_ duration: SQLDuration, _ format: String) -> String {
        var time = SQLDateTime(year: 0, month: 0, day: 0)
        time.hour = duration.hours
        time.minute = duration.minutes
        time.second = duration.seconds
        time.microsecond = duration.microseconds
        return (duration.isNegative ? "-" : "") + DateBuiltins.format(time, format)
    }
}
