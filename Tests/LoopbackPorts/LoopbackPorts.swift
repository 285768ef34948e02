#if canImport(Glibc)
import Glibc
#endif

/// Loopback ports for tests. A test that starts a server should let the server bind port 0 and
/// report the port; these are for the two cases that cannot.

public struct LoopbackPortError: Error, CustomStringConvertible {
    public var description: String
}

/// A port free right now, for a server that cannot bind port 0 itself (mariadbd). It stays free
/// only until somebody else binds it: the caller must retry with another one when its server
/// finds the port taken.
public func freeLoopbackPort() throws -> Int {
    let (descriptor, port) = try boundLoopbackSocket()
    close(descriptor)
    return port
}

/// Runs `body` with a loopback port that refuses connections: bound here, never listening, and
/// held until `body` returns, so no other server can take it meanwhile.
@discardableResult
public func withRefusingLoopbackPort<T>(_ body: (Int) async throws -> T) async throws -> T {
    let (descriptor, port) = try boundLoopbackSocket()
    defer { close(descriptor) }
    return try await body(port)
}

private func boundLoopbackSocket() throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw LoopbackPortError(description: "socket() failed: errno \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    guard bound else {
        let error = errno
        close(descriptor)
        throw LoopbackPortError(description: "bind() to 127.0.0.1:0 failed: errno \(error)")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
