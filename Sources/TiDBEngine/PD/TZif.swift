import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A named time zone read from the system's tz database (TZif files, RFC 8536), so the engine
/// needs neither Foundation nor ICU for `SET time_zone = 'Asia/Shanghai'`.
struct TZifZone: Sendable {
    /// Transition instants (seconds since the epoch) and the UTC offset from each on.
    var transitions: [Int64]
    var offsets: [Int32]
    /// The offset before the first transition.
    var initialOffset: Int32
    /// The POSIX TZ rule from the file's footer, for instants after the last transition.
    var rule: POSIXTimeZoneRule?

    func offsetSeconds(at seconds: Int64) -> Int {
        guard let last = self.transitions.last else {
            return Int(self.rule?.offset(at: seconds) ?? Int(self.initialOffset))
        }
        if seconds >= last, let rule = self.rule { return rule.offset(at: seconds) }
        if seconds < self.transitions[0] { return Int(self.initialOffset) }
        var low = 0
        var high = self.transitions.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if self.transitions[middle] <= seconds { low = middle } else { high = middle - 1 }
        }
        return Int(self.offsets[low])
    }

    static let directory = "/usr/share/zoneinfo/"
    private static let cache = Mutex<[String: TZifZone]>([:])

    /// The zone for an IANA identifier; nil when it is not a valid name or no such file exists.
    static func named(_ identifier: String) -> TZifZone? {
        if let cached = self.cache.withLock({ $0[identifier] }) { return cached }
        guard !identifier.isEmpty, !identifier.contains(".."), !identifier.hasPrefix("/"),
            identifier.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let bytes = Self.read(Self.directory + identifier), let zone = Self.parse(bytes)
        else { return nil }
        self.cache.withLock { $0[identifier] = zone }
        return zone
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > 1 << 20 { return nil }
        }
        return bytes
    }

    static func parse(_ bytes: [UInt8]) -> TZifZone? {
        struct Reader {
            let bytes: [UInt8]
            var position = 0
            mutating func integer(_ width: Int) -> Int64? {
                guard position + width <= bytes.count else { return nil }
                var value: Int64 = 0
                for index in 0..<width { value = value << 8 | Int64(bytes[position + index]) }
                position += width
                // Sign-extend.
                let shift = 64 - width * 8
                return (value << shift) >> shift
            }
        }
        var reader = Reader(bytes: bytes)
        func header(_ reader: inout Reader) -> (version: UInt8, counts: [Int])? {
            guard reader.position + 44 <= bytes.count,
                Array(bytes[reader.position..<reader.position + 4]) == Array("TZif".utf8)
            else { return nil }
            let version = bytes[reader.position + 4]
            reader.position += 20
            var counts: [Int] = []
            for _ in 0..<6 {
                guard let count = reader.integer(4), count >= 0 else { return nil }
                counts.append(Int(count))
            }
            return (version, counts)
        }
        guard let first = header(&reader) else { return nil }
        let version = first.version
        var counts = first.counts
        var timeWidth = 4
        if version >= UInt8(ascii: "2") {
            // Skip the 32-bit block; use the 64-bit one that follows.
            let (isUT, isStd, leap, times, types, chars) = (
                counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]
            )
            reader.position += times * 5 + types * 6 + chars + leap * 8 + isStd + isUT
            guard let second = header(&reader) else { return nil }
            counts = second.counts
            timeWidth = 8
        }
        let (isUT, isStd, leap, times, types, chars) = (
            counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]
        )
        guard types > 0 else { return nil }
        var transitions: [Int64] = []
        for _ in 0..<times {
            guard let time = reader.integer(timeWidth) else { return nil }
            transitions.append(time)
        }
        var typeIndices: [Int] = []
        for _ in 0..<times {
            guard let index = reader.integer(1) else { return nil }
            typeIndices.append(Int(UInt8(truncatingIfNeeded: index)))
        }
        var typeOffsets: [Int32] = []
        var typeIsDST: [Bool] = []
        for _ in 0..<types {
            guard let offset = reader.integer(4), let dst = reader.integer(1), reader.integer(1) != nil else {
                return nil
            }
            typeOffsets.append(Int32(offset))
            typeIsDST.append(dst != 0)
        }
        reader.position += chars + leap * (timeWidth + 4) + isStd + isUT
        guard typeIndices.allSatisfy({ $0 < types }) else { return nil }
        var rule: POSIXTimeZoneRule?
        if timeWidth == 8, reader.position < bytes.count, bytes[reader.position] == 0x0A {
            let footer = bytes[(reader.position + 1)...].prefix { $0 != 0x0A }
            rule = POSIXTimeZoneRule(String(decoding: footer, as: UTF8.self))
        }
        let initial = typeIsDST.firstIndex(of: false).map { typeOffsets[$0] } ?? typeOffsets[0]
        return TZifZone(
            transitions: transitions,
            offsets: typeIndices.map { typeOffsets[$0] },
            initialOffset: initial,
            rule: rule
        )
    }
}

/// A POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3` (the TZif footer).
struct POSIXTimeZoneRule: Sendable, Equatable {
    enum DateRule: Sendable, Equatable {
        /// `Jn`: day 1...365, February 29 never counted.
        case julianNoLeap(Int)
        /// `n`: day 0...365, February 29 counted.
        case zeroBased(Int)
        /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
        case monthWeekDay(month: Int, week: Int, day: Int)
    }

