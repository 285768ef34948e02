import MySQLTypes

/// Arithmetic and comparison with MySQL's type rules: integers stay integers (with range
/// errors), `/` gives DECIMAL, anything with a double or a string gives DOUBLE.
enum Arithmetic {
    static func apply(
        _ op: BinaryOperator,
        _ lhs: Value.Number,
        _ rhs: Value.Number,
        text: () -> String,
        warn: (MySQLError) -> Void
    ) throws(MySQLError) -> Value {
        switch (lhs, rhs) {
        case (.double, _), (_, .double):
            return try self.applyDouble(op, lhs.doubleValue, rhs.doubleValue, text: text, warn: warn)
        case (.decimal, _), (_, .decimal):
            return try self.applyDecimal(op, lhs, rhs, text: text, warn: warn)
        default:
            if op == .divide { return try self.applyDecimal(op, lhs, rhs, text: text, warn: warn) }
            return try self.applyInteger(op, lhs, rhs, text: text, warn: warn)
        }
    }

    private static func applyDouble(
        _ op: BinaryOperator,
        _ lhs: Double,
        _ rhs: Double,
        text: () -> String,
        warn: (MySQLError) -> Void
    ) throws(MySQLError) -> Value {
        let result: Double
        switch op {
        case .add: result = lhs + rhs
        case .subtract: result = lhs - rhs
        case .multiply: result = lhs * rhs
        case .divide:
            guard rhs != 0 else {
                warn(.divisionByZero)
                return .null
            }
            result = lhs / rhs
        case .modulo:
            guard rhs != 0 else {
                warn(.divisionByZero)
                return .null
            }
            result = lhs.truncatingRemainder(dividingBy: rhs)
        case .integerDivide:
            guard rhs != 0 else {
                warn(.divisionByZero)
                return .null
            }
            let quotient = (lhs / rhs).rounded(.towardZero)
            guard quotient.magnitude < 9.2e18 else { throw .valueOutOfRange("BIGINT", text()) }
            return .int(Int64(quotient))
        default:
            return .null
        }
        guard result.isFinite else { throw .valueOutOfRange("DOUBLE", text()) }
        return .double(result)
    }

    private static func applyDecimal(
        _ op: BinaryOperator,
        _ lhs: Value.Number,
        _ rhs: Value.Number,
        text: () -> String,
        warn: (MySQLError) -> Void
    ) throws(MySQLError) -> Value {
        guard let left = lhs.decimalValue, let right = rhs.decimalValue else {
            throw .valueOutOfRange("DECIMAL", text())
        }
        let result: SQLDecimal?
        switch op {
        case .add: result = left.adding(right)
        case .subtract: result = left.subtracting(right)
        case .multiply: result = left.multiplying(right)
        case .divide:
            guard !right.isZero else {
                warn(.divisionByZero)
                return .null
            }
            result = left.dividing(by: right)
        case .modulo:
            guard !right.isZero else {
                warn(.divisionByZero)
                return .null
            }
            let scale = max(left.scale, right.scale)
            guard let l = left.rescaled(to: scale), let r = right.rescaled(to: scale) else {
                throw .valueOutOfRange("DECIMAL", text())
            }
            result = SQLDecimal(unscaled: l.unscaled % r.unscaled, scale: scale)
        case .integerDivide:
            guard !right.isZero else {
                warn(.divisionByZero)
                return .null
            }
            guard let quotient = left.dividing(by: right), let whole = quotient.rescaled(to: quotient.scale),
                let truncated = Int64(exactly: whole.unscaled / SQLDecimal.powerOfTen(whole.scale))
            else { throw .valueOutOfRange("BIGINT", text()) }
            return .int(truncated)
        default:
            return .null
        }
        guard let result else { throw .valueOutOfRange("DECIMAL", text()) }
        return .decimal(result)
    }

    private static func applyInteger(
        _ op: BinaryOperator,
        _ lhs: Value.Number,
        _ rhs: Value.Number,
        text: () -> String,
        warn: (MySQLError) -> Void
    ) throws(MySQLError) -> Value {
        let unsigned: Bool
        let left: Int128
        let right: Int128
        switch (lhs, rhs) {
        case (.int(let l), .int(let r)):
            unsigned = false
            left = Int128(l)
            right = Int128(r)
        case (.uint(let l), .int(let r)):
            unsigned = true
            left = Int128(l)
            right = Int128(r)
        case (.int(let l), .uint(let r)):
            unsigned = true
            left = Int128(l)
            right = Int128(r)
        case (.uint(let l), .uint(let r)):
            unsigned = true
            left = Int128(l)
            right = Int128(r)
        default: return .null
        }
        let result: Int128
        switch op {
        case .add: result = left + right
        case .subtract: result = left - right
        case .multiply: result = left * right
        case .modulo:
            guard right != 0 else {
                warn(.divisionByZero)
                return .null
            }
            result = left % right
        case .integerDivide:
            guard right != 0 else {
                warn(.divisionByZero)
                return .null
            }
            result = left / right
        default: return .null
        }
        if unsigned {
            guard let value = UInt64(exactly: result) else { throw .valueOutOfRange("BIGINT UNSIGNED", text()) }
            return .uint(value)
        }
        guard let value = Int64(exactly: result) else { throw .valueOutOfRange("BIGINT", text()) }
        return .int(value)
    }

