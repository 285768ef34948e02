import Testing
import TiDBEngine

@Suite(.timeLimit(.minutes(1))) struct ManualClockTests {
    @Test func sleepersWakeOnlyWhenTimeReachesTheirDeadline() async throws {
        let clock = ManualClock()
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                try await clock.sleep(for: .seconds(60))
                return 60
            }
            group.addTask {
                try await clock.sleep(for: .seconds(120))
                return 120
            }
            await clock.waitForSleepers(count: 2)
            clock.advance(by: .seconds(59))
            #expect(clock.sleeperCount == 2)
            clock.advance(by: .seconds(1))
            #expect(clock.sleeperCount == 1)
            let first = try await group.next()
            #expect(first == 60)
            clock.advance(by: .seconds(60))
            let second = try await group.next()
            #expect(second == 120)
        }
        #expect(clock.now == ManualClock.Instant(offset: .seconds(120)))
    }

    @Test func aDeadlineAlreadyPassedReturnsAtOnce() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(5))
        try await clock.sleep(until: clock.now.advanced(by: .seconds(-1)))
        try await clock.sleep(for: .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellingASleeperThrowsAndUnregistersIt() async {
        let clock = ManualClock()
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await clock.sleep(for: .seconds(60))
                    return false
                } catch {
                    return error is CancellationError
                }
            }
            await clock.waitForSleepers(count: 1)
            group.cancelAll()
            #expect(await group.next() == true)
        }
        #expect(clock.sleeperCount == 0)
    }

    @Test func aCancelledWaitForSleepersReturns() async {
        let clock = ManualClock()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await clock.waitForSleepers(count: 1) }
            group.cancelAll()
            await group.waitForAll()
        }
        #expect(clock.sleeperCount == 0)
    }
}
