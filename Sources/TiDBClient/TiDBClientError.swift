/// Every failure of the client library and the driver: the server's (or libmariadb's) errno,
/// SQLSTATE and message, plus where it happened.
///
/// Server errors keep TiDB's codes (8124 backup failed, 1105, ...); libmariadb's own errors use
/// its 2000-range codes (2003 cannot connect, 2013 lost connection). Errors found in this library
/// (a value that does not decode as asked, a bad DSN) have their own `Kind` and errno 0.
public struct TiDBClientError: Error, Sendable, Hashable {
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        public static let server = Kind(name: "server")
        /// libmariadb could not reach or lost the server (errno 2000-2999).
        public static let connection = Kind(name: "connection")
        public static let decoding = Kind(name: "decoding")
        public static let usage = Kind(name: "usage")
        /// The server answered, but not what TiDB answers (a missing column, an unexpected shape).
        public static let unexpectedAnswer = Kind(name: "unexpected answer")
        /// A check of the driver failed (checksums differ, GC did not turn off).
        public static let verification = Kind(name: "verification")

        public let name: String
        public var description: String { self.name }
    }

    public var kind: Kind
    public var errno: UInt32
    public var sqlState: String
    public var message: String
    /// The statement that failed, with credentials redacted.
    public var statement: String?
    /// The workflow step that failed (set by the driver).
    public var step: String?

    public init(
        kind: Kind,
        errno: UInt32 = 0,
        sqlState: String = "HY000",
        message: String,
        statement: String? = nil,
        step: String? = nil
    ) {
        self.kind = kind
        self.errno = errno
        self.sqlState = sqlState
        self.message = message
        self.statement = statement.map(StatementRedaction.redact)
        self.step = step
    }

    init(usage message: String) {
        self.init(kind: .usage, message: message)
    }

    /// An error for the server's answer to `statement` that is not what TiDB answers.
    init(unexpected message: String, statement: String?) {
        self.init(kind: .unexpectedAnswer, message: message, statement: statement)
    }

    /// The same error, marked with the workflow step it happened in (an inner step wins).
    public func inStep(_ name: String) -> TiDBClientError {
        var copy = self
        if copy.step == nil { copy.step = name }
        return copy
    }
}

extension TiDBClientError: CustomStringConvertible {
    public var description: String {
        var text = ""
        if let step = self.step { text += "step \(step): " }
        text +=
            self.errno == 0
            ? "\(self.kind) error: \(self.message)" : "ERROR \(self.errno) (\(self.sqlState)): \(self.message)"
        if let statement = self.statement { text += " [statement: \(statement)]" }
        return text
    }
}

/// Hides secrets in statements before they reach an error, a log or progress output: S3 keys in
/// BACKUP/RESTORE URLs (as TiDB's `RedactURL` does) and passwords in `IDENTIFIED BY`.
public enum StatementRedaction {
    private static let secretParameters = ["secret-access-key=", "access-key=", "session-token=", "sas-token="]

    public static func redact(_ statement: String) -> String {
        var bytes = Array(statement.utf8)
        for name in Self.secretParameters {
            bytes = Self.replaceValues(after: name, in: bytes, terminators: Array("&'\" ".utf8))
        }
        bytes = Self.replaceValues(after: "identified by '", in: bytes, terminators: [UInt8(ascii: "'")])
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces what follows each (ASCII case-insensitive) `marker` up to a terminator with `xxxxx`.
    private static func replaceValues(after marker: String, in text: [UInt8], terminators: [UInt8]) -> [UInt8] {
        let marker = Array(marker.utf8)
        var result: [UInt8] = []
        var index = 0
        while index < text.count {
            if index + marker.count <= text.count,
                zip(text[index..<index + marker.count], marker).allSatisfy({ Self.lower($0) == $1 })
            {
                result += text[index..<index + marker.count] + Array("xxxxx".utf8)
                index += marker.count
                while index < text.count && !terminators.contains(text[index]) { index += 1 }
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
