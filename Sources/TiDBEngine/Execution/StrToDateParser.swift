/// STR_TO_DATE's reading of a string by a format, as TiDB's `types.StrToDate` reads it: the
/// format's tokens one by one against the input (white space skipped before each), a date that
/// ends early leaves the rest of the format unread, and text after the format is ignored (with a
/// warning). Only the specifiers TiDB implements are known; any other token must match literally.
struct StrToDateParser {
    /// What the format produces, TiDB's `GetFormatType`: TIME when it names only clock parts,
    /// DATE when only calendar parts, DATETIME otherwise.
    enum ResultKind: Equatable {
        case date
        case datetime
        case time
    }

    /// The result of a read that matched the format.
    struct Parsed {
        var time: SQLDateTime
        /// The input had characters after the format's last token.
        var hasTrailingText: Bool
        /// Whether the date is a calendar date (TiDB's `Time.Check`).
        var isValid: Bool
    }

    /// The result kind of a constant `format` and its fraction digits (6 when it has `%f`).
    static func resultKind(format: String) -> (kind: ResultKind, fsp: Int) {
        var isDuration = false
        var isDate = false
        var rest = Substring(format).drop(while: \.isWhitespace)
        while let (token, remainder) = Self.nextToken(rest) {
            rest = remainder
            guard let token else {
                isDuration = false
                isDate = false
                break
            }
            if token.count >= 2, token.first == "%" {
                let letter = token[token.index(after: token.startIndex)]
                if "hHiIsSklfrT".contains(letter) { isDuration = true }
                if "yYmMcbDde".contains(letter) { isDate = true }
            }
            if isDuration, isDate { break }
        }
        let fsp = format.contains("%f") ? 6 : 0
        if isDuration, !isDate { return (.time, fsp) }
        if isDate, !isDuration { return (.date, fsp) }
        return (.datetime, fsp)
    }

    /// One format token: `%x` or one character. nil when the format is used up; a nil token for
    /// a lone `%` at the end (a malformed format).
    private static func nextToken(_ format: Substring) -> (Substring?, Substring)? {
        guard let first = format.first else { return nil }
        if format.count == 1 { return first == "%" ? (nil, "") : (format, "") }
        let length = first == "%" ? 2 : 1
        let end = format.index(format.startIndex, offsetBy: length)
        return (format[..<end], format[end...])
    }

    private var time = SQLDateTime(year: 0, month: 0, day: 0)
    /// The AM/PM marker read (1 AM, 2 PM, 0 when the input ended at `%p`).
    private var meridiem: Int?
    private var sawHour24 = false
    private var sawHour12 = false

    /// Reads `date` by `format`; nil when they do not match (`allowInvalidDates` lets any day up
    /// to 31 be valid).
    static func parse(_ date: String, format: String, allowInvalidDates: Bool) -> Parsed? {
        var parser = StrToDateParser()
        var input = Substring(date)
        var rest = Substring(format)
        var hasTrailingText = false
        while true {
            input = input.drop(while: \.isWhitespace)
            rest = rest.drop(while: \.isWhitespace)
            guard let (token, remainder) = Self.nextToken(rest) else {
                hasTrailingText = !input.isEmpty
                break
            }
            guard let token else { return nil }
            rest = remainder
            if input.isEmpty {
                if token == "%p" { parser.meridiem = 0 }
                if token == "%H" { parser.sawHour24 = true }
                if token == "%h" { parser.sawHour12 = true }
                break
            }
            guard let next = parser.match(token, input) else { return nil }
            input = next
        }
        guard parser.fixHour() else { return nil }
        return Parsed(
            time: parser.time,
            hasTrailingText: hasTrailingText,
            isValid: Self.isValid(parser.time, allowInvalidDates: allowInvalidDates)
        )
    }

    /// TiDB's `mysqlTimeFix`: AM/PM applies to a 12-hour clock; 12 AM is hour 0.
    private mutating func fixHour() -> Bool {
        guard let meridiem else {
            if self.sawHour12, self.time.hour == 12 { self.time.hour = 0 }
            return true
        }
        if self.sawHour24 || self.time.hour == 0 { return false }
        if self.time.hour == 12 {
            if meridiem == 1 { self.time.hour = 0 }
            return true
        }
        if meridiem == 2 { self.time.hour += 12 }
        return true
    }

    /// TiDB's `Time.Check` in a statement that ignores zero in dates: an all-zero date, or
    /// months and days within the calendar.
    private static func isValid(_ time: SQLDateTime, allowInvalidDates: Bool) -> Bool {
        if time.year == 0, time.month == 0, time.day == 0 { return true }
        guard time.month <= 12 else { return false }
        var maxDay = 31
        if !allowInvalidDates, time.month > 0 {
            maxDay = SQLDateTime.daysInMonth(year: time.year, month: time.month)
        }
        return time.day <= maxDay
    }

