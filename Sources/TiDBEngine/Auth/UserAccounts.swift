import Crypto
public import MySQLTypes
import Synchronization

/// A login account and what it was granted (TiDB's `mysql.user`, `mysql.db`, `mysql.tables_priv`
/// and `mysql.global_grants` rows for it). Passwords are kept as MySQL does: `SHA1(SHA1(password))`.
public struct UserAccount: Sendable, Equatable {
    public var name: String
    public var host: String
    /// nil when the account has no password (or uses another plugin).
    public var passwordDoubleHash: [UInt8]?
    public var plugin: String
    /// What `IDENTIFIED WITH plugin AS '...'` stored for a plugin other than mysql_native_password.
    public var pluginAuthenticationString = ""
    /// Dynamic privileges granted explicitly (`mysql.global_grants`); SUPER does not imply
    /// `RESTRICTED_REPLICA_WRITER_ADMIN`, which lets writes past read-only mode.
    public var dynamicPrivileges: Set<String>
    /// The dynamic privileges granted `WITH GRANT OPTION`.
    public var grantableDynamicPrivileges: Set<String> = []
    /// `*.*` privileges (`mysql.user`'s `*_priv` columns).
    public var globalPrivileges: PrivilegeSet
    /// `db.*` privileges by database name as granted.
    public var databasePrivileges: [String: PrivilegeSet] = [:]
    /// `db.table` privileges.
    public var tablePrivileges: [TableGrant: PrivilegeSet] = [:]
    /// `priv(column)` privileges, kept and shown but not enforced (a statement needs table
    /// privileges; docs/tidb/accounts-privileges.md).
    public var columnPrivileges: [ColumnGrant: PrivilegeSet] = [:]
    /// A role (`CREATE ROLE`): a locked account.
    public var isLocked = false
    /// `mysql.user.User_attributes`: NULL for the configured accounts, `{}` or
    /// `{"metadata": ...}` (COMMENT, ATTRIBUTE) for created ones.
    var attributes: JSONValue?

    public struct TableGrant: Sendable, Hashable {
        public var database: String
        public var table: String
    }

    public struct ColumnGrant: Sendable, Hashable {
        public var table: TableGrant
        public var column: String
    }

    /// A configured account (root, the CLI's `--user`): every privilege, as TiDB's root.
    public init(name: String, password: String, host: String = "%", dynamicPrivileges: Set<String> = []) {
        self.name = name
        self.host = host
        self.dynamicPrivileges = dynamicPrivileges
        self.plugin = NativePassword.pluginName
        self.passwordDoubleHash = password.isEmpty ? nil : NativePassword.doubleHash(password)
        self.globalPrivileges = PrivilegeSet.allGlobal.union(.grantOption)
    }

    /// An account `CREATE USER` makes: no privileges (`USAGE`).
    init(created name: String, host: String) {
        self.name = name
        self.host = host
        self.dynamicPrivileges = []
        self.plugin = NativePassword.pluginName
        self.passwordDoubleHash = nil
        self.globalPrivileges = []
        self.attributes = .object([])
    }

    /// `mysql.user.authentication_string`: `*` and the hex double hash for native passwords.
    public var authenticationString: String {
        guard self.plugin == NativePassword.pluginName else { return self.pluginAuthenticationString }
        guard let hash = self.passwordDoubleHash else { return "" }
        return "*" + hash.map { byte in String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
    }

    /// Whether the account holds every static privilege at `*.*`: checks stop here.
    var hasAllGlobalPrivileges: Bool { self.globalPrivileges.isSuperset(of: .allGlobal) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
    }
}

/// `mysql_native_password`: the client proves it knows the password without sending it.
public enum NativePassword {
    public static let pluginName = "mysql_native_password"

    static func sha1(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        Array(Insecure.SHA1.hash(data: Array(bytes)))
    }

    public static func doubleHash(_ password: String) -> [UInt8] {
        Self.sha1(Self.sha1(password.utf8))
    }

    /// What a client sends: `SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password)))`.
    public static func scramble(password: String, salt: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = Self.sha1(password.utf8)
        let mask = Self.sha1(salt + Self.sha1(stage1))
        return zip(stage1, mask).map { $0 ^ $1 }
    }

