import GoFormats
import Testing

/// `GoJSONEncoder` writes what Go's `encoding/json` writes: a struct's fields in declaration
/// order (its CodingKeys' order), a map's keys sorted, nil optionals left out, Go's escapes.
@Suite struct GoJSONEncoderTests {
    struct Member: Encodable {
        var name: String
        var memberID: UInt64
        var urls: [String]
        var leaderPriority: Int32?
        var healthy: Bool
        var ratio: Double
        enum CodingKeys: String, CodingKey {
            case name
            case memberID = "member_id"
            case urls
            case leaderPriority = "leader_priority"
            case healthy
            case ratio
        }
    }

    @Test func fieldsInOrderAndNilsLeftOut() throws {
        let member = Member(
            name: "pd",
            memberID: 13_195_394_291_058_371_180,
            urls: ["http://a"],
            healthy: true,
            ratio: 0.5
        )
        let json = try GoJSONEncoder().encode(member)
        #expect(
            json.compact
                == #"{"name":"pd","member_id":13195394291058371180,"urls":["http://a"],"healthy":true,"ratio":0.5}"#
        )
        // Every run the same: Foundation's encoder on Linux would shuffle these.
        for _ in 0..<20 { #expect(try GoJSONEncoder().encode(member) == json) }
    }

    @Test func mapsAreSortedAndNestingIndents() throws {
        let value: [String: [String: Int]] = ["b": ["z": 1, "a": 2], "a": [:]]
        let json = try GoJSONEncoder().encode(value)
        #expect(json.compact == #"{"a":{},"b":{"a":2,"z":1}}"#)
        #expect(json.indented(by: "  ") == "{\n  \"a\": {},\n  \"b\": {\n    \"a\": 2,\n    \"z\": 1\n  }\n}")
    }

    @Test func scalarsAndEscapes() throws {
        #expect(
            try GoJSONEncoder().encode("a<b>&\u{2028}\"\\\n\u{1}").compact
                == #""a\u003cb\u003e\u0026\u2028\"\\\n\u0001""#
        )
        #expect(try GoJSONEncoder().encode(1.0).compact == "1")
        #expect(try GoJSONEncoder().encode(-2.25).compact == "-2.25")
        #expect(try GoJSONEncoder().encode(Int64.min).compact == "-9223372036854775808")
        #expect(try GoJSONEncoder().encode([Int?.none, 3]).compact == "[null,3]")
        #expect(try GoJSONEncoder().encode([String]()).indented(by: "  ") == "[]")
        // SetEscapeHTML(false): only `<`, `>` and `&` change.
        #expect(GoJSON.quoted("a<b>&\u{2028}\"\\\n\u{1}", escapingHTML: false) == #""a<b>&\u2028\"\\\n\u0001""#)
    }
}
