import Crypto

/// `caching_sha2_password`'s stored form, as TiDB writes it (`pkg/parser/auth/caching_sha2.go`):
/// `$A$005$`, a 20-character salt and SHA-256 crypt (Drepper's SHA-crypt) of the password at
/// 5,000 rounds. Logging in with it needs TLS (full authentication), which mock-tidb does not
/// have yet (docs/tidb/accounts-privileges.md).
public enum CachingSHA2Password {
    public static let pluginName = "caching_sha2_password"
    static let rounds = 5_000

    static func hash(_ password: String) -> String {
        var generator = SystemRandomNumberGenerator()
        // TiDB's salt: 7-bit bytes other than NUL and `$`.
        var salt: [UInt8] = []
        while salt.count < 20 {
            let byte = UInt8.random(in: 1...0x7F, using: &generator)
            if byte != UInt8(ascii: "$") { salt.append(byte) }
        }
        return "$A$005$" + String(decoding: salt, as: UTF8.self) + Self.crypt(Array(password.utf8), salt: salt)
    }

    /// SHA-256 crypt's 43-character result for `rounds` rounds.
    static func crypt(_ password: [UInt8], salt: [UInt8], rounds: Int = rounds) -> String {
        func digest(_ parts: [UInt8]...) -> [UInt8] {
            var hasher = SHA256()
            for part in parts { hasher.update(data: part) }
            return Array(hasher.finalize())
        }
        func repeated(_ block: [UInt8], count: Int) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(count)
            while out.count < count { out.append(contentsOf: block.prefix(count - out.count)) }
            return out
        }
        let alternate = digest(password, salt, password)
        var a = password + salt + repeated(alternate, count: password.count)
        var length = password.count
        while length > 0 {
            a += length & 1 == 1 ? alternate : password
            length >>= 1
        }
        var c = digest(a)
        let p = repeated(digest(repeated(password, count: password.count * password.count)), count: password.count)
        let s = repeated(digest(repeated(salt, count: salt.count * (16 + Int(c[0])))), count: salt.count)
        for round in 0..<rounds {
            var hasher = SHA256()
            hasher.update(data: round & 1 == 1 ? p : c)
            if round % 3 != 0 { hasher.update(data: s) }
            if round % 7 != 0 { hasher.update(data: p) }
            hasher.update(data: round & 1 == 1 ? c : p)
            c = Array(hasher.finalize())
        }
        return Self.encode(c)
    }

    private static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// SHA-crypt's byte order and base-64 alphabet.
    private static func encode(_ c: [UInt8]) -> String {
        let groups: [(Int, Int, Int)] = [
            (0, 10, 20), (21, 1, 11), (12, 22, 2), (3, 13, 23), (24, 4, 14), (15, 25, 5), (6, 16, 26), (27, 7, 17),
            (18, 28, 8), (9, 19, 29),
        ]
        var out: [UInt8] = []
        func append(_ b2: UInt8, _ b1: UInt8, _ b0: UInt8, _ count: Int) {
            var word = UInt32(b2) << 16 | UInt32(b1) << 8 | UInt32(b0)
            for _ in 0..<count {
                out.append(Self.alphabet[Int(word & 0x3F)])
                word >>= 6
            }
        }
        for (x, y, z) in groups { append(c[x], c[y], c[z], 4) }
        append(0, c[31], c[30], 3)
        return String(decoding: out, as: UTF8.self)
    }
}
