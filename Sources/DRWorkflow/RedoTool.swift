import Foundation

/// What `failover` runs to read and apply a redo log: `redo meta` and `redo apply` of
/// `mock-ticdc`, or of a real TiCDC's `cdc` binary (same subcommands, flags and meta line).
public protocol RedoTool: Sendable {
    /// `redo meta --storage URL --tmp-dir DIR`: `checkpoint-ts:N, resolved-ts:M`.
    func meta(storage: String, tmpDir: String) async throws(WorkflowFailure) -> RedoMetaLine
    /// `redo apply --storage URL --tmp-dir DIR --sink-uri URI`: what it printed.
    func apply(storage: String, tmpDir: String, sinkURI: String) async throws(WorkflowFailure) -> String
}

/// The meta as `redo meta` prints it.
public struct RedoMetaLine: Sendable, Equatable {
    public var checkpointTS: UInt64
    public var resolvedTS: UInt64

    public init(checkpointTS: UInt64, resolvedTS: UInt64) {
        self.checkpointTS = checkpointTS
        self.resolvedTS = resolvedTS
    }

    /// The line `checkpoint-ts:N, resolved-ts:M` anywhere in `output`.
    public init?(output: String) {
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: ",").map {
                $0.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            guard fields.count == 2, fields[0].count == 2, fields[1].count == 2,
                fields[0][0] == "checkpoint-ts", fields[1][0] == "resolved-ts",
                let checkpoint = UInt64(fields[0][1]), let resolved = UInt64(fields[1][1])
            else { continue }
            self.init(checkpointTS: checkpoint, resolvedTS: resolved)
            return
        }
        return nil
    }
}

/// A redo tool run as a child process; its stderr is kept for errors.
public struct ProcessRedoTool: RedoTool {
    public let executable: String

    public init(executable: String) {
        self.executable = executable
    }

    /// `mock-ticdc` beside the running executable (the build or install directory), else the
    /// name for `PATH` to resolve.
    public static func besideExecutable(named name: String = "mock-ticdc") -> ProcessRedoTool {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent(name).path
        return ProcessRedoTool(executable: FileManager.default.isExecutableFile(atPath: sibling) ? sibling : name)
    }

    public func meta(storage: String, tmpDir: String) async throws(WorkflowFailure) -> RedoMetaLine {
        let output = try await self.run(["redo", "meta", "--storage", storage, "--tmp-dir", tmpDir])
        guard let meta = RedoMetaLine(output: output) else {
            throw WorkflowFailure(
                code: "redo-tool",
                message: "\(self.executable) redo meta printed no 'checkpoint-ts:N, resolved-ts:M' line: \(output)"
            )
        }
        return meta
    }

    public func apply(storage: String, tmpDir: String, sinkURI: String) async throws(WorkflowFailure) -> String {
        try await self.run(["redo", "apply", "--storage", storage, "--tmp-dir", tmpDir, "--sink-uri", sinkURI])
    }

    /// Runs the tool; a non-zero exit is a failure carrying its stderr (the sink URI's password
    /// is never in the arguments shown).
    private func run(_ arguments: [String]) async throws(WorkflowFailure) -> String {
        let shown = ([self.executable] + arguments.prefix(2)).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.executable.contains("/") ? self.executable : "/usr/bin/env")
        process.arguments = self.executable.contains("/") ? arguments : [self.executable] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let status: Int32
        let (printed, complained): (Data, Data)
        do {
            let exited = AsyncStream<Int32> { continuation in
                process.terminationHandler = {
                    continuation.yield($0.terminationStatus)
                    continuation.finish()
                }
            }
            try process.run()
            // Read both pipes to the end before waiting, so a chatty tool cannot fill one and block.
            async let out = output.fileHandleForReading.readToEnd() ?? Data()
            async let err = errors.fileHandleForReading.readToEnd() ?? Data()
            (printed, complained) = try await (out, err)
            var code: Int32 = -1
            for await value in exited { code = value }
            status = code
        } catch {
            throw WorkflowFailure(code: "redo-tool", message: "cannot run \(shown): \(error)")
        }
        let text = String(decoding: printed, as: UTF8.self)
        guard status == 0 else {
            let reason = String(decoding: complained, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw WorkflowFailure(
                code: "redo-tool",
                message: "\(shown) exited with status \(status): \(reason.isEmpty ? text : reason)"
            )
        }
        return text
    }
}
