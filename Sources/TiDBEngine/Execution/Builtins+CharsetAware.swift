import MySQLTypes

/// Functions whose result depends on a string's bytes in its own character set. Values are
/// held as Unicode whatever the column's charset, so an argument in a non-legacy charset (GBK)
/// is turned into its GBK bytes first, as TiDB wraps it in `to_binary()` (legacy charsets —
/// utf8mb4, utf8, latin1, ascii, binary — are left alone). UPPER/LOWER of a GBK string change
/// only ASCII letters, ORD reads the GBK bytes of the first character.
extension Evaluator {
    /// TiDB's `funcPropBinAware` functions.
    private static let binaryAwareFunctions: Set<String> = [
        "ascii", "bit_length", "hex", "length", "octet_length", "to_base64", "aes_decrypt", "aes_encrypt",
        "decode", "encode", "password", "md5", "sha", "sha1", "sha2", "sm3", "compress",
        // CRC32 is an "auto" function in TiDB, but its collation is binary, so it converts too.
        "crc32",
    ]

    /// TiDB's `funcPropAuto` functions (those the mock has): their GBK arguments become bytes
    /// when another argument is binary, so the result is binary.
    private static let binaryWhenMixedFunctions: Set<String> = [
        "concat", "concat_ws", "export_set", "field", "find_in_set", "insert", "instr", "lpad", "locate",
        "make_set", "position", "replace", "rpad", "substring_index", "trim", "strcmp",
    ]

    /// The arguments to call `name` with: GBK strings as their bytes for the binary-aware
    /// functions, and for the others when an argument is binary; the same arguments otherwise.
    func charsetAwareArguments(_ name: String, _ arguments: [Expression]) throws(MySQLError) -> [Expression] {
        if Self.binaryWhenMixedFunctions.contains(name) {
            var sawBinary = false
            for argument in arguments where try self.derivedCollation(of: argument)?.collation.charset == "binary" {
                sawBinary = true
                break
            }
            guard sawBinary else { return arguments }
        } else if name == "convert_using", arguments.count == 2,
            case .literal(.string(let target, _)) = arguments[1], target.map({ $0 | 0x20 }) == Array("binary".utf8)
        {
            // CONVERT(x USING binary): the bytes x has in its charset.
            return [
                try self.nonLegacyCharsetBytes(arguments[0]).map { .literal(.string($0, introducer: "binary")) }
                    ?? arguments[0], arguments[1],
            ]
        } else if !Self.binaryAwareFunctions.contains(name) {
            return arguments
        }
        var converted = arguments
        for (index, argument) in arguments.enumerated() {
            guard let bytes = try self.nonLegacyCharsetBytes(argument) else { continue }
            converted[index] = .literal(.string(bytes, introducer: "binary"))
        }
        return converted
    }

    /// UPPER/LOWER of a string in a non-legacy charset: ASCII letters only; ORD: the first
    /// character's bytes in that charset. nil when the call is not one of those.
    func charsetSpecificCall(_ name: String, _ arguments: [Expression]) throws(MySQLError) -> Value? {
        let upper = name == "upper" || name == "ucase"
        guard upper || name == "lower" || name == "lcase" || name == "ord", arguments.count == 1,
            let charset = try self.derivedCollation(of: arguments[0])?.collation.charset,
            !Self.isLegacyCharset(charset)
        else { return nil }
        guard let text = try self.evaluate(arguments[0]).text else { return .null }
        if name == "ord" {
            guard let first = text.unicodeScalars.first else { return .int(0) }
            return .int(GBK.encode(String(first)).reduce(Int64(0)) { $0 << 8 | Int64($1) })
        }
        let mapped = text.unicodeScalars.map { scalar -> Character in
            guard scalar.isASCII else { return Character(scalar) }
            return Character(upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping)
        }
        return .string(String(mapped))
    }

    /// The argument's bytes in its charset when that is a non-legacy one and the value is a
    /// character string; nil otherwise.
    private func nonLegacyCharsetBytes(_ argument: Expression) throws(MySQLError) -> [UInt8]? {
        guard let charset = try self.derivedCollation(of: argument)?.collation.charset,
            !Self.isLegacyCharset(charset), charset == "gbk"
        else { return nil }
        let value = try self.evaluate(argument)
        switch value {
        case .string(let text): return GBK.encode(text)
        default: return nil
        }
    }

    static func isLegacyCharset(_ charset: String) -> Bool {
        ["utf8", "utf8mb4", "ascii", "latin1", "binary"].contains(charset)
    }
}
