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
        guard let magnitude = Int64(number.isEmpty ? "0" : String(number)) else { return nil }
        if number.count != digits.count || number.isEmpty {
            self.warn(.truncatedWrongValue("INTEGER", text))
        }
        return negative ? -magnitude : magnitude
    }
}
