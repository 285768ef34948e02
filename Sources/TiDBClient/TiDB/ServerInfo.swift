/// What `SELECT VERSION()` says about the server.
public struct ServerInfo: Sendable, Hashable, Codable {
    public enum Flavor: String, Sendable, Hashable, Codable {
        case tidb = "TiDB"
        case mariadb = "MariaDB"
        case mysql = "MySQL"
    }

    /// `VERSION()` as the server returned it, e.g. `8.0.11-TiDB-v8.5.8`.
    public var version: String
    public var flavor: Flavor
    /// TiDB's release (`v8.5.8`); for MariaDB and MySQL their own version (`10.11.19`).
    public var release: String
    /// The MySQL version TiDB claims compatibility with (`8.0.11`); MySQL's own; nil for MariaDB.
    public var mysqlCompatibility: String?

    public var isTiDB: Bool { self.flavor == .tidb }

    public init(version: String) {
        self.version = version
        if let marker = version.firstRange(of: "-TiDB-") {
            self.flavor = .tidb
            self.mysqlCompatibility = String(version[..<marker.lowerBound])
            self.release = String(version[marker.upperBound...])
        } else if let marker = version.firstRange(of: "-MariaDB") {
            self.flavor = .mariadb
            self.mysqlCompatibility = nil
            self.release = String(version[..<marker.lowerBound])
        } else {
            self.flavor = .mysql
            let number = version.prefix { $0.isNumber || $0 == "." }
            self.release = String(number)
            self.mysqlCompatibility = String(number)
        }
    }
}
