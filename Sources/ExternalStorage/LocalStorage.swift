#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `local://` and `file://`: files under an absolute directory, created when missing. A write
/// goes to a temporary name first and is renamed into place, so a reader (or a crash) never
/// sees half a file.
public struct LocalStorage: ExternalStorage {
    public let directory: String
    public let redactedURL: String

    public init(_ url: StorageURL) {
        var directory = url.path
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        self.directory = directory
        self.redactedURL = url.redacted
    }

    private func path(_ name: String) -> String { self.directory + "/" + name }

    public func read(_ name: String) async throws(ExternalStorageError) -> [UInt8] {
        let path = self.path(name)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(errno, doing: "open", path) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.error(errno, doing: "read", path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    public func exists(_ name: String) async throws(ExternalStorageError) -> Bool {
        access(self.path(name), F_OK) == 0
    }

    public func write(_ name: String, _ bytes: [UInt8]) async throws(ExternalStorageError) {
        let path = self.path(name)
        try Self.makeDirectories(String(path[..<path.lastIndex(of: "/")!]))
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.error(errno, doing: "create", temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let failure = errno
                close(descriptor)
                unlink(temporary)
                throw Self.error(failure, doing: "write", temporary)
            }
            written += count
        }
        // The data is on disk before the name points at it.
        let synced = fsync(descriptor)
        close(descriptor)
        guard synced == 0, rename(temporary, path) == 0 else {
            let failure = errno
            unlink(temporary)
            throw Self.error(failure, doing: "rename", path)
        }
    }

    public func delete(_ name: String) async throws(ExternalStorageError) {
        if unlink(self.path(name)) != 0, errno != ENOENT { throw Self.error(errno, doing: "delete", self.path(name)) }
    }

    /// Walks the directory tree; files still being written (`<name>.tmp-<pid>`) are left out.
    public func list(prefix: String) async throws(ExternalStorageError) -> [String] {
        var names: [String] = []
        try self.walk("", into: &names, prefix: prefix)
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func walk(_ relative: String, into names: inout [String], prefix: String) throws(ExternalStorageError) {
        let path = relative.isEmpty ? self.directory : self.path(relative)
        guard let handle = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return }
            throw Self.error(errno, doing: "list", path)
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || Self.isTemporary(name) { continue }
            let child = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard stat(self.path(child), &status) == 0 else { continue }  // removed meanwhile
            if status.st_mode & S_IFMT == S_IFDIR {
                // Only directories that can hold a match are entered.
                if prefix.hasPrefix(child + "/") || (child + "/").hasPrefix(prefix) {
                    try self.walk(child, into: &names, prefix: prefix)
                }
            } else if child.hasPrefix(prefix) {
                names.append(child)
            }
        }
    }

    /// `write`'s temporary names: `<name>.tmp-<digits>`.
    static func isTemporary(_ name: String) -> Bool {
        guard let range = name.ranges(of: ".tmp-").last else { return false }
        let digits = name[range.upperBound...]
        return !digits.isEmpty && digits.allSatisfy(\.isNumber)
    }

    private static func makeDirectories(_ directory: String) throws(ExternalStorageError) {
        var current = ""
        for part in directory.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw Self.error(errno, doing: "create directory", current)
            }
        }
    }

    private static func error(_ code: Int32, doing action: String, _ path: String) -> ExternalStorageError {
        let reason = String(cString: strerror(code))
        switch code {
        case ENOENT: return ExternalStorageError(.notFound, "\(path): no such file")
        case EACCES, EPERM, EROFS: return ExternalStorageError(.accessDenied, "cannot \(action) \(path): \(reason)")
        default: return ExternalStorageError(.other, "cannot \(action) \(path): \(reason)")
        }
    }
}

/// `noop://`: writes go nowhere and nothing exists, as BR's noop storage (for measuring a backup
/// without keeping it).
public struct NoopStorage: ExternalStorage {
    public let redactedURL: String

    public init(_ url: StorageURL) {
        self.redactedURL = url.redacted
    }

    public func read(_ name: String) async throws(ExternalStorageError) -> [UInt8] {
        throw ExternalStorageError(.notFound, "noop storage keeps nothing: \(name)")
    }

    public func exists(_ name: String) async throws(ExternalStorageError) -> Bool { false }
    public func write(_ name: String, _ bytes: [UInt8]) async throws(ExternalStorageError) {}
    public func delete(_ name: String) async throws(ExternalStorageError) {}
    public func list(prefix: String) async throws(ExternalStorageError) -> [String] { [] }
}
