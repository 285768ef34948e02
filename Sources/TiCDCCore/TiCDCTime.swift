#if canImport(Glibc)
import Glibc
#endif

/// TiCDC's time texts: `checkpoint_time` as `2006-01-02 15:04:05.000` in the server's zone
/// (`JSONTime`), `create_time` and error times as Go's RFC 3339 with nanoseconds and offset.
public enum TiCDCTime {
    /// The physical part of a TSO, Unix milliseconds.
    public static func milliseconds(ofTSO tso: UInt64) -> Int64 { Int64(tso >> 18) }

    public static func tso(milliseconds: Int64, logical: UInt64 = 0) -> UInt64 {
        UInt64(max(0, milliseconds)) << 18 | logical
    }

    /// `2006-01-02 15:04:05.000`, local time.
    public static func checkpointTime(milliseconds: Int64) -> String {
        let parts = Self.local(milliseconds)
        return "\(parts.date) \(parts.time).\(Self.pad(Int(milliseconds.remainderNonNegative(1000)), 3))"
    }

    /// `2006-01-02T15:04:05.999999999-07:00` (Z for UTC), fractional seconds trimmed as Go does.
    public static func rfc3339(milliseconds: Int64) -> String {
        let parts = Self.local(milliseconds)
        var text = "\(parts.date)T\(parts.time)"
        var fraction = Int(milliseconds.remainderNonNegative(1000))
        if fraction > 0 {
            var digits = Self.pad(fraction, 3)
            while digits.hasSuffix("0") {
                digits.removeLast()
                fraction /= 10
            }
            text += "." + digits
        }
        let offset = parts.offsetSeconds
        if offset == 0 { return text + "Z" }
        let sign = offset < 0 ? "-" : "+"
        return text + sign + Self.pad(abs(offset) / 3600, 2) + ":" + Self.pad(abs(offset) / 60 % 60, 2)
    }

    private static func local(_ milliseconds: Int64) -> (date: String, time: String, offsetSeconds: Int) {
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let date =
            "\(Self.pad(Int(parts.tm_year) + 1900, 4))-\(Self.pad(Int(parts.tm_mon) + 1, 2))-\(Self.pad(Int(parts.tm_mday), 2))"
        let time =
            "\(Self.pad(Int(parts.tm_hour), 2)):\(Self.pad(Int(parts.tm_min), 2)):\(Self.pad(Int(parts.tm_sec), 2))"
        return (date, time, Int(parts.tm_gmtoff))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        self >= 0 ? self / divisor : (self - divisor + 1) / divisor
    }

    fileprivate func remainderNonNegative(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
