import MySQLTypes

#if canImport(Glibc)
import Glibc
#endif

/// Numeric functions (issue 20): MOD, ROUND/TRUNCATE with digits, SIGN, SQRT, POW, EXP, the
/// logarithms and trigonometry, DEGREES/RADIANS, CONV. Floating-point results are DOUBLE; an
/// argument outside a function's domain (SQRT(-1), LOG(0)) is NULL, as in TiDB. ROUND of a DOUBLE
/// rounds half to even (`ROUND(25E-1)` is 2, TiDB's `math.RoundToEven`); of an exact value, half
/// away from zero.
enum MathBuiltins {
    typealias Define = (
        [String], ClosedRange<Int>, Builtin.ResultType,
        @escaping @Sendable (Evaluator, [Expression]) throws(MySQLError) -> Value
    ) -> Void

    static func add(_ define: Define) {
        let double: Builtin.ResultType = .fixed(FieldType.double)
        define(["mod"], 2...2, .ofValue) { e, args throws(MySQLError) in
            try e.evaluate(.binary(.modulo, args[0], args[1]))
        }
        define(["sign"], 1...1, .fixed(.bigint(length: 2, flags: .binary))) { e, args throws(MySQLError) in
            guard let number = try e.argument(args, 0).number(warn: e.warn) else { return .null }
            let d = number.doubleValue
            return .int(d > 0 ? 1 : d < 0 ? -1 : 0)
        }
        for (name, function, domain) in Self.unary {
            define([name], 1...1, double) { e, args throws(MySQLError) in
                guard let x = try e.argument(args, 0).number(warn: e.warn)?.doubleValue else { return .null }
                guard domain(x) else { return .null }
                return Self.finite(function(x))
            }
        }
        define(["log"], 1...2, double) { e, args throws(MySQLError) in
            var values: [Double] = []
            for index in args.indices {
                guard let x = try e.argument(args, index).number(warn: e.warn)?.doubleValue else { return .null }
                values.append(x)
            }
            if values.count == 1 { return values[0] > 0 ? .double(Glibc.log(values[0])) : .null }
            guard values[0] > 0, values[0] != 1, values[1] > 0 else { return .null }
            return .double(Glibc.log(values[1]) / Glibc.log(values[0]))
        }
        define(["pow", "power"], 2...2, double) { e, args throws(MySQLError) in
            guard let base = try e.argument(args, 0).number(warn: e.warn)?.doubleValue,
                let exponent = try e.argument(args, 1).number(warn: e.warn)?.doubleValue
            else { return .null }
            let result = Glibc.pow(base, exponent)
            guard result.isFinite else {
                throw .tidb(
                    1690,
                    "22003",
                    "DOUBLE value is out of range in 'pow(\(args[0].sqlText), \(args[1].sqlText))'"
                )
            }
            return .double(result)
        }
        define(["atan2"], 2...2, double) { e, args throws(MySQLError) in
            guard let y = try e.argument(args, 0).number(warn: e.warn)?.doubleValue,
                let x = try e.argument(args, 1).number(warn: e.warn)?.doubleValue
            else { return .null }
            return .double(Glibc.atan2(y, x))
        }
        define(["round"], 1...2, .ofValue) { e, args throws(MySQLError) in
            try Self.roundOrTruncate(e, args, truncating: false)
        }
        define(["truncate"], 2...2, .ofValue) { e, args throws(MySQLError) in
            try Self.roundOrTruncate(e, args, truncating: true)
        }
        define(["conv"], 3...3, .fixed(FieldType.varString(length: 64))) { e, args throws(MySQLError) in
            guard let text = try e.argument(args, 0).text,
                let from = try e.argument(args, 1).int64(warn: e.warn),
                let to = try e.argument(args, 2).int64(warn: e.warn)
            else { return .null }
            return Self.convert(text, from: Int(from), to: Int(to)).map(Value.string) ?? .null
        }
    }

    static let unary: [(String, @Sendable (Double) -> Double, @Sendable (Double) -> Bool)] = [
        ("sqrt", { Glibc.sqrt($0) }, { $0 >= 0 }),
        ("exp", { Glibc.exp($0) }, { _ in true }),
        ("ln", { Glibc.log($0) }, { $0 > 0 }),
        ("log2", { Glibc.log2($0) }, { $0 > 0 }),
        ("log10", { Glibc.log10($0) }, { $0 > 0 }),
        ("sin", { Glibc.sin($0) }, { _ in true }),
        ("cos", { Glibc.cos($0) }, { _ in true }),
        ("tan", { Glibc.tan($0) }, { _ in true }),
        ("cot", { 1 / Glibc.tan($0) }, { $0 != 0 }),
        ("asin", { Glibc.asin($0) }, { (-1...1).contains($0) }),
        ("acos", { Glibc.acos($0) }, { (-1...1).contains($0) }),
        ("atan", { Glibc.atan($0) }, { _ in true }),
        ("degrees", { $0 * 180 / Double.pi }, { _ in true }),
        ("radians", { $0 * Double.pi / 180 }, { _ in true }),
    ]

