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

    /// 10^`exponent`; callers keep `exponent` within 0...38 (10^39 does not fit an Int128).
    static func powerOfTen(_ exponent: Int) -> Int128 {
        precondition((0...38).contains(exponent), "10^\(exponent) does not fit an Int128")
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// The same value with `scale` fraction digits, rounding half away from zero when shortening.
    public func rescaled(to scale: Int) -> SQLDecimal? {
        if scale == self.scale { return self }
        if scale > self.scale {
            if self.unscaled == 0 { return SQLDecimal(unscaled: 0, scale: scale) }
            guard scale - self.scale <= Self.maxDigits else { return nil }
            let (value, overflow) = self.unscaled.multipliedReportingOverflow(by: Self.powerOfTen(scale - self.scale))
            guard !overflow, value.magnitude <= Self.maxUnscaled.magnitude else { return nil }
            return SQLDecimal(unscaled: value, scale: scale)
        }
        // Dropping more digits than an Int128 holds leaves nothing to round up.
        guard self.scale - scale <= Self.maxDigits else { return SQLDecimal(unscaled: 0, scale: scale) }
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
        guard (0...Self.maxDigits).contains(shift + extra) else { return nil }
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
