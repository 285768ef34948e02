import MySQLTypes

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A session's `time_zone`: `SYSTEM`, a fixed offset such as `+08:00`, or an IANA name.
public enum SessionTimeZone: Sendable, Equatable {
    case system
    case fixed(seconds: Int)
    case named(String)

    /// Parses a `time_zone` value; nil when TiDB would answer 1298.
    public init?(_ value: String) {
        if value.equalsIgnoringASCIICase("SYSTEM") {
            self = .system
            return
        }
        if let first = value.first, first == "+" || first == "-" {
            let parts = value.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), parts[1].count == 2,
                (0..<60).contains(minutes)
            else { return nil }
            let seconds = (hours * 3600 + minutes * 60) * (first == "-" ? -1 : 1)
            guard seconds >= -(12 * 3600 + 59 * 60), seconds <= 14 * 3600 else { return nil }
            self = .fixed(seconds: seconds)
            return
        }
        guard TZifZone.named(value) != nil else { return nil }
        self = .named(value)
    }

    /// Seconds east of UTC at the given instant.
    public func offsetSeconds(atMicroseconds micros: Int64) -> Int {
        switch self {
        case .system:
            return SystemTimeZone.offsetSeconds(atMicroseconds: micros)
        case .fixed(let seconds):
            return seconds
        case .named(let identifier):
            return TZifZone.named(identifier)?.offsetSeconds(at: micros / 1_000_000) ?? 0
        }
    }
}

/// The server process's own time zone, as TiDB infers it (`InferSystemTZ`).
public enum SystemTimeZone {
    /// `$TZ`, else the zone `/etc/localtime` points to, else `UTC`.
    public static let name: String = {
        if let tz = getenv("TZ").map({ String(cString: $0) }), !tz.isEmpty {
            return tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
        }
        var buffer = [CChar](repeating: 0, count: 512)
        let length = readlink("/etc/localtime", &buffer, buffer.count - 1)
        if length > 0 {
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let marker = "zoneinfo/"
            if let start = target.indices.first(where: { target[$0...].hasPrefix(marker) }) {
                return String(target[target.index(start, offsetBy: marker.count)...])
            }
        }
        return "UTC"
    }()

    public static func offsetSeconds(atMicroseconds micros: Int64) -> Int {
        var seconds = time_t(micros / 1_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return Int(parts.tm_gmtoff)
    }

    /// Go's `-0700` form of the offset.
    public static func offsetText(seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return sign + (magnitude / 3600).zeroPadded(2) + (magnitude % 3600 / 60).zeroPadded(2)
    }
}
