import ExternalStorage

/// Where an `s3://` URL's requests go and how the bucket is addressed, as BR reads `endpoint=`,
/// `region=` and `force-path-style=`.
struct S3Endpoint: Sendable, Equatable {
    var scheme: String
    /// `host[:port]`, as sent in the `Host` header.
    var authority: String
    /// A path the endpoint itself has (`http://gateway/s3`), without a trailing `/`; usually empty.
    var basePath: String
    /// `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key`.
    var pathStyle: Bool

    /// What messages show: scheme and authority, never a query or user info.
    var display: String { "\(self.scheme)://\(self.authority)\(self.basePath)" }

    init(scheme: String, authority: String, basePath: String = "", pathStyle: Bool) {
        self.scheme = scheme
        self.authority = authority
        self.basePath = basePath
        self.pathStyle = pathStyle
    }

    /// AWS's regional endpoint unless `endpoint=` names another. Custom endpoints (MinIO, Ceph,
    /// moto) rarely resolve `bucket.host`, so they are path-style unless `force-path-style=false`
    /// says otherwise; AWS is virtual-hosted unless `force-path-style=true`.
    init(url: StorageURL, region: String) throws(ExternalStorageError) {
        let forcePathStyle = url.parameter("force-path-style").map { ["true", "1"].contains($0.lowercased()) }
        guard let endpoint = url.parameter("endpoint"), !endpoint.isEmpty else {
            self.init(scheme: "https", authority: "s3.\(region).amazonaws.com", pathStyle: forcePathStyle ?? false)
            return
        }
        var scheme = "https"
        var rest = Substring(endpoint)
        if let separator = rest.firstRange(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            rest = rest[separator.upperBound...]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var basePath = rest[slash...]
        while basePath.last == "/" { basePath = basePath.dropLast() }
        // The endpoint is echoed in messages, so one carrying user info is refused without
        // repeating it.
        guard scheme == "http" || scheme == "https", !authority.isEmpty, !authority.contains("@") else {
            throw ExternalStorageError(
                .invalidURL,
                "invalid endpoint for s3://\(url.host): expected http(s)://host[:port]"
            )
        }
        self.init(
            scheme: scheme,
            authority: String(authority),
            basePath: String(basePath),
            pathStyle: forcePathStyle ?? true
        )
    }

    /// The URL, `Host` header and encoded path (the form that is signed) of an object, or of
    /// the bucket itself when `key` is nil.
    func address(bucket: String, key: String?) -> (url: String, host: String, path: String) {
        let encodedKey = key.map { "/" + S3Signer.uriEncode($0, keepSlash: true) } ?? ""
        if self.pathStyle {
            let path = self.basePath + "/" + S3Signer.uriEncode(bucket) + encodedKey
            return ("\(self.scheme)://\(self.authority)\(path)", self.authority, path)
        }
        let host = "\(bucket).\(self.authority)"
        let path = self.basePath + (encodedKey.isEmpty ? "/" : encodedKey)
        return ("\(self.scheme)://\(host)\(path)", host, path)
    }
}
