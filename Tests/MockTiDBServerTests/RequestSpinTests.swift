import Logging
import NIOCore
import NIOEmbedded
import NIOPosix
import SocketSpin
import Testing
import TiDBEngine

@testable import MockTiDBServer

#if canImport(Glibc)
import Glibc
#endif

@Suite("Polling for a lone client's next request")
struct RequestSpinTests {
    @Test func aClientIsAloneOnceNoOtherHasSentForTheQuietPeriod() {
        let watch = SoleClientWatch(quietPeriod: .milliseconds(1))
        let start = NIODeadline.uptimeNanoseconds(10_000_000_000)
        watch.noteRequest(from: 7) { start }
        #expect(watch.sentLast(7))
        #expect(!watch.isAlone(7, at: start + .microseconds(999)))
        #expect(watch.isAlone(7, at: start + .milliseconds(1)))
        // Its own requests do not restart the period.
        watch.noteRequest(from: 7) { start + .milliseconds(2) }
        #expect(watch.isAlone(7, at: start + .milliseconds(2)))
        // Another client's request does, for both.
        watch.noteRequest(from: 8) { start + .milliseconds(3) }
        #expect(!watch.sentLast(7))
        #expect(!watch.isAlone(7, at: start + .milliseconds(10)))
        #expect(!watch.isAlone(8, at: start + .microseconds(3_500)))
        watch.noteRequest(from: 7) { start + .milliseconds(4) }
        #expect(!watch.isAlone(7, at: start + .microseconds(4_500)))
        #expect(watch.isAlone(7, at: start + .milliseconds(5)))
    }

    @Test func spinningEndsWithDataWithAHangUpOrWhenTimeRunsOut() throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { close(pair[0]) }
        let started = SocketSpin.monotonicNanoseconds()
        #expect(SocketSpin.spinUntilReadable(pair[0], until: started + 2_000_000) == nil)
        #expect(SocketSpin.monotonicNanoseconds() >= started + 2_000_000)
        var byte: UInt8 = 1
        #expect(write(pair[1], &byte, 1) == 1)
        #expect(SocketSpin.spinUntilReadable(pair[0], until: SocketSpin.monotonicNanoseconds() + 1_000_000_000) == 1)
        #expect(read(pair[0], &byte, 1) == 1)
        close(pair[1])
        #expect(SocketSpin.spinUntilReadable(pair[0], until: SocketSpin.monotonicNanoseconds() + 1_000_000_000) == 1)
    }

    /// NIO does not publish a channel's descriptor; the reflection that finds it must keep
    /// working with the NIO we build against, or the spin is silently off.
    @Test func theDescriptorUnderAnAcceptedChannelIsFound() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let found = group.next().makePromise(of: (CInt?, Int?).self)
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                let descriptor = ChannelDescriptor.find(channel)
                found.succeed((descriptor, channel.remoteAddress?.port))
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let serverPort = try #require(server.localAddress?.port)
        let client = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: serverPort).get()
        let (descriptor, remotePort) = try await found.futureResult.get()
        #expect(descriptor != nil)
        #expect(remotePort == client.localAddress?.port)
        try await client.close()
        try await server.close()
        try await group.shutdownGracefully()
        #expect(ChannelDescriptor.find(EmbeddedChannel()) == nil)
    }

    /// One loop, two clients: the first one's loop spins while it is alone, and the second one,
    /// which shares the loop, is still answered (the spin gives the loop back in time).
    @Test func aSecondClientOnTheSpinningLoopIsServed() async throws {
        let configuration = MockTiDBConfiguration(
            port: 0,
            statusPort: 0,
            pdPort: 0,
            eventLoops: 1,
            requestSpin: RequestSpin()
        )
        let logger = Logger(label: "mock-tidb-test") { _ in SwiftLogNoOpLogHandler() }
        try await MockTiDBServer.withRunningServer(configuration: configuration, logger: logger) { endpoints, _ in
            let port = endpoints.sqlPort
            try await blocking {
                let first = try MariaDBTestClient(port: port)
                for index in 0..<200 { #expect(try first.scalar("SELECT \(index)") == "\(index)") }
                let second = try MariaDBTestClient(port: port)
                for index in 0..<200 {
                    #expect(try first.scalar("SELECT \(index)") == "\(index)")
                    #expect(try second.scalar("SELECT \(index) + 1") == "\(index + 1)")
                }
            }
        }
    }
}
