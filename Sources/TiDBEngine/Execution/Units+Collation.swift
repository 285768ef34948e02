import MySQLTypes

/// LOCATE, POSITION and INSTR under a case-insensitive collation: characters match when their
/// collation keys do (`LOCATE('a', 'AA')` is 1 under utf8mb4_general_ci), as TiDB compares them.
extension Units {
    func position(of needle: Units, from start: Int64, collation: Collation) -> Int {
        guard !self.binary, !needle.binary, Self.ignoresCase(collation) else {
            return self.position(of: needle, from: start)
        }
        let key = { (scalar: Unicode.Scalar) in collation.sortKey(Array(String(scalar).utf8), padding: false) }
        let keys = self.scalars.map(key)
        let needleKeys = needle.scalars.map(key)
        guard start >= 1, start <= Int64(keys.count) + 1 else { return 0 }
        let from = Int(start) - 1
        if needleKeys.isEmpty { return from + 1 }
        guard from <= keys.count - needleKeys.count else { return 0 }
        for index in from...(keys.count - needleKeys.count)
        where keys[index..<(index + needleKeys.count)].elementsEqual(needleKeys) {
            return index + 1
        }
        return 0
    }

    private static func ignoresCase(_ collation: Collation) -> Bool {
        switch collation.algorithm {
        case .generalCI, .unicodeCI, .unicode0900AICI, .gbkChineseCI: return true
        case .binary, .paddedBinary, .gbkBin: return false
        }
    }
}
