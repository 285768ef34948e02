import MySQLTypes

/// TRANSLATE, RANDOM_BYTES, IS_IPV4 and UNCOMPRESSED_LENGTH, with TiDB's results.
enum ByteStringBuiltins {
    static func add(_ define: MathBuiltins.Define) {
        let binary = FieldType(
            type: .varString,
            length: 1024,
            decimals: FieldType.notSpecified,
            flags: .binary,
            charset: CollationID.binary
        )
        // Each character of `from` maps to the one at its position in `to` (the first
        // occurrence wins), or is removed when `to` is shorter; case-sensitive.
        define(["translate"], 3...3, .ofValue) { e, args throws(MySQLError) in
            let subject = try e.argument(args, 0)
            let from = try e.argument(args, 1)
            let to = try e.argument(args, 2)
            if case .bytes(let bytes) = subject {
                guard let fromBytes = from.textBytes, let toBytes = to.textBytes else { return .null }
                return .bytes(Self.translate(bytes, Array(fromBytes), Array(toBytes)))
            }
            guard let text = subject.text, let fromText = from.text, let toText = to.text else { return .null }
            var result = String.UnicodeScalarView()
            result.append(
                contentsOf: Self.translate(
                    Array(text.unicodeScalars),
                    Array(fromText.unicodeScalars),
                    Array(toText.unicodeScalars)
                )
            )
            return .string(String(result))
        }
        define(["random_bytes"], 1...1, .fixed(binary)) { e, args throws(MySQLError) in
            guard let length = try e.argument(args, 0).int64(warn: e.warn) else { return .null }
            guard (1...1024).contains(length) else {
                throw .tidb(1690, "22003", "length value is out of range in 'random_bytes'")
            }
            var generator = SystemRandomNumberGenerator()
            return .bytes((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        // A dotted quad of four decimal numbers 0-255.
        define(["is_ipv4"], 1...1, .fixed(.bigint(length: 1, flags: .binary))) { e, args throws(MySQLError) in
            guard let text = try e.argument(args, 0).text else { return .int(0) }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            let valid =
                parts.count == 4
                && parts.allSatisfy { part in
                    !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber }
                        && Int(part).map { $0 <= 255 } == true
                }
            return .int(valid ? 1 : 0)
        }
        // COMPRESS's header: the uncompressed length, four bytes little-endian; 0 when shorter.
        define(["uncompressed_length"], 1...1, .fixed(.bigint(length: 10, flags: .binary))) {
            e,
            args throws(MySQLError) in
            guard let bytes = try e.argument(args, 0).textBytes else { return .null }
            guard bytes.count >= 4 else { return .int(0) }
            return .int(bytes.prefix(4).reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) })
        }
    }

    private static func translate<Unit: Hashable>(_ subject: [Unit], _ from: [Unit], _ to: [Unit]) -> [Unit] {
        var mapping: [Unit: Unit?] = [:]
        for (index, unit) in from.enumerated() where mapping[unit] == nil {
            mapping[unit] = index < to.count ? to[index] : Unit?.none
        }
        return subject.compactMap { unit in
            guard let mapped = mapping[unit] else { return unit }
            return mapped
        }
    }
}