    static func finite(_ value: Double) -> Value { value.isFinite ? .double(value) : .null }

    /// ROUND(x[, d]) and TRUNCATE(x, d): the argument's kind is kept (an integer stays an
    /// integer, a DECIMAL gets `d` digits of scale, at least 0, at most 30).
    static func roundOrTruncate(_ e: Evaluator, _ args: [Expression], truncating: Bool) throws(MySQLError) -> Value {
        guard let number = try e.argument(args, 0).number(warn: e.warn) else { return .null }
        var digits = 0
        if args.count == 2 {
            guard let d = try e.argument(args, 1).int64(warn: e.warn) else { return .null }
            digits = Int(max(-30, min(30, d)))
        }
        switch number {
        case .double(let x):
            let shift = Glibc.pow(10, Double(digits))
            let scaled = x * shift
            guard scaled.isFinite else { return .double(x) }
            let rounded = truncating ? scaled.rounded(.towardZero) : scaled.rounded(.toNearestOrEven)
            return .double(rounded / shift)
        case .int, .uint, .decimal:
            guard let decimal = number.decimalValue else { return .null }
            guard let rounded = Self.round(decimal, digits: digits, truncating: truncating) else {
                throw .valueOutOfRange("DECIMAL", decimal.description)
            }
            if case .decimal = number { return .decimal(rounded) }
            let whole = rounded.unscaled / SQLDecimal.powerOfTen(rounded.scale)
            if case .uint = number, let value = UInt64(exactly: whole) { return .uint(value) }
            return Int64(exactly: whole).map(Value.int) ?? .decimal(rounded)
        }
    }

    /// An exact value to `digits` places (negative: tens, hundreds, ...), half away from zero.
    /// nil when the grown scale does not fit 38 digits.
    static func round(_ value: SQLDecimal, digits: Int, truncating: Bool) -> SQLDecimal? {
        let keep = max(digits, 0)
        guard digits < value.scale else {
            // Already that precise: only the scale grows (ROUND(1.5, 3) is 1.500).
            return value.rescaled(to: keep)
        }
        // Dropping more places than 38 digits hold leaves zero.
        guard value.scale - digits <= SQLDecimal.maxDigits else { return SQLDecimal(unscaled: 0, scale: keep) }
        let divisor = SQLDecimal.powerOfTen(value.scale - digits)
        var quotient = value.unscaled / divisor
        let remainder = value.unscaled % divisor
        if !truncating, remainder.magnitude * 2 >= divisor.magnitude { quotient += value.unscaled < 0 ? -1 : 1 }
        // Back to `keep` places: for negative digits the dropped places come back as zeros.
        guard digits < 0 else { return SQLDecimal(unscaled: quotient, scale: keep) }
        let (unscaled, overflow) = quotient.multipliedReportingOverflow(by: SQLDecimal.powerOfTen(-digits))
        return overflow ? nil : SQLDecimal(unscaled: unscaled, scale: keep)
    }

    /// CONV: digits of `text` in base `from` (2-36; negative: signed) as base `to`; the longest
    /// valid prefix counts, as MySQL reads it.
    static func convert(_ text: String, from: Int, to: Int) -> String? {
        guard (2...36).contains(abs(from)), (2...36).contains(abs(to)) else { return nil }
        var digits = Substring(text.trimmingASCIISpaces().uppercased())
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        var magnitude: UInt64 = 0
        for character in digits {
            guard let digit = character.hexDigitValue ?? Self.letterDigit(character), digit < abs(from) else { break }
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: UInt64(abs(from)))
            let (sum, carry) = product.addingReportingOverflow(UInt64(digit))
            if overflow || carry {
                magnitude = .max
                break
            }
            magnitude = sum
        }
        if negative, to < 0 { return "-" + String(magnitude, radix: abs(to)).uppercased() }
        let unsigned = negative ? (0 &- magnitude) : magnitude
        return String(unsigned, radix: abs(to)).uppercased()
    }

    private static func letterDigit(_ character: Character) -> Int? {
        guard let ascii = character.asciiValue, (65...90).contains(ascii) else { return nil }
        return Int(ascii) - 55
    }
}
