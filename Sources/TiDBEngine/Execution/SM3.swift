/// SM3 (GB/T 32905-2016), the Chinese national hash TiDB offers as SM3(x): SHA-256's padding and
/// block structure with its own message expansion and compression.
enum SM3 {
    private static let initial: [UInt32] = [
        0x7380_166f, 0x4914_b2b9, 0x1724_42d7, 0xda8a_0600, 0xa96f_30bc, 0x1631_38aa, 0xe38d_ee4d, 0xb0fb_0e4e,
    ]

    static func hash(_ message: [UInt8]) -> [UInt8] {
        var padded = message + [0x80]
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        var state = Self.initial
        for start in stride(from: 0, to: padded.count, by: 64) {
            Self.compress(&state, padded[start..<(start + 64)])
        }
        return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
    }

    private static func rotate(_ x: UInt32, _ n: Int) -> UInt32 {
        let shift = UInt32(n % 32)
        return shift == 0 ? x : x << shift | x >> (32 - shift)
    }

    private static func p0(_ x: UInt32) -> UInt32 { x ^ Self.rotate(x, 9) ^ Self.rotate(x, 17) }
    private static func p1(_ x: UInt32) -> UInt32 { x ^ Self.rotate(x, 15) ^ Self.rotate(x, 23) }

    private static func compress(_ state: inout [UInt32], _ block: ArraySlice<UInt8>) {
        var w = [UInt32](repeating: 0, count: 68)
        let base = block.startIndex
        for index in 0..<16 {
            w[index] = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(block[base + 4 * index + $1]) }
        }
        for j in 16..<68 {
            w[j] = Self.p1(w[j - 16] ^ w[j - 9] ^ Self.rotate(w[j - 3], 15)) ^ Self.rotate(w[j - 13], 7) ^ w[j - 6]
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        for j in 0..<64 {
            let constant: UInt32 = j < 16 ? 0x79cc_4519 : 0x7a87_9d8a
            let ss1 = Self.rotate(Self.rotate(a, 12) &+ e &+ Self.rotate(constant, j), 7)
            let ss2 = ss1 ^ Self.rotate(a, 12)
            let ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c)
            let gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g)
            let tt1 = ff &+ d &+ ss2 &+ (w[j] ^ w[j + 4])
            let tt2 = gg &+ h &+ ss1 &+ w[j]
            d = c
            c = Self.rotate(b, 9)
            b = a
            a = tt1
            h = g
            g = Self.rotate(f, 19)
            f = e
            e = Self.p0(tt2)
        }
        for (index, value) in [a, b, c, d, e, f, g, h].enumerated() { state[index] ^= value }
    }
}
