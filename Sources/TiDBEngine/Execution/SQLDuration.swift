import MySQLTypes

/// A TIME value: signed microseconds within ±838:59:59.999999, with its fraction digits. TIME
/// values travel as their text (`[-]HH:MM:SS[.f]`); this reads and writes that text.
struct SQLDuration: Equatable {
    static let maximumMicros: Int64 = (838 * 3600 + 59 * 60 + 59) * 1_000_000

    var micros: Int64
    var fractionDigits: Int

    init(micros: Int64, fractionDigits: Int) {
        self.micros = micros
        self.fractionDigits = max(0, min(6, fractionDigits))
    }

    var isNegative: Bool { self.micros < 0 }
    var hours: Int { Int(self.micros.magnitude / 3_600_000_000) }
    var minutes: Int { Int(self.micros.magnitude / 60_000_000 % 60) }
    var seconds: Int { Int(self.micros.magnitude / 1_000_000 % 60) }
    var microseconds: Int { Int(self.micros.magnitude % 1_000_000) }

    var text: String {
        TemporalText.time(
            negative: self.micros < 0,
            hours: self.hours,
            minutes: self.minutes,
            seconds: self.seconds,
            microseconds: self.microseconds,
            fractionDigits: self.fractionDigits
        )
    }

    /// Rounded to `digits` fraction digits (half away from zero), as TiDB rounds a TIME.
    func rounded(to digits: Int) -> SQLDuration {
        let divisor = Int64([1_000_000, 100_000, 10_000, 1000, 100, 10, 1][max(0, min(6, digits))])
        var magnitude = Int64(self.micros.magnitude)
        magnitude = (magnitude + divisor / 2) / divisor * divisor
        return SQLDuration(micros: self.micros < 0 ? -magnitude : magnitude, fractionDigits: digits)
    }

    /// Whether the value is inside TIME's range; `clamped()` brings it in.
    var inRange: Bool { self.micros.magnitude <= UInt64(Self.maximumMicros) + 999_999 }

    func clamped() -> SQLDuration {
        let limit = Self.maximumMicros
        return SQLDuration(micros: max(-limit, min(limit, self.micros)), fractionDigits: self.fractionDigits)
    }

    /// TIME text: `[-][D ]H[:M[:S]][.f]` or `[-]HHMMSS[.f]` (`123456` is 12:34:56). Out-of-range
    /// hours still parse; callers clamp.
    init?(parsing raw: String) {
        var text = Substring(raw.trimmingASCIISpaces())
        guard !text.isEmpty else { return nil }
        var negative = false
        if text.hasPrefix("-") {
            negative = true
            text = text.dropFirst()
        }
        var micros: Int64 = 0
        var digits = 0
        if let point = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: point)...]
            guard fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let kept = fraction.prefix(6)
            digits = kept.count
            micros = Int64(kept.isEmpty ? 0 : Int(kept)! * [1, 100_000, 10_000, 1000, 100, 10, 1][kept.count])
            text = text[..<point]
        }
        var days: Int64 = 0
        if let space = text.firstIndex(of: " ") {
            guard let parsed = Int64(text[..<space]), parsed >= 0, parsed <= 34 else { return nil }
            days = parsed
            text = text[text.index(after: space)...]
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return nil }
        var hours: Int64 = 0
        var minutes: Int64 = 0
        var seconds: Int64 = 0
        switch parts.count {
        case 1 where days > 0:
            hours = Int64(parts[0]) ?? 0
        case 1:
            guard let number = Int64(parts[0]), parts[0].count <= 7 else { return nil }
            (hours, minutes, seconds) = (number / 10_000, number / 100 % 100, number % 100)
        case 2, 3:
            guard let h = Int64(parts[0]), let m = Int64(parts[1]) else { return nil }
            (hours, minutes) = (h, m)
            if parts.count == 3 { seconds = Int64(parts[2]) ?? 60 }
        default:
            return nil
        }
        guard minutes < 60, seconds < 60, hours < 100_000 else { return nil }
        let total = ((days * 24 + hours) * 3600 + minutes * 60 + seconds) * 1_000_000 + micros
        self.init(micros: negative ? -total : total, fractionDigits: digits)
    }

    /// A value used as a TIME: a datetime's time of day, a number read as `HHMMSS`, or text as
    /// TIME or else as a datetime. nil when it is no time.
    init?(_ value: Value) {
        switch value {
        case .null: return nil
        case .datetime(let time), .date(let time):
            let seconds = Int64((time.hour * 60 + time.minute) * 60 + time.second)
            self.init(micros: seconds * 1_000_000 + Int64(time.microsecond), fractionDigits: time.fractionDigits)
        case .int(let n):
            guard let parsed = SQLDuration(parsing: String(n.magnitude)) else { return nil }
            self.init(micros: n < 0 ? -parsed.micros : parsed.micros, fractionDigits: 0)
        default:
            guard let text = value.text else { return nil }
            if let parsed = SQLDuration(parsing: text) {
                self = parsed
            } else if let time = SQLDateTime(parsing: text.trimmingASCIISpaces()) {
                self.init(.datetime(time))
            } else {
                return nil
            }
        }
    }

    /// The TIME column type with `fsp` fraction digits.
    static func fieldType(fsp: Int) -> FieldType {
        FieldType(
            type: .time,
            length: UInt32(fsp > 0 ? 11 + fsp : 10),
            decimals: UInt8(fsp),
            flags: .binary,
            charset: CollationID.binary
        )
    }
}
