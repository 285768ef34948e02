#if canImport(Glibc)
import Glibc
#endif

/// Progress goes to stderr, results to stdout, each line written whole with write(2) (unbuffered,
/// so lines from both streams keep their order in a terminal or CI log).
enum StandardStreams {
    @Sendable static func writeError(_ line: String) {
        Self.write(line + "\n", to: STDERR_FILENO)
    }

    static func writeOutput(_ text: String) {
        Self.write(text.hasSuffix("\n") ? text : text + "\n", to: STDOUT_FILENO)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
