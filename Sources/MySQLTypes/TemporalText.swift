extension BinaryInteger {
    /// The decimal digits, zero-padded on the left to `width` characters with the sign counted
    /// (`-05` for -5 and width 3), as C's and Go's `%0*d` print them; wider numbers stay whole.
    public func zeroPadded(_ width: Int) -> String {
        let digits = String(self.magnitude)
        let sign = Self.isSigned && self < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
    }
}

/// MySQL's text forms of temporal values: `YYYY-MM-DD`, `YYYY-MM-DD hh:mm:ss[.ffffff]` and
/// `[-]hh:mm:ss[.ffffff]`. The one formatter for the engine's values, the binary protocol's
/// values sent in string columns, execute parameters and the client library's values.
///
/// `fractionDigits` nil is the binary protocol's rule (six digits when the microseconds are not
/// zero, none when they are); a number is a column's fractional-seconds precision: exactly that
/// many digits, the microseconds truncated to them.
public enum TemporalText {
    /// `YYYY-MM-DD`.
    public static func date(year: Int, month: Int, day: Int) -> String {
        year.zeroPadded(4) + "-" + month.zeroPadded(2) + "-" + day.zeroPadded(2)
    }

    /// `YYYY-MM-DD hh:mm:ss[.ffffff]`.
    public static func datetime(
        year: Int,
        month: Int,
        day: Int,
        hour: Int,
        minute: Int,
        second: Int,
        microsecond: Int,
        fractionDigits: Int? = nil
    ) -> String {
        Self.date(year: year, month: month, day: day) + " "
            + Self.clock(hour, minute, second, microsecond, fractionDigits: fractionDigits)
    }

    /// `[-]hh:mm:ss[.ffffff]`: the hours are the total (days folded in), two digits or more.
    public static func time(
        negative: Bool,
        hours: Int,
        minutes: Int,
        seconds: Int,
        microseconds: Int,
        fractionDigits: Int? = nil
    ) -> String {
        (negative ? "-" : "") + Self.clock(hours, minutes, seconds, microseconds, fractionDigits: fractionDigits)
    }

    private static func clock(
        _ hours: Int,
        _ minutes: Int,
        _ seconds: Int,
        _ microseconds: Int,
        fractionDigits: Int?
    )
        -> String
    {
        let text = hours.zeroPadded(2) + ":" + minutes.zeroPadded(2) + ":" + seconds.zeroPadded(2)
        let digits = fractionDigits ?? (microseconds == 0 ? 0 : 6)
        guard digits > 0 else { return text }
        return text + "." + microseconds.zeroPadded(6).prefix(min(6, digits))
    }
}
