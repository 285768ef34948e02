import AsyncHTTPClient
import ExternalStorage
import LoopbackPorts
import S3Storage
import Testing

/// S3Storage against a real S3-compatible server: moto on loopback, with authentication on, so
/// moto checks every signature. Each test has its own moto (its state and auth switch are global).
@Suite(.timeLimit(.minutes(2)))
struct S3StorageMotoTests {
    func storage(
        _ server: MotoServer,
        _ credentials: S3Signer.Credentials,
        _ client: HTTPClient,
        bucket: String = "backups",
        prefix: String = "br/2024-05-24",
        extra: String = ""
    ) throws -> S3Storage {
        let url =
            "s3://\(bucket)/\(prefix)?access-key=\(credentials.accessKeyID)"
            + "&secret-access-key=\(S3Signer.uriEncode(credentials.secretAccessKey))"
            + "&endpoint=\(server.endpoint)&region=us-east-1\(extra)"
        return try S3Storage(url: try StorageURL.parse(url), client: client, environment: [:])
    }

    @Test func roundTrip() async throws {
        try await MotoServer.withRunningServer { server, credentials, client in
            let storage = try self.storage(server, credentials, client)
            try await storage.createBucket()
            try await storage.createBucket()  // already ours: fine

            #expect(try await storage.exists("backupmeta") == false)
            let meta = Array("backup meta \u{1F4BE}".utf8) + (0...255).map(UInt8.init)
            try await storage.write("backupmeta", meta)
            #expect(try await storage.exists("backupmeta"))
            #expect(try await storage.read("backupmeta") == meta)

            // Overwrite, an empty file, and a name that needs encoding in the signed path. (moto
            // verifies signatures wrongly for keys with `+ = $ ,` or non-ASCII, even botocore's;
            // AWS's own PUT example covers `$` in S3SignerTests.)
            try await storage.write("backupmeta", [1, 2, 3])
            #expect(try await storage.read("backupmeta") == [1, 2, 3])
            try await storage.write("empty", [])
            #expect(try await storage.read("empty") == [])
            let odd = "1/sst files/a b~c_d-e.sst"
            try await storage.write(odd, [42])
            #expect(try await storage.read(odd) == [42])

            // Keys are <prefix>/<name>: the same object seen from the bucket's root.
            let root = try self.storage(server, credentials, client, prefix: "")
            #expect(try await root.read("br/2024-05-24/backupmeta") == [1, 2, 3])

            try await storage.delete("backupmeta")
            #expect(try await storage.exists("backupmeta") == false)
            try await storage.delete("backupmeta")  // missing: not an error
            let error = await #expect(throws: ExternalStorageError.self) { try await storage.read("backupmeta") }
            #expect(
                error
                    == ExternalStorageError(.notFound, "file br/2024-05-24/backupmeta does not exist in bucket backups")
            )
        }
    }

    /// moto, like AWS, refuses a session token sent with long-term user keys (STS is not
    /// mocked here); the refusal shows the token goes out, and how it is reported.
    @Test func refusedSessionTokenIsAccessDenied() async throws {
        try await MotoServer.withRunningServer { server, credentials, client in
            try await self.storage(server, credentials, client).createBucket()
            let token = "FwoGZXIvYXdzEBY+session/token"
            let storage = try self.storage(
                server,
                credentials,
                client,
                extra: "&session-token=\(S3Signer.uriEncode(token))"
            )
            let error = await #expect(throws: ExternalStorageError.self) { try await storage.write("lock", [7]) }
            #expect(error == ExternalStorageError(.accessDenied, "access to bucket backups denied: InvalidToken"))
            #expect(error?.message.contains(token) == false)
        }
    }

    @Test func missingBucket() async throws {
        try await MotoServer.withRunningServer { server, credentials, client in
            let storage = try self.storage(server, credentials, client, bucket: "no-such-bucket")
            let expected = ExternalStorageError(.notFound, "bucket no-such-bucket does not exist")
            let read = await #expect(throws: ExternalStorageError.self) { try await storage.read("backupmeta") }
            #expect(read == expected)
            let exists = await #expect(throws: ExternalStorageError.self) { try await storage.exists("backupmeta") }
            #expect(exists == expected)
            let write = await #expect(throws: ExternalStorageError.self) { try await storage.write("backupmeta", [1]) }
            #expect(write == expected)
            let delete = await #expect(throws: ExternalStorageError.self) { try await storage.delete("backupmeta") }
            #expect(delete == expected)
        }
    }

    @Test func wrongCredentialsAreAccessDeniedWithoutTheSecret() async throws {
        try await MotoServer.withRunningServer { server, credentials, client in
            try await self.storage(server, credentials, client).createBucket()

            let unknownKey = S3Signer.Credentials(
                accessKeyID: "AKIAUNKNOWN0000000",
                secretAccessKey: "unknown/secret+key"
            )
            let unknown = try self.storage(server, unknownKey, client)
            let read = await #expect(throws: ExternalStorageError.self) { try await unknown.read("backupmeta") }
            #expect(read == ExternalStorageError(.accessDenied, "access to bucket backups denied: InvalidAccessKeyId"))

            var wrongSecret = credentials
            wrongSecret.secretAccessKey = "not/the+secret0123456789"
            let wrong = try self.storage(server, wrongSecret, client)
            let write = await #expect(throws: ExternalStorageError.self) { try await wrong.write("backupmeta", [1]) }
            #expect(
                write == ExternalStorageError(.accessDenied, "access to bucket backups denied: SignatureDoesNotMatch")
            )
            // HEAD answers carry no body, so no S3 code either.
            let exists = await #expect(throws: ExternalStorageError.self) { try await wrong.exists("backupmeta") }
            #expect(exists == ExternalStorageError(.accessDenied, "access to bucket backups denied: HTTP 403"))

            for error in [read, write, exists].compactMap({ $0 }) {
                #expect(!error.message.contains(wrongSecret.secretAccessKey))
                #expect(!error.message.contains(unknownKey.secretAccessKey))
                #expect(!error.message.contains(credentials.accessKeyID))
            }
        }
    }

    /// A port that refuses connections: retried by the client until the 5 s connect timeout,
    /// then `.unreachable` naming the endpoint.
    @Test func unreachableEndpoint() async throws {
        try await withRefusingLoopbackPort { port in
            let client = HTTPClient(configuration: S3Storage.clientConfiguration)
            let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            let url = try StorageURL.parse(
                "s3://backups/br?access-key=AKIAIOSFODNN7EXAMPLE&secret-access-key=\(S3Signer.uriEncode(secret))"
                    + "&endpoint=http://127.0.0.1:\(port)"
            )
            let storage = try S3Storage(url: url, client: client, environment: [:])
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: ExternalStorageError.self) { try await storage.read("backupmeta") }
            let elapsed = clock.now - start
            try await client.shutdown()
            #expect(error?.kind == .unreachable)
            #expect(
                error?.message.hasPrefix("cannot reach S3 endpoint http://127.0.0.1:\(port) for bucket backups: ")
                    == true
            )
            #expect(error?.message.contains(secret) == false)
            #expect(elapsed < .seconds(20))
        }
    }
}
