import GoFormats
import MySQLTypes

/// The catalog indexed by name, and TiDB's type validation for SET (`variable.go`).
public enum SystemVariables {
    static let byName: [String: SystemVariableDefinition] = {
        var index: [String: SystemVariableDefinition] = [:]
        index.reserveCapacity(SystemVariableDefinition.catalog.count)
        for definition in SystemVariableDefinition.catalog {
            index[definition.name] = definition
        }
        return index
    }()

    /// Names in byte order, the order of `SHOW VARIABLES`.
    static let sortedNames: [String] = byName.keys.sorted()

    public static func definition(_ name: String) -> SystemVariableDefinition? {
        byName[name] ?? byName[name.lowercased()]
    }

    /// A value after type validation, with the warning TiDB adds when it clamps.
    struct Validated {
        var value: String
        var warning: MySQLError?
    }

    /// Checks `value` against the variable's type and normalises it, as TiDB's
    /// `ValidateFromType` does: bad input is an error, out-of-range numbers are clamped with 1292.
    static func validate(_ definition: SystemVariableDefinition, _ value: String) throws(MySQLError) -> Validated {
        let name = definition.name
        if value.isEmpty, definition.allowsEmpty { return Validated(value: value) }
        if definition.allowsAutoValue, value == "-1" { return Validated(value: value) }
        switch definition.type {
        case .string:
            return Validated(value: value)
        case .bool:
            if value.equalsIgnoringASCIICase("ON") { return Validated(value: "ON") }
            if value.equalsIgnoringASCIICase("OFF") { return Validated(value: "OFF") }
            if let number = Int64(value) {
                if number == 1 || (number < 0 && definition.convertsNegativeToOn) { return Validated(value: "ON") }
                if number == 0 { return Validated(value: "OFF") }
            }
            throw .wrongValueForVariable(name, value)
        case .int(let minimum, let maximum):
            guard let number = Int64(value) else { throw .wrongTypeForVariable(name) }
            if number < minimum {
                return Validated(value: String(minimum), warning: .truncatedWrongValue(name, value))
            }
            if maximum > minimum, number > maximum {
                return Validated(value: String(maximum), warning: .truncatedWrongValue(name, value))
            }
            return Validated(value: String(number))
        case .unsigned(let minimum, let maximum):
            guard !value.isEmpty else { throw .wrongTypeForVariable(name) }
            if let negative = Int64(value), negative < 0 {
                return Validated(value: String(minimum), warning: .truncatedWrongValue(name, value))
            }
            guard let number = UInt64(value) else { throw .wrongTypeForVariable(name) }
            if number < minimum {
                return Validated(value: String(minimum), warning: .truncatedWrongValue(name, value))
            }
            if number > maximum {
                return Validated(value: String(maximum), warning: .truncatedWrongValue(name, value))
            }
            return Validated(value: String(number))
        case .float(let minimum, let maximum):
            guard let number = Double(value), number.isFinite else { throw .wrongTypeForVariable(name) }
            if number < minimum {
                return Validated(value: String(Int64(minimum)), warning: .truncatedWrongValue(name, value))
            }
            if number > maximum {
                return Validated(value: String(Int64(maximum)), warning: .truncatedWrongValue(name, value))
            }
            return Validated(value: value)
        case .enumeration(let choices):
            if let match = choices.first(where: { $0.lowercased() == value.lowercased() }) {
                return Validated(value: match)
            }
            if let index = Int(value), choices.indices.contains(index) {
                return Validated(value: choices[index])
            }
            throw .wrongValueForVariable(name, value)
        case .time:
            guard Self.isTimeOfDay(value) else {
                throw .unknown("parsing time \"\(value)\" as \"15:04 -0700\": cannot parse")
            }
            return Validated(value: value)
        case .duration(let minimum, let maximum):
            guard let nanos = GoDuration.parse(value) else { throw .wrongTypeForVariable(name) }
            if nanos < minimum {
                return Validated(value: GoDuration.format(minimum), warning: .truncatedWrongValue(name, value))
            }
            if nanos > maximum {
                return Validated(value: GoDuration.format(maximum), warning: .truncatedWrongValue(name, value))
            }
            return Validated(value: GoDuration.format(nanos))
        }
    }

    /// `HH:MM` or `HH:MM -0700`.
    private static func isTimeOfDay(_ value: String) -> Bool {
        let parts = value.split(separator: " ")
        guard let clock = parts.first, parts.count <= 2 else { return false }
        let fields = clock.split(separator: ":")
        guard fields.count == 2, let hour = Int(fields[0]), let minute = Int(fields[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return false }
        if parts.count == 2 {
            let zone = parts[1]
            guard zone.count == 5, zone.first == "+" || zone.first == "-", Int(zone.dropFirst()) != nil else {
                return false
            }
        }
        return true
    }

    /// How a variable's value goes over the wire when selected (`GetNativeValType`): bools as
    /// INT, unsigned numbers as BIGINT UNSIGNED, everything else as a string.
    static func columnValue(_ definition: SystemVariableDefinition, _ value: String) -> (Value, FieldType) {
        switch definition.type {
        case .bool:
            let on = value.equalsIgnoringASCIICase("ON") || value == "1" || value.equalsIgnoringASCIICase("TRUE")
            return (.int(on ? 1 : 0), FieldType(type: .long, length: 11, flags: .binary, charset: CollationID.binary))
        case .unsigned:
            return (
                .uint(UInt64(value) ?? 0),
                FieldType(type: .longLong, length: 20, flags: [.binary, .unsigned], charset: CollationID.binary)
            )
        default:
            return (.string(value), FieldType.variableString)
        }
    }
}
