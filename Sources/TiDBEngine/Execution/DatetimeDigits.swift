import MySQLTypes

/// Dates and times written as bare digits, read as TiDB reads them (`parseDatetime` with one
/// digit run, and `ParseDatetimeFromNum`): `'170102034'` is 2017-01-02 03:04:00, `'970101.111'`
/// 1997-01-01 11:01:00, the number 111 is 2000-01-11.
enum DatetimeDigits {
    /// A string that is one run of digits, optionally followed by `.` and a fraction text; nil
    /// for any other string (the delimited parser reads those) or digits of no known length.
    /// `truncated` is set when the fraction text is not entirely read (TiDB's 1292 warning).
    static func datetime(digitString text: String, truncated: inout Bool) -> SQLDateTime? {
        let bytes = Array(text.utf8)
        let digits = bytes.prefix { (0x30...0x39).contains($0) }
        guard !digits.isEmpty, digits.count == bytes.count || bytes[digits.count] == UInt8(ascii: ".") else {
            return nil
        }
        let fraction = Array(bytes.dropFirst(digits.count + 1))
        let widths: [Int]
        switch digits.count {
        case 14: widths = [4, 2, 2, 2, 2, 2]
        case 12: widths = [2, 2, 2, 2, 2, 2]
        case 11: widths = [2, 2, 2, 2, 2, 1]
        case 10: widths = [2, 2, 2, 2, 2]
        case 9: widths = [2, 2, 2, 2, 1]
        case 8: widths = [4, 2, 2]
        case 7: widths = [2, 2, 2, 1]
        case 6, 5: widths = [2, 2, 2]
        default: return nil
        }
        var fields = [0, 0, 0, 0, 0, 0]
        var index = 0
        for (position, width) in widths.enumerated() {
            let run = digits.dropFirst(index).prefix(width)
            fields[position] = run.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            index += width
        }
        if widths[0] == 2 { fields[0] += fields[0] < 70 ? 2000 : 1900 }
        switch digits.count {
        case 5, 6, 8:
            // The fraction of a date is its time: hour, minute, second, two digits each.
            let fieldCount = fraction.count <= 2 ? 1 : fraction.count <= 4 ? 2 : 3
            if !fraction.isEmpty { truncated = Self.scan(fraction, into: &fields, from: 3, count: fieldCount) }
        case 9, 10:
            fields[5] = 0
            if !fraction.isEmpty { truncated = Self.scan(fraction, into: &fields, from: 5, count: 1) }
        default:
            break
        }
        return Self.validated(fields)
    }

    /// Go's `Sscanf("%2d%2d... ")` over the fraction text: up to two digits per field; false
    /// when every field read digits and only spaces follow.
    private static func scan(_ text: [UInt8], into fields: inout [Int], from first: Int, count: Int) -> Bool {
        var index = 0
        for field in first..<(first + count) {
            let run = text.dropFirst(index).prefix(2).prefix { (0x30...0x39).contains($0) }
            guard !run.isEmpty else { return true }
            fields[field] = run.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            index += run.count
        }
        return !text.dropFirst(index).allSatisfy { $0 == 0x20 }
    }

    /// `ParseDatetimeFromNum`: YYMMDD, YYYYMMDD, YYMMDDhhmmss or YYYYMMDDhhmmss by magnitude,
    /// two-digit years 70-99 in the 1900s, 00-69 in the 2000s; 0 is the zero date.
    static func datetime(number: Int64) -> SQLDateTime? {
        if number == 0 { return SQLDateTime(year: 0, month: 0, day: 0) }
        var full: Int64
        switch number {
        case ..<101: return nil
        case ...691231: full = (number + 20_000_000) * 1_000_000
        case ..<700101: return nil
        case ...991231: full = (number + 19_000_000) * 1_000_000
        case ..<10_000_101: return nil
        case ...99_991_231: full = number * 1_000_000
        case ..<101_000_000: return nil
        case ...691_231_235_959: full = number + 20_000_000_000_000
        case ..<700_101_000_000: return nil
        case ...991_231_235_959: full = number + 19_000_000_000_000
        default: full = number
        }
        guard full <= 99_991_231_235_959 else { return nil }
        let date = full / 1_000_000
        let time = full % 1_000_000
        return Self.validated([
            Int(date / 10_000), Int(date / 100 % 100), Int(date % 100), Int(time / 10_000), Int(time / 100 % 100),
            Int(time % 100),
        ])
    }

    private static func validated(_ fields: [Int]) -> SQLDateTime? {
        guard fields[1] <= 12, fields[2] <= 31, fields[3] <= 23, fields[4] <= 59, fields[5] <= 59 else { return nil }
        if fields[1] > 0, fields[2] > SQLDateTime.daysInMonth(year: max(fields[0], 1), month: fields[1]) {
            return nil
        }
        return SQLDateTime(
            year: fields[0],
            month: fields[1],
            day: fields[2],
            hour: fields[3],
            minute: fields[4],
            second: fields[5]
        )
    }
}

extension Evaluator {
    /// A number as CAST(... AS DATE/DATETIME) reads it: its integer part by magnitude.
    static func datetimeOfNumber(_ value: Value) -> SQLDateTime? {
        switch value {
        case .int(let number): return DatetimeDigits.datetime(number: number)
        case .uint(let number): return Int64(exactly: number).flatMap { DatetimeDigits.datetime(number: $0) }
        case .decimal(let number):
            return Int64(exactly: number.unscaled / SQLDecimal.powerOfTen(number.scale)).flatMap {
                DatetimeDigits.datetime(number: $0)
            }
        case .double(let number):
            guard number.magnitude < 1e15 else { return nil }
            return DatetimeDigits.datetime(number: Int64(number))
        default: return nil
        }
    }

    /// A text as CAST(... AS DATE/DATETIME) reads it: delimited, or bare digits (1292
    /// "Truncated incorrect datetime value" when their fraction is not entirely read).
    func datetimeOfText(_ text: String) -> SQLDateTime? {
        if let parsed = SQLDateTime(parsing: text) { return parsed }
        var truncated = false
        guard let parsed = DatetimeDigits.datetime(digitString: text, truncated: &truncated) else { return nil }
        if truncated { self.warn(.truncatedWrongValue("datetime", text)) }
        return parsed
    }
}
