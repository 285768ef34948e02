import AsyncHTTPClient
import Foundation
import NIOCore
import S3Storage

#if canImport(Glibc)
import Glibc
#endif

/// moto's standalone S3 server (PyPI `moto[server]`, installed by `make test`) on a loopback
/// port it picks itself, for the life of one test. `make test` installs it; a test that cannot
/// start it fails and says why.
struct MotoServer {
    let port: Int
    var endpoint: String { "http://127.0.0.1:\(self.port)" }

    /// Starts moto, creates an IAM user allowed `s3:*` with an access key, then turns moto's
    /// authentication on, so every later request has its signature checked by moto (botocore's
    /// SigV4 code) and unknown keys are refused as AWS does.
    static func withRunningServer<T>(
        _ body: (MotoServer, S3Signer.Credentials, HTTPClient) async throws -> T
    ) async throws -> T {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"
        // Port 0: moto binds a free port and names it in its log. A port picked here and handed
        // over would be free only until moto binds it, seconds later: parallel tests start
        // servers meanwhile, and one of them can take it.
        process.arguments = [python, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"]
        // werkzeug logs every request to stderr: a file, because a pipe nobody drains would
        // fill and stall moto.
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(UUID().uuidString).log")
            .path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let client = HTTPClient(configuration: S3Storage.clientConfiguration)
        do {
            let server = MotoServer(port: try await Self.listeningPort(of: process, logPath: logPath))
            let credentials = try await server.createUser(client: client)
            try await server.enableAuthentication(client: client)
            let result = try await body(server, credentials, client)
            try await client.shutdown()
            await stop(process)
            return result
        } catch {
            try? await client.shutdown()
            await stop(process)
            throw error
        }
    }

    /// SIGKILL: moto turns SIGTERM into a SystemExit that waits for werkzeug's request threads,
    /// which can take indefinitely; it holds nothing worth a clean exit. Polled rather than
    /// `waitUntilExit`, which runs a RunLoop that never turns on a concurrency thread.
    private static func stop(_ process: Process) async {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// moto imports for a few seconds before it listens, then logs ` * Running on
    /// http://127.0.0.1:PORT`; give up after 60 s (a loaded 2-core machine) and show what it printed.
    private static func listeningPort(of process: Process, logPath: String) async throws -> Int {
        for _ in 0..<600 {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let port = runningPort(in: output) { return port }
            guard process.isRunning else {
                throw MotoError("moto exited (is `moto[server]` installed? `make deps`): \(output)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw MotoError("moto did not say it listens on 127.0.0.1 within 60 s")
    }

    static func runningPort(in log: String) -> Int? {
        guard let match = log.firstMatch(of: /Running on http:\/\/127\.0\.0\.1:(\d+)/) else { return nil }
        return Int(match.1)
    }

    private func createUser(client: HTTPClient) async throws -> S3Signer.Credentials {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
        _ = try await self.iam(["Action": "CreateUser", "UserName": "br"], client: client)
        _ = try await self.iam(
            ["Action": "PutUserPolicy", "UserName": "br", "PolicyName": "s3", "PolicyDocument": policy],
            client: client
        )
        let response = try await self.iam(["Action": "CreateAccessKey", "UserName": "br"], client: client)
        guard let accessKey = element("AccessKeyId", in: response),
            let secret = element("SecretAccessKey", in: response)
        else { throw MotoError("no access key in moto's CreateAccessKey answer: \(response)") }
        return .init(accessKeyID: accessKey, secretAccessKey: secret)
    }

    /// moto's own switch: authenticate every request from now on.
    private func enableAuthentication(client: HTTPClient) async throws {
        var request = HTTPClientRequest(url: "\(self.endpoint)/moto-api/reset-auth")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "0"))
        let response = try await client.execute(request, timeout: .seconds(30))
        guard response.status.code == 200 else { throw MotoError("reset-auth answered \(response.status)") }
    }

    /// An IAM query-API call. moto routes by the signature's service, so it is signed (with
    /// throwaway keys: authentication is still off).
    private func iam(_ parameters: [String: String], client: HTTPClient) async throws -> String {
        let form = (parameters.merging(["Version": "2010-05-08"]) { $1 })
            .map { "\(S3Signer.uriEncode($0.key))=\(S3Signer.uriEncode($0.value))" }
            .joined(separator: "&")
        let body = Array(form.utf8)
        let host = "127.0.0.1:\(self.port)"
        let signer = S3Signer(
            credentials: .init(accessKeyID: "AKIASETUP", secretAccessKey: "setup"),
            region: "us-east-1",
            service: "iam"
        )
        let contentType = "application/x-www-form-urlencoded; charset=utf-8"
        let signature = signer.sign(
            .init(
                method: "POST",
                path: "/",
                headers: [("host", host), ("content-type", contentType)],
                payloadHash: S3Signer.sha256Hex(body)
            ),
            at: SigningDate(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        )
        var request = HTTPClientRequest(url: "\(self.endpoint)/")
        request.method = .POST
        request.headers.add(name: "Host", value: host)
        request.headers.add(name: "Content-Type", value: contentType)
        for (name, value) in signature.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else {
            throw MotoError("IAM \(parameters["Action"] ?? "") answered \(response.status): \(text)")
        }
        return text
    }
}

struct MotoError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

private func element(_ name: String, in xml: String) -> String? {
    guard let start = xml.firstRange(of: "<\(name)>")?.upperBound,
        let end = xml[start...].firstRange(of: "</\(name)>")?.lowerBound
    else { return nil }
    return String(xml[start..<end])
}
