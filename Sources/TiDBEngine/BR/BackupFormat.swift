import Crypto
import ExternalStorage
import FoundationEssentials

/// The metadata of a mock-tidb backup, `backupmeta` (JSON; BR's is protobuf under the same name,
/// which lets a restore tell the two apart). Written last: its presence means a complete backup.
/// `docs/backup-format.md` describes every field.
struct BackupMeta: Codable, Equatable {
    static let formatName = "mock-tidb-backup"
    static let currentVersion = 1
    static let fileName = "backupmeta"
    static let lockFileName = "backup.lock"

    struct Database: Codable, Equatable {
        var name: String
        var charset: String
        var collation: String
    }

    struct DataFile: Codable, Equatable {
        /// Relative to the destination, e.g. `data/sbtest.sbtest1.rows`.
        var name: String
        var size: Int
        /// Lowercase hex SHA-256 of the file's bytes.
        var sha256: String
        var rows: Int
    }

    struct Table: Codable, Equatable {
        var database: String
        var name: String
        /// `SHOW CREATE TABLE` at BackupTS, without the AUTO_INCREMENT option.
        var createStatement: String
        /// The next AUTO_INCREMENT value the source would hand out.
        var autoIncrement: Int64
        var file: DataFile
    }

    var format = Self.formatName
    var version = Self.currentVersion
    /// The snapshot every row was read at (BR's EndVersion).
    var backupTS: UInt64
    /// Server version of the source, as `VERSION()` reports it.
    var serverVersion: String
    var databases: [Database]
    var tables: [Table]

    var totalSize: Int { self.tables.reduce(0) { $0 + $1.file.size } }

    func encoded() -> [UInt8] { JSONFile.encode(self) }

    /// Parses `backupmeta`; the failure names what is wrong (not JSON: probably a real BR backup).
    static func decode(_ bytes: [UInt8]) throws(BRIEFailure) -> BackupMeta {
        guard bytes.first == UInt8(ascii: "{"),
            let meta = try? JSONDecoder().decode(BackupMeta.self, from: Data(bytes)), meta.format == Self.formatName
        else {
            throw BRIEFailure(
                "backupmeta is not a mock-tidb backup (a backup taken by BR from real TiDB cannot be restored here)"
            )
        }
        guard meta.version == Self.currentVersion else {
            throw BRIEFailure(
                "backupmeta has format version \(meta.version); this mock-tidb reads version \(Self.currentVersion)"
            )
        }
        return meta
    }
}

/// What `backup.lock` holds: who started the backup, for a person looking at the directory.
struct BackupLock: Codable {
    var tool = "mock-tidb"
    var backupTS: UInt64
    var serverVersion: String
}

enum JSONFile {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Plain structs of strings and numbers always encode.
        return Array((try? encoder.encode(value)) ?? Data())
    }
}

enum SHA256Hex {
    static func digest(_ bytes: [UInt8]) -> String {
        var text = ""
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return text
    }
}

/// Why a BACKUP or RESTORE failed, in BR's words; the statement reports it inside 8124
/// ("Backup failed: ...") or 8125 ("Restore failed: ...").
struct BRIEFailure: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    static func storage(_ error: ExternalStorageError) -> BRIEFailure {
        BRIEFailure(error.message)
    }
}
