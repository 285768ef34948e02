import AsyncHTTPClient
import FoundationEssentials
import GoFormats
import MySQLTypes
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// The `pd-ctl` commands of the DR Auto-Sync runbook (seed 000), over PD's HTTP API only, so they
/// work against a real PD too: `config show|set replication-mode`, `tso`, `cluster`, `store`.
/// Output as pd-ctl prints it; docs/tidb/dr-auto-sync.md.
struct PDControl {
    let pd: String
    let http: HTTPClient

    struct Failure: Error {
        var message: String
    }

    static let usage = """
        Usage: mock-pd-ctl [-u http://HOST:PORT] COMMAND
          config show replication-mode
          config set replication-mode <mode> [<key> <value>]
          tso <ts>
          cluster
          store
        """

    func run(_ words: [String]) async throws(Failure) -> String {
        switch words {
        case ["config", "show", "replication-mode"]:
            return try await self.get("/pd/api/v1/config/replication-mode")
        case let words
        where words.count >= 4 && words[0] == "config" && words[1] == "set" && words[2] == "replication-mode":
            return try await self.setReplicationMode(Array(words.dropFirst(3)))
        case let words where words.count == 2 && words[0] == "tso":
            return try Self.tso(words[1])
        case ["cluster"]:
            return try await self.get("/pd/api/v1/cluster")
        case ["store"]:
            return try await self.get("/pd/api/v1/stores")
        default:
            throw Failure(message: Self.usage)
        }
    }

    /// pd-ctl's `setReplicationModeCommandFunc`: `<mode>` alone sets the mode; `<mode> <key>
    /// <value>` sets one key of that mode's section, numbers for the numeric keys.
    private func setReplicationMode(_ arguments: [String]) async throws(Failure) -> String {
        var body: String
        switch arguments.count {
        case 1:
            body = #"{"replication-mode":\#(Self.quoted(arguments[0]))}"#
        case 3:
            let numeric: Set = ["primary-replicas", "dr-replicas"]
            var value = Self.quoted(arguments[2])
            if numeric.contains(arguments[1]) {
                guard let number = Int64(arguments[2]) else {
                    return
                        "value \(arguments[2]) cannot covert to number: strconv.ParseInt: parsing \(Self.quoted(arguments[2])): invalid syntax"
                }
                value = String(number)
            }
            body = #"{\#(Self.quoted(arguments[0])):{\#(Self.quoted(arguments[1])):\#(value)}}"#
        default:
            throw Failure(message: "Usage:\n  config set replication-mode <mode> [<key>, <value>]")
        }
        let (status, answer) = try await self.call(.POST, "/pd/api/v1/config/replication-mode", body: body)
        guard status == 200 else { return "Failed! \(Self.unquoted(answer))" }
        return "Success! The replication mode config is updated."
    }

    /// `pd-ctl tso <ts>`: the physical part as Go's `time.Time` text in the local zone, and the
    /// logical part (tools/pd-ctl tso_command.go).
    static func tso(_ text: String) throws(Failure) -> String {
        guard let ts = UInt64(text) else {
            throw Failure(message: "Failed to parse TSO: strconv.ParseUint: parsing \(quoted(text)): invalid syntax")
        }
        let milliseconds = Int64(ts >> 18)
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var stamp = TemporalText.datetime(
            year: Int(parts.tm_year) + 1900,
            month: Int(parts.tm_mon) + 1,
            day: Int(parts.tm_mday),
            hour: Int(parts.tm_hour),
            minute: Int(parts.tm_min),
            second: Int(parts.tm_sec),
            microsecond: 0
        )
        var fraction = (milliseconds % 1000).zeroPadded(3)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { stamp += "." + fraction }
        let offset = Int(parts.tm_gmtoff)
        let zone = parts.tm_zone.map { String(cString: $0) } ?? "UTC"
        stamp +=
            " " + (offset < 0 ? "-" : "+") + (abs(offset) / 3600).zeroPadded(2) + (abs(offset) / 60 % 60).zeroPadded(2)
            + " " + zone
        return "system:  \(stamp)\nlogic:   \(ts & 0x3FFFF)"
    }

    private func get(_ path: String) async throws(Failure) -> String {
        let (status, answer) = try await self.call(.GET, path)
        guard status == 200 else { throw Failure(message: "Failed to get: [\(status)] \(answer)") }
        return answer.hasSuffix("\n") ? String(answer.dropLast()) : answer
    }

    private func call(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws(Failure) -> (UInt, String)
    {
        var request = HTTPClientRequest(url: self.pd + path)
        request.method = method
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        do {
            let response = try await self.http.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 16 << 20)
            return (response.status.code, String(buffer: bytes))
        } catch {
            throw Failure(message: "Failed to connect to \(self.pd): \(error)")
        }
    }

    static func quoted(_ text: String) -> String { GoJSON.quoted(text, escapingHTML: false) }

    /// PD's errors are JSON strings: the text inside.
    static func unquoted(_ answer: String) -> String {
        let trimmed = String(answer.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        guard trimmed.hasPrefix("\""), let data = trimmed.data(using: .utf8),
            let text = try? JSONDecoder().decode(String.self, from: data)
        else { return trimmed }
        return text
    }
}
