import MySQLTypes

/// `date + INTERVAL n unit`, `DATE_ADD`/`DATE_SUB`/`ADDDATE`/`SUBDATE` with the single-field
/// units (MICROSECOND ... YEAR). Fixed-length units move the instant; MONTH, QUARTER and YEAR move
/// the calendar and clamp the day to the month's last (MySQL's rule: '2024-01-31' + 1 MONTH is
/// '2024-02-29'). The compound units ('1:30' HOUR_MINUTE ...) are in DateInterval+Compound.swift.
enum DateInterval {
    enum Unit: String {
        case microsecond = "MICROSECOND"
        case second = "SECOND"
        case minute = "MINUTE"
        case hour = "HOUR"
        case day = "DAY"
        case week = "WEEK"
        case month = "MONTH"
        case quarter = "QUARTER"
        case year = "YEAR"

        var microseconds: Int64? {
            switch self {
            case .microsecond: 1
            case .second: 1_000_000
            case .minute: 60_000_000
            case .hour: 3_600_000_000
            case .day: 86_400_000_000
            case .week: 604_800_000_000
            case .month, .quarter, .year: nil
            }
        }

        var months: Int {
            switch self {
            case .quarter: 3
            case .year: 12
            default: 1
            }
        }
    }

    /// Arguments: the date, the amount, the unit's name (a literal the parser wrote).
    static func evaluate(_ e: Evaluator, _ args: [Expression], subtracting: Bool) throws(MySQLError) -> Value {
        let base = try e.argument(args, 0)
        var amount = try e.argument(args, 1)
        guard let unitName = try e.argument(args, 2).text else { return .null }
        let unit: Unit
        if let single = Unit(rawValue: unitName) {
            unit = single
        } else {
            guard let compound = CompoundUnit(rawValue: unitName), let converted = compound.amount(amount) else {
                return .null
            }
            (amount, unit) = converted
        }
        let time: SQLDateTime
        var isDate = false
        // A string or number base gives a string result, which shows a fraction only when there is one.
        var textResult = true
        switch base {
        case .null: return .null
        case .datetime(let value):
            time = value
            textResult = false
        case .date(let value):
            time = value
            isDate = true
            textResult = false
        case .int, .uint, .decimal, .double:
            guard let number = base.number(warn: e.warn), let parsed = Self.numericDatetime(number) else {
                e.warn(.incorrectDatetimeValue(base.text ?? ""))
                return .null
            }
            time = parsed
        default:
            guard let text = base.text, let parsed = SQLDateTime(parsing: text) else {
                e.warn(.incorrectDatetimeValue(base.text ?? ""))
                return .null
            }
            time = parsed
            // '2024-01-31' + INTERVAL 1 DAY stays a date.
            isDate = !text.contains(":")
        }
        guard let number = Self.amountNumber(amount, unit: unit, warn: e.warn) else { return .null }
        let sign: Double = subtracting ? -1 : 1
        var result: SQLDateTime
        if let step = unit.microseconds {
            // Fractions count for SECOND (1.5 SECOND); other units round as MySQL does.
            let scaled =
                unit == .second
                ? (number.doubleValue * sign * 1_000_000).rounded()
                : (number.doubleValue * sign).rounded(.toNearestOrAwayFromZero) * Double(step)
            guard abs(scaled) < 3e17 else { return .null }
            let micros = time.microsecondsSinceEpoch(offsetSeconds: 0) + Int64(scaled)
            let fraction =
                unit == .microsecond || scaled.truncatingRemainder(dividingBy: 1_000_000) != 0 ? 6 : time.fractionDigits
            result = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: 0, fractionDigits: fraction)
            isDate = isDate && step % 86_400_000_000 == 0
        } else {
            let count = (number.doubleValue * sign).rounded(.toNearestOrAwayFromZero)
            guard abs(count) < 120_000 else { return .null }
            let months = time.year * 12 + (time.month - 1) + Int(count) * unit.months
            result = time
            result.year = months / 12
            result.month = months % 12 + 1
            let last = Int(
                SQLDateTime.days(
                    fromCivil: result.month == 12 ? result.year + 1 : result.year,
                    result.month % 12 + 1,
                    1
                )
                    - SQLDateTime.days(fromCivil: result.year, result.month, 1)
            )
            result.day = min(result.day, last)
        }
        guard (1...9999).contains(result.year) else { return .null }
        if textResult, !isDate { result.fractionDigits = result.microsecond == 0 ? 0 : 6 }
        return isDate ? .date(result) : .datetime(result)
    }

    /// The amount as a number. A string amount is read as TiDB reads it: its leading integer for
    /// every unit but SECOND (`'1.9' MINUTE` is 1, `'1e2' HOUR` is 1); for SECOND its numeric
    /// prefix cut to six fraction digits.
    static func amountNumber(_ amount: Value, unit: Unit, warn: (MySQLError) -> Void) -> Value.Number? {
        guard case .string(let text) = amount else { return amount.number(warn: warn) }
        if unit == .second {
            // The numeric prefix ('1e2' is 100), cut to microseconds.
            switch amount.number(warn: warn) {
            case .decimal(let decimal) where decimal.scale > 6:
                return .decimal(
                    SQLDecimal(unscaled: decimal.unscaled / SQLDecimal.powerOfTen(decimal.scale - 6), scale: 6)
                )
            case .double(let double): return .double((double * 1_000_000).rounded(.towardZero) / 1_000_000)
            case let other: return other
            }
        }
        let trimmed = text.trimmingASCIISpaces()
        var prefix = ""
        for character in trimmed {
            if character == "-" || character == "+", prefix.isEmpty {
                prefix.append(character)
            } else if character.isASCII, character.isNumber {
                prefix.append(character)
            } else {
                break
            }
        }
        guard let decimal = SQLDecimal(parsing: prefix) else { return .int(0) }
        return .decimal(decimal)
    }

    /// A number as a date and time (DatetimeDigits), a fraction as microseconds.
    static func numericDatetime(_ number: Value.Number) -> SQLDateTime? {
        let whole: Int64
        var micros = 0
        switch number {
        case .int(let value): whole = value
        case .uint(let value):
            guard let value = Int64(exactly: value) else { return nil }
            whole = value
        case .decimal(let value):
            let divisor = SQLDecimal.powerOfTen(value.scale)
            guard let truncated = Int64(exactly: value.unscaled / divisor) else { return nil }
            whole = truncated
            micros = Int(value.unscaled % divisor * 1_000_000 / divisor)
        case .double(let value):
            guard value.magnitude < 1e18 else { return nil }
            whole = Int64(value)
            micros = Int(((value - Double(whole)) * 1_000_000).rounded())
        }
        guard var time = DatetimeDigits.datetime(number: whole) else { return nil }
        time.microsecond = micros
        time.fractionDigits = micros == 0 ? 0 : 6
        return time
    }
}
