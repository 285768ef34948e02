import Foundation
import MySQLTypes

/// More string functions (docs/tidb/more-functions.md §2): ORD, BIN, OCT, UNHEX, CHAR, ELT,
/// FIELD, FIND_IN_SET, MAKE_SET, EXPORT_SET, QUOTE, INSERT, TO_BASE64, FROM_BASE64, FORMAT,
/// INET_ATON, INET_NTOA, UUID, UUID_TO_BIN and BIN_TO_UUID, with MySQL's results.
enum MoreStringBuiltins {
    static func add(_ define: MathBuiltins.Define) {
        let binary = FieldType(
            type: .varString,
            length: 255,
            decimals: FieldType.notSpecified,
            flags: .binary,
            charset: CollationID.binary
        )
        define(["ord"], 1...1, .fixed(.bigint(length: 10, flags: .binary))) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            guard let bytes = value.textBytes else { return .null }
            guard let first = bytes.first else { return .int(0) }
            if case .bytes = value { return .int(Int64(first)) }
            // A character's UTF-8 bytes read as one big-endian number.
            let length = first < 0x80 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
            return .int(bytes.prefix(length).reduce(Int64(0)) { $0 << 8 | Int64($1) })
        }
        for (name, radix) in [("bin", 2), ("oct", 8)] {
            define([name], 1...1, .fixed(.varString(length: 64))) { e, args throws(MySQLError) in
                guard let number = try e.argument(args, 0).int64(warn: e.warn) else { return .null }
                return .string(String(UInt64(bitPattern: number), radix: radix))
            }
        }
        define(["unhex"], 1...1, .fixed(binary)) { e, args throws(MySQLError) in
            guard var digits = try e.argument(args, 0).textBytes else { return .null }
            if digits.count % 2 == 1 { digits.insert(UInt8(ascii: "0"), at: 0) }
            var bytes: [UInt8] = []
            var index = 0
            while index < digits.count {
                guard let high = Self.hexDigit(digits[index]), let low = Self.hexDigit(digits[index + 1]) else {
                    return .null
                }
                bytes.append(high << 4 | low)
                index += 2
            }
            return .bytes(bytes)
        }
        define(["char"], 1...Int.max, .fixed(binary)) { e, args throws(MySQLError) in
            var bytes: [UInt8] = []
            for index in args.indices {
                guard let number = try e.argument(args, index).int64(warn: e.warn) else { continue }
                var code = UInt32(truncatingIfNeeded: number)
                var part: [UInt8] = []
                repeat {
                    part.insert(UInt8(code & 0xFF), at: 0)
                    code >>= 8
                } while code > 0
                bytes += part
            }
            return .bytes(bytes)
        }
        define(["elt"], 2...Int.max, .ofValue) { e, args throws(MySQLError) in
            guard let index = try e.argument(args, 0).int64(warn: e.warn), index >= 1, index < args.count else {
                return .null
            }
            return try e.argument(args, Int(index))
        }
        define(["field"], 2...Int.max, .fixed(.bigint(length: 3, flags: .binary))) { e, args throws(MySQLError) in
            let needle = try e.argument(args, 0)
            if needle.isNull { return .int(0) }
            var candidates: [Value] = []
            for index in args.indices.dropFirst() { candidates.append(try e.argument(args, index)) }
            // TiDB compares as strings only when every argument is one; otherwise as numbers
            // (FIELD('abc', 'a', 1) is 1: both strings read as 0).
            let asStrings = needle.isStringOrBytes && candidates.allSatisfy { $0.isNull || $0.isStringOrBytes }
            for (offset, candidate) in candidates.enumerated() where !candidate.isNull {
                let equal =
                    asStrings
                    ? Arithmetic.compare(needle, candidate, warn: e.warn) == 0
                    : needle.number(warn: e.warn)?.doubleValue == candidate.number(warn: e.warn)?.doubleValue
                if equal { return .int(Int64(offset + 1)) }
            }
            return .int(0)
        }
        define(["find_in_set"], 2...2, .fixed(.bigint(length: 3, flags: .binary))) { e, args throws(MySQLError) in
            guard let needle = try e.argument(args, 0).text, let list = try e.argument(args, 1).text else {
                return .null
            }
            if needle.contains(",") || list.isEmpty { return .int(0) }
            let items = list.split(separator: ",", omittingEmptySubsequences: false)
            return .int(Int64(items.firstIndex { $0 == needle }.map { $0 + 1 } ?? 0))
        }
        define(["make_set"], 2...Int.max, .ofValue) { e, args throws(MySQLError) in
            guard let bits = try e.argument(args, 0).int64(warn: e.warn) else { return .null }
            var parts: [String] = []
            for index in args.indices.dropFirst() where index <= 64 {
                guard UInt64(bitPattern: bits) >> UInt64(index - 1) & 1 == 1 else { continue }
                if let part = try e.argument(args, index).text { parts.append(part) }
            }
            return .string(parts.joined(separator: ","))
        }
        define(["export_set"], 3...5, .ofValue) { e, args throws(MySQLError) in
            guard let bits = try e.argument(args, 0).int64(warn: e.warn), let on = try e.argument(args, 1).text,
                let off = try e.argument(args, 2).text
            else { return .null }
            var separator = ","
            var count: Int64 = 64
            if args.count > 3 {
                guard let given = try e.argument(args, 3).text else { return .null }
                separator = given
            }
            if args.count > 4 {
                guard let given = try e.argument(args, 4).int64(warn: e.warn) else { return .null }
                count = given < 0 || given > 64 ? 64 : given
            }
            let word = UInt64(bitPattern: bits)
            let parts = (0..<Int(count)).map { word >> UInt64($0) & 1 == 1 ? on : off }
            return .string(parts.joined(separator: separator))
        }
        define(["quote"], 1...1, .ofValue) { e, args throws(MySQLError) in
            guard let text = try e.argument(args, 0).text else { return .string("NULL") }
            var quoted = "'"
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": quoted += "\\\\"
                case "'": quoted += "\\'"
                case "\0": quoted += "\\0"
                case "\u{1A}": quoted += "\\Z"
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            return .string(quoted + "'")
        }
        define(["insert"], 4...4, .ofValue) { e, args throws(MySQLError) in
            guard let subject = try Units(e.argument(args, 0)),
                let position = try e.argument(args, 1).int64(warn: e.warn),
                let length = try e.argument(args, 2).int64(warn: e.warn),
                let replacement = try Units(e.argument(args, 3))
            else { return .null }
            guard position >= 1, position <= subject.count else { return subject.value }
            let start = Int(position - 1)
            let end = length < 0 || length > Int64(subject.count - start) ? subject.count : start + Int(length)
            let head = subject.slice(0..<start).value.textBytes ?? []
            let tail = subject.slice(end..<subject.count).value.textBytes ?? []
            let middle = replacement.value.textBytes ?? []
            if case .bytes = subject.value { return .bytes(head + middle + tail) }
            return .characterString(head + middle + tail)
        }
        define(["to_base64"], 1...1, .ofValue) { e, args throws(MySQLError) in
            guard let bytes = try e.argument(args, 0).textBytes else { return .null }
            // MySQL breaks the text into lines of 76 characters.
            let encoded = Array(Data(bytes).base64EncodedString().utf8)
            let lines = stride(from: 0, to: encoded.count, by: 76).map {
                String(decoding: encoded[$0..<min($0 + 76, encoded.count)], as: UTF8.self)
            }
            return .string(lines.joined(separator: "\n"))
        }
        define(["from_base64"], 1...1, .fixed(binary)) { e, args throws(MySQLError) in
            guard let text = try e.argument(args, 0).text else { return .null }
            let compact = text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact) else { return .null }
            return .bytes(Array(data))
        }
        define(["format"], 2...3, .ofValue) { e, args throws(MySQLError) in
            guard let number = try e.argument(args, 0).number(warn: e.warn),
                let places = try e.argument(args, 1).int64(warn: e.warn)
            else { return .null }
            return .string(Self.format(number, places: Int(max(0, min(30, places)))))
        }
        define(["inet_aton"], 1...1, .fixed(.bigint(length: 21, flags: [.binary, .unsigned]))) {
            e,
            args throws(MySQLError) in
            guard let text = try e.argument(args, 0).text else { return .null }
            return Self.inetAton(text).map(Value.uint) ?? .null
        }
        define(["inet_ntoa"], 1...1, .fixed(.varString(length: 93))) { e, args throws(MySQLError) in
            guard let number = try e.argument(args, 0).int64(warn: e.warn), (0...0xFFFF_FFFF).contains(number) else {
                return .null
            }
            return .string((0..<4).reversed().map { String(number >> Int64($0 * 8) & 0xFF) }.joined(separator: "."))
        }
        define(["uuid"], 0...0, .fixed(.varString(length: 36))) { _, _ in
            .string(UUID().uuidString.lowercased())
        }
        define(["uuid_to_bin"], 1...2, .fixed(binary)) { e, args throws(MySQLError) in
            guard let text = try e.argument(args, 0).text else { return .null }
            let digits = Array(text.utf8.filter { $0 != UInt8(ascii: "-") })
            let bytes = stride(from: 0, to: digits.count - 1, by: 2).compactMap { index in
                Self.hexDigit(digits[index]).flatMap { high in Self.hexDigit(digits[index + 1]).map { high << 4 | $0 } }
            }
            guard Self.isUUIDText(text), bytes.count == 16 else {
                throw .tidb(1411, "HY000", "Incorrect string value: '\(text)' for function uuid_to_bin")
            }
            let swap = args.count == 2 ? try e.argument(args, 1).truth(warn: e.warn) == true : false
            return .bytes(swap ? Self.swapped(bytes, toBinary: true) : bytes)
        }
        define(["bin_to_uuid"], 1...2, .fixed(.varString(length: 36))) { e, args throws(MySQLError) in
            guard var bytes = try e.argument(args, 0).textBytes else { return .null }
            guard bytes.count == 16 else {
                let shown = String(decoding: bytes, as: UTF8.self)
                throw .tidb(1411, "HY000", "Incorrect string value: '\(shown)' for function bin_to_uuid")
            }
            if args.count == 2, try e.argument(args, 1).truth(warn: e.warn) == true {
                bytes = Self.swapped(bytes, toBinary: false)
            }
            let hex = StringBuiltins.hex(bytes)
            let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
                String(hex.dropFirst(range.lowerBound).prefix(range.count))
            }
            return .string(groups.joined(separator: "-"))
        }
    }

    /// 32 hex digits, bare, dashed 8-4-4-4-12, or either in braces (MySQL's IS_UUID forms).
    static func isUUIDText(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("{") {
            guard body.hasSuffix("}") else { return false }
            body = body.dropFirst().dropLast()
        }
        let groups = body.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        return groups == [32] || groups == [8, 4, 4, 4, 12]
    }

    /// UUID_TO_BIN(x, 1) puts time-high, then time-mid, then time-low first; BIN_TO_UUID(x, 1)
    /// undoes it.
    static func swapped(_ bytes: [UInt8], toBinary: Bool) -> [UInt8] {
        let order = toBinary ? [6, 7, 4, 5, 0, 1, 2, 3] : [4, 5, 6, 7, 2, 3, 0, 1]
        return order.map { bytes[$0] } + bytes[8...]
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// MySQL's INET_ATON: '127.1' is 127.0.0.1 (the last part fills the low byte).
    static func inetAton(_ text: String) -> UInt64? {
        var result: UInt64 = 0
        var part: UInt64 = 0
        var dots = 0
        var sawDigit = false
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                part = part * 10 + UInt64(byte - UInt8(ascii: "0"))
                sawDigit = true
                guard part <= 255 else { return nil }
            } else if byte == UInt8(ascii: "."), dots < 3 {
                result = result << 8 + part
                part = 0
                dots += 1
            } else {
                return nil
            }
        }
        guard sawDigit, text.utf8.last != UInt8(ascii: ".") else { return nil }
        if dots == 1 { result <<= 16 } else if dots == 2 { result <<= 8 }
        return result << 8 + part
    }

    /// FORMAT: rounded half away from zero to `places` digits, thousands separated by commas.
    static func format(_ number: Value.Number, places: Int) -> String {
        let text: String
        switch number {
        case .double(let d):
            // A DOUBLE may pass DECIMAL's 65 digits (FORMAT(1e308, 2)): printf's digits.
            guard d.isFinite else { return DoubleFormatter.mysqlText(d) }
            text = String(format: "%.\(places)f", d)
        default:
            let decimal = number.decimalValue ?? SQLDecimal(Int64(0))
            text = (decimal.rescaled(to: places) ?? decimal).description
        }
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let pieces = unsigned.split(separator: ".", maxSplits: 1)
        let whole = Array(pieces[0])
        var grouped = ""
        for (offset, digit) in whole.enumerated() {
            if offset > 0, (whole.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let fraction = pieces.count > 1 ? "." + pieces[1] : ""
        return (negative ? "-" : "") + grouped + fraction
    }
}
