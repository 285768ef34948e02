import Glibc
import MockTiDBServer
import Testing
import TiDBClient

/// What a user's test suite does with mock-tidb: servers in its own process, clients against them.
/// Serialized: the second test measures this process's threads and memory.
@Suite(.serialized) struct ConsumerTests {
    @Test func aServerAnswersTiDBsTSO() async throws {
        try await MockTiDBServer.withRunningServer(configuration: .forTesting()) { endpoints, _ in
            let connection = try await TiDBConnection.connect(dsn: "mysql://root@127.0.0.1:\(endpoints.sqlPort)")
            let tso = try await connection.currentTSO()
            let nowMilliseconds = UInt64(time(nil)) * 1000
            #expect(tso.rawValue >> 18 > nowMilliseconds - 60_000)
            await connection.close()
        }
    }

    /// The test-sized defaults: twenty servers at once cost at most `threadsPerServer` threads and
    /// `kibPerServer` of resident memory each, beyond what the process had.
    @Test func twentyServersAtOnceStayWithinBudget() async throws {
        let threadsPerServer = 4
        let kibPerServer = 1024
        let count = 20
        let before = ProcessStatus.read()
        let (ready, readyContinuation) = AsyncStream.makeStream(of: MockTiDBEndpoints.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let releaseBroadcast = ReleaseLatch(stream: release)
        try await withThrowingTaskGroup(of: Void.self) { servers in
            for _ in 0..<count {
                servers.addTask {
                    try await MockTiDBServer.withRunningServer(configuration: .forTesting()) { endpoints, _ in
                        readyContinuation.yield(endpoints)
                        await releaseBroadcast.wait()
                    }
                }
            }
            var endpoints: [MockTiDBEndpoints] = []
            for await started in ready {
                endpoints.append(started)
                if endpoints.count == count { break }
            }
            // Every server answers, one connection each.
            for endpoint in endpoints {
                let connection = try await TiDBConnection.connect(dsn: "mysql://root@127.0.0.1:\(endpoint.sqlPort)")
                #expect(try await connection.currentTSO().rawValue > 0)
                await connection.close()
            }
            let during = ProcessStatus.read()
            let threads = during.threads - before.threads
            let kib = during.residentKiB - before.residentKiB
            print("twenty servers: \(threads) threads, \(kib) KiB more than before")
            #expect(threads <= count * threadsPerServer, "\(threads) threads for \(count) servers")
            #expect(kib <= count * kibPerServer, "\(kib) KiB for \(count) servers")
            releaseContinuation.yield()
            releaseContinuation.finish()
            try await servers.waitForAll()
        }
    }
}

/// Lets every waiting server go at once.
actor ReleaseLatch {
    private var released = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(stream: AsyncStream<Void>) {
        Task { [weak self] in
            for await _ in stream {}
            await self?.open()
        }
    }

    func wait() async {
        if self.released { return }
        await withCheckedContinuation { self.waiting.append($0) }
    }

    private func open() {
        self.released = true
        for continuation in self.waiting { continuation.resume() }
        self.waiting.removeAll()
    }
}

/// `Threads:` and `VmRSS:` of /proc/self/status.
struct ProcessStatus {
    var threads = 0
    var residentKiB = 0

    static func read() -> ProcessStatus {
        var status = ProcessStatus()
        guard let file = fopen("/proc/self/status", "r") else { return status }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(cString: line)
            let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            let value = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            if text.hasPrefix("Threads:") { status.threads = value }
            if text.hasPrefix("VmRSS:") { status.residentKiB = value }
        }
        return status
    }
}
