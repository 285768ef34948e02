import AsyncHTTPClient
import ExternalStorage
import Testing

@testable import S3Storage

/// Addressing, credentials and error mapping, without a server.
@Suite struct S3StorageUnitTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    func endpoint(_ url: String) throws -> S3Endpoint {
        let url = try StorageURL.parse(url)
        return try S3Endpoint(url: url, region: url.parameter("region") ?? "us-east-1")
    }

    @Test func awsIsVirtualHostedUnlessPathStyleIsForced() throws {
        let aws = try self.endpoint("s3://backups/br?region=eu-west-1")
        let address = aws.address(bucket: "backups", key: "br/backupmeta")
        #expect(address.url == "https://backups.s3.eu-west-1.amazonaws.com/br/backupmeta")
        #expect(address.host == "backups.s3.eu-west-1.amazonaws.com")
        #expect(aws.address(bucket: "backups", key: nil).path == "/")

        let forced = try self.endpoint("s3://backups/br?force_path_style=true")
        #expect(forced.address(bucket: "backups", key: "k").url == "https://s3.us-east-1.amazonaws.com/backups/k")
    }

    @Test func customEndpointsArePathStyle() throws {
        let minio = try self.endpoint("s3://backups/br?endpoint=http://127.0.0.1:9000/")
        let address = minio.address(bucket: "backups", key: "br/a b$.sst")
        #expect(address.url == "http://127.0.0.1:9000/backups/br/a%20b%24.sst")
        #expect(address.host == "127.0.0.1:9000")
        #expect(address.path == "/backups/br/a%20b%24.sst")
        #expect(minio.address(bucket: "backups", key: nil).path == "/backups")
        #expect(minio.display == "http://127.0.0.1:9000")

        let virtual = try self.endpoint("s3://backups?endpoint=https://s3.example.com/gw&force-path-style=false")
        #expect(virtual.address(bucket: "backups", key: "k").url == "https://backups.s3.example.com/gw/k")
        #expect(try self.endpoint("s3://b?endpoint=minio:9000").display == "https://minio:9000")
    }

    @Test func badEndpointsAreRefusedWithoutEchoingThem() throws {
        for endpoint in ["ftp://host", "http://", "http://user:hunter2@host"] {
            let error = #expect(throws: ExternalStorageError.self) {
                try self.endpoint("s3://b?endpoint=\(endpoint)")
            }
            #expect(error?.kind == .invalidURL)
            #expect(error?.message.contains("hunter2") == false)
        }
    }

    @Test func credentialsComeFromTheURLThenTheEnvironment() throws {
        let client = HTTPClient(configuration: S3Storage.clientConfiguration)
        defer { try? client.syncShutdown() }
        let url = try StorageURL.parse("s3://b/p/?access_key=AK&secret_access_key=SK&session-token=T&region=ap-south-1")
        let storage = try S3Storage(url: url, client: client, environment: [:])
        #expect(storage.signer.credentials == .init(accessKeyID: "AK", secretAccessKey: "SK", sessionToken: "T"))
        #expect(storage.signer.region == "ap-south-1")
        #expect(storage.redactedURL == "s3://b/p/")
        #expect(storage.key("backupmeta") == "p/backupmeta")
        #expect(storage.key("/a/b") == "p/a/b")

        let environment = ["AWS_ACCESS_KEY_ID": "EAK", "AWS_SECRET_ACCESS_KEY": "ESK"]
        let fromEnvironment = try S3Storage(url: try .parse("s3://b"), client: client, environment: environment)
        #expect(fromEnvironment.signer.credentials == .init(accessKeyID: "EAK", secretAccessKey: "ESK"))
        #expect(fromEnvironment.key("x") == "x")

        let error = #expect(throws: ExternalStorageError.self) {
            try S3Storage(url: try .parse("s3://b?access-key=AK"), client: client, environment: [:])
        }
        #expect(error?.kind == .invalidURL)
        #expect(error?.message.contains("s3://b") == true)
    }

    @Test func errorCodeScanner() {
        let body = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>\
            <AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256</StringToSign></Error>
            """.utf8
        )
        #expect(S3ErrorResponse.code(in: body) == "SignatureDoesNotMatch")
        #expect(S3ErrorResponse.code(in: []) == nil)
        #expect(S3ErrorResponse.code(in: Array("<Code>not a code</Code>".utf8)) == nil)
        #expect(S3ErrorResponse.code(in: Array("<Code>Truncated".utf8)) == "Truncated")
        #expect(S3ErrorResponse.code(in: Array("<html>502 Bad Gateway</html>".utf8)) == nil)
    }

    /// Scripted S3 answers, for the cases a server under test may not produce (moto answers
    /// most of them for real in S3StorageMotoTests).
    @Test(
        arguments: [
            (404, "NoSuchKey", "k", ExternalStorageError(.notFound, "file k does not exist in bucket b")),
            (404, nil, "k", ExternalStorageError(.notFound, "file k does not exist in bucket b")),
            (404, "NoSuchBucket", "k", ExternalStorageError(.notFound, "bucket b does not exist")),
            (404, nil, nil, ExternalStorageError(.notFound, "bucket b does not exist")),
            (
                403, "InvalidAccessKeyId", "k",
                ExternalStorageError(.accessDenied, "access to bucket b denied: InvalidAccessKeyId")
            ),
            (
                403, "SignatureDoesNotMatch", "k",
                ExternalStorageError(.accessDenied, "access to bucket b denied: SignatureDoesNotMatch")
            ),
            (403, nil, "k", ExternalStorageError(.accessDenied, "access to bucket b denied: HTTP 403")),
            (400, "ExpiredToken", "k", ExternalStorageError(.accessDenied, "access to bucket b denied: ExpiredToken")),
            (
                400, "AuthorizationHeaderMalformed", nil,
                ExternalStorageError(.other, "S3 request for bucket b failed: AuthorizationHeaderMalformed (HTTP 400)")
            ),
            (
                503, "SlowDown", "k",
                ExternalStorageError(.other, "S3 request for file k in bucket b failed: SlowDown (HTTP 503)")
            ),
        ] as [(UInt, String?, String?, ExternalStorageError)]
    )
    func errorMapping(status: UInt, code: String?, key: String?, expected: ExternalStorageError) {
        #expect(S3ErrorResponse.error(status: status, code: code, bucket: "b", key: key) == expected)
    }

    @Test func transportErrorsNameTheEndpointAndMaskCredentials() throws {
        let client = HTTPClient(configuration: S3Storage.clientConfiguration)
        defer { try? client.syncShutdown() }
        let url = try StorageURL.parse(
            "s3://b/p?access-key=AKID&secret-access-key=\(Self.secret)&endpoint=http://127.0.0.1:1"
        )
        let storage = try S3Storage(url: url, client: client, environment: [:])
        let timeout = storage.transportError(HTTPClientError.connectTimeout)
        #expect(
            timeout
                == ExternalStorageError(
                    .unreachable,
                    "cannot reach S3 endpoint http://127.0.0.1:1 for bucket b: timed out"
                )
        )
        struct Leaky: Error, CustomStringConvertible {
            var description: String { "failed with \(S3StorageUnitTests.secret) and AKID" }
        }
        let masked = storage.transportError(Leaky())
        #expect(masked.kind == .unreachable)
        #expect(!masked.message.contains(Self.secret))
        #expect(!masked.message.contains("AKID"))
        #expect(storage.transportError(HTTPClientError.emptyHost).kind == .invalidURL)
    }
}
