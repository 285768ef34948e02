import Crypto
import MySQLTypes

/// String functions (issue 20): REPLACE, SUBSTRING/SUBSTR/MID, LEFT, RIGHT, TRIM/LTRIM/RTRIM,
/// LPAD/RPAD, REPEAT, REVERSE, SPACE, LOCATE/INSTR/POSITION, ASCII, STRCMP, MD5, SHA1/SHA, SHA2.
/// Positions and lengths count characters (code points) of a character string and bytes of a
/// binary one, as MySQL does; REPLACE compares exactly, LOCATE and INSTR under the arguments'
/// collation (Units+Collation.swift).
enum StringBuiltins {
    static func add(_ define: MathBuiltins.Define) {
        let bigint: Builtin.ResultType = .fixed(.bigint(length: 11, flags: .binary))
        define(["replace"], 3...3, .ofValue) { e, args throws(MySQLError) in
            guard let subject = try Units(e.argument(args, 0)), let from = try Units(e.argument(args, 1)),
                let to = try Units(e.argument(args, 2))
            else { return .null }
            return subject.replacing(from, with: to).value
        }
        define(["substring", "substr", "mid"], 2...3, .ofValue) { e, args throws(MySQLError) in
            guard let subject = try Units(e.argument(args, 0)),
                let position = try e.argument(args, 1).int64(warn: e.warn)
            else { return .null }
            var length = Int64.max
            if args.count == 3 {
                guard let given = try e.argument(args, 2).int64(warn: e.warn) else { return .null }
                length = given
            }
            return subject.substring(from: position, length: length).value
        }
        for (name, fromLeft) in [("left", true), ("right", false)] {
            define([name], 2...2, .ofValue) { e, args throws(MySQLError) in
                guard let subject = try Units(e.argument(args, 0)),
                    let count = try e.argument(args, 1).int64(warn: e.warn)
                else { return .null }
                let n = Int(clamping: max(0, min(count, Int64(subject.count))))
                return subject.slice(fromLeft ? 0..<n : (subject.count - n)..<subject.count).value
            }
        }
        for (name, leading, trailing) in [("trim", true, true), ("ltrim", true, false), ("rtrim", false, true)] {
            define([name], 1...1, .ofValue) { e, args throws(MySQLError) in
                guard let subject = try Units(e.argument(args, 0)) else { return .null }
                return subject.trimmingSpaces(leading: leading, trailing: trailing).value
            }
        }
        for (name, left) in [("lpad", true), ("rpad", false)] {
            define([name], 3...3, .ofValue) { e, args throws(MySQLError) in
                guard let subject = try Units(e.argument(args, 0)),
                    let length = try e.argument(args, 1).int64(warn: e.warn),
                    let padding = try Units(e.argument(args, 2))
                else { return .null }
                return subject.padded(to: length, with: padding, left: left)?.value ?? .null
            }
        }
        define(["repeat"], 2...2, .ofValue) { e, args throws(MySQLError) in
            guard let subject = try Units(e.argument(args, 0)), let count = try e.argument(args, 1).int64(warn: e.warn)
            else { return .null }
            return subject.repeated(Int(clamping: max(0, count)))?.value ?? .null
        }
        define(["reverse"], 1...1, .ofValue) { e, args throws(MySQLError) in
            guard let subject = try Units(e.argument(args, 0)) else { return .null }
            return subject.reversed().value
        }
        define(["space"], 1...1, .ofValue) { e, args throws(MySQLError) in
            guard let count = try e.argument(args, 0).int64(warn: e.warn) else { return .null }
            guard count <= Units.maxAllowedLength else { return .null }
            return .string(String(repeating: " ", count: Int(max(0, count))))
        }
        define(["locate", "position"], 2...3, bigint) { e, args throws(MySQLError) in
            guard let needle = try Units(e.argument(args, 0)), let haystack = try Units(e.argument(args, 1))
            else { return .null }
            var start: Int64 = 1
            if args.count == 3 {
                guard let given = try e.argument(args, 2).int64(warn: e.warn) else { return .null }
                start = given
            }
            let collation = try e.comparisonCollation(args[0], args[1], operation: "locate")
            return .int(Int64(haystack.position(of: needle, from: start, collation: collation)))
        }
        define(["instr"], 2...2, bigint) { e, args throws(MySQLError) in
            guard let haystack = try Units(e.argument(args, 0)), let needle = try Units(e.argument(args, 1))
            else { return .null }
            let collation = try e.comparisonCollation(args[0], args[1], operation: "instr")
            return .int(Int64(haystack.position(of: needle, from: 1, collation: collation)))
        }
        define(["ascii"], 1...1, .fixed(.bigint(length: 3, flags: .binary))) { e, args throws(MySQLError) in
            guard let bytes = try e.argument(args, 0).textBytes else { return .null }
            return .int(Int64(bytes.first ?? 0))
        }
        define(["strcmp"], 2...2, .fixed(.bigint(length: 2, flags: .binary))) { e, args throws(MySQLError) in
            guard let a = try e.argument(args, 0).textBytes, let b = try e.argument(args, 1).textBytes else {
                return .null
            }
            return .int(a == b ? 0 : a.lexicographicallyPrecedes(b) ? -1 : 1)
        }
        define(["md5"], 1...1, .fixed(.varString(length: 32))) { e, args throws(MySQLError) in
            guard let bytes = try e.argument(args, 0).textBytes else { return .null }
            return .string(Self.hex(Insecure.MD5.hash(data: bytes)))
        }
        define(["sha1", "sha"], 1...1, .fixed(.varString(length: 40))) { e, args throws(MySQLError) in
            guard let bytes = try e.argument(args, 0).textBytes else { return .null }
            return .string(Self.hex(Insecure.SHA1.hash(data: bytes)))
        }
        define(["sha2"], 2...2, .fixed(.varString(length: 128))) { e, args throws(MySQLError) in
            guard let bytes = try e.argument(args, 0).textBytes, let bits = try e.argument(args, 1).int64(warn: e.warn)
            else { return .null }
            switch bits {
            case 0, 256: return .string(Self.hex(SHA256.hash(data: bytes)))
            case 384: return .string(Self.hex(SHA384.hash(data: bytes)))
            case 512: return .string(Self.hex(SHA512.hash(data: bytes)))
            case 224: return .string(Self.hex(SHA224.hash(bytes)))
            // Any other length: NULL.
            default: return .null
            }
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A string as the units its functions count: code points of a character string, bytes of a
/// binary one; the result keeps the kind.
struct Units {
    /// `max_allowed_packet`'s default: longer results are NULL (with a warning in MySQL).
    static let maxAllowedLength: Int64 = 67_108_864

    var scalars: [Unicode.Scalar]
    var bytes: [UInt8]
    let binary: Bool

    init?(_ value: Value) {
        switch value {
        case .null: return nil
        case .bytes(let bytes):
            (self.bytes, self.scalars, self.binary) = (bytes, [], true)
        default:
            guard let text = value.text else { return nil }
            (self.bytes, self.scalars, self.binary) = ([], Array(text.unicodeScalars), false)
        }
    }

    private init(binary: Bool, scalars: [Unicode.Scalar], bytes: [UInt8]) {
        (self.binary, self.scalars, self.bytes) = (binary, scalars, bytes)
    }

    var count: Int { self.binary ? self.bytes.count : self.scalars.count }

    var value: Value {
        if self.binary { return .bytes(self.bytes) }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: self.scalars)
        return .string(String(text))
    }

    func slice(_ range: Range<Int>) -> Units {
        self.binary
            ? Units(binary: true, scalars: [], bytes: Array(self.bytes[range]))
            : Units(binary: false, scalars: Array(self.scalars[range]), bytes: [])
    }

    /// MySQL's SUBSTRING: 1-based, a negative position counts from the end, 0 gives "".
    func substring(from position: Int64, length: Int64) -> Units {
        let count = Int64(self.count)
        let start = position > 0 ? position - 1 : count + position
        guard position != 0, start >= 0, start < count, length > 0 else { return self.slice(0..<0) }
        let end = min(count, start + min(length, count))
        return self.slice(Int(start)..<Int(end))
    }

    func replacing(_ target: Units, with replacement: Units) -> Units {
        guard target.count > 0 else { return self }
        if self.binary || target.binary || replacement.binary {
            let source = self.binary ? self.bytes : Array(self.value.textBytes ?? [])
            let from = target.binary ? target.bytes : Array(target.value.textBytes ?? [])
            let to = replacement.binary ? replacement.bytes : Array(replacement.value.textBytes ?? [])
            return Units(binary: true, scalars: [], bytes: Self.replace(source, from, to))
        }
        return Units(binary: false, scalars: Self.replace(self.scalars, target.scalars, replacement.scalars), bytes: [])
    }

    private static func replace<T: Equatable>(_ source: [T], _ target: [T], _ replacement: [T]) -> [T] {
        var result: [T] = []
        var index = 0
        while index < source.count {
            if index + target.count <= source.count, Array(source[index..<(index + target.count)]) == target {
                result += replacement
                index += target.count
            } else {
                result.append(source[index])
                index += 1
            }
        }
        return result
    }

    func trimmingSpaces(leading: Bool, trailing: Bool) -> Units {
        let isSpace: (Int) -> Bool = { self.binary ? self.bytes[$0] == 0x20 : self.scalars[$0] == " " }
        var start = 0
        var end = self.count
        if leading { while start < end, isSpace(start) { start += 1 } }
        if trailing { while end > start, isSpace(end - 1) { end -= 1 } }
        return self.slice(start..<end)
    }

    /// LPAD/RPAD: cut to `length`, or filled with repeats of `padding`; NULL for a negative length
    /// or an empty padding that would be needed.
    func padded(to length: Int64, with padding: Units, left: Bool) -> Units? {
        guard length >= 0, length <= Self.maxAllowedLength else { return nil }
        let target = Int(length)
        if target <= self.count { return self.slice(0..<target) }
        guard padding.count > 0 else { return nil }
        let needed = target - self.count
        let fill = (0..<needed).map { $0 % padding.count }
        if self.binary || padding.binary {
            let pad = fill.map { padding.binary ? padding.bytes[$0] : Array(padding.value.textBytes ?? [])[$0] }
            let own = self.binary ? self.bytes : Array(self.value.textBytes ?? [])
            return Units(binary: true, scalars: [], bytes: left ? pad + own : own + pad)
        }
        let pad = fill.map { padding.scalars[$0] }
        return Units(binary: false, scalars: left ? pad + self.scalars : self.scalars + pad, bytes: [])
    }

    func repeated(_ times: Int) -> Units? {
        guard Int64(self.count) * Int64(times) <= Self.maxAllowedLength else { return nil }
        return Units(
            binary: self.binary,
            scalars: Array(repeating: self.scalars, count: times).flatMap { $0 },
            bytes: Array(repeating: self.bytes, count: times).flatMap { $0 }
        )
    }

    func reversed() -> Units {
        Units(binary: self.binary, scalars: self.scalars.reversed(), bytes: self.bytes.reversed())
    }

    /// 1-based position of `needle` at or after `start`; 0 when absent.
    func position(of needle: Units, from start: Int64) -> Int {
        guard start >= 1, start <= Int64(self.count) + 1 else { return 0 }
        let from = Int(start) - 1
        if needle.count == 0 { return from + 1 }
        let limit = self.count - needle.count
        guard from <= limit else { return 0 }
        for index in from...limit where self.slice(index..<(index + needle.count)).matches(needle) {
            return index + 1
        }
        return 0
    }

    private func matches(_ other: Units) -> Bool {
        self.binary || other.binary
            ? (self.binary ? self.bytes : self.value.textBytes ?? [])
                == (other.binary ? other.bytes : other.value.textBytes ?? [])
            : self.scalars == other.scalars
    }
}
