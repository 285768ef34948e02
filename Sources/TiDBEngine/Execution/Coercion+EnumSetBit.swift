import MySQLTypes

/// ENUM, SET and BIT columns on INSERT and UPDATE, as TiDB's `ParseEnum`, `ParseSet` and
/// `convertToMysqlBit` do: a value that is not an element (or does not fit in M bits) is 1265
/// (1406 for BIT) in strict mode, else a warning and the error value (`''`, all bits set).
extension ColumnCoercion {
    func coerceEnum(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let elements = column.type.elements
        let invalid = Value.enumSet(EnumSetValue(name: "", number: 0))
        if let index = Self.elementNumber(value) {
            guard index >= 1, index <= UInt64(elements.count) else {
                return try self.fail(.dataTruncated(column.name, row), fallback: invalid)
            }
            return .enumSet(EnumSetValue(name: elements[Int(index - 1)], number: index))
        }
        let text = Self.trimmedText(value)
        let collation = column.type.resolvedCollation
        if let position = elements.firstIndex(where: { collation.compare(Array($0.utf8), Array(text.utf8)) == 0 }) {
            return .enumSet(EnumSetValue(name: elements[position], number: UInt64(position + 1)))
        }
        // A string that names no element but is a number picks the element by index.
        if let index = UInt64(text), index >= 1, index <= UInt64(elements.count) {
            return .enumSet(EnumSetValue(name: elements[Int(index - 1)], number: index))
        }
        return try self.fail(.dataTruncated(column.name, row), fallback: invalid)
    }

    func coerceSet(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let elements = column.type.elements
        let invalid = Value.enumSet(EnumSetValue(name: "", number: 0))
        if let mask = Self.elementNumber(value) {
            guard elements.count >= 64 || mask < (UInt64(1) << UInt64(elements.count)) else {
                return try self.fail(.dataTruncated(column.name, row), fallback: invalid)
            }
            return .enumSet(Self.setValue(mask: mask, elements: elements))
        }
        let text = Self.trimmedText(value)
        if text.isEmpty { return invalid }
        let collation = column.type.resolvedCollation
        var mask: UInt64 = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard
                let position = elements.firstIndex(where: {
                    collation.compare(Array($0.utf8), Array(part.utf8)) == 0
                })
            else {
                if let number = UInt64(text), elements.count >= 64 || number < (UInt64(1) << UInt64(elements.count)) {
                    return .enumSet(Self.setValue(mask: number, elements: elements))
                }
                return try self.fail(.dataTruncated(column.name, row), fallback: invalid)
            }
            mask |= UInt64(1) << UInt64(position)
        }
        return .enumSet(Self.setValue(mask: mask, elements: elements))
    }

    func coerceBit(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let bits = column.type.length ?? 1
        let maximum: UInt64 = bits >= 64 ? .max : (UInt64(1) << UInt64(bits)) - 1
        let width = column.type.bitWidth
        let tooLong = Value.bit(BitValue(number: maximum, width: width))
        let number: UInt64?
        switch value {
        case .int(let n): number = UInt64(bitPattern: n)
        case .uint(let n): number = n
        case .bit(let bit): number = bit.number
        case .enumSet(let element): number = element.number
        case .double, .decimal:
            number = value.int64(warn: { _ in }).map { UInt64(bitPattern: $0) }
        case .string, .bytes:
            // A string is its bytes, read as a big-endian number (MySQL's rule).
            number = BitValue.number(ofBigEndian: value.stringBytes ?? [])
        case .datetime, .date:
            number = value.int64(warn: { _ in }).map { UInt64(bitPattern: $0) }
        case .null:
            return .null
        }
        guard let number, number <= maximum else {
            return try self.fail(.dataTooLong(column.name, row), fallback: tooLong)
        }
        return .bit(BitValue(number: number, width: width))
    }

    /// The number a numeric value gives an ENUM (an index) or a SET (a mask); nil for strings.
    private static func elementNumber(_ value: Value) -> UInt64? {
        switch value {
        case .int(let n): return UInt64(bitPattern: n)
        case .uint(let n): return n
        case .bit(let bit): return bit.number
        case .double, .decimal:
            return value.int64(warn: { _ in }).map { UInt64(bitPattern: $0) }
        default: return nil
        }
    }

    private static func trimmedText(_ value: Value) -> String {
        var text = value.text ?? ""
        while text.last == " " { text.removeLast() }
        return text
    }

    static func setValue(mask: UInt64, elements: [String]) -> EnumSetValue {
        var names: [String] = []
        for (position, element) in elements.enumerated()
        where position < 64 && mask & (UInt64(1) << UInt64(position)) != 0 {
            names.append(element)
        }
        return EnumSetValue(name: names.joined(separator: ","), number: mask)
    }
}
