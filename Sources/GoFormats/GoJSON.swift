/// JSON as Go's `encoding/json` writes it: object keys in the order given (a struct's field
/// order; a map's keys sorted), strings escaped as Go does (HTML-safe `<`, `>`, `&`; U+2028 and
/// U+2029; `\b`, `\f` short forms as of Go 1.22), compact (`json.Marshal`) or indented
/// (`json.MarshalIndent`). Build one by hand or with `GoJSONEncoder`.
public indirect enum GoJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text, as Go prints it.
    case number(String)
    case string(String)
    case array([GoJSON])
    case object([(String, GoJSON)])

    public static func == (lhs: GoJSON, rhs: GoJSON) -> Bool { lhs.compact == rhs.compact }

    public static func int(_ value: some BinaryInteger) -> GoJSON { .number(String(value)) }

    /// `json.Marshal`.
    public var compact: String {
        var output = ""
        self.write(to: &output, indent: nil, depth: 0)
        return output
    }

    /// `json.MarshalIndent(v, "", indent)`.
    public func indented(by indent: String = "  ") -> String {
        var output = ""
        self.write(to: &output, indent: indent, depth: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, depth: Int) {
        func newline(_ level: Int) {
            guard let indent else { return }
            output += "\n" + String(repeating: indent, count: level)
        }
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): output += Self.quoted(text)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                newline(depth + 1)
                item.write(to: &output, indent: indent, depth: depth + 1)
            }
            newline(depth)
            output += "]"
        case .object(let entries):
            guard !entries.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (index, (key, value)) in entries.enumerated() {
                if index > 0 { output += "," }
                newline(depth + 1)
                output += Self.quoted(key) + (indent == nil ? ":" : ": ")
                value.write(to: &output, indent: indent, depth: depth + 1)
            }
            newline(depth)
            output += "}"
        }
    }

    /// A Go JSON string literal: `\"`, `\\`, `\n`, `\r`, `\t` (and `\b`, `\f`) short, the other
    /// control characters and U+2028, U+2029 as `\u00xx`/`\u202x` in lower-case hex, the rest as it
    /// is. `escapingHTML: false` is Go's `SetEscapeHTML(false)`, which leaves `<`, `>` and `&` as
    /// they are. `shortBackspaceAndFormFeed: false` is encoding/json before Go 1.22 (`\u0008`,
    /// `\u000c`), which TiDB's JSON type copied (`marshalStringTo` in types/json_binary.go).
    ///
    /// The one JSON string quoter: the status port's and mock-ticdc's answers, the query log,
    /// `cdc cli` output and the engine's JSON column text all use it.
    public static func quoted(
        _ text: String,
        escapingHTML: Bool = true,
        shortBackspaceAndFormFeed: Bool = true
    ) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}" where shortBackspaceAndFormFeed: output += "\\b"
            case "\u{0C}" where shortBackspaceAndFormFeed: output += "\\f"
            case "<", ">", "&":
                if escapingHTML {
                    output += "\\u00" + String(scalar.value, radix: 16)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            case "\u{2028}", "\u{2029}", "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
