// swift-tools-version:6.1
import PackageDescription

// No unsafe flags: SwiftPM refuses a versioned dependency on a package whose products have them.
// Release builds skip exclusivity checks through the Makefile (`make build-release`) instead.
// Linux only: the code uses Glibc and FoundationEssentials as Debian's Swift has them.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "mock-tidb",
    products: [
        .executable(name: "mock-tidb", targets: ["mock-tidb"]),
        .executable(name: "mock-tidb-bench", targets: ["mock-tidb-bench"]),
        .library(name: "MockTiDBServer", targets: ["MockTiDBServer"]),
        .library(name: "TiDBEngine", targets: ["TiDBEngine"]),
        .library(name: "MySQLWire", targets: ["MySQLWire"]),
        .library(name: "TiDBClient", targets: ["TiDBClient"]),
        .library(name: "DRWorkflow", targets: ["DRWorkflow"]),
        // Column types, flags, ColumnDefinition and MySQLError appear in the other libraries' API.
        .library(name: "MySQLTypes", targets: ["MySQLTypes"]),
        .executable(name: "tidb-dr", targets: ["tidb-dr"]),
        .executable(name: "tidb-client-bench", targets: ["tidb-client-bench"]),
        .executable(name: "mock-ticdc", targets: ["mock-ticdc"]),
        .executable(name: "mock-pd-ctl", targets: ["mock-pd-ctl"]),
        .library(name: "MockTiCDCServer", targets: ["MockTiCDCServer"]),
        .library(name: "MockDRTopology", targets: ["MockDRTopology"]),
        .library(name: "TiCDCClient", targets: ["TiCDCClient", "TiCDCCore"]),
        .library(name: "ExternalStorage", targets: ["ExternalStorage"]),
        .library(name: "S3Storage", targets: ["S3Storage"]),
        .library(name: "RedoLog", targets: ["RedoLog"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        // Protocol constants shared by the codec and the engine, and the text helpers every module
        // shares (CivilCalendar, zeroPadded, TemporalText, URLText); no dependencies.
        .target(name: "MySQLTypes", swiftSettings: strict),
        // Go's text formats both TiDB and TiCDC speak (durations).
        .target(name: "GoFormats", swiftSettings: strict),
        // PD's HTTP API bodies the mock PD serves and tidb-dr reads: plain Codable values.
        .target(name: "PDAPI", swiftSettings: strict),
        // The change stream a mock cluster's PD endpoint serves mock-ticdc: plain Codable values.
        .target(name: "ChangeStream", swiftSettings: strict),
        // Where backups and redo logs live: the storage protocol, its URLs, local and noop storage.
        .target(name: "ExternalStorage", swiftSettings: strict),
        // TiCDC's redo log (consistent.level = "eventual"): writer, reader, file names and records.
        .target(name: "RedoLog", dependencies: ["ExternalStorage", "ChangeStream"], swiftSettings: strict),
        // The changefeed engine as values: states, replica config, filter, sink statements, API bodies.
        .target(name: "TiCDCCore", dependencies: ["ChangeStream", "GoFormats", "MySQLTypes"], swiftSettings: strict),
        // mock-ticdc's server: OpenAPI v2, /metrics, the owner and processors, the MySQL sink.
        .target(
            name: "MockTiCDCServer",
            dependencies: [
                "GoFormats",
                "TiCDCCore", "ChangeStream", "TiDBClient", "TiCDCClient", "ExternalStorage", "S3Storage", "RedoLog",
                "MySQLTypes", "ServiceRunning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Primary, secondary and TiCDC in one process, for Swift tests.
        .target(
            name: "MockDRTopology",
            dependencies: [
                "MockTiDBServer", "MockTiCDCServer", "TiDBEngine", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // TiCDC's OpenAPI v2 as a client: `mock-ticdc cli` and tidb-dr.
        .target(
            name: "TiCDCClient",
            dependencies: [
                "TiCDCCore", "MySQLTypes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // `cdc cli` over OpenAPI v2: commands, their output, changefeed.toml.
        .target(
            name: "TiCDCCLI",
            dependencies: [
                "TiCDCClient", "TiCDCCore", "GoFormats", .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "mock-ticdc",
            dependencies: [
                "MockTiCDCServer", "TiCDCCLI", "TiCDCClient", "TiCDCCore", "GoFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // pd-ctl's DR Auto-Sync commands over PD's HTTP API.
        .executableTarget(
            name: "mock-pd-ctl",
            dependencies: ["MySQLTypes", "GoFormats", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strict
        ),
        // One server as a Service: until a signal (the executables) or around a body (tests).
        .target(
            name: "ServiceRunning",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Polling a socket briefly before sleeping: the server's and the client's end of a round trip.
        .target(name: "SocketSpin", swiftSettings: strict),
        // Pure wire codec and connection state machine: NIOCore only, no sockets.
        .target(
            name: "MySQLWire",
            dependencies: ["MySQLTypes", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        // Pure engine: PD (TSO, GC, external ts), sessions, variables, SQL. No NIO.
        .target(
            name: "TiDBEngine",
            dependencies: [
                "MySQLTypes", "GoFormats", "ExternalStorage", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // SwiftNIO glue: listener, channel handler, status port, lifecycle.
        .target(
            name: "MockTiDBServer",
            dependencies: [
                "GoFormats", "MySQLWire", "TiDBEngine", "MySQLTypes", "ExternalStorage", "S3Storage", "SocketSpin",
                "ChangeStream", "ServiceRunning", "PDAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        // The `s3://` storage: SigV4 signing (pure) and an ExternalStorage over AsyncHTTPClient;
        // `ExternalStorageOpener` opens any storage URL (BR's and the redo log's).
        .target(
            name: "S3Storage",
            dependencies: [
                "ExternalStorage", "MySQLTypes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .systemLibrary(
            name: "CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"])]
        ),
        // The client library: async API over libmariadb on a thread per connection, typed TiDB API.
        .target(
            name: "TiDBClient",
            dependencies: ["CMariaDB", "MySQLTypes", "SocketSpin", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The driver's logic: the DR workflows as named, checked steps.
        .target(
            name: "DRWorkflow",
            dependencies: [
                "TiDBClient", "TiCDCClient", "TiCDCCore", "GoFormats", "MySQLTypes", "PDAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tidb-dr",
            dependencies: [
                "DRWorkflow", "TiDBClient", "TiCDCClient", "TiCDCCLI", "TiCDCCore", "GoFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "mock-tidb",
            dependencies: [
                "MockTiDBServer", "TiDBEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // In-process engine benchmarks (`make bench`).
        .executableTarget(
            name: "mock-tidb-bench",
            dependencies: ["TiDBEngine"],
            path: "Benchmarks/mock-tidb-bench",
            swiftSettings: strict
        ),
        // `SELECT 1` round trips through TiDBClient (`make bench`).
        .executableTarget(
            name: "tidb-client-bench",
            dependencies: ["TiDBClient"],
            path: "Benchmarks/tidb-client-bench",
            swiftSettings: strict
        ),
        // Loopback ports for tests that cannot let their server bind port 0.
        .target(name: "LoopbackPorts", path: "Tests/LoopbackPorts", swiftSettings: strict),
        // Seeded random input for tests (MOCK_TIDB_TEST_SEED overrides the seed).
        .target(name: "TestRandom", path: "Tests/TestRandom", swiftSettings: strict),
        .testTarget(
            name: "TiDBClientTests",
            dependencies: [
                "TiDBClient", "DRWorkflow", "MockTiDBServer", "TiDBEngine", "MySQLTypes", "LoopbackPorts", "SocketSpin",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MySQLWireTests",
            dependencies: [
                "MySQLWire", "MySQLTypes", "TestRandom",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TiDBEngineTests",
            dependencies: ["TiDBEngine", "MySQLTypes", "ExternalStorage", "TestRandom"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MockTiDBServerTests",
            dependencies: [
                "MockTiDBServer", "TiDBEngine", "MySQLWire", "MySQLTypes", "CMariaDB", "SocketSpin", "TestRandom",
                "ChangeStream",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TiCDCCoreTests",
            dependencies: ["TiCDCCore", "TiCDCCLI", "ChangeStream", "GoFormats", "MySQLTypes"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MockTiCDCServerTests",
            dependencies: [
                "MockDRTopology", "MockTiCDCServer", "MockTiDBServer", "TiCDCClient", "TiCDCCore", "TiDBEngine",
                "TiDBClient", "DRWorkflow", "GoFormats", "RedoLog", "ExternalStorage", "ChangeStream",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RedoLogTests",
            dependencies: ["RedoLog", "ExternalStorage", "ChangeStream", "TiDBEngine", "MySQLTypes"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "S3StorageTests",
            dependencies: [
                "S3Storage", "ExternalStorage", "RedoLog", "ChangeStream", "LoopbackPorts",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
