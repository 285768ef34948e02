import Crypto
import MySQLTypes

/// AWS Signature Version 4 for S3, as a value: no I/O, no clock. The caller passes the date, so
/// AWS's published examples can be checked byte for byte.
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
public struct S3Signer: Sendable {
    public struct Credentials: Sendable, Equatable {
        public var accessKeyID: String
        public var secretAccessKey: String
        /// For temporary credentials (STS); sent and signed as `x-amz-security-token`.
        public var sessionToken: String?

        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// What gets signed. `path` is the path as sent, already URI-encoded (`encodePath`), because
    /// S3 signs the encoded form and the request must carry exactly that form.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Decoded names and values; the signer encodes and sorts them.
        public var query: [(name: String, value: String)]
        /// Every header to sign; `host` must be among them.
        public var headers: [(name: String, value: String)]
        /// Lowercase hex SHA-256 of the body (`S3Signer.sha256Hex`).
        public var payloadHash: String

        public init(
            method: String,
            path: String,
            query: [(name: String, value: String)] = [],
            headers: [(name: String, value: String)],
            payloadHash: String
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// The result, with the intermediate texts so tests can compare each step with AWS's.
    public struct Signature: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var authorization: String
        /// Headers to add to the request: `x-amz-date`, `x-amz-content-sha256`, the session
        /// token when there is one, and `Authorization`.
        public var headers: [(name: String, value: String)]
    }

    public var credentials: Credentials
    public var region: String
    public var service: String

    public init(credentials: Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    public func sign(_ request: Request, at date: SigningDate) -> Signature {
        // The amz headers are signed too, so they join the caller's headers before canonicalising.
        var amzHeaders: [(name: String, value: String)] = [
            ("x-amz-date", date.amzDate), ("x-amz-content-sha256", request.payloadHash),
        ]
        if let token = self.credentials.sessionToken { amzHeaders.append(("x-amz-security-token", token)) }

        // Lowercase names, trimmed values with inner runs of spaces collapsed, sorted by name;
        // repeated names are joined with commas as the specification says.
        var byName: [String: [String]] = [:]
        for (name, value) in request.headers + amzHeaders {
            byName[name.lowercased(), default: []].append(Self.trimmedHeaderValue(value))
        }
        let names = byName.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(byName[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            request.method, request.path, Self.canonicalQuery(request.query), canonicalHeaders, signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")

        let scope = "\(date.dateStamp)/\(self.region)/\(self.service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", date.amzDate, scope, Self.sha256Hex(Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")

        let signature = Self.hex(Self.hmac(self.signingKey(dateStamp: date.dateStamp), stringToSign))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(self.credentials.accessKeyID)/\(scope),"
            + "SignedHeaders=\(signedHeaders),Signature=\(signature)"
        return Signature(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            authorization: authorization,
            headers: amzHeaders + [("Authorization", authorization)]
        )
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    public func signingKey(dateStamp: String) -> [UInt8] {
        let dateKey = Self.hmac(Array("AWS4\(self.credentials.secretAccessKey)".utf8), dateStamp)
        let regionKey = Self.hmac(dateKey, self.region)
        let serviceKey = Self.hmac(regionKey, self.service)
        return Self.hmac(serviceKey, "aws4_request")
    }

    // MARK: Encoding helpers, shared with the client so the URL sent is the URL signed.

    /// URI-encodes every byte but the unreserved characters (`A-Z a-z 0-9 - _ . ~`); `/` too
    /// unless `keepSlash` (object keys keep theirs in the path).
    public static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
        URLText.escaped(text, keepingSlashes: keepSlash)
    }

    /// The canonical query: encoded names and values, sorted by name then value, `name=value`
    /// joined by `&` (a parameter without a value is `name=`).
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query.map { (uriEncode($0.name), uriEncode($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        Self.hex(Array(SHA256.hash(data: bytes)))
    }

    static func hmac(_ key: [UInt8], _ message: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map(Self.hexDigits).joined()
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    private static func trimmedHeaderValue(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
