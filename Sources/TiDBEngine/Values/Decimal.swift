/// An exact decimal number: an unscaled integer and a scale, as MySQL's DECIMAL.
///
/// 38 significant digits (Int128) instead of MySQL's 65; larger results are an out-of-range
/// error, never a silent rounding.
public struct SQLDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var unscaled: Int128
    public var scale: Int

    public static let maxScale = 30
    static let maxUnscaled: Int128 = 99_999_999_999_999_999_999_999_999_999_999_999_999

    public init(unscaled: Int128, scale: Int) {
        self.unscaled = unscaled
        self.scale = scale
    }

    public init(_ value: Int64) {
        self.init(unscaled: Int128(value), scale: 0)
    }

    public init(_ value: UInt64) {
        self.init(unscaled: Int128(value), scale: 0)
    }

    /// Parses `[-+]digits[.digits][e[-+]digits]`, as TiDB's `MyDecimal.FromString` does (Ruby's
    /// mysql2 sends every BigDecimal as `0.15e4`); nil for anything else or more than 38 digits.
    /// An exponent that leaves more than `maxScale` fraction digits rounds to `maxScale`.
    public init?(parsing text: some StringProtocol) {
        var unscaled: Int128 = 0
        var scale = 0
        var negative = false
        var sawDigit = false
        var sawPoint = false
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
            negative = utf8[index] == UInt8(ascii: "-")
            index = utf8.index(after: index)
        }
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if byte >= 0x30, byte <= 0x39 {
                sawDigit = true
                let (product, overflow1) = unscaled.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int128(byte - 0x30))
                guard !overflow1, !overflow2, sum <= Self.maxUnscaled else { return nil }
                unscaled = sum
                if sawPoint { scale += 1 }
            } else if byte | 0x20 == UInt8(ascii: "e"), sawDigit {
                guard let exponent = Int(text[text.utf8.index(after: index)...]), exponent.magnitude < 100 else {
                    return nil
                }
                let shifted = SQLDecimal(unscaled: negative ? -unscaled : unscaled, scale: scale)
                    .shifted(by: exponent)
                guard let shifted else { return nil }
                self = shifted
                return
            } else {
                return nil
            }
            index = utf8.index(after: index)
        }
        guard sawDigit else { return nil }
        self.init(unscaled: negative ? -unscaled : unscaled, scale: scale)
    }

    /// The value times 10^`exponent`: the scale moves first, digits only where it cannot.
    func shifted(by exponent: Int) -> SQLDecimal? {
        let scale = self.scale - exponent
        if scale < 0 { return SQLDecimal(unscaled: self.unscaled, scale: 0).rescaledUp(by: -scale) }
        if scale > Self.maxScale {
            // 38 digits at most: anything shifted further right rounds to zero.
            guard scale - Self.maxScale <= 38 else { return SQLDecimal(unscaled: 0, scale: Self.maxScale) }
            return SQLDecimal(unscaled: self.unscaled, scale: scale).rescaled(to: Self.maxScale)
        }
        return SQLDecimal(unscaled: self.unscaled, scale: scale)
    }

    private func rescaledUp(by digits: Int) -> SQLDecimal? {
        if self.unscaled == 0 { return self }
        guard digits <= 38 else { return nil }
        let (value, overflow) = self.unscaled.multipliedReportingOverflow(by: Self.powerOfTen(digits))
        guard !overflow, value.magnitude <= Self.maxUnscaled.magnitude else { return nil }
        return SQLDecimal(unscaled: value, scale: self.scale)
    }

    static func powerOfTen(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// The same value with `scale` fraction digits, rounding half away from zero when shortening.
    public func rescaled(to scale: Int) -> SQLDecimal? {
        if scale == self.scale { return self }
        if scale > self.scale {
            let (value, overflow) = self.unscaled.multipliedReportingOverflow(by: Self.powerOfTen(scale - self.scale))
            guard !overflow, value.magnitude <= Self.maxUnscaled.magnitude else { return nil }
            return SQLDecimal(unscaled: value, scale: scale)
        }
        let divisor = Self.powerOfTen(self.scale - scale)
        var quotient = self.unscaled / divisor
        let remainder = self.unscaled % divisor
        if remainder.magnitude * 2 >= divisor.magnitude {
            quotient += self.unscaled < 0 ? -1 : 1
        }
        return SQLDecimal(unscaled: quotient, scale: scale)
    }

    public var isZero: Bool { self.unscaled == 0 }

    public var doubleValue: Double {
        Double(self.unscaled) / Double(Self.powerOfTen(self.scale))
    }

    /// Rounded to the nearest integer, halves away from zero; nil outside Int64.
    public var roundedInt64: Int64? {
        guard let rounded = self.rescaled(to: 0) else { return nil }
        return Int64(exactly: rounded.unscaled)
    }

    public static func < (lhs: SQLDecimal, rhs: SQLDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        guard let left = lhs.rescaled(to: scale), let right = rhs.rescaled(to: scale) else {
            return lhs.doubleValue < rhs.doubleValue
        }
        return left.unscaled < right.unscaled
    }

    public static func == (lhs: SQLDecimal, rhs: SQLDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        guard let left = lhs.rescaled(to: scale), let right = rhs.rescaled(to: scale) else { return false }
        return left.unscaled == right.unscaled
    }

    public func hash(into hasher: inout Hasher) {
        // Equal values hash alike whatever their scale.
        var normalized = self
        while normalized.scale > 0, normalized.unscaled % 10 == 0 {
            normalized.unscaled /= 10
            normalized.scale -= 1
        }
        hasher.combine(normalized.unscaled)
        hasher.combine(normalized.scale)
    }

    public func adding(_ other: SQLDecimal) -> SQLDecimal? {
        let scale = max(self.scale, other.scale)
        guard let left = self.rescaled(to: scale), let right = other.rescaled(to: scale) else { return nil }
        let (sum, overflow) = left.unscaled.addingReportingOverflow(right.unscaled)
        guard !overflow, sum.magnitude <= Self.maxUnscaled.magnitude else { return nil }
        return SQLDecimal(unscaled: sum, scale: scale)
    }

    public func negated() -> SQLDecimal { SQLDecimal(unscaled: -self.unscaled, scale: self.scale) }

    public func subtracting(_ other: SQLDecimal) -> SQLDecimal? { self.adding(other.negated()) }

    public func multiplying(_ other: SQLDecimal) -> SQLDecimal? {
        let (product, overflow) = self.unscaled.multipliedReportingOverflow(by: other.unscaled)
        guard !overflow, product.magnitude <= Self.maxUnscaled.magnitude else { return nil }
        let result = SQLDecimal(unscaled: product, scale: self.scale + other.scale)
        return result.scale > Self.maxScale ? result.rescaled(to: Self.maxScale) : result
    }

    /// MySQL division: the dividend's scale plus `div_precision_increment` (4) fraction digits.
    public func dividing(by other: SQLDecimal, precisionIncrement: Int = 4) -> SQLDecimal? {
        guard !other.isZero else { return nil }
        let resultScale = min(self.scale + precisionIncrement, Self.maxScale)
        // unscaled_result = self.unscaled * 10^(resultScale - self.scale + other.scale) / other.unscaled, rounded.
        let shift = resultScale - self.scale + other.scale
        let extra = 1  // one guard digit for rounding
        let (numerator, overflow) = self.unscaled.multipliedReportingOverflow(by: Self.powerOfTen(shift + extra))
        guard !overflow else { return nil }
        let guarded = SQLDecimal(unscaled: numerator / other.unscaled, scale: resultScale + extra)
        return guarded.rescaled(to: resultScale)
    }

    public var description: String {
        let magnitude = self.unscaled.magnitude
        var digits = String(magnitude)
        if self.scale > 0 {
            if digits.count <= self.scale {
                digits = String(repeating: "0", count: self.scale - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -self.scale))
        }
        return self.unscaled < 0 ? "-" + digits : digits
    }

    /// Digits before the point, for type lengths.
    public var integerDigits: Int {
        let total = String(self.unscaled.magnitude).count
        return max(total - self.scale, 1)
    }
}
