import Testing
import TiCDCCore

@testable import MockTiCDCServer

/// Syncpoint barriers as TiCDC places them: whole multiples of the interval since the Unix epoch,
/// logical part 0, the first at or after the changefeed's checkpoint; and the fault board.
@Suite struct SyncPointTests {
    static func tso(_ milliseconds: Int64, logical: UInt64 = 0) -> UInt64 {
        TiCDCTime.tso(milliseconds: milliseconds, logical: logical)
    }

    @Test func theFirstBarrierIsTheNextWholeMultiple() {
        let interval = Duration.seconds(10)
        #expect(
            SyncPointWriter.firstBarrier(atOrAfter: Self.tso(1_700_000_003_000), interval: interval)
                == Self.tso(1_700_000_010_000)
        )
        #expect(
            SyncPointWriter.firstBarrier(atOrAfter: Self.tso(1_700_000_010_000), interval: interval)
                == Self.tso(1_700_000_010_000)
        )
        // A logical part past the multiple: the barrier is the next one.
        #expect(
            SyncPointWriter.firstBarrier(atOrAfter: Self.tso(1_700_000_010_000, logical: 5), interval: interval)
                == Self.tso(1_700_000_020_000)
        )
        #expect(
            SyncPointWriter.firstBarrier(atOrAfter: Self.tso(1_700_000_010_001), interval: .seconds(600))
                == Self.tso(1_700_000_400_000)
        )
    }

    @Test func faultsByChangefeedOverTheWildcard() throws {
        let board = FaultBoard(["*": ChangefeedFault(holdSink: true)])
        #expect(board.fault(for: "a").holdSink)
        board.set(ChangefeedFault(delay: .seconds(1)), for: "a")
        #expect(board.fault(for: "a") == ChangefeedFault(delay: .seconds(1)))
        #expect(board.fault(for: "b").holdSink)
        board.clear("*")
        #expect(board.fault(for: "b").isEmpty)
        board.set(ChangefeedFault(), for: "a")
        #expect(board.fault(for: "a").isEmpty)
        #expect(throws: (any Error).self) { try FaultBoard(json: Array(#"{"a": {"delay": "x"}}"#.utf8)) }
    }
}
