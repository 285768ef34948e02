/// Splits a SQL text into tokens the way MySQL and TiDB do: comments skipped, `/*! ... */` and
/// TiDB's `/*T! ... */` executable comments read as SQL, string escapes resolved.
public struct Lexer {
    public struct Options: Sendable, Equatable {
        /// `sql_mode` NO_BACKSLASH_ESCAPES: a backslash is an ordinary character in strings.
        public var noBackslashEscapes = false
        /// `sql_mode` ANSI_QUOTES: `"x"` is an identifier, not a string.
        public var ansiQuotes = false
        /// `character_set_client` and `character_set_connection`: string literals from a client
        /// whose charset is not UTF-8 are turned into UTF-8 text here, as TiDB's lexer does.
        public var clientCharset = "utf8mb4"
        public var connectionCharset = "utf8mb4"
        public init(noBackslashEscapes: Bool = false, ansiQuotes: Bool = false) {
            self.noBackslashEscapes = noBackslashEscapes
            self.ansiQuotes = ansiQuotes
        }

        public mutating func apply(sqlMode: String) {
            let modes = sqlMode.split(separator: ",")
            self.noBackslashEscapes = modes.contains("NO_BACKSLASH_ESCAPES")
            self.ansiQuotes = modes.contains("ANSI_QUOTES") || modes.contains("ANSI")
        }
    }

    /// A token that could not be read: the error points at its start.
    public struct Failure: Error, Sendable {
        public var offset: Int
    }

    private let bytes: [UInt8]
    private let options: Options
    private var position = 0

    public init(bytes: [UInt8], options: Options = .init()) {
        self.bytes = bytes
        self.options = options
    }

    public static func tokenize(_ sql: String, options: Options = .init()) throws(Failure) -> [Token] {
        try Self.tokenize(Array(sql.utf8), options: options)
    }

    public static func tokenize(_ bytes: [UInt8], options: Options = .init()) throws(Failure) -> [Token] {
        var lexer = Lexer(bytes: bytes, options: options)
        var tokens: [Token] = []
        tokens.reserveCapacity(16)
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let index = self.position + offset
        return index < self.bytes.count ? self.bytes[index] : nil
    }

    public mutating func next() throws(Failure) -> Token {
        try self.skipSpaceAndComments()
        let start = self.position
        guard let byte = self.peek() else {
            return Token(kind: .endOfInput, start: start, end: start)
        }
        let kind: Token.Kind
        // A literal after `_binary` keeps its bytes whatever the client's charset.
        let afterBinaryIntroducer = self.previousWasBinaryIntroducer
        self.previousWasBinaryIntroducer = false
        switch byte {
        case UInt8(ascii: "'") where afterBinaryIntroducer:
            kind = .string(try self.readQuoted(quote: byte), doubleQuoted: false)
        case UInt8(ascii: "'"):
            kind = .string(self.fromClient(try self.readQuoted(quote: byte)), doubleQuoted: false)
        case UInt8(ascii: "\""):
            let text = try self.readQuoted(quote: byte)
            kind =
                self.options.ansiQuotes
                ? .quotedIdentifier(String(decoding: text, as: UTF8.self))
                : .string(self.fromClient(text), doubleQuoted: true)
        case UInt8(ascii: "`"):
            kind = .quotedIdentifier(try self.readBackQuoted())
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            kind = try self.readNumberOrWord()
        case UInt8(ascii: "."):
            if let next = self.peek(1), Self.isDigit(next) {
                kind = try self.readNumberOrWord()
            } else {
                self.position += 1
                kind = .symbol(.dot)
            }
        case UInt8(ascii: "@"):
            kind = try self.readVariable()
        case UInt8(ascii: "?"):
            self.position += 1
            kind = .parameterMarker
        case _ where Self.isIdentifierByte(byte):
            kind = try self.readWordOrPrefixedLiteral()
            self.previousWasBinaryIntroducer = kind == .word("_binary") || kind == .word("_BINARY")
        default:
            kind = .symbol(try self.readSymbol())
        }
        return Token(kind: kind, start: start, end: self.position)
    }

    // MARK: Whitespace and comments

