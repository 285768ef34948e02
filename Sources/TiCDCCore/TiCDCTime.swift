import MySQLTypes

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
        return "\(parts.date) \(parts.time).\(milliseconds.remainderNonNegative(1000).zeroPadded(3))"
    }

    /// `2006-01-02T15:04:05.999999999-07:00` (Z for UTC), fractional seconds trimmed as Go does.
    public static func rfc3339(milliseconds: Int64) -> String {
        let parts = Self.local(milliseconds)
        var text = "\(parts.date)T\(parts.time)"
        var fraction = Int(milliseconds.remainderNonNegative(1000))
        if fraction > 0 {
            var digits = fraction.zeroPadded(3)
            while digits.hasSuffix("0") {
                digits.removeLast()
                fraction /= 10
            }
            text += "." + digits
        }
        let offset = parts.offsetSeconds
        if offset == 0 { return text + "Z" }
        let sign = offset < 0 ? "-" : "+"
        return text + sign + (abs(offset) / 3600).zeroPadded(2) + ":" + (abs(offset) / 60 % 60).zeroPadded(2)
    }

    private static func local(_ milliseconds: Int64) -> (date: String, time: String, offsetSeconds: Int) {
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let date = TemporalText.date(
            year: Int(parts.tm_year) + 1900,
            month: Int(parts.tm_mon) + 1,
            day: Int(parts.tm_mday)
        )
        let time = "\(parts.tm_hour.zeroPadded(2)):\(parts.tm_min.zeroPadded(2)):\(parts.tm_sec.zeroPadded(2))"
        return (date, time, Int(parts.tm_gmtoff))
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
