import MySQLTypes

/// CRC32, SM3, and AES_ENCRYPT and AES_DECRYPT under `block_encryption_mode`, as TiDB computes them: the key is
/// folded into the mode's key size by XOR (MySQL's key derivation), ECB and CBC pad with PKCS#7,
/// OFB and CFB (full-block CFB) are stream modes. A bad ciphertext decrypts to NULL.
enum EncryptionBuiltins {
    static func add(_ define: MathBuiltins.Define) {
        let binary = FieldType(
            type: .varString,
            length: 255,
            decimals: FieldType.notSpecified,
            flags: .binary,
            charset: CollationID.binary
        )
        define(["crc32"], 1...1, .fixed(.bigint(length: 10, flags: [.binary, .unsigned]))) {
            e,
            args throws(MySQLError) in
            guard let bytes = try e.argument(args, 0).textBytes else { return .null }
            return .uint(UInt64(Self.crc32(bytes)))
        }
        define(["sm3"], 1...1, .fixed(.varString(length: 40))) { e, args throws(MySQLError) in
            guard let bytes = try e.argument(args, 0).textBytes else { return .null }
            return .string(StringBuiltins.hex(SM3.hash(bytes)))
        }
        for (name, encrypting) in [("aes_encrypt", true), ("aes_decrypt", false)] {
            define([name], 2...3, .fixed(binary)) { e, args throws(MySQLError) in
                let mode = try AESMode(session: e.environment.sessionVariableValue("block_encryption_mode"))
                if mode.needsIV, args.count == 2 { throw .wrongParameterCount(name) }
                if !mode.needsIV, args.count == 3 { e.warn(.tidb(1618, "HY000", "<IV> option ignored")) }
                guard let input = try e.argument(args, 0).textBytes, let key = try e.argument(args, 1).textBytes
                else { return .null }
                var iv: [UInt8] = []
                if mode.needsIV {
                    guard let given = try e.argument(args, 2).textBytes else { return .null }
                    guard given.count >= 16 else {
                        throw .tidb(
                            1210,
                            "HY000",
                            "Incorrect arguments to The initialization vector supplied to \(name) is too short. "
                                + "Must be at least 16 bytes long"
                        )
                    }
                    iv = Array(given.prefix(16))
                }
                let cipher = AESCipher(key: Self.deriveKey(key, size: mode.keyBytes))
                let result =
                    encrypting
                    ? mode.encrypt(input, cipher: cipher, iv: iv) : mode.decrypt(input, cipher: cipher, iv: iv)
                return result.map(Value.bytes) ?? .null
            }
        }
    }

    /// CRC-32 (IEEE 802.3, reflected, as zlib and Go's `crc32.ChecksumIEEE`).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// MySQL's `my_aes_create_key`: the key's bytes XORed into a buffer of the key size, wrapping.
    static func deriveKey(_ key: [UInt8], size: Int) -> [UInt8] {
        var derived = [UInt8](repeating: 0, count: size)
        for (index, byte) in key.enumerated() { derived[index % size] ^= byte }
        return derived
    }
}

/// One value of `block_encryption_mode`: `aes-<bits>-<mode>`.
struct AESMode {
    enum Chaining: String { case ecb, cbc, ofb, cfb }
    let keyBytes: Int
    let chaining: Chaining

    var needsIV: Bool { self.chaining != .ecb }

    init(session text: String) throws(MySQLError) {
        let parts = text.lowercased().split(separator: "-")
        guard parts.count == 3, parts[0] == "aes", let bits = Int(parts[1]), [128, 192, 256].contains(bits),
            let chaining = Chaining(rawValue: String(parts[2]))
        else { throw .tidb(1105, "HY000", "unsupported block encryption mode - \(text)") }
        self.keyBytes = bits / 8
        self.chaining = chaining
    }

    func encrypt(_ input: [UInt8], cipher: AESCipher, iv: [UInt8]) -> [UInt8]? {
        switch self.chaining {
        case .ecb, .cbc:
            let padding = 16 - input.count % 16
            let padded = input + [UInt8](repeating: UInt8(padding), count: padding)
            var output: [UInt8] = []
            var previous = iv
            for start in stride(from: 0, to: padded.count, by: 16) {
                var block = Array(padded[start..<(start + 16)])
                if self.chaining == .cbc { for index in 0..<16 { block[index] ^= previous[index] } }
                previous = cipher.encryptBlock(block[...])
                output += previous
            }
            return output
        case .ofb, .cfb:
            return self.stream(input, cipher: cipher, iv: iv, decrypting: false)
        }
    }

    func decrypt(_ input: [UInt8], cipher: AESCipher, iv: [UInt8]) -> [UInt8]? {
        switch self.chaining {
        case .ecb, .cbc:
            guard !input.isEmpty, input.count % 16 == 0 else { return nil }
            var output: [UInt8] = []
            var previous = iv
            for start in stride(from: 0, to: input.count, by: 16) {
                let block = input[start..<(start + 16)]
                var plain = cipher.decryptBlock(block)
                if self.chaining == .cbc { for index in 0..<16 { plain[index] ^= previous[index] } }
                previous = Array(block)
                output += plain
            }
            guard let padding = output.last, (1...16).contains(padding),
                output.suffix(Int(padding)).allSatisfy({ $0 == padding })
            else { return nil }
            return Array(output.dropLast(Int(padding)))
        case .ofb, .cfb:
            return self.stream(input, cipher: cipher, iv: iv, decrypting: true)
        }
    }

    /// OFB feeds the key stream back; CFB feeds the ciphertext back.
    private func stream(_ input: [UInt8], cipher: AESCipher, iv: [UInt8], decrypting: Bool) -> [UInt8] {
        var register = iv
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        for start in stride(from: 0, to: input.count, by: 16) {
            let keyStream = cipher.encryptBlock(register[...])
            let chunk = input[start..<min(start + 16, input.count)]
            let produced = zip(chunk, keyStream).map { $0 ^ $1 }
            output += produced
            switch self.chaining {
            case .ofb: register = keyStream
            default: register = decrypting ? Array(chunk) : produced
            }
        }
        return output
    }
}
