import MySQLTypes

/// Go layouts TiDB uses for GC rows, in the server's own time zone.
enum GCTimeFormat {
    /// `20060102-15:04:05.000 -0700`
    static func format(_ micros: Int64) -> String {
        let offset = SystemTimeZone.offsetSeconds(atMicroseconds: micros)
        let time = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: offset, fractionDigits: 3)
        return time.year.zeroPadded(4) + time.month.zeroPadded(2) + time.day.zeroPadded(2) + "-"
            + time.hour.zeroPadded(2) + ":" + time.minute.zeroPadded(2) + ":"
            + time.second.zeroPadded(2) + "." + (time.microsecond / 1000).zeroPadded(3) + " "
            + SystemTimeZone.offsetText(seconds: offset)
    }

    /// Parses `20060102-15:04:05[.000] -0700` back to epoch microseconds.
    static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0].count >= 17 else { return nil }
        let stamp = Array(parts[0])
        func number(_ range: Range<Int>) -> Int? { Int(String(stamp[range])) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(12..<14), let second = number(15..<17)
        else { return nil }
        let millis = stamp.count > 18 ? number(18..<stamp.count) ?? 0 : 0
        let zone = Array(parts[1])
        guard zone.count == 5, let hours = Int(String(zone[1..<3])), let minutes = Int(String(zone[3..<5])) else {
            return nil
        }
        let offset = (hours * 3600 + minutes * 60) * (zone[0] == "-" ? -1 : 1)
        let time = SQLDateTime(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second,
            microsecond: millis * 1000
        )
        return time.microsecondsSinceEpoch(offsetSeconds: offset)
    }

    /// Go's `time.Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    static func goTimeString(_ micros: Int64) -> String {
        let offset = SystemTimeZone.offsetSeconds(atMicroseconds: micros)
        var time = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: offset, fractionDigits: 6)
        var text = time.description
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        time.fractionDigits = 0
        let abbreviation = offset == 0 ? "UTC" : SystemTimeZone.offsetText(seconds: offset)
        return text + " " + SystemTimeZone.offsetText(seconds: offset) + " " + abbreviation
    }
}
