import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file descriptor under a NIO socket channel, which NIO does not publish. The request spin
/// (`RequestSpin`) needs it to poll the socket without going through the event loop, whose run
/// loop keeps running tasks and would not look at the socket between them; replies use it to skip
/// NIO's write path (`ReplyRouter`).
///
/// Found by reflection (`socket.descriptor` in NIO's channel classes) and trusted only if the
/// descriptor's peer and local addresses are the channel's: if NIO changes its layout, the spin
/// and the direct replies are off, nothing else.
enum ChannelDescriptor {
    static func find(_ channel: any Channel) -> CInt? {
        guard let descriptor = Self.reflectedDescriptor(channel),
            let local = channel.localAddress?.port, let remote = channel.remoteAddress?.port,
            Self.port(descriptor, peer: false) == local, Self.port(descriptor, peer: true) == remote
        else { return nil }
        return descriptor
    }

    private static func reflectedDescriptor(_ channel: any Channel) -> CInt? {
        guard let socket = Self.property("socket", of: channel) else { return nil }
        return Self.property("descriptor", of: socket) as? CInt
    }

    /// A stored property by name, in the object's class or any superclass.
    private static func property(_ name: String, of value: Any) -> Any? {
        var mirror: Mirror? = Mirror(reflecting: value)
        while let current = mirror {
            if let child = current.children.first(where: { $0.label == name }) { return child.value }
            mirror = current.superclassMirror
        }
        return nil
    }

    private static func port(_ descriptor: CInt, peer: Bool) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                peer ? getpeername(descriptor, address, &length) : getsockname(descriptor, address, &length)
            }
        }
        guard result == 0 else { return nil }
        return withUnsafePointer(to: &storage) { pointer -> Int? in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin_port))
                }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            default: nil
            }
        }
    }
}
