extension Arithmetic {
    /// The comparisons TiDB makes by number for ENUM, SET and BIT: two ENUM/SET values (so
    /// ORDER BY sorts by element index), and BIT against BIT or a binary string (b'101').
    /// nil: the usual rules apply (an ENUM against a string compares names, against a number
    /// its index).
    static func compareEnumSetBit(_ lhs: Value, _ rhs: Value, collation: Collation?) -> Int? {
        let left: UInt64
        let right: UInt64
        switch (lhs, rhs) {
        case (.enumSet(let l), .enumSet(let r)): (left, right) = (l.number, r.number)
        case (.bit(let l), .bit(let r)): (left, right) = (l.number, r.number)
        case (.bit(let l), .bytes(let r)):
            guard let number = BitValue.number(ofBigEndian: r) else { return -1 }
            (left, right) = (l.number, number)
        case (.bytes(let l), .bit(let r)):
            guard let number = BitValue.number(ofBigEndian: l) else { return 1 }
            (left, right) = (number, r.number)
        case (.enumSet(let l), .string(let r)):
            return (collation ?? .utf8mb4Bin).compare(Array(l.name.utf8), Array(r.utf8))
        case (.string(let l), .enumSet(let r)):
            return (collation ?? .utf8mb4Bin).compare(Array(l.utf8), Array(r.name.utf8))
        default: return nil
        }
        return left == right ? 0 : (left < right ? -1 : 1)
    }
}
