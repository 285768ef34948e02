/// One lexical token of a SQL text, with the byte range it came from.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An unquoted word: an identifier or a keyword (the parser decides).
        case word(String)
        /// A back-quoted identifier.
        case quotedIdentifier(String)
        /// A quoted string literal, escapes already resolved. `doubleQuoted` tells `"..."`.
        case string([UInt8], doubleQuoted: Bool)
        /// Decimal digits only.
        case integer(String)
        /// Digits with a decimal point, no exponent.
        case decimal(String)
        /// A number with an exponent.
        case float(String)
        /// `X'..'` or `0x..`.
        case hex([UInt8])
        /// `B'..'` or `0b..`.
        case bits([UInt8])
        /// `@name`, `@'name'`.
        case userVariable(String)
        /// `@@name`, `@@global.name`, ...: the text after `@@`.
        case systemVariable(String)
        /// `?`
        case parameterMarker
        case symbol(Symbol)
        case endOfInput
    }

    /// Punctuation and operators.
    public enum Symbol: String, Sendable, Equatable {
        case leftParen = "("
        case rightParen = ")"
        case comma = ","
        case semicolon = ";"
        case dot = "."
        case plus = "+"
        case minus = "-"
        case star = "*"
        case slash = "/"
        case percent = "%"
        case equal = "="
        case nullSafeEqual = "<=>"
        case notEqual = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case assign = ":="
        case logicalAnd = "&&"
        case logicalOr = "||"
        case bang = "!"
        case tilde = "~"
        case caret = "^"
        case ampersand = "&"
        case pipe = "|"
        case shiftLeft = "<<"
        case shiftRight = ">>"
        case arrow = "->"
        case doubleArrow = "->>"
        case openBrace = "{"
        case closeBrace = "}"
    }

    public var kind: Kind
    /// Byte offset of the first byte in the SQL text.
    public var start: Int
    /// Byte offset one past the last byte.
    public var end: Int

    /// Whether this token is the unquoted word `keyword` (ASCII, case-insensitive).
    @inlinable
    public func isKeyword(_ keyword: StaticString) -> Bool {
        guard case .word(let word) = self.kind else { return false }
        return word.equalsIgnoringASCIICase(keyword)
    }

    /// A word or a back-quoted name: what can name a column.
    public var isIdentifierLike: Bool {
        switch self.kind {
        case .word, .quotedIdentifier: return true
        default: return false
        }
    }

    public func isSymbol(_ symbol: Symbol) -> Bool {
        if case .symbol(let own) = self.kind { return own == symbol }
        return false
    }
}

extension String {
    /// ASCII case-insensitive comparison with a keyword, without allocating.
    @inlinable
    func equalsIgnoringASCIICase(_ keyword: StaticString) -> Bool {
        let utf8 = self.utf8
        guard utf8.count == keyword.utf8CodeUnitCount else { return false }
        return keyword.withUTF8Buffer { other in
            var index = 0
            for byte in utf8 {
                let lhs = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                let raw = other[index]
                let rhs = raw >= 0x61 && raw <= 0x7A ? raw - 0x20 : raw
                if lhs != rhs { return false }
                index += 1
            }
            return true
        }
    }
}
