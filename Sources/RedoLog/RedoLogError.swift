import ExternalStorage

/// A redo log that cannot be written or read. `code` is TiCDC's error code where TiCDC has one
/// for the same failure (`CDC:ErrRedoMetaFileNotFound`), so messages read like TiCDC's.
public struct RedoLogError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No `.meta` file in the storage.
        case metaNotFound
        /// A meta file that cannot be read, or whose resolved TS is below its checkpoint.
        case badMeta
        /// A log file whose records cannot be read (truncated, a bad checksum, an unknown format).
        case corruptLog
        /// The storage failed (`ExternalStorageError`'s message).
        case storage
    }

    public var kind: Kind
    public var code: String?
    public var message: String

    public init(_ kind: Kind, code: String? = nil, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String {
        self.code.map { "[\($0)]\(self.message)" } ?? self.message
    }

    static func storage(_ error: ExternalStorageError) -> RedoLogError {
        RedoLogError(.storage, code: "CDC:ErrExternalStorageAPI", error.message)
    }
}
