extension ConnectionConfiguration {
    /// Parses `mysql://[user[:password]@]host[:port][/database][?option=value&...]`.
    ///
    /// Options: `connect-timeout`, `read-timeout`, `write-timeout` (durations such as `5s`,
    /// `500ms`, `2m`), `tls` (`disabled`, `preferred`, `required`), `tls-ca`, `tls-cert`, `tls-key`,
    /// `multi-statements` (`true`/`false`), `reply-spin` (a duration; `0` never spins). User,
    /// password and database are percent-decoded. The port defaults to TiDB's 4000. Unknown options
    /// are errors, so a typo never goes unnoticed.
    public init(dsn: String) throws(TiDBClientError) {
        func invalid(_ why: String) -> TiDBClientError {
            TiDBClientError(usage: "invalid DSN \(Self.redactingPassword(dsn)): \(why)")
        }
        guard let schemeEnd = dsn.firstRange(of: "://"), dsn[..<schemeEnd.lowerBound].lowercased() == "mysql" else {
            throw invalid("it must start with mysql://")
        }
        var rest = Substring(dsn[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        self.init()
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let (user, password) =
                credentials.firstIndex(of: ":").map {
                    (credentials[..<$0], credentials[credentials.index(after: $0)...])
                }
                ?? (credentials, nil)
            guard let decodedUser = Self.percentDecoded(user) else { throw invalid("bad percent-encoding in the user") }
            self.user = decodedUser
            if let password {
                guard let decoded = Self.percentDecoded(password) else {
                    throw invalid("bad percent-encoding in the password")
                }
                self.password = decoded
            }
        }
        var hostPort = rest
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            let name = rest[rest.index(after: slash)...]
            if !name.isEmpty {
                guard let decoded = Self.percentDecoded(name) else {
                    throw invalid("bad percent-encoding in the database")
                }
                self.database = decoded
            }
        }
        let portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("unclosed [ in the host") }
            self.host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw invalid("unexpected text after the host") }
            portText = after.isEmpty ? nil : after.dropFirst()
        } else if let colon = hostPort.lastIndex(of: ":") {
            self.host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            self.host = String(hostPort)
            portText = nil
        }
        guard !self.host.isEmpty else { throw invalid("no host") }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw invalid("the port must be a number from 1 to 65535, not '\(portText)'")
            }
            self.port = port
        }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard parts.count == 2, let value = Self.percentDecoded(parts[1]) else {
                throw invalid("option '\(key)' needs a value")
            }
            try self.apply(option: key, value: value, invalid: invalid)
        }
    }

    private mutating func apply(
        option: String,
        value: String,
        invalid: (String) -> TiDBClientError
    ) throws(TiDBClientError) {
        func duration() throws(TiDBClientError) -> Duration {
            guard let duration = Duration(goStyle: value) else {
                throw invalid("\(option) must be a duration such as 5s, 500ms or 2m, not '\(value)'")
            }
            return duration
        }
        switch option {
        case "connect-timeout": self.connectTimeout = try duration()
        case "read-timeout": self.readTimeout = try duration()
        case "write-timeout": self.writeTimeout = try duration()
        case "tls":
            guard let mode = TLSMode(rawValue: value) else {
                throw invalid("tls must be disabled, preferred or required, not '\(value)'")
            }
            self.tls = mode
        case "reply-spin": self.replySpin = try duration()
        case "tls-ca": self.tlsCA = value
        case "tls-cert": self.tlsCertificate = value
        case "tls-key": self.tlsKey = value
        case "multi-statements":
            guard let enabled = Bool(value) else { throw invalid("multi-statements must be true or false") }
            self.multiStatements = enabled
        default:
            throw invalid(
                "unknown option '\(option)' (known: connect-timeout, read-timeout, write-timeout, tls, tls-ca, tls-cert, tls-key, multi-statements, reply-spin)"
            )
        }
    }

    /// The DSN with any password replaced, for error messages about the DSN itself.
    static func redactingPassword(_ dsn: String) -> String {
        guard let schemeEnd = dsn.firstRange(of: "://") else { return dsn }
        let authorityEnd = dsn[schemeEnd.upperBound...].firstIndex { $0 == "/" || $0 == "?" } ?? dsn.endIndex
        let authority = dsn[schemeEnd.upperBound..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return dsn
        }
        return String(dsn[..<authority.index(after: colon)]) + "xxxxx" + String(dsn[at...])
    }

    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
            else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Duration {
    /// Go-style durations as TiDB and TiCDC write them: `5s`, `500ms`, `1m30s`, `1.5h`, `250us`.
    public init?(goStyle text: String) {
        var total: Duration = .zero
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let value = Double(number), value >= 0 else { return nil }
            let scale: Double
            switch unit {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            case "ms": scale = 1e-3
            case "us", "µs": scale = 1e-6
            case "ns": scale = 1e-9
            default: return nil
            }
            total += .nanoseconds(Int64((value * scale * 1e9).rounded()))
        }
        self = total
    }
}
