/// GBK, as TiDB converts it at the connection's edge (`character_set_client` in, `character_set_results`
/// out; inside, gbk strings are UTF-8 like every other). One- and two-byte codes; no euro sign (TiDB
/// refuses `€`, issue pingcap/tidb#30581).
enum GBK {
    private static let leadCount = 126
    private static let trailCount = 191

    /// Scalar of each two-byte code, by `(lead - 0x81) * 191 + (trail - 0x40)`; 0 for none.
    private static let scalars: [UInt16] = {
        let bytes = PackedTables.base64Decoded(GBKTable.scalars)
        return stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    }()

    private static let codes: [UInt16: UInt16] = {
        var codes: [UInt16: UInt16] = [:]
        codes.reserveCapacity(22_000)
        for (index, scalar) in Self.scalars.enumerated() where scalar != 0 && codes[scalar] == nil {
            codes[scalar] = UInt16(0x81 + index / trailCount) << 8 | UInt16(0x40 + index % trailCount)
        }
        return codes
    }()

    /// The GBK code of a scalar: one byte for ASCII, two otherwise; nil when GBK has none.
    static func code(of scalar: Unicode.Scalar) -> UInt16? {
        if scalar.value < 0x80 { return UInt16(scalar.value) }
        guard scalar.value <= 0xFFFF else { return nil }
        return Self.codes[UInt16(scalar.value)]
    }

    /// Whether GBK encodes the (valid UTF-8) character in `bytes`.
    static func canEncode(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first else { return false }
        return Self.code(of: scalar) != nil
    }

    /// UTF-8 text in GBK; stops at the first character GBK cannot encode, as TiDB's result encoder does.
    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let code = Self.code(of: scalar) else { break }
            if code < 0x80 {
                output.append(UInt8(code))
            } else {
                output.append(UInt8(code >> 8))
                output.append(UInt8(code & 0xFF))
            }
        }
        return output
    }

    /// GBK bytes as text; nil when a byte sequence is not GBK, unless `replacingInvalid`, which
    /// makes each such sequence a `?`.
    static func decode(_ bytes: some Collection<UInt8>, replacingInvalid: Bool = false) -> String? {
        var scalars = String.UnicodeScalarView()
        var iterator = bytes.makeIterator()
        while let lead = iterator.next() {
            if lead < 0x80 {
                scalars.append(Unicode.Scalar(lead))
                continue
            }
            guard lead >= 0x81, lead <= 0xFE, let trail = iterator.next(), trail >= 0x40, trail <= 0xFE,
                case let scalar = Self.scalars[Int(lead - 0x81) * trailCount + Int(trail - 0x40)], scalar != 0,
                let decoded = Unicode.Scalar(scalar)
            else {
                guard replacingInvalid else { return nil }
                scalars.append("?")
                continue
            }
            scalars.append(decoded)
        }
        return String(scalars)
    }
}
