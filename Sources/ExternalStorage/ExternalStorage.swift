/// Where backups live (`local://`, `file://`, `noop://`, `s3://`), as BR's `ExternalStorage`:
/// whole files by name relative to the URL's path. TiCDC's redo logs (`RedoLog`) use it too.
/// Implementations never put credentials in errors or descriptions.
public protocol ExternalStorage: Sendable {
    /// The URL as TiDB reports it: for `s3://` without its query (credentials, endpoint).
    var redactedURL: String { get }
    /// The file's bytes; `.notFound` when it does not exist.
    func read(_ name: String) async throws(ExternalStorageError) -> [UInt8]
    func exists(_ name: String) async throws(ExternalStorageError) -> Bool
    /// Writes a whole file. A reader sees either nothing or all of it (local storage writes a
    /// temporary file and renames it; an S3 PUT is atomic).
    func write(_ name: String, _ bytes: [UInt8]) async throws(ExternalStorageError)
    /// Removes a file; removing a missing file is not an error.
    func delete(_ name: String) async throws(ExternalStorageError)
    /// The names of the files whose names start with `prefix` (`""`: every file), sorted by
    /// their UTF-8 bytes, in the form `read` takes (relative to the URL's path, `/` between
    /// directories). A destination that does not exist yet has no files. TiCDC's redo reader
    /// lists its storage this way (`WalkDir`).
    func list(prefix: String) async throws(ExternalStorageError) -> [String]
}

public struct ExternalStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound
        case accessDenied
        case unreachable
        case invalidURL
        case other
    }

    public var kind: Kind
    /// What BR would say: names the file, bucket or endpoint and the reason; never a credential.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { self.message }
}
