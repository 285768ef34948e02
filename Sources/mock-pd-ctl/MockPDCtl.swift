import AsyncHTTPClient

#if canImport(Glibc)
import Glibc
#endif

/// pd-ctl's single-command mode: `mock-pd-ctl [-u URL] COMMAND...` (the default PD, as pd-ctl's,
/// is http://127.0.0.1:2379). Exit 0 when the command ran (pd-ctl prints "Failed! ..." and still
/// exits 0 for a refused change), 1 when PD could not be reached or the usage is wrong.
@main
enum MockPDCtl {
    static func main() async {
        var words = Array(CommandLine.arguments.dropFirst())
        var pd = "http://127.0.0.1:2379"
        if let flag = words.firstIndex(where: { $0 == "-u" || $0 == "--pd" }), flag + 1 < words.count {
            pd = words[flag + 1]
            words.removeSubrange(flag...(flag + 1))
        } else if let flag = words.firstIndex(where: { $0.hasPrefix("-u=") || $0.hasPrefix("--pd=") }) {
            pd = String(words[flag].drop { $0 != "=" }.dropFirst())
            words.remove(at: flag)
        }
        if !pd.contains("://") { pd = "http://" + pd }
        while pd.hasSuffix("/") { pd.removeLast() }

        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let code: Int32
        do throws(PDControl.Failure) {
            print(try await PDControl(pd: pd, http: http).run(words))
            code = 0
        } catch {
            let line = Array((error.message + "\n").utf8)
            _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            code = 1
        }
        try? await http.shutdown()
        exit(code)
    }
}
