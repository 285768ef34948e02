/// How long a connection spins for the server's answer before it sleeps, adapting to how often
/// spinning pays off.
///
/// A sleeping thread is woken by an interrupt to its CPU; on a VM that costs tens of microseconds,
/// more than a loopback round trip to mock-tidb itself. Spinning briefly first catches a fast
/// answer on a running CPU. A server that answers slowly (a remote TiDB, a long BACKUP) would make
/// every wait spin in vain, so after `missesBeforeBackingOff` misses in a row the policy stops
/// spinning for a number of waits that doubles with each further miss, then tries again; one
/// catch restores spinning at once.
struct ReplySpinPolicy: Sendable, Equatable {
    static let missesBeforeBackingOff = 3
    static let firstBackOff = 16
    static let longestBackOff = 1024

    /// The longest spin, in nanoseconds; 0 never spins.
    let limitNanoseconds: Int64
    private(set) var missesInARow = 0
    private(set) var waitsLeftWithoutSpinning = 0

    init(limit: Duration) {
        let (seconds, attoseconds) = limit.components
        self.limitNanoseconds = max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Nanoseconds to spin before the next wait sleeps; 0 sleeps at once.
    mutating func spinForNextWait() -> Int64 {
        guard self.waitsLeftWithoutSpinning == 0 else {
            self.waitsLeftWithoutSpinning -= 1
            return 0
        }
        return self.limitNanoseconds
    }

    /// What the spin of the last wait found: the answer (`caught`) or nothing in time.
    mutating func record(caught: Bool) {
        guard !caught else {
            self.missesInARow = 0
            return
        }
        self.missesInARow += 1
        let beyond = self.missesInARow - Self.missesBeforeBackingOff
        guard beyond >= 0 else { return }
        self.waitsLeftWithoutSpinning = min(Self.longestBackOff, Self.firstBackOff << min(beyond, 16))
    }
}
