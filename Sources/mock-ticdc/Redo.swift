import ArgumentParser
import Logging
import MockTiCDCServer

#if canImport(Glibc)
import Glibc
#endif

/// `cdc redo` (pkg/cmd/redo): read a changefeed's redo log after a disaster.
struct Redo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a redo log (consistent.level = \"eventual\"): its meta, or apply it to a downstream.",
        subcommands: [Meta.self, Apply.self, Record.self]
    )
}

/// `--storage`, `--tmp-dir`, `--log-level`, as `cdc redo` has them.
struct RedoOptions: ParsableArguments {
    @Option(
        help: "The redo log's storage URI: s3://bucket/prefix?endpoint=...&access-key=..., local:///path, file:///path."
    )
    var storage: String

    @Option(name: .customLong("tmp-dir"), help: "Where downloaded log files are kept.")
    var tmpDir: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, warning, error (warn: warning).")
    var logLevel = "info"

    /// Logs go to stderr, so stdout carries only the command's output.
    func logger() -> Logger {
        let level = Logger.Level(rawValue: self.logLevel == "warn" ? "warning" : self.logLevel) ?? .info
        return Logger(label: "mock-ticdc.redo") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Failures print `Error: <message>` on stderr and exit 1.
func failRedo(_ error: RedoApplyError) -> ExitCode {
    CLIOptions.write("Error: \(error.message)\n", to: STDERR_FILENO)
    return ExitCode(1)
}

extension Redo {
    struct Meta: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the redo log's checkpoint and resolved TS.")
        @OptionGroup var options: RedoOptions

        func run() async throws {
            do throws(RedoApplyError) {
                let meta = try await RedoApplier.meta(storageURL: self.options.storage, logger: self.options.logger())
                CLIOptions.write(
                    "checkpoint-ts:\(meta.checkpointTS), resolved-ts:\(meta.resolvedTS)\n",
                    to: STDOUT_FILENO
                )
            } catch {
                throw failRedo(error)
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Apply the redo log's changes between checkpoint and resolved TS to a MySQL-compatible sink (safe mode)."
        )
        @OptionGroup var options: RedoOptions

        @Option(name: .customLong("sink-uri"), help: "The downstream, mysql://user:password@host:port/")
        var sinkURI: String

        func validate() throws {
            guard self.options.tmpDir?.isEmpty == false else { throw ValidationError("--tmp-dir is required") }
        }

        func run() async throws {
            do throws(RedoApplyError) {
                let report = try await RedoApplier.apply(
                    storageURL: self.options.storage,
                    temporaryDirectory: self.options.tmpDir ?? "",
                    sinkURI: self.sinkURI,
                    logger: self.options.logger()
                )
                let text = report.lines.joined(separator: "\n") + "\nApply redo log successfully\n"
                CLIOptions.write(text, to: STDOUT_FILENO)
            } catch {
                throw failRedo(error)
            }
        }
    }

    /// Mock-only, hidden: a redo log of an upstream mock cluster's changes, for tests.
    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Mock-only: write a redo log of the upstream's changes after --start-ts (docs/ticdc/redo-log.md).",
            shouldDisplay: false
        )
        @OptionGroup var options: RedoOptions

        @Option(help: "The upstream mock cluster's PD endpoint, http://HOST:PORT.")
        var pd: String

        @Option(name: [.customShort("c"), .customLong("changefeed-id")]) var changefeedID = "redo"
        @Option(name: [.customShort("n"), .long]) var namespace = "default"
        @Option(name: .customLong("capture-id")) var captureID = "mock-capture"
        @Option(name: .customLong("start-ts"), help: "Record the changes after this TS.") var startTS: UInt64
        @Option(name: .customLong("checkpoint-ts"), help: "The meta's checkpoint (default: --start-ts).")
        var checkpointTS: UInt64?
        @Option(name: .customLong("filter"), help: "A table filter rule (repeatable; default *.*).") var filter:
            [String] = []
        @Option(name: .customLong("max-log-size"), help: "MiB per log file.") var maxLogSize = 64

        func run() async throws {
            let request = RedoRecorder.Request(
                pd: self.pd,
                storageURL: self.options.storage,
                captureID: self.captureID,
                namespace: self.namespace,
                changefeedID: self.changefeedID,
                startTS: self.startTS,
                checkpointTS: self.checkpointTS,
                filterRules: self.filter,
                maxLogSize: self.maxLogSize
            )
            do throws(RedoApplyError) {
                let meta = try await RedoRecorder.record(request, logger: self.options.logger())
                CLIOptions.write(
                    "recorded checkpoint-ts:\(meta.checkpointTS), resolved-ts:\(meta.resolvedTS)\n",
                    to: STDOUT_FILENO
                )
            } catch {
                throw failRedo(error)
            }
        }
    }
}
