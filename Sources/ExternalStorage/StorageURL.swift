/// A parsed backup destination, as BR's `storage.ParseBackend` reads it: `scheme://host/path?query`.
/// No Foundation: the URLs BR accepts are simple enough to split by hand.
public struct StorageURL: Sendable, Equatable {
    public var scheme: String
    /// The bucket for `s3://`; empty for local paths.
    public var host: String
    /// The path (absolute for `local://`), or the key prefix for `s3://` (no leading `/`).
    public var path: String
    /// Query parameters in order, percent-decoded.
    public var query: [(name: String, value: String)]
    /// The text as written.
    public var original: String

    public static func == (lhs: StorageURL, rhs: StorageURL) -> Bool {
        lhs.original == rhs.original
    }

    /// The value of a query parameter; BR accepts `_` and `-` spellings alike (`access_key`).
    public func parameter(_ name: String) -> String? {
        let wanted = name.replacingUnderscores()
        return self.query.last { $0.name.lowercased().replacingUnderscores() == wanted }?.value
    }

    public static func parse(_ text: String) throws(ExternalStorageError) -> StorageURL {
        guard let separator = text.firstRange(of: "://") else {
            // BR treats a bare path as local.
            guard text.hasPrefix("/") else {
                throw ExternalStorageError(.invalidURL, "storage \(text) not support yet")
            }
            return StorageURL(scheme: "local", host: "", path: text, query: [], original: text)
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        var rest = Substring(text[separator.upperBound...])
        var query: [(String, String)] = []
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((Self.percentDecoded(parts[0]), parts.count > 1 ? Self.percentDecoded(parts[1]) : ""))
            }
            rest = rest[..<mark]
        }
        switch scheme {
        case "local", "file":
            guard rest.hasPrefix("/") else {
                throw ExternalStorageError(.invalidURL, "local storage path must be absolute: \(text)")
            }
            return StorageURL(scheme: scheme, host: "", path: String(rest), query: query, original: text)
        case "noop":
            return StorageURL(scheme: scheme, host: "", path: String(rest), query: query, original: text)
        case "s3":
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let bucket = String(rest[..<slash])
            guard !bucket.isEmpty else {
                throw ExternalStorageError(.invalidURL, "please specify the bucket for s3 in \(text)")
            }
            var prefix = rest[slash...]
            while prefix.first == "/" { prefix = prefix.dropFirst() }
            while prefix.last == "/" { prefix = prefix.dropLast() }
            return StorageURL(scheme: scheme, host: bucket, path: String(prefix), query: query, original: text)
        default:
            throw ExternalStorageError(.invalidURL, "storage \(scheme) not support yet")
        }
    }

    /// `s3://` loses its query (credentials, endpoint); other schemes are shown as written. BR
    /// also escapes `+` as `%2B`.
    public var redacted: String {
        var shown = self.original
        if self.scheme == "s3", let mark = shown.firstIndex(of: "?") { shown = String(shown[..<mark]) }
        return shown.replacingPlus()
    }

    /// The URL as TiDB shows it in SHOW PROCESSLIST and logs (`ast.RedactURL`): the values of
    /// `access-key`, `secret-access-key` and `session-token` (either spelling) become `xxxxxx`.
    public static func redactingCredentials(in url: String) -> String {
        guard let mark = url.firstIndex(of: "?") else { return url }
        let secret: Set<String> = ["access-key", "secret-access-key", "session-token"]
        let pairs = url[url.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, secret.contains(parts[0].lowercased().replacingUnderscores()) else {
                return String(pair)
            }
            return parts[0] + "=xxxxxx"
        }
        return url[...mark] + pairs.joined(separator: "&")
    }

    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(self.map { $0 == "_" ? "-" : $0 })
    }

    fileprivate func replacingPlus() -> String {
        self.contains("+")
            ? self.split(separator: "+", omittingEmptySubsequences: false).joined(separator: "%2B") : self
    }
}
