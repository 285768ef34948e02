import MySQLTypes

extension Evaluator {
    /// CAST(string AS SIGNED|UNSIGNED) as TiDB does it (`StrToInt`): the integer the text starts
    /// with, not the number it spells (`'123e456'` is 123, `' 12abc'` 12), with 1292 "Truncated
    /// incorrect INTEGER value" when anything follows. Nil for a value that is not a string, or
    /// an integer that overflows (the general conversion then decides).
    func integerPrefix(of value: Value) -> Int64? {
        let text: String
        switch value {
        case .string(let string): text = string
        case .bytes(let bytes): text = String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
        let trimmed = text.trimmingASCIISpaces()
        var digits = Substring(trimmed)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let number = digits.prefix { $0.isASCII && $0.isNumber }
        if number.count != digits.count || number.isEmpty {
            self.warn(.truncatedWrongValue("INTEGER", text))
        }
        // Beyond BIGINT UNSIGNED the text clamps to its maximum; the signed reading of a value
        // above BIGINT's is its bit pattern ('18446744073709551614' is -2), as in TiDB.
        let magnitude = UInt64(number.isEmpty ? "0" : String(number)) ?? .max
        if negative { return magnitude > UInt64(Int64.max) ? .min : -Int64(magnitude) }
        return Int64(bitPattern: magnitude)
    }

    /// CAST's operand: a binary literal is the unsigned number of its bytes when cast to a
    /// number (more than eight bytes clamp to BIGINT UNSIGNED's maximum).
    func castOperand(_ operand: Expression, to target: CastTarget) throws(MySQLError) -> Value {
        switch target {
        case .signed, .unsigned, .double, .decimal:
            if case .literal(.hex(let bytes)) = operand, bytes.drop(while: { $0 == 0 }).count > 8 { return .uint(.max) }
            let value = try self.evaluateNumericOperand(operand)
            // A JSON number is that number, beyond BIGINT a double (which clamps): JSON text does not
            // tell a big integer from a double. A JSON string is its text.
            if case .string(let text) = value,
                self.isJSONTyped(operand) || (try? self.baseType(of: operand, value: value))?.type == .json
            {
                if let integer = Int64(text) { return .int(integer) }
                if let double = Double(text) { return .double(double) }
                if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
                    return .string(String(text.dropFirst().dropLast()))
                }
            }
            return value
        default:
            return try self.evaluate(operand)
        }
    }

    /// CAST(decimal AS UNSIGNED): rounded half up, a negative value is 0 and one beyond
    /// BIGINT UNSIGNED its maximum (TiDB's `MyDecimal.ToUint`).
    static func unsignedOfDecimal(_ decimal: SQLDecimal) -> UInt64 {
        guard decimal.unscaled >= 0, let rounded = decimal.rescaled(to: 0) else { return 0 }
        return UInt64(exactly: rounded.unscaled) ?? .max
    }
}
