import Dispatch
import Synchronization
import Testing

@testable import TiDBEngine

@Suite struct TSOOracleTests {
    @Test func layoutIsPhysicalMillisecondsAndLogical() {
        let tso = TSO(physicalMilliseconds: 1_726_740_646_963, logical: 1)
        #expect(tso.rawValue == 452_654_700_157_468_673)  // the seed's TIDB_CURRENT_TSO() example
        #expect(tso.physical == 1_726_740_646_963)
        #expect(tso.logical == 1)
    }

    @Test func followsTheClockAndStartsEachMillisecondAtLogicalOne() {
        let clock = ManualWallClock(millisecondsSinceEpoch: 1_700_000_000_000)
        let oracle = TSOOracle(clock: clock)
        let first = oracle.next()
        #expect(first.physical == 1_700_000_000_000)
        #expect(first.logical == 1)
        #expect(oracle.next().logical == 2)
        clock.advance(byMilliseconds: 5)
        let later = oracle.next()
        #expect(later.physical == 1_700_000_000_005)
        #expect(later.logical == 1)
    }

    @Test func frozenClockStillIncreasesAndOverflowsIntoTheNextMillisecond() {
        let clock = ManualWallClock(millisecondsSinceEpoch: 1_700_000_000_000)
        let oracle = TSOOracle(clock: clock)
        var previous = oracle.next()
        for _ in 0..<300_000 {
            let next = oracle.next()
            #expect(next > previous)
            #expect(next.logical != 0)
            previous = next
        }
        // 300,001 allocations in one frozen millisecond: logical 1...262,143 filled it, the rest
        // moved one millisecond ahead, starting again at logical 1.
        #expect(previous.physical == 1_700_000_000_001)
        #expect(previous.logical == 300_001 - 262_143)
    }

    @Test func neverBehindTheClock() {
        let clock = ManualWallClock(millisecondsSinceEpoch: 1_700_000_000_000)
        let oracle = TSOOracle(clock: clock)
        for step in 0..<1000 {
            clock.advance(byMilliseconds: Int64(step % 3))
            #expect(oracle.next().physical >= clock.millisecondsSinceEpoch())
        }
    }

    @Test func concurrentAllocationsAreDistinctAndIncreasingPerThread() {
        let oracle = TSOOracle(clock: SystemWallClock())
        let threads = 8
        let perThread = 20_000
        let results = Mutex<[[UInt64]]>(Array(repeating: [], count: threads))
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var local: [UInt64] = []
            local.reserveCapacity(perThread)
            for _ in 0..<perThread { local.append(oracle.next().rawValue) }
            results.withLock { $0[thread] = local }
        }
        let all = results.withLock { $0 }
        for local in all {
            #expect(zip(local, local.dropFirst()).allSatisfy { $0 < $1 })
        }
        #expect(Set(all.joined()).count == threads * perThread)
    }
}
