#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The query log's JSON-lines file (`mock-tidb --query-log FILE`). Opened for appending, so each
/// line is one `write` that lands whole at the end even when connections write at once.
final class QueryLogFile: Sendable {
    private let descriptor: CInt

    init(path: String) throws(QueryLogFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw QueryLogFileError(path: path, reason: String(cString: strerror(errno)))
        }
        self.descriptor = descriptor
    }

    deinit {
        close(self.descriptor)
    }

    /// Writes the line; a failed write (a full disk) loses the line, never the statement.
    func append(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(self.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

public struct QueryLogFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open the query log \(self.path): \(self.reason)" }
}