    /// Three-way comparison with MySQL's rules; nil when either side is NULL. Two strings compare
    /// under `collation` (the one their expressions derive, `Evaluator.comparisonCollation`);
    /// without one, as `utf8mb4_bin`.
    static func compare(_ lhs: Value, _ rhs: Value, collation: Collation? = nil, warn: (MySQLError) -> Void) -> Int? {
        if let order = Self.compareEnumSetBit(lhs, rhs, collation: collation) { return order }
        if let collation, collation != .utf8mb4Bin, let left = lhs.stringBytes, let right = rhs.stringBytes {
            return collation.compare(left, right)
        }
        switch (lhs, rhs) {
        case (.null, _), (_, .null):
            return nil
        case (.int(let l), .int(let r)):
            return l == r ? 0 : (l < r ? -1 : 1)
        case (.uint(let l), .uint(let r)):
            return l == r ? 0 : (l < r ? -1 : 1)
        case (.string(let l), .string(let r)):
            return Self.compareStrings(l, r)
        case (.bytes(let l), .bytes(let r)):
            return Self.compareBytes(l, r)
        case (.string(let l), .bytes(let r)):
            return Self.compareBytes(Array(l.utf8), r)
        case (.bytes(let l), .string(let r)):
            return Self.compareBytes(l, Array(r.utf8))
        case (.datetime(let l), .datetime(let r)), (.date(let l), .date(let r)), (.datetime(let l), .date(let r)),
            (.date(let l), .datetime(let r)):
            return l == r ? 0 : (l < r ? -1 : 1)
        case (.datetime(let l), .string(let r)), (.date(let l), .string(let r)):
            if let parsed = SQLDateTime(parsing: r) { return l == parsed ? 0 : (l < parsed ? -1 : 1) }
        case (.string(let l), .datetime(let r)), (.string(let l), .date(let r)):
            if let parsed = SQLDateTime(parsing: l) { return parsed == r ? 0 : (parsed < r ? -1 : 1) }
        default:
            break
        }
        guard let left = lhs.number(warn: warn), let right = rhs.number(warn: warn) else { return nil }
        switch (left, right) {
        case (.int(let l), .int(let r)): return l == r ? 0 : (l < r ? -1 : 1)
        case (.uint(let l), .uint(let r)): return l == r ? 0 : (l < r ? -1 : 1)
        case (.int(let l), .uint(let r)): return l < 0 ? -1 : (UInt64(l) == r ? 0 : (UInt64(l) < r ? -1 : 1))
        case (.uint(let l), .int(let r)): return r < 0 ? 1 : (l == UInt64(r) ? 0 : (l < UInt64(r) ? -1 : 1))
        case (.double, _), (_, .double):
            let l = left.doubleValue
            let r = right.doubleValue
            return l == r ? 0 : (l < r ? -1 : 1)
        default:
            guard let l = left.decimalValue, let r = right.decimalValue else { return nil }
            return l == r ? 0 : (l < r ? -1 : 1)
        }
    }

    /// `compareBytes` on two strings' UTF-8 without copying them.
    static func compareStrings(_ lhs: String, _ rhs: String) -> Int {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in rhs.withUTF8 { right in Self.compareBuffers(left, right) } }
    }

    static func compareBuffers(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        var leftCount = lhs.count
        var rightCount = rhs.count
        while leftCount > 0, lhs[leftCount - 1] == 0x20 { leftCount -= 1 }
        while rightCount > 0, rhs[rightCount - 1] == 0x20 { rightCount -= 1 }
        let common = min(leftCount, rightCount)
        var index = 0
        while index < common {
            let l = lhs[index]
            let r = rhs[index]
            if l != r { return l < r ? -1 : 1 }
            index += 1
        }
        return leftCount == rightCount ? 0 : (leftCount < rightCount ? -1 : 1)
    }

    static func compareBytes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        // utf8mb4_bin is PAD SPACE: trailing spaces do not count.
        var left = lhs[...]
        var right = rhs[...]
        while left.last == 0x20 { left = left.dropLast() }
        while right.last == 0x20 { right = right.dropLast() }
        if left.elementsEqual(right) { return 0 }
        return left.lexicographicallyPrecedes(right) ? -1 : 1
    }

    /// `LIKE` on bytes: `%` any run, `_` one character, `escape` quotes the next one. Characters
    /// match under `collation` (TiDB's collators compare them by weight; trailing spaces count).
    static func like(_ text: [UInt8], _ pattern: [UInt8], escape: UInt8, collation: Collation = .utf8mb4Bin) -> Bool {
        let byWeight = !collation.isBinaryOrder
        func key(_ character: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            byWeight ? collation.sortKey(character, padding: false)[...] : character
        }
        let textChars = Self.characters(text).map(key)
        var tokens: [(bytes: ArraySlice<UInt8>, kind: UInt8)] = []  // kind: 0 literal, 1 any one, 2 any run
        var index = 0
        let patternChars = Self.characters(pattern)
        while index < patternChars.count {
            let character = patternChars[index]
            if character.count == 1, character.first == escape, index + 1 < patternChars.count {
                tokens.append((key(patternChars[index + 1]), 0))
                index += 2
                continue
            }
            if character.count == 1, character.first == UInt8(ascii: "%") {
                tokens.append(([], 2))
            } else if character.count == 1, character.first == UInt8(ascii: "_") {
                tokens.append(([], 1))
            } else {
                tokens.append((key(character), 0))
            }
            index += 1
        }
        // Iterative wildcard matching with backtracking to the last `%`.
        var t = 0
        var p = 0
        var starP = -1
        var starT = 0
        while t < textChars.count {
            if p < tokens.count,
                tokens[p].kind == 1 || (tokens[p].kind == 0 && tokens[p].bytes.elementsEqual(textChars[t]))
            {
                t += 1
                p += 1
            } else if p < tokens.count, tokens[p].kind == 2 {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p].kind == 2 { p += 1 }
        return p == tokens.count
    }

    /// Splits UTF-8 bytes into characters (so `_` matches one character, not one byte).
    private static func characters(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            let end = min(index + length, bytes.count)
            result.append(bytes[index..<end])
            index = end
        }
        return result
    }
}
