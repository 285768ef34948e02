import MySQLTypes

/// SUBSTRING_INDEX(str, delim, count), as TiDB computes it: the string split on the delimiter
/// byte for byte (case-sensitive whatever the collation), the first `count` parts (the last
/// `-count` when negative) joined again. A count beyond BIGINT's range, an unsigned one above
/// it or a negative one whose magnitude overflows, keeps the whole string.
enum SubstringIndexBuiltin {
    static func add(_ define: MathBuiltins.Define) {
        define(["substring_index"], 3...3, .ofValue) { e, args throws(MySQLError) in
            let subject = try e.argument(args, 0)
            guard let text = subject.textBytes, let delimiter = try e.argument(args, 1).textBytes else {
                return .null
            }
            let countValue = try e.argument(args, 2)
            if countValue.isNull { return .null }
            let wrap: ([UInt8]) -> Value = { bytes in
                if case .bytes = subject { return .bytes(bytes) }
                return .characterString(bytes)
            }
            guard !delimiter.isEmpty else { return wrap([]) }
            if case .uint(let unsigned) = countValue, unsigned > UInt64(Int64.max) { return wrap(text) }
            guard let count = countValue.int64(warn: { _ in }) else { return .null }
            if count == .min { return wrap(text) }
            let parts = Self.split(text, on: delimiter)
            var (start, end) = (0, parts.count)
            if count > 0 {
                end = Int(min(count, Int64(end)))
            } else if -count < Int64(end) {
                start = end - Int(-count)
            }
            return wrap(Array(parts[start..<end].joined(separator: delimiter)))
        }
    }

    /// Go's `strings.Split`: every occurrence, left to right, without overlaps.
    private static func split(_ bytes: [UInt8], on delimiter: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if index + delimiter.count <= bytes.count, bytes[index..<(index + delimiter.count)].elementsEqual(delimiter)
            {
                parts.append(current)
                current = []
                index += delimiter.count
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        parts.append(current)
        return parts
    }
}
