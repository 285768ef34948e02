import MySQLTypes

extension ColumnCoercion {
    /// TIME columns store the normalised text TiDB shows: '21:30' in a TIME(6) column is
    /// '21:30:00.000000', 123456 is '12:34:56'. Out of range is 1292 (or, not strict, a warning
    /// and ±838:59:59); text that is no time is 1292 (or '00:00:00').
    func coerceTime(_ value: Value, to column: ColumnSchema, row: Int) throws(MySQLError) -> Value {
        let fsp = column.type.fractionDigits
        let given = value.text ?? ""
        let error = MySQLError(
            code: 1292,
            sqlState: "22007",
            message: "Incorrect time value: '\(given)' for column '\(column.name)' at row \(row)"
        )
        guard let parsed = SQLDuration(value) else {
            return try fail(error, fallback: .string(SQLDuration(micros: 0, fractionDigits: fsp).text))
        }
        let duration = parsed.rounded(to: fsp)
        guard duration.inRange else {
            var clamped = duration.clamped()
            clamped.fractionDigits = fsp
            return try fail(error, fallback: .string(clamped.text))
        }
        return .string(duration.text)
    }
}
