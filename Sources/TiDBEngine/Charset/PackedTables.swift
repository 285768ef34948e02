/// Reads the generated tables (`scripts/generate-charset-tables.py`): base64 text, and the
/// varint entry streams inside it. A string literal, not an array literal: the compiler takes
/// seconds for a string of 300 KB and minutes for an array of as many numbers.
enum PackedTables {
    static func base64Decoded(_ text: String) -> [UInt8] {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            values[Int(byte)] = UInt8(index)
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text.utf8 {
            let value = values[Int(byte)]
            if value == 0xFF { continue }  // padding
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }

    /// The entries of a weight stream: code point and weights, in code point order.
    static func entries(_ text: String, _ body: (UInt32, ArraySlice<UInt16>) -> Void) {
        let bytes = Self.base64Decoded(text)
        var index = 0
        func varint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        var codePoint: Int64 = -1
        var weight: Int64 = 0
        var weights: [UInt16] = []
        while index < bytes.count {
            codePoint += Int64(varint()) + 1
            let count = Int(bytes[index])
            index += 1
            weights.removeAll(keepingCapacity: true)
            for _ in 0..<count {
                let zigzag = varint()
                weight += Int64(zigzag >> 1) ^ -Int64(zigzag & 1)
                weights.append(UInt16(truncatingIfNeeded: weight))
            }
            body(UInt32(codePoint), weights[...])
        }
    }
}
