import FoundationEssentials
import Testing

@testable import TiCDCCore

/// The mock-only fault body: Go durations, TiCDC error codes, and clear refusals of anything else.
@Suite struct ChangefeedFaultTests {
    static func decode(_ json: String) throws -> ChangefeedFault {
        try JSONDecoder().decode(ChangefeedFault.self, from: Data(json.utf8))
    }

    @Test func decodesEveryField() throws {
        let fault = try Self.decode(
            #"{"hold_sink": true, "delay": "1m30s", "error": {"code": "CDC:ErrMySQLTxnError", "message": "boom"}}"#
        )
        #expect(fault.holdSink)
        #expect(fault.delay == .seconds(90))
        #expect(fault.error == TiCDCError(code: "CDC:ErrMySQLTxnError", text: "boom"))
        #expect(fault.error?.isUnretryable == false)
        #expect(!fault.isEmpty)
    }

    @Test func anEmptyBodyIsNoFault() throws {
        let fault = try Self.decode("{}")
        #expect(fault.isEmpty)
        #expect(String(decoding: try JSONEncoder().encode(fault), as: UTF8.self).contains(#""delay":"0s""#))
    }

    @Test(arguments: [
        #"{"delay": "soon"}"#, #"{"delay": "-5s"}"#, #"{"hold_sink": "yes"}"#,
        #"{"error": {"code": "ErrMySQLTxnError", "message": "x"}}"#, #"{"error": {"code": "CDC:ErrX"}}"#, "[]",
    ])
    func refusesBadBodies(_ json: String) {
        #expect(throws: DecodingError.self) { try Self.decode(json) }
    }

    @Test func unretryableCodesAreKnown() throws {
        let fault = try Self.decode(#"{"error": {"code": "CDC:ErrChangefeedUnretryable", "message": "x"}}"#)
        #expect(fault.error?.isUnretryable == true)
    }

    @Test func encodingRoundTrips() throws {
        let fault = ChangefeedFault(
            holdSink: true,
            delay: .milliseconds(250),
            error: TiCDCError(code: "CDC:ErrMySQLTxnError", text: "t")
        )
        #expect(try Self.decode(String(decoding: try JSONEncoder().encode(fault), as: UTF8.self)) == fault)
    }
}
