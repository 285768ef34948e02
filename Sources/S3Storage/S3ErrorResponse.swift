import ExternalStorage

/// Turns an S3 error response into BR's kind of error. Only the `<Code>` of the XML body is
/// used: the rest can echo the request (a `SignatureDoesNotMatch` body carries the canonical
/// request with the session token), and messages must never carry a credential.
enum S3ErrorResponse {
    /// Codes that mean the credentials were refused or lack permission.
    static let accessCodes: Set<String> = [
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken",
        "TokenRefreshRequired", "AllAccessDisabled", "AccountProblem", "InvalidSecurity",
    ]

    /// The text of the first `<Code>` element, found with a plain scan: the body is small and
    /// flat, and Foundation's XMLParser would pull in all of Foundation. Nil when there is none
    /// (HEAD responses have no body) or it is not a plain identifier.
    static func code(in body: [UInt8]) -> String? {
        let open = Array("<Code>".utf8)
        guard let start = body.firstRange(of: open)?.upperBound else { return nil }
        let text = body[start...].prefix { $0 != UInt8(ascii: "<") }
        guard !text.isEmpty, text.count <= 64,
            text.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// The error for a non-2xx answer about `key` in `bucket` (`key` nil: the bucket itself).
    static func error(status: UInt, code: String?, bucket: String, key: String?) -> ExternalStorageError {
        if code == "NoSuchBucket" || (status == 404 && code == nil && key == nil) {
            return ExternalStorageError(.notFound, "bucket \(bucket) does not exist")
        }
        if let key, code == "NoSuchKey" || (status == 404 && code == nil) {
            return ExternalStorageError(.notFound, "file \(key) does not exist in bucket \(bucket)")
        }
        if status == 403 || code.map(Self.accessCodes.contains) == true {
            return ExternalStorageError(
                .accessDenied,
                "access to bucket \(bucket) denied: \(code ?? "HTTP 403")"
            )
        }
        let target = key.map { "file \($0) in bucket \(bucket)" } ?? "bucket \(bucket)"
        return ExternalStorageError(
            .other,
            "S3 request for \(target) failed: \(code ?? "no error code") (HTTP \(status))"
        )
    }
}
