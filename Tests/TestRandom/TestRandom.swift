#if canImport(Glibc)
import Glibc
#endif

/// Random input for the tests that feed it (fuzzing the execute decoder, random bytes at the
/// server, the sorted map against a dictionary): a run repeats itself, and a failure names the
/// seed that replays it.
///
/// The seed is the test's fixed default unless `MOCK_TIDB_TEST_SEED` is set (a decimal number);
/// then every such test uses that seed, to try new input or to replay a failure:
/// `MOCK_TIDB_TEST_SEED=1234 swift test --skip-build --filter executeRandomBytesNeverTrap`.
public enum TestSeed {
    public static let environmentVariable = "MOCK_TIDB_TEST_SEED"

    /// `MOCK_TIDB_TEST_SEED` when it is set to a number, else `fallback`.
    public static func value(default fallback: UInt64) -> UInt64 {
        guard let text = getenv(Self.environmentVariable) else { return fallback }
        return UInt64(String(cString: text)) ?? fallback
    }

    /// What a failure message says, so the run can be repeated.
    public static func replay(_ seed: UInt64) -> String {
        "seed \(seed) (replay with \(Self.environmentVariable)=\(seed))"
    }
}

/// SplitMix64: small, fast and fully determined by its seed.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { self.state = seed }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