    var standardOffset: Int
    var daylight: (offset: Int, start: DateRule, startTime: Int, end: DateRule, endTime: Int)?

    static func == (lhs: POSIXTimeZoneRule, rhs: POSIXTimeZoneRule) -> Bool {
        lhs.standardOffset == rhs.standardOffset && lhs.daylight?.offset == rhs.daylight?.offset
            && lhs.daylight?.start == rhs.daylight?.start && lhs.daylight?.end == rhs.daylight?.end
            && lhs.daylight?.startTime == rhs.daylight?.startTime && lhs.daylight?.endTime == rhs.daylight?.endTime
    }

    init?(_ text: String) {
        var scanner = Substring(text)
        func name() -> Bool {
            if scanner.first == "<" {
                guard let close = scanner.firstIndex(of: ">") else { return false }
                scanner = scanner[scanner.index(after: close)...]
                return true
            }
            let letters = scanner.prefix { $0.isLetter }
            scanner = scanner.dropFirst(letters.count)
            return letters.count >= 3
        }
        /// `[+-]hh[:mm[:ss]]` in seconds.
        func clock() -> Int? {
            var sign = 1
            if scanner.first == "+" || scanner.first == "-" {
                sign = scanner.first == "-" ? -1 : 1
                scanner = scanner.dropFirst()
            }
            var parts: [Int] = []
            repeat {
                if !parts.isEmpty { scanner = scanner.dropFirst() }
                let digits = scanner.prefix { $0.isNumber }
                guard !digits.isEmpty, let value = Int(digits) else { return nil }
                parts.append(value)
                scanner = scanner.dropFirst(digits.count)
            } while scanner.first == ":" && parts.count < 3
            let seconds = parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
            return sign * seconds
        }
        func dateRule() -> DateRule? {
            if scanner.first == "J" {
                scanner = scanner.dropFirst()
                let digits = scanner.prefix { $0.isNumber }
                scanner = scanner.dropFirst(digits.count)
                return Int(digits).map(DateRule.julianNoLeap)
            }
            if scanner.first == "M" {
                scanner = scanner.dropFirst()
                let fields = scanner.prefix { $0.isNumber || $0 == "." }
                scanner = scanner.dropFirst(fields.count)
                let numbers = fields.split(separator: ".").compactMap { Int($0) }
                guard numbers.count == 3 else { return nil }
                return .monthWeekDay(month: numbers[0], week: numbers[1], day: numbers[2])
            }
            let digits = scanner.prefix { $0.isNumber }
            scanner = scanner.dropFirst(digits.count)
            return Int(digits).map(DateRule.zeroBased)
        }
        guard name(), let standard = clock() else { return nil }
        self.standardOffset = -standard
        guard !scanner.isEmpty else {
            self.daylight = nil
            return
        }
        guard name() else { return nil }
        var daylightOffset = self.standardOffset + 3600
        if scanner.first != ",", !scanner.isEmpty {
            guard let value = clock() else { return nil }
            daylightOffset = -value
        }
        // Without explicit rules POSIX defaults to US rules; tz footers always give them.
        guard scanner.first == "," else { return nil }
        scanner = scanner.dropFirst()
        guard let start = dateRule() else { return nil }
        var startTime = 7200
        if scanner.first == "/" {
            scanner = scanner.dropFirst()
            guard let time = clock() else { return nil }
            startTime = time
        }
        guard scanner.first == "," else { return nil }
        scanner = scanner.dropFirst()
        guard let end = dateRule() else { return nil }
        var endTime = 7200
        if scanner.first == "/" {
            scanner = scanner.dropFirst()
            guard let time = clock() else { return nil }
            endTime = time
        }
        self.daylight = (daylightOffset, start, startTime, end, endTime)
    }

    func offset(at seconds: Int64) -> Int {
        guard let daylight = self.daylight else { return self.standardOffset }
        let year = SQLDateTime(
            microsecondsSinceEpoch: (seconds + Int64(self.standardOffset)) * 1_000_000,
            offsetSeconds: 0,
            fractionDigits: 0
        ).year
        // Transitions happen at local wall time: the start in standard time, the end in daylight time.
        let start =
            Self.day(daylight.start, year: year) * 86_400 + Int64(daylight.startTime) - Int64(self.standardOffset)
        let end = Self.day(daylight.end, year: year) * 86_400 + Int64(daylight.endTime) - Int64(daylight.offset)
        let inDaylight = start < end ? (seconds >= start && seconds < end) : (seconds >= start || seconds < end)
        return inDaylight ? daylight.offset : self.standardOffset
    }

    /// Days since the epoch of the rule's date in `year`.
    static func day(_ rule: DateRule, year: Int) -> Int64 {
        let january1 = SQLDateTime.days(fromCivil: year, 1, 1)
        let leap = SQLDateTime.daysInMonth(year: year, month: 2) == 29
        switch rule {
        case .julianNoLeap(let day):
            return january1 + Int64(day - 1) + (leap && day >= 60 ? 1 : 0)
        case .zeroBased(let day):
            return january1 + Int64(day)
        case .monthWeekDay(let month, let week, let weekday):
            let first = SQLDateTime.days(fromCivil: year, month, 1)
            // 1970-01-01 was a Thursday (4).
            let firstWeekday = Int(((first % 7) + 7 + 4) % 7)
            var day = (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let length = SQLDateTime.daysInMonth(year: year, month: month)
            while day >= length { day -= 7 }
            return first + Int64(day)
        }
    }
}
