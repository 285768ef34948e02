import InMemoryLogging
import Logging
import MockTiDBServer
import TiDBEngine

#if canImport(Glibc)
import Glibc
#endif

/// Starts an in-process server on free ports, runs `body`, shuts the server down.
func withServer<T: Sendable>(
    users: [UserAccount] = [UserAccount(name: "root", password: "")],
    logs: InMemoryLogHandler = InMemoryLogHandler(),
    _ body: (MockTiDBEndpoints) async throws -> T
) async throws -> T {
    try await withServerInstance(users: users, logs: logs) { endpoints, _ in try await body(endpoints) }
}

/// `withServer`, with the server itself for tests that look at its connections.
func withServerInstance<T: Sendable>(
    users: [UserAccount] = [UserAccount(name: "root", password: "")],
    logs: InMemoryLogHandler = InMemoryLogHandler(),
    _ body: (MockTiDBEndpoints, MockTiDBServer) async throws -> T
) async throws -> T {
    var handler = logs
    handler.logLevel = .info
    let logger = Logger(label: "mock-tidb-test") { _ in handler }
    let configuration = MockTiDBConfiguration(port: 0, statusPort: 0, pdPort: 0, users: users)
    return try await MockTiDBServer.withRunningServer(configuration: configuration, logger: logger, body)
}

/// A plain TCP client for sending arbitrary bytes (what a broken client would send).
final class RawSocket: Sendable {
    let descriptor: Int32

    /// - Parameter receiveBuffer: SO_RCVBUF in bytes, to make the server's replies back up.
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        self.descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        // Only a hung server should trip it: a debug build parsing an 8 MiB query on a busy
        // 2-core machine has taken more than 5 s.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if var receiveBuffer {
            setsockopt(self.descriptor, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(self.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw RawSocketError(what: "connect", code: errno) }
    }

    deinit {
        close(self.descriptor)
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Half-closes the connection: the server sees end of input.
    func shutdownWrite() {
        shutdown(self.descriptor, Int32(SHUT_WR))
    }

    /// Reads until the server closes the connection (or 5 s pass): the bytes and whether it closed.
    func readUntilClosed() -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (received, true) }
            if count < 0 { return (received, false) }
            received += buffer[0..<count]
        }
    }

    /// Reads one MySQL packet's payload.
    func readPacket() -> [UInt8]? {
        self.readPacketWithSequence()?.payload
    }

    /// Reads one MySQL packet: its sequence id and payload.
    func readPacketWithSequence() -> (sequenceID: UInt8, payload: [UInt8])? {
        guard let header = self.readExactly(4) else { return nil }
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16
        guard let payload = self.readExactly(length) else { return nil }
        return (header[3], payload)
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        while received.count < count {
            let got = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, count - received.count, 0) }
            if got <= 0 { return nil }
            received += buffer[0..<got]
        }
        return received
    }
}

struct RawSocketError: Error {
    var what: String
    var code: Int32
}

extension InMemoryLogHandler {
    var messages: [String] { self.entries.map { "\($0.message)" } }
}
