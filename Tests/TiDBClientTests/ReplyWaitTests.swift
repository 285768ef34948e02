import Foundation
import SocketSpin
import Testing

@testable import TiDBClient

@Suite("Spinning for a reply before sleeping")
struct ReplyWaitTests {
    @Test func spinsTheLimitWhileSpinningCatchesTheAnswer() {
        var policy = ReplySpinPolicy(limit: .microseconds(100))
        for _ in 0..<50 {
            #expect(policy.spinForNextWait() == 100_000)
            policy.record(caught: true)
        }
        // Two misses are not yet a pattern.
        for _ in 0..<2 {
            #expect(policy.spinForNextWait() == 100_000)
            policy.record(caught: false)
        }
        #expect(policy.spinForNextWait() == 100_000)
        policy.record(caught: true)
        #expect(policy.missesInARow == 0)
    }

    @Test func missesInARowStopSpinningForAWhileThatDoublesThenOneCatchRestoresIt() {
        var policy = ReplySpinPolicy(limit: .microseconds(50))
        for _ in 0..<ReplySpinPolicy.missesBeforeBackingOff {
            #expect(policy.spinForNextWait() == 50_000)
            policy.record(caught: false)
        }
        for _ in 0..<16 { #expect(policy.spinForNextWait() == 0) }
        #expect(policy.spinForNextWait() == 50_000)  // the probe
        policy.record(caught: false)
        for _ in 0..<32 { #expect(policy.spinForNextWait() == 0) }
        #expect(policy.spinForNextWait() == 50_000)
        policy.record(caught: true)
        #expect(policy.spinForNextWait() == 50_000)
        #expect(policy.missesInARow == 0)
    }

    @Test func theLongestPauseIsCapped() {
        var policy = ReplySpinPolicy(limit: .microseconds(10))
        for _ in 0..<40 {
            while policy.spinForNextWait() == 0 {}
            policy.record(caught: false)
        }
        #expect(policy.waitsLeftWithoutSpinning == ReplySpinPolicy.longestBackOff)
    }

    @Test func aZeroOrNegativeLimitNeverSpins() {
        var zero = ReplySpinPolicy(limit: .zero)
        var negative = ReplySpinPolicy(limit: .microseconds(-5))
        #expect(zero.spinForNextWait() == 0)
        #expect(negative.spinForNextWait() == 0)
    }

    @Test func theDSNSetsTheSpinAndZeroTurnsItOff() throws {
        #expect(try ConnectionConfiguration(dsn: "mysql://h").replySpin == .microseconds(100))
        #expect(try ConnectionConfiguration(dsn: "mysql://h?reply-spin=250us").replySpin == .microseconds(250))
        #expect(try ConnectionConfiguration(dsn: "mysql://h?reply-spin=0s").replySpin == .zero)
        #expect(throws: TiDBClientError.self) { try ConnectionConfiguration(dsn: "mysql://h?reply-spin=fast") }
    }

    /// The policy lives on the connection's thread, where libmariadb calls the hook; a connection
    /// with no spin leaves libmariadb's own wait in place.
    @Test func eachConnectionThreadCarriesItsOwnPolicy() async throws {
        try await withMockTiDB { configuration in
            var spinning = configuration
            spinning.replySpin = .microseconds(70)
            var sleeping = configuration
            sleeping.replySpin = .zero
            let fast = try await TiDBConnection.connect(spinning)
            let plain = try await TiDBConnection.connect(sleeping)
            for _ in 0..<100 {
                #expect(try await fast.query("SELECT 1").scalar(Int.self) == 1)
                #expect(try await plain.query("SELECT 1").scalar(Int.self) == 1)
            }
            // On one CPU spinning cannot pay, so no connection spins there.
            #expect(await Self.threadPolicy(fast)?.limitNanoseconds == (SocketSpin.mayRunOnSeveralCPUs ? 70_000 : nil))
            #expect(await Self.threadPolicy(plain) == nil)
            await fast.close()
            await plain.close()
        }
    }

    /// With the hook in place a read timeout still fires: a statement stuck in a lock wait (which
    /// would last the server's 50 s) fails after about the one second asked for.
    @Test(arguments: TestServer.allCases)
    func aReadTimeoutStillEndsAWaitThatSpun(server: TestServer) async throws {
        try await server.run { configuration in
            let holder = try await TiDBConnection.connect(configuration)
            try await holder.query("CREATE TABLE w (id INT PRIMARY KEY)")
            try await holder.query("INSERT INTO w VALUES (1)")
            try await holder.query("BEGIN")
            try await holder.query("SELECT * FROM w WHERE id = 1 FOR UPDATE")
            var impatient = configuration
            impatient.readTimeout = .seconds(1)
            let waiter = try await TiDBConnection.connect(impatient)
            try await waiter.query("BEGIN")
            let started = ContinuousClock.now
            await #expect {
                try await waiter.query("SELECT * FROM w WHERE id = 1 FOR UPDATE")
            } throws: { error in
                (error as? TiDBClientError)?.kind == .connection
            }
            let waited = ContinuousClock.now - started
            #expect(waited >= .milliseconds(900) && waited < .seconds(20))
            try await holder.query("ROLLBACK")
            await holder.close()
            await waiter.close()
        }
    }

    private static func threadPolicy(_ connection: isolated TiDBConnection) -> ReplySpinPolicy? {
        ReplyWait.currentPolicy
    }
}
