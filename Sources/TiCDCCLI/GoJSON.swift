import GoFormats
import TiCDCCore

/// `cdc cli` prints JSON as Go's `encoding/json` does (`GoJSON`, `json.MarshalIndent(v, "", "  ")`).
extension GoJSON {
    /// A JSON tree (the replica config), keys in TiCDC's struct order where known.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .number(String(number))
        case .unsigned(let number): self = .number(String(number))
        case .double(let number): self = .number(String(number))
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(GoJSON.init))
        case .object(let object): self = .object(JSONValue.ordered(object.keys).map { ($0, GoJSON(object[$0]!)) })
        }
    }

    /// Two spaces per level, as `cdc cli` indents.
    var indented: String { self.indented(by: "  ") }
}
