import MySQLTypes

/// Time-zone conversion (issue 20): CONVERT_TZ, which Django's MySQL backends call when they
/// connect to learn whether the server has time-zone tables.
enum TimeBuiltins {
    static func add(_ define: MathBuiltins.Define) {
        // CONVERT_TZ(dt, from, to): `dt` read as wall time in `from`, shown as wall time in `to`;
        // NULL for an unknown zone or NULL argument (MySQL's answer; TiDB's too).
        define(["convert_tz"], 3...3, .datetime) { e, args throws(MySQLError) in
            let value = try e.argument(args, 0)
            let time: SQLDateTime
            switch value {
            case .null: return .null
            case .datetime(let given), .date(let given): time = given
            default:
                guard let text = value.text, let parsed = SQLDateTime(parsing: text.trimmingASCIISpaces()) else {
                    e.warn(.incorrectDatetimeValue(value.text ?? ""))
                    return .null
                }
                time = parsed
            }
            guard let fromName = try e.argument(args, 1).text, let from = SessionTimeZone(fromName),
                let toName = try e.argument(args, 2).text, let to = SessionTimeZone(toName)
            else { return .null }
            let wall = time.microsecondsSinceEpoch(offsetSeconds: 0)
            // The instant whose wall time in `from` is `wall`: the offset at a first guess, then
            // at the instant that guess gives (right on both sides of a DST change).
            let guess = wall - Int64(from.offsetSeconds(atMicroseconds: wall)) * 1_000_000
            let instant = wall - Int64(from.offsetSeconds(atMicroseconds: guess)) * 1_000_000
            return .datetime(
                SQLDateTime(
                    microsecondsSinceEpoch: instant,
                    offsetSeconds: to.offsetSeconds(atMicroseconds: instant),
                    fractionDigits: time.fractionDigits
                )
            )
        }
    }
}
