/// The AES block cipher (FIPS-197) for AES_ENCRYPT/AES_DECRYPT. swift-crypto's `Crypto` offers
/// only authenticated modes; MySQL's ECB, CBC, OFB and CFB need the raw block function.
struct AESCipher {
    private let roundKeys: [UInt32]
    private let rounds: Int

    /// `key` is 16, 24 or 32 bytes.
    init(key: [UInt8]) {
        let words = key.count / 4
        self.rounds = words + 6
        var schedule = [UInt32](repeating: 0, count: 4 * (self.rounds + 1))
        for index in 0..<words {
            schedule[index] =
                UInt32(key[4 * index]) << 24 | UInt32(key[4 * index + 1]) << 16
                | UInt32(key[4 * index + 2]) << 8 | UInt32(key[4 * index + 3])
        }
        var roundConstant: UInt8 = 1
        for index in words..<schedule.count {
            var word = schedule[index - 1]
            if index % words == 0 {
                word = Self.substituteWord(word << 8 | word >> 24) ^ UInt32(roundConstant) << 24
                roundConstant = Self.double(roundConstant)
            } else if words > 6, index % words == 4 {
                word = Self.substituteWord(word)
            }
            schedule[index] = schedule[index - words] ^ word
        }
        self.roundKeys = schedule
    }

    func encryptBlock(_ block: ArraySlice<UInt8>) -> [UInt8] {
        var state = Array(block)
        self.addRoundKey(&state, round: 0)
        for round in 1...self.rounds {
            for index in 0..<16 { state[index] = Self.sbox[Int(state[index])] }
            Self.shiftRows(&state, inverse: false)
            if round != self.rounds { Self.mixColumns(&state, inverse: false) }
            self.addRoundKey(&state, round: round)
        }
        return state
    }

    func decryptBlock(_ block: ArraySlice<UInt8>) -> [UInt8] {
        var state = Array(block)
        self.addRoundKey(&state, round: self.rounds)
        for round in stride(from: self.rounds - 1, through: 0, by: -1) {
            Self.shiftRows(&state, inverse: true)
            for index in 0..<16 { state[index] = Self.inverseSbox[Int(state[index])] }
            self.addRoundKey(&state, round: round)
            if round != 0 { Self.mixColumns(&state, inverse: true) }
        }
        return state
    }

    private func addRoundKey(_ state: inout [UInt8], round: Int) {
        for column in 0..<4 {
            let word = self.roundKeys[4 * round + column]
            for row in 0..<4 { state[4 * column + row] ^= UInt8(truncatingIfNeeded: word >> (24 - 8 * row)) }
        }
    }

    private static func shiftRows(_ state: inout [UInt8], inverse: Bool) {
        let copy = state
        for row in 1..<4 {
            for column in 0..<4 {
                let source = inverse ? (column - row + 4) % 4 : (column + row) % 4
                state[4 * column + row] = copy[4 * source + row]
            }
        }
    }

    private static func mixColumns(_ state: inout [UInt8], inverse: Bool) {
        let factors: [UInt8] = inverse ? [14, 11, 13, 9] : [2, 3, 1, 1]
        for column in 0..<4 {
            let cells = Array(state[(4 * column)..<(4 * column + 4)])
            for row in 0..<4 {
                var sum: UInt8 = 0
                for offset in 0..<4 { sum ^= Self.multiply(cells[(row + offset) % 4], factors[offset]) }
                state[4 * column + row] = sum
            }
        }
    }

    private static func double(_ value: UInt8) -> UInt8 {
        value & 0x80 != 0 ? (value << 1) ^ 0x1B : value << 1
    }

    private static func multiply(_ value: UInt8, _ factor: UInt8) -> UInt8 {
        var result: UInt8 = 0
        var power = value
        var remaining = factor
        while remaining != 0 {
            if remaining & 1 != 0 { result ^= power }
            power = Self.double(power)
            remaining >>= 1
        }
        return result
    }

    private static func substituteWord(_ word: UInt32) -> UInt32 {
        var result: UInt32 = 0
        for shift in stride(from: 24, through: 0, by: -8) {
            result |= UInt32(Self.sbox[Int(UInt8(truncatingIfNeeded: word >> UInt32(shift)))]) << UInt32(shift)
        }
        return result
    }

    /// The S-box, computed from its definition (multiplicative inverse in GF(2^8), then the
    /// affine map) rather than typed out.
    private static let sbox: [UInt8] = {
        var box = [UInt8](repeating: 0, count: 256)
        for value in 0..<256 {
            var inverse: UInt8 = 0
            if value != 0 {
                for candidate in 1..<256 where Self.multiply(UInt8(value), UInt8(candidate)) == 1 {
                    inverse = UInt8(candidate)
                    break
                }
            }
            var result = inverse
            for shift in 1...4 { result ^= inverse << UInt8(shift) | inverse >> UInt8(8 - shift) }
            box[value] = result ^ 0x63
        }
        return box
    }()

    private static let inverseSbox: [UInt8] = {
        var box = [UInt8](repeating: 0, count: 256)
        for (index, value) in Self.sbox.enumerated() { box[Int(value)] = UInt8(index) }
        return box
    }()
}
