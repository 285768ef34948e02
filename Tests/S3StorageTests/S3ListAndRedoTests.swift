import AsyncHTTPClient
import ChangeStream
import ExternalStorage
import RedoLog
import S3Storage
import Testing

/// Listing (ListObjectsV2, several pages) and a redo log written and read back over S3, against
/// moto with signatures checked. Storages sit at the bucket's root here: moto checks the signature
/// of a ListObjectsV2 whose `prefix` has a `/` or `<` wrongly (boto3's own requests fail the same way), so
/// listing under a key prefix is covered by Tests/clients/test_redo_cli.py, where moto does not
/// check signatures.
@Suite(.timeLimit(.minutes(3)))
struct S3ListAndRedoTests {
    func storage(
        _ server: MotoServer,
        _ credentials: S3Signer.Credentials,
        prefix: String,
        opener: ExternalStorageOpener
    ) throws -> any ExternalStorage {
        let url =
            "s3://redo/\(prefix)?access-key=\(credentials.accessKeyID)"
            + "&secret-access-key=\(S3Signer.uriEncode(credentials.secretAccessKey))"
            + "&endpoint=\(server.endpoint)&region=us-east-1"
        return try opener.open(url)
    }

    /// The opener's HTTP client is shut down whatever the body does.
    static func withOpener<T>(_ body: (ExternalStorageOpener) async throws -> T) async throws -> T {
        let opener = ExternalStorageOpener(environment: [:])
        do {
            let result = try await body(opener)
            await opener.shutdown()
            return result
        } catch {
            await opener.shutdown()
            throw error
        }
    }

    @Test func listingByPrefixAcrossPages() async throws {
        try await MotoServer.withRunningServer { server, credentials, client in
            let root = try S3Storage(
                url: try StorageURL.parse(
                    "s3://redo?access-key=\(credentials.accessKeyID)&secret-access-key=\(S3Signer.uriEncode(credentials.secretAccessKey))&endpoint=\(server.endpoint)"
                ),
                client: client,
                environment: [:]
            )
            try await root.createBucket()
            try await Self.withOpener { opener in
                let storage = try self.storage(server, credentials, prefix: "", opener: opener)
                #expect(try await storage.list(prefix: "") == [])
                // More than one page (S3 answers 1,000 keys at most). (XML entities in keys: S3ListResponseTests;
                // moto refuses the signature of a key with `<` or `&`.)
                let names = (0..<1005).map { "f\($0)" } + ["sub/dir/file"]
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for chunk in stride(from: 0, to: names.count, by: 100) {
                        group.addTask {
                            for name in names[chunk..<min(chunk + 100, names.count)] {
                                try await storage.write(name, [1])
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let listed = try await storage.list(prefix: "")
                #expect(listed == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
                #expect(
                    try await storage.list(prefix: "f100") == ["f100", "f1000", "f1001", "f1002", "f1003", "f1004"]
                )
                #expect(try await storage.list(prefix: "sub") == ["sub/dir/file"])
            }
        }
    }

    @Test func redoLogOverS3() async throws {
        try await MotoServer.withRunningServer { server, credentials, client in
            try await Self.withOpener { opener in
                let storage = try self.storage(server, credentials, prefix: "", opener: opener)
                let bucket = try S3Storage(
                    url: try StorageURL.parse(
                        "s3://redo?access-key=\(credentials.accessKeyID)&secret-access-key=\(S3Signer.uriEncode(credentials.secretAccessKey))&endpoint=\(server.endpoint)"
                    ),
                    client: client,
                    environment: [:]
                )
                try await bucket.createBucket()
                let reader = RedoLogReader(storage: storage)
                let missing = await #expect(throws: RedoLogError.self) { try await reader.meta() }
                #expect(missing?.kind == .metaNotFound)

                let table = TableInfo(database: "d", name: "t", tableID: 1, columns: ["id", "v"], handle: [0])
                let events = [
                    ChangeEvent(
                        commitTS: 11,
                        kind: .insert,
                        database: "d",
                        table: "t",
                        tableKey: "1@1",
                        after: [.int(1), .string("a")]
                    ),
                    ChangeEvent(commitTS: 12, kind: .ddl, database: "d", table: "t", query: "ALTER TABLE t ADD w INT"),
                    ChangeEvent(
                        commitTS: 13,
                        kind: .update,
                        database: "d",
                        table: "t",
                        tableKey: "1@1",
                        before: [.int(1), .string("a")],
                        after: [.int(1), .string("b")]
                    ),
                ]
                let writer = RedoLogWriter(storage: storage, captureID: "cap", changefeedID: "cf", startTS: 10)
                await writer.append(ChangeBatch(events: events, tables: ["1@1": table], resolvedTS: 15))
                try await writer.flush()
                #expect(try await reader.meta() == RedoMeta(checkpointTS: 10, resolvedTS: 15))
                let changes = try await reader.changes()
                #expect(changes.events == events)
                #expect(changes.tables == ["1@1": table])
                #expect(changes.files.count == 2)
            }
        }
    }
}