    private mutating func match(_ token: Substring, _ input: Substring) -> Substring? {
        switch token {
        case "%b":
            let prefix = String(input.prefix(3)).lowercased()
            guard let index = DateBuiltins.monthNames.firstIndex(where: { $0.prefix(3).lowercased() == prefix })
            else { return nil }
            self.time.month = index + 1
            return input.dropFirst(3)
        case "%M":
            for (index, name) in DateBuiltins.monthNames.enumerated()
            where input.prefix(name.count).lowercased() == name.lowercased() {
                self.time.month = index + 1
                return input.dropFirst(name.count)
            }
            return nil
        case "%c", "%m": return self.number(input, digits: 2, in: 0...12) { $0.time.month = $1 }
        case "%d", "%e": return self.number(input, digits: 2, in: 0...31) { $0.time.day = $1 }
        case "%H", "%k":
            self.sawHour24 = true
            return self.number(input, digits: 2, in: 0...23) { $0.time.hour = $1 }
        case "%h", "%I", "%l":
            self.sawHour12 = true
            return self.number(input, digits: 2, in: 1...12) { $0.time.hour = $1 }
        case "%i": return self.number(input, digits: 2, in: 0...59) { $0.time.minute = $1 }
        case "%s", "%S": return self.number(input, digits: 2, in: 0...59) { $0.time.second = $1 }
        case "%f":
            let (value, count) = Self.digits(input, limit: 6)
            var micros = value
            for _ in count..<6 { micros *= 10 }
            self.time.microsecond = count == 0 ? 0 : micros
            return input.dropFirst(count)
        case "%Y", "%y":
            let (value, count) = Self.digits(input, limit: token == "%Y" ? 4 : 2)
            guard count > 0 else { return nil }
            // Two digits are a year of 1970-2069, as TiDB's adjustYear has it.
            self.time.year = count <= 2 ? (value < 70 ? 2000 + value : 1900 + value) : value
            return input.dropFirst(count)
        case "%j":
            let (value, count) = Self.digits(input, limit: 3)
            return count > 0 && value > 0 ? input.dropFirst(count) : nil
        case "%p":
            switch input.prefix(2).lowercased() {
            case "am": self.meridiem = 1
            case "pm": self.meridiem = 2
            default: return nil
            }
            return input.dropFirst(2)
        case "%T": return self.clock(input, twelveHour: false)
        case "%r": return self.clock(input, twelveHour: true)
        case "%#": return input.drop { $0.isNumber }
        case "%.": return input.drop { $0.isPunctuation }
        case "%@": return input.drop { $0.isLetter }
        default: return input.hasPrefix(token) ? input.dropFirst(token.count) : nil
        }
    }

    private mutating func number(
        _ input: Substring,
        digits limit: Int,
        in range: ClosedRange<Int>,
        _ store: (inout StrToDateParser, Int) -> Void
    ) -> Substring? {
        let (value, count) = Self.digits(input, limit: limit)
        guard count > 0, range.contains(value) else { return nil }
        store(&self, value)
        return input.dropFirst(count)
    }

    /// Up to `limit` leading ASCII digits: their value and count.
    private static func digits(_ input: Substring, limit: Int) -> (Int, Int) {
        var value = 0
        var count = 0
        for character in input.prefix(limit) {
            guard let digit = character.asciiValue, (48...57).contains(digit) else { break }
            value = value * 10 + Int(digit - 48)
            count += 1
        }
        return (value, count)
    }

    /// `%T` (hh:mm:ss) and `%r` (hh:mm:ss AM); an input that ends after any part is accepted with
    /// the parts read so far.
    private mutating func clock(_ input: Substring, twelveHour: Bool) -> Substring? {
        var rest = input
        let (hourValue, hourCount) = Self.digits(rest, limit: 2)
        guard hourCount > 0, twelveHour ? (1...12).contains(hourValue) : hourValue <= 23 else { return nil }
        let hour = twelveHour && hourValue == 12 ? 0 : hourValue
        self.time.hour = hour
        rest = rest.dropFirst(hourCount)
        for part in 0..<2 {
            rest = rest.drop(while: \.isWhitespace)
            if rest.isEmpty { return rest }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop(while: \.isWhitespace)
            if rest.isEmpty { return rest }
            let (value, count) = Self.digits(rest, limit: 2)
            guard count > 0, value <= 59 else { return nil }
            if part == 0 { self.time.minute = value } else { self.time.second = value }
            rest = rest.dropFirst(count)
        }
        guard twelveHour else { return rest }
        rest = rest.drop(while: \.isWhitespace)
        if rest.isEmpty { return rest }
        switch rest.prefix(2).lowercased() {
        case "am": self.time.hour = hour
        case "pm": self.time.hour = hour + 12
        default: return nil
        }
        return rest.dropFirst(2)
    }
}