    /// Checks a client's scramble against the stored double hash.
    public static func verify(response: [UInt8], salt: [UInt8], doubleHash: [UInt8]) -> Bool {
        guard response.count == 20 else { return false }
        let mask = Self.sha1(salt + doubleHash)
        let stage1 = zip(response, mask).map { $0 ^ $1 }
        return Self.sha1(stage1) == doubleHash
    }
}

/// The cluster's accounts (TiDB's `mysql.user` and the privilege tables). `version` moves with
/// every change, so a session notices a GRANT with one relaxed load per statement.
public final class UserAccounts: Sendable {
    private let accounts: Mutex<[UserAccount]>
    private let changes = Atomic<UInt64>(0)

    public init(_ accounts: [UserAccount]) {
        self.accounts = Mutex(accounts)
    }

    public var version: UInt64 { self.changes.load(ordering: .acquiring) }

    public var all: [UserAccount] { self.accounts.withLock { $0 } }

    /// The account with exactly this name and host (`'u'@'h'` as created).
    public func account(user: String, host: String) -> UserAccount? {
        self.accounts.withLock { accounts in accounts.first { $0.name == user && $0.host == host } }
    }

    /// Changes the accounts all at once or not at all: `body` works on a copy.
    func modify<Result: Sendable>(
        _ body: (inout [UserAccount]) throws(MySQLError) -> Result
    ) throws(MySQLError) -> Result {
        try self.accounts.withLock { (accounts) throws(MySQLError) -> Result in
            var copy = accounts
            let result = try body(&copy)
            accounts = copy
            self.changes.add(1, ordering: .releasing)
            return result
        }
    }

    /// The account a login from `host` matches, as TiDB orders `mysql.user`: an exact host first,
    /// `localhost` for a loopback address, then host patterns (`%`, `_`) with `%` alone last.
    public func match(user: String, host: String) -> UserAccount? {
        self.accounts.withLock { accounts in
            let named = accounts.filter { $0.name == user }
            return named.first { $0.host == host }
                ?? named.first { $0.host == "localhost" && HostPattern.isLoopback(host) }
                ?? named.first { $0.host != "%" && HostPattern.matches(host, pattern: $0.host) }
                ?? named.first { $0.host == "%" }
        }
    }

    public enum Outcome: Sendable, Equatable {
        case accepted(UserAccount)
        case rejected(MySQLError)
        /// The client hashed with another plugin; ask it to use this one.
        case switchPlugin(String)
    }

    /// TiDB's rule: an unknown user is denied at once; a client whose plugin is not the user's is
    /// asked to switch; then the scramble is checked (both empty counts as a match). Accounts of
    /// other plugins (caching_sha2_password needs TLS's full authentication, which mock-tidb
    /// does not have yet; LDAP, sockets, tokens) are denied (docs/tidb/accounts-privileges.md).
    public func authenticate(user: String, host: String, plugin: String, response: [UInt8], salt: [UInt8]) -> Outcome {
        let denied = MySQLError.accessDenied(user: user, host: host, usingPassword: !response.isEmpty)
        guard let account = self.match(user: user, host: host) else { return .rejected(denied) }
        guard account.plugin == NativePassword.pluginName else { return .rejected(denied) }
        if plugin != account.plugin { return .switchPlugin(account.plugin) }
        switch (account.passwordDoubleHash, response.isEmpty) {
        case (nil, true):
            break
        case (let hash?, false) where NativePassword.verify(response: response, salt: salt, doubleHash: hash):
            break
        default:
            return .rejected(denied)
        }
        if account.isLocked { return .rejected(.accountLocked(user: user, host: host)) }
        return .accepted(account)
    }
}

/// MySQL's host patterns: `%` any run of characters, `_` one; case-insensitive.
enum HostPattern {
    static func isLoopback(_ host: String) -> Bool {
        host == "127.0.0.1" || host == "::1" || host.hasPrefix("127.") || host == "localhost"
    }

    static func matches(_ host: String, pattern: String) -> Bool {
        Self.matches(Array(host.lowercased().utf8)[...], Array(pattern.lowercased().utf8)[...])
    }

    private static func matches(_ text: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case UInt8(ascii: "%"):
            var rest = text
            while true {
                if Self.matches(rest, pattern.dropFirst()) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        case UInt8(ascii: "_"):
            return !text.isEmpty && Self.matches(text.dropFirst(), pattern.dropFirst())
        default:
            return text.first == first && Self.matches(text.dropFirst(), pattern.dropFirst())
        }
    }
}
