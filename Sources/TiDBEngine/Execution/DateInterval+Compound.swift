import MySQLTypes

/// The compound INTERVAL units ('1:30' MINUTE_SECOND, '1-2' YEAR_MONTH ...), read as MySQL
/// reads them: the digit runs of the text, right-aligned to the unit's fields, a leading '-'
/// negating them all; a final MICROSECOND field of fewer than six digits is a fraction ('1.5'
/// SECOND_MICROSECOND is 1.500000 seconds, and as TiDB reads it, '-2' is -0.2 seconds). More runs than fields is NULL.
extension DateInterval {
    enum CompoundUnit: String, CaseIterable {
        case secondMicrosecond = "SECOND_MICROSECOND"
        case minuteMicrosecond = "MINUTE_MICROSECOND"
        case minuteSecond = "MINUTE_SECOND"
        case hourMicrosecond = "HOUR_MICROSECOND"
        case hourSecond = "HOUR_SECOND"
        case hourMinute = "HOUR_MINUTE"
        case dayMicrosecond = "DAY_MICROSECOND"
        case daySecond = "DAY_SECOND"
        case dayMinute = "DAY_MINUTE"
        case dayHour = "DAY_HOUR"
        case yearMonth = "YEAR_MONTH"

        /// The fields, largest first.
        var fields: [Unit] {
            if self == .yearMonth { return [.year, .month] }
            let names = self.rawValue.split(separator: "_")
            let all: [Unit] = [.day, .hour, .minute, .second, .microsecond]
            let first = all.firstIndex { $0.rawValue == names[0] } ?? 0
            let last = all.firstIndex { $0.rawValue == names[1] } ?? 0
            return Array(all[first...last])
        }

        /// The amount as a single unit: months for YEAR_MONTH, seconds, or microseconds when
        /// the unit has them. nil when the text does not fit.
        func amount(_ value: Value) -> (Value, Unit)? {
            guard let text = value.text?.trimmingASCIISpaces() else { return nil }
            let negative = text.hasPrefix("-")
            var runs: [Substring] = []
            var current = text.startIndex
            while current < text.endIndex {
                guard text[current].isASCII, text[current].isNumber else {
                    current = text.index(after: current)
                    continue
                }
                let start = current
                while current < text.endIndex, text[current].isASCII, text[current].isNumber {
                    current = text.index(after: current)
                }
                runs.append(text[start..<current])
            }
            let fields = self.fields
            guard !runs.isEmpty, runs.count <= fields.count else { return nil }
            var numbers = [Int64](repeating: 0, count: fields.count)
            for (offset, run) in runs.enumerated() {
                guard run.count <= 18, let number = Int64(run) else { return nil }
                numbers[fields.count - runs.count + offset] = number
            }
            if fields.last == .microsecond, let last = runs.last, last.count < 6 {
                numbers[fields.count - 1] *= [1, 100_000, 10_000, 1000, 100, 10][last.count]
            }
            let sign: Int64 = negative ? -1 : 1
            if self == .yearMonth { return (.int(sign * (numbers[0] * 12 + numbers[1])), .month) }
            var micros: Int64 = 0
            for (field, number) in zip(fields, numbers) {
                let (product, overflow) = number.multipliedReportingOverflow(by: field.microseconds ?? 1)
                guard !overflow, micros <= Int64.max - product else { return nil }
                micros += product
            }
            if fields.last == .microsecond { return (.int(sign * micros), .microsecond) }
            return (.int(sign * micros / 1_000_000), .second)
        }

        /// EXTRACT: the fields run together, two digits each (six for MICROSECOND).
        func extract(_ time: SQLDateTime) -> Int64 {
            self.fields.reduce(Int64(0)) { total, field in
                let part: Int
                switch field {
                case .year: part = time.year
                case .month: part = time.month
                case .day: part = time.day
                case .hour: part = time.hour
                case .minute: part = time.minute
                case .second: part = time.second
                default: part = time.microsecond
                }
                return total * (field == .microsecond ? 1_000_000 : 100) + Int64(part)
            }
        }
    }

    /// Whether `name` is an INTERVAL unit, single or compound.
    static func isUnitName(_ name: String) -> Bool {
        Unit(rawValue: name.uppercased()) != nil || CompoundUnit(rawValue: name.uppercased()) != nil
    }
}
