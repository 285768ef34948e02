import MySQLTypes

/// STR_TO_DATE(str, format) as TiDB v8.5 evaluates it (builtin_time.go): the format decides the
/// result type at plan time (DATE, DATETIME or TIME, with 6 fraction digits when it has `%f`; a
/// format that is not constant gives DATETIME(6)). A string that does not match is NULL with
/// 1292; under NO_ZERO_DATE a DATE or DATETIME with a zero year, month or day is NULL too (1411
/// for DATE, 1292 for DATETIME, as TiDB words them); a TIME result ignores the date parts.
enum StrToDateBuiltin {
    static func add(_ define: MathBuiltins.Define) {
        define(["str_to_date"], 2...2, .ofValue) { e, args throws(MySQLError) in
            guard let date = try e.argument(args, 0).text, let format = try e.argument(args, 1).text else {
                return .null
            }
            let (kind, fsp) = try e.strToDateResult(format: args[1])
            let modes = e.environment.sessionVariableValue("sql_mode").uppercased().split(separator: ",")
            let zeroText = "0000-00-00 00:00:00"
            guard
                let parsed = StrToDateParser.parse(
                    date,
                    format: format,
                    allowInvalidDates: modes.contains("ALLOW_INVALID_DATES")
                )
            else {
                e.warn(.incorrectDatetimeValue(zeroText))
                return .null
            }
            var time = parsed.time
            guard parsed.isValid else {
                e.warn(.incorrectDatetimeValue(Self.secondsText(time)))
                return .null
            }
            if parsed.hasTrailingText { e.warn(.truncatedWrongValue("datetime", date)) }
            if kind != .time, modes.contains("NO_ZERO_DATE"), time.year == 0 || time.month == 0 || time.day == 0 {
                e.warn(
                    kind == .date
                        ? .tidb(1411, "HY000", "Incorrect datetime value: '\(date)' for function str_to_date")
                        : .incorrectDatetimeValue(Self.secondsText(time))
                )
                return .null
            }
            switch kind {
            case .date:
                return .date(SQLDateTime(year: time.year, month: time.month, day: time.day))
            case .datetime:
                time.fractionDigits = fsp
                if fsp == 0 { time.microsecond = 0 }
                return .datetime(time)
            case .time:
                let seconds = Int64((time.hour * 60 + time.minute) * 60 + time.second)
                let micros = seconds * 1_000_000 + Int64(fsp == 0 ? 0 : time.microsecond)
                return .string(SQLDuration(micros: micros, fractionDigits: fsp).text)
            }
        }
    }

    /// The parsed time as TiDB prints it in a warning: a DATETIME without fraction.
    private static func secondsText(_ time: SQLDateTime) -> String {
        var whole = time
        whole.fractionDigits = 0
        return whole.description
    }
}

extension Evaluator {
    /// STR_TO_DATE's result kind and fraction digits, decided from its format argument as TiDB
    /// decides at plan time: a constant format by its specifiers (a NULL one is DATETIME), any
    /// other DATETIME(6).
    func strToDateResult(format: Expression) throws(MySQLError) -> (StrToDateParser.ResultKind, Int) {
        guard Self.isFoldable(format) else { return (.datetime, 6) }
        guard let text = try self.evaluate(format).text else { return (.datetime, 0) }
        return StrToDateParser.resultKind(format: text)
    }

    /// The column type of STR_TO_DATE(_, format).
    func strToDateType(format: Expression) throws(MySQLError) -> FieldType {
        let (kind, fsp) = try self.strToDateResult(format: format)
        switch kind {
        case .date: return FieldType(type: .date, length: 10, flags: .binary, charset: CollationID.binary)
        case .datetime: return Self.datetimeType(fsp: fsp)
        case .time: return SQLDuration.fieldType(fsp: fsp)
        }
    }
}