    private mutating func skipSpaceAndComments() throws(Failure) {
        while let byte = self.peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                self.position += 1
            case UInt8(ascii: "#"):
                self.skipToEndOfLine()
            case UInt8(ascii: "-")
            where self.peek(1) == UInt8(ascii: "-")
                && (self.peek(2).map(Self.isSpace) ?? true):
                self.skipToEndOfLine()
            case UInt8(ascii: "/") where self.peek(1) == UInt8(ascii: "*"):
                if self.peek(2) == UInt8(ascii: "!") {
                    // MySQL executable comment: `/*!` [version digits] SQL `*/`.
                    self.position += 3
                    while let digit = self.peek(), Self.isDigit(digit) { self.position += 1 }
                    self.openExecutableComments += 1
                } else if self.peek(2) == UInt8(ascii: "T"), self.peek(3) == UInt8(ascii: "!") {
                    // TiDB executable comment: `/*T!` [`[feature,...]`] SQL `*/`.
                    self.position += 4
                    if self.peek() == UInt8(ascii: "[") {
                        while let next = self.peek(), next != UInt8(ascii: "]") { self.position += 1 }
                        self.position += 1
                    }
                    self.openExecutableComments += 1
                } else {
                    let start = self.position
                    self.position += 2
                    while self.peek() != nil, !(self.peek() == UInt8(ascii: "*") && self.peek(1) == UInt8(ascii: "/")) {
                        self.position += 1
                    }
                    guard self.peek() != nil else { throw Failure(offset: start) }
                    self.position += 2
                }
            case UInt8(ascii: "*") where self.openExecutableComments > 0 && self.peek(1) == UInt8(ascii: "/"):
                self.position += 2
                self.openExecutableComments -= 1
            default:
                return
            }
        }
    }

    private var openExecutableComments = 0
    private var previousWasBinaryIntroducer = false

    private mutating func skipToEndOfLine() {
        while let byte = self.peek(), byte != UInt8(ascii: "\n") { self.position += 1 }
    }

    // MARK: Literals

    private mutating func readQuoted(quote: UInt8) throws(Failure) -> [UInt8] {
        let start = self.position
        self.position += 1
        var text: [UInt8] = []
        while true {
            guard let byte = self.peek() else { throw Failure(offset: start) }
            self.position += 1
            if byte == quote {
                if self.peek() == quote {
                    text.append(quote)
                    self.position += 1
                    continue
                }
                break
            }
            if byte == UInt8(ascii: "\\"), !self.options.noBackslashEscapes {
                guard let escaped = self.peek() else { throw Failure(offset: start) }
                self.position += 1
                switch escaped {
                case UInt8(ascii: "0"): text.append(0)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "Z"): text.append(0x1A)
                // `\%` and `\_` keep their backslash so LIKE patterns can use them.
                case UInt8(ascii: "%"), UInt8(ascii: "_"):
                    text.append(UInt8(ascii: "\\"))
                    text.append(escaped)
                default: text.append(escaped)
                }
                continue
            }
            text.append(byte)
        }
        return text
    }

    /// A string literal as TiDB's `convert2Connection` leaves it: untouched from a UTF-8 client;
    /// otherwise decoded from the client's charset (GBK; ASCII keeps only ASCII), then, when the
    /// connection's charset is of another kind, every byte sequence that is not UTF-8 is `?`.
    private func fromClient(_ literal: [UInt8]) -> [UInt8] {
        let client = self.options.clientCharset
        if client == "utf8mb4" || client == "utf8" { return literal }
        var text = literal
        switch client {
        case "gbk": text = Array((GBK.decode(literal, replacingInvalid: true) ?? "").utf8)
        case "ascii": text = literal.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }
        default: break  // latin1 and binary: TiDB's encodings for them are no-ops
        }
        let connection = self.options.connectionCharset
        if connection == "utf8mb4" || connection == "utf8" {
            text = CharsetValidation.repaired(text, charset: connection, binarySource: false)
        }
        return text
    }

    private mutating func readBackQuoted() throws(Failure) -> String {
        let start = self.position
        self.position += 1
        var text: [UInt8] = []
        while true {
            guard let byte = self.peek() else { throw Failure(offset: start) }
            self.position += 1
            if byte == UInt8(ascii: "`") {
                if self.peek() == UInt8(ascii: "`") {
                    text.append(byte)
                    self.position += 1
                    continue
                }
                return String(decoding: text, as: UTF8.self)
            }
            text.append(byte)
        }
    }

    private mutating func readNumberOrWord() throws(Failure) -> Token.Kind {
        let start = self.position
        if self.peek() == UInt8(ascii: "0"), let marker = self.peek(1),
            marker == UInt8(ascii: "x") || marker == UInt8(ascii: "b")
        {
            var end = self.position + 2
            let isHex = marker == UInt8(ascii: "x")
            while end < self.bytes.count, isHex ? Self.isHexDigit(self.bytes[end]) : Self.isBinaryDigit(self.bytes[end])
            {
                end += 1
            }
            if end > self.position + 2, end == self.bytes.count || !Self.isIdentifierByte(self.bytes[end]) {
                let digits = Array(self.bytes[(self.position + 2)..<end])
                self.position = end
                return isHex ? .hex(Self.hexBytes(digits)) : .bits(Self.bitBytes(digits))
            }
        }
        var sawPoint = false
        var sawExponent = false
        while let byte = self.peek() {
            if Self.isDigit(byte) {
                self.position += 1
            } else if byte == UInt8(ascii: "."), !sawPoint, !sawExponent {
                sawPoint = true
                self.position += 1
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"), !sawExponent {
                let sign = self.peek(1)
                let hasSign = sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")
                guard let digit = self.peek(hasSign ? 2 : 1), Self.isDigit(digit) else { break }
                sawExponent = true
                self.position += hasSign ? 2 : 1
            } else {
                break
            }
        }
        // MySQL allows identifiers that start with digits, such as `1abc`.
        if !sawPoint, !sawExponent, let byte = self.peek(), Self.isIdentifierByte(byte) {
            while let byte = self.peek(), Self.isIdentifierByte(byte) { self.position += 1 }
            return .word(String(decoding: self.bytes[start..<self.position], as: UTF8.self))
        }
        let text = String(decoding: self.bytes[start..<self.position], as: UTF8.self)
        if sawExponent { return .float(text) }
        if sawPoint { return .decimal(text) }
        return .integer(text)
    }

    private mutating func readWordOrPrefixedLiteral() throws(Failure) -> Token.Kind {
        let start = self.position
        let first = self.bytes[start]
        // X'0A', B'101' (N'..' is a string with the national charset, handled by the parser).
        if self.peek(1) == UInt8(ascii: "'"),
            first | 0x20 == UInt8(ascii: "x") || first | 0x20 == UInt8(ascii: "b")
        {
            self.position += 1
            let digits = try self.readQuoted(quote: UInt8(ascii: "'"))
            let isHex = first | 0x20 == UInt8(ascii: "x")
            guard digits.allSatisfy(isHex ? Self.isHexDigit : Self.isBinaryDigit),
                !isHex || digits.count % 2 == 0
            else { throw Failure(offset: start) }
            return isHex ? .hex(Self.hexBytes(digits)) : .bits(Self.bitBytes(digits))
        }
        while let byte = self.peek(), Self.isIdentifierByte(byte) { self.position += 1 }
        return .word(String(decoding: self.bytes[start..<self.position], as: UTF8.self))
    }

    private mutating func readVariable() throws(Failure) -> Token.Kind {
        let start = self.position
        self.position += 1
        if self.peek() == UInt8(ascii: "@") {
            self.position += 1
            var name: [UInt8] = []
            // `@@global.name`, `@@`name``, `@@session.`name``.
            while let byte = self.peek() {
                if byte == UInt8(ascii: "`") {
                    name += Array(try self.readBackQuoted().utf8)
                } else if Self.isIdentifierByte(byte) || byte == UInt8(ascii: ".") {
                    name.append(byte)
                    self.position += 1
                } else {
                    break
                }
            }
            guard !name.isEmpty else { throw Failure(offset: start) }
            return .systemVariable(String(decoding: name, as: UTF8.self))
        }
        if let quote = self.peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
            return .userVariable(String(decoding: try self.readQuoted(quote: quote), as: UTF8.self))
        }
        if self.peek() == UInt8(ascii: "`") {
            return .userVariable(try self.readBackQuoted())
        }
        let nameStart = self.position
        while let byte = self.peek(), Self.isIdentifierByte(byte) || byte == UInt8(ascii: ".") { self.position += 1 }
        return .userVariable(String(decoding: self.bytes[nameStart..<self.position], as: UTF8.self))
    }

    private mutating func readSymbol() throws(Failure) -> Token.Symbol {
        let byte = self.bytes[self.position]
        let next = self.peek(1)
        func take(_ count: Int, _ symbol: Token.Symbol) -> Token.Symbol {
            self.position += count
            return symbol
        }
        switch byte {
        case UInt8(ascii: "("): return take(1, .leftParen)
        case UInt8(ascii: ")"): return take(1, .rightParen)
        case UInt8(ascii: ","): return take(1, .comma)
        case UInt8(ascii: ";"): return take(1, .semicolon)
        case UInt8(ascii: "+"): return take(1, .plus)
        case UInt8(ascii: "-"):
            if next == UInt8(ascii: ">") {
                return self.peek(2) == UInt8(ascii: ">") ? take(3, .doubleArrow) : take(2, .arrow)
            }
            return take(1, .minus)
        case UInt8(ascii: "*"): return take(1, .star)
        case UInt8(ascii: "/"): return take(1, .slash)
        case UInt8(ascii: "%"): return take(1, .percent)
        case UInt8(ascii: "="): return take(1, .equal)
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") {
                return self.peek(2) == UInt8(ascii: ">") ? take(3, .nullSafeEqual) : take(2, .lessOrEqual)
            }
            if next == UInt8(ascii: ">") { return take(2, .notEqual) }
            if next == UInt8(ascii: "<") { return take(2, .shiftLeft) }
            return take(1, .less)
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { return take(2, .greaterOrEqual) }
            if next == UInt8(ascii: ">") { return take(2, .shiftRight) }
            return take(1, .greater)
        case UInt8(ascii: "!"):
            return next == UInt8(ascii: "=") ? take(2, .notEqual) : take(1, .bang)
        case UInt8(ascii: ":") where next == UInt8(ascii: "="): return take(2, .assign)
        case UInt8(ascii: "&"): return next == UInt8(ascii: "&") ? take(2, .logicalAnd) : take(1, .ampersand)
        case UInt8(ascii: "|"): return next == UInt8(ascii: "|") ? take(2, .logicalOr) : take(1, .pipe)
        case UInt8(ascii: "~"): return take(1, .tilde)
        case UInt8(ascii: "^"): return take(1, .caret)
        case UInt8(ascii: "{"): return take(1, .openBrace)
        case UInt8(ascii: "}"): return take(1, .closeBrace)
        default: throw Failure(offset: self.position)
        }
    }

    // MARK: Character classes

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }
    static func isBinaryDigit(_ byte: UInt8) -> Bool { byte == 0x30 || byte == 0x31 }
    /// Letters, digits, `_`, `$` and any non-ASCII byte (UTF-8 identifiers).
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || isDigit(byte)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    static func hexBytes(_ digits: [UInt8]) -> [UInt8] {
        var padded = digits
        if padded.count % 2 == 1 { padded.insert(UInt8(ascii: "0"), at: 0) }
        func value(_ digit: UInt8) -> UInt8 { isDigit(digit) ? digit - 0x30 : (digit | 0x20) - 0x61 + 10 }
        return stride(from: 0, to: padded.count, by: 2).map { value(padded[$0]) << 4 | value(padded[$0 + 1]) }
    }

    static func bitBytes(_ digits: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var current: UInt8 = 0
        var count = digits.count % 8 == 0 ? 8 : digits.count % 8
        for digit in digits {
            current = current << 1 | (digit - 0x30)
            count -= 1
            if count == 0 {
                result.append(current)
                current = 0
                count = 8
            }
        }
        return result
    }
}
