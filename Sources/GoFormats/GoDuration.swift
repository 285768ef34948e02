/// Go's `time.Duration` text form: TiDB keeps GC intervals in it (`10m0s`), TiCDC takes
/// durations in it (`sync-point-interval = "10m"`).
public enum GoDuration {
    /// Parses `[-+]` then one or more `<number>[.<fraction>]<unit>` (units ns, us, µs, ms, s, m, h), or `0`.
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        guard !bytes.isEmpty else { return nil }
        var total: Double = 0
        while !bytes.isEmpty {
            var whole: Double = 0
            var fraction: Double = 0
            var scale: Double = 1
            var digits = 0
            while let byte = bytes.first, byte >= 0x30, byte <= 0x39 {
                whole = whole * 10 + Double(byte - 0x30)
                bytes = bytes.dropFirst()
                digits += 1
            }
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                while let byte = bytes.first, byte >= 0x30, byte <= 0x39 {
                    scale /= 10
                    fraction += Double(byte - 0x30) * scale
                    bytes = bytes.dropFirst()
                    digits += 1
                }
            }
            guard digits > 0 else { return nil }
            var unitBytes: [UInt8] = []
            while let byte = bytes.first, !(byte >= 0x30 && byte <= 0x39), byte != UInt8(ascii: ".") {
                unitBytes.append(byte)
                bytes = bytes.dropFirst()
            }
            let unit = String(decoding: unitBytes, as: UTF8.self)
            let nanos: Double
            switch unit {
            case "ns": nanos = 1
            case "us", "µs", "μs": nanos = 1_000
            case "ms": nanos = 1_000_000
            case "s": nanos = 1_000_000_000
            case "m": nanos = 60_000_000_000
            case "h": nanos = 3_600_000_000_000
            default: return nil
            }
            total += (whole + fraction) * nanos
        }
        guard total <= Double(Int64.max) else { return nil }
        return negative ? -Int64(total) : Int64(total)
    }

    /// Formats like Go: `10m0s`, `1h30m0s`, `1.5s`, `500ms`, `0s`.
    public static func format(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude < 1_000_000_000 {
            if magnitude < 1_000 {
                text = "\(magnitude)ns"
            } else if magnitude < 1_000_000 {
                text = Self.fraction(magnitude, unit: 1_000) + "µs"
            } else {
                text = Self.fraction(magnitude, unit: 1_000_000) + "ms"
            }
        } else {
            let hours = magnitude / 3_600_000_000_000
            let minutes = magnitude / 60_000_000_000 % 60
            let seconds = Self.fraction(magnitude % 60_000_000_000, unit: 1_000_000_000) + "s"
            text = hours > 0 ? "\(hours)h\(minutes)m" + seconds : minutes > 0 ? "\(minutes)m" + seconds : seconds
        }
        return negative ? "-" + text : text
    }

    private static func fraction(_ value: UInt64, unit: UInt64) -> String {
        let whole = value / unit
        var rest = value % unit
        guard rest > 0 else { return String(whole) }
        var digits = ""
        var scale = unit / 10
        while rest > 0, scale > 0 {
            digits.append(Character(String(rest / scale)))
            rest %= scale
            scale /= 10
        }
        return "\(whole).\(digits)"
    }
}
