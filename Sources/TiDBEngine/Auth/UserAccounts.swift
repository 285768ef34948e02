import Crypto
public import MySQLTypes
import Synchronization

/// A login account. Passwords are kept as MySQL does: `SHA1(SHA1(password))`.
public struct UserAccount: Sendable, Equatable {
    public var name: String
    public var host: String
    /// nil when the account has no password.
    public var passwordDoubleHash: [UInt8]?
    public var plugin: String
    /// Dynamic privileges granted explicitly (mock-tidb has no GRANT; set at start). Only
    /// `RESTRICTED_REPLICA_WRITER_ADMIN` changes anything: it lets writes past read-only mode.
    public var dynamicPrivileges: Set<String>

    public init(name: String, password: String, host: String = "%", dynamicPrivileges: Set<String> = []) {
        self.name = name
        self.host = host
        self.dynamicPrivileges = dynamicPrivileges
        self.plugin = NativePassword.pluginName
        self.passwordDoubleHash = password.isEmpty ? nil : NativePassword.doubleHash(password)
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

/// The cluster's accounts (TiDB's `mysql.user`).
public final class UserAccounts: Sendable {
    private let accounts: Mutex<[UserAccount]>

    public init(_ accounts: [UserAccount]) {
        self.accounts = Mutex(accounts)
    }

    /// The account a login matches: exact host first, then `%`.
    public func match(user: String, host: String) -> UserAccount? {
        self.accounts.withLock { accounts in
            accounts.first { $0.name == user && $0.host == host }
                ?? accounts.first { $0.name == user && $0.host == "%" }
        }
    }

    public enum Outcome: Sendable, Equatable {
        case accepted(UserAccount)
        case rejected(MySQLError)
        /// The client hashed with another plugin; ask it to use this one.
        case switchPlugin(String)
    }

    /// TiDB's rule: an unknown user is denied at once; a client whose plugin is not the user's is
    /// asked to switch; then the scramble is checked (both empty counts as a match).
    public func authenticate(user: String, host: String, plugin: String, response: [UInt8], salt: [UInt8]) -> Outcome {
        let denied = MySQLError.accessDenied(user: user, host: host, usingPassword: !response.isEmpty)
        guard let account = self.match(user: user, host: host) else { return .rejected(denied) }
        if plugin != account.plugin { return .switchPlugin(account.plugin) }
        switch (account.passwordDoubleHash, response.isEmpty) {
        case (nil, true):
            return .accepted(account)
        case (let hash?, false) where NativePassword.verify(response: response, salt: salt, doubleHash: hash):
            return .accepted(account)
        default:
            return .rejected(denied)
        }
    }
}
