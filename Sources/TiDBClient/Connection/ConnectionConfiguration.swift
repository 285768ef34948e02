import MySQLTypes

/// Where and how to connect: built directly or parsed from a DSN URL
/// (`mysql://user:pass@host:port/db?connect-timeout=5s&read-timeout=30s&tls=preferred`).
public struct ConnectionConfiguration: Sendable, Hashable {
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS, even if the server offers it.
        case disabled
        /// TLS when the server offers it, plaintext otherwise (libmariadb's default behaviour).
        case preferred
        /// TLS or no connection.
        case required
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var database: String?
    public var connectTimeout: Duration
    /// `nil`: wait as long as the server takes (a BACKUP or RESTORE can run for hours).
    public var readTimeout: Duration?
    public var writeTimeout: Duration?
    public var tls: TLSMode
    /// PEM files handed to libmariadb; a CA also makes it verify the server's certificate.
    public var tlsCA: String?
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// Several statements in one `query` (each gives a result); needed by `currentTSO()`.
    public var multiStatements: Bool
    /// How long a call spins for the server's answer before it sleeps; zero never spins. Catches
    /// a loopback answer without a wake-up (`ReplySpinPolicy`, which stops spinning when it does
    /// not pay).
    public var replySpin: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 4000,
        user: String = "root",
        password: String = "",
        database: String? = nil,
        connectTimeout: Duration = .seconds(10),
        readTimeout: Duration? = nil,
        writeTimeout: Duration? = nil,
        tls: TLSMode = .preferred,
        tlsCA: String? = nil,
        tlsCertificate: String? = nil,
        tlsKey: String? = nil,
        multiStatements: Bool = true,
        replySpin: Duration = .microseconds(100)
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        self.tls = tls
        self.tlsCA = tlsCA
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.multiStatements = multiStatements
        self.replySpin = replySpin
    }

    /// The DSN without its password: safe for logs and progress output.
    public var redactedDSN: String {
        var text = "mysql://" + Self.escape(self.user)
        if !self.password.isEmpty { text += ":xxxxx" }
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        text += "@\(host):\(self.port)"
        if let database = self.database { text += "/" + Self.escape(database) }
        return text
    }

    private static func escape(_ text: String) -> String { URLText.escaped(text) }
}

extension ConnectionConfiguration: CustomStringConvertible {
    public var description: String { self.redactedDSN }
}
