/// One TiDB system variable as TiDB declares it (`pkg/sessionctx/variable/sysvar.go`, `noop.go`).
///
/// The catalog (`SystemVariableCatalog.swift`) is data only; behaviour that TiDB implements with
/// hooks (GC variables kept in `mysql.tidb`, `tidb_external_ts` kept by PD, `tidb_current_ts`
/// read from the transaction, ...) lives in `SystemVariableHooks.swift`.
public struct SystemVariableDefinition: Sendable {
    /// TiDB's scope bits: `ScopeNone` is the empty set (read-only, instance-wide values such as
    /// `version`), `ScopeInstance` variables are read and set like GLOBAL but are not persisted.
    public struct Scope: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let global = Scope(rawValue: 1)
        public static let session = Scope(rawValue: 2)
        public static let instance = Scope(rawValue: 4)
        public static let none: Scope = []
        public static let both: Scope = [.global, .session]
    }

    /// TiDB's `TypeStr`, `TypeBool`, `TypeInt`, ... with the bounds that go with each.
    public enum ValueType: Sendable, Equatable {
        case string
        case bool
        case int(min: Int64, max: Int64)
        case unsigned(min: UInt64, max: UInt64)
        case float(min: Double, max: Double)
        case enumeration([String])
        /// `TypeTime`: a time of day with an offset, such as `01:00 +0000`.
        case time
        /// `TypeDuration`: a Go duration string; bounds in nanoseconds.
        case duration(min: Int64, max: Int64)
    }

    public var name: String
    public var scope: Scope
    public var type: ValueType
    public var defaultValue: String
    public var isReadOnly: Bool
    /// Hidden variables are settable but not listed by `SHOW VARIABLES`.
    public var isHidden: Bool
    /// `AllowEmpty`: an empty string is accepted.
    public var allowsEmpty: Bool
    /// `AllowAutoValue`: `-1` means "pick automatically" and is accepted below `min`.
    public var allowsAutoValue: Bool
    /// `AutoConvertNegativeBool`: a negative number sets a bool variable to ON.
    public var convertsNegativeToOn: Bool
    /// Declared in TiDB's `noop.go`: accepted and stored for MySQL compatibility, without effect.
    public var isNoop: Bool

    public init(
        name: String,
        scope: Scope,
        type: ValueType = .string,
        defaultValue: String,
        isReadOnly: Bool = false,
        isHidden: Bool = false,
        allowsEmpty: Bool = false,
        allowsAutoValue: Bool = false,
        convertsNegativeToOn: Bool = false,
        isNoop: Bool = false
    ) {
        self.name = name
        self.scope = scope
        self.type = type
        self.defaultValue = defaultValue
        self.isReadOnly = isReadOnly
        self.isHidden = isHidden
        self.allowsEmpty = allowsEmpty
        self.allowsAutoValue = allowsAutoValue
        self.convertsNegativeToOn = convertsNegativeToOn
        self.isNoop = isNoop
    }
}
