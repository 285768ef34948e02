import MySQLTypes

/// Where a workflow reports its steps as they run.
public protocol WorkflowProgress: Sendable {
    func stepStarted(_ step: WorkflowStep, index: Int, of count: Int)
    func stepFinished(_ step: WorkflowStep, elapsed: Duration, detail: String)
    func stepFailed(_ step: WorkflowStep, elapsed: Duration, error: String)
    /// A line that is not a step (the plan of a dry run, the GC put back after a failure).
    func note(_ text: String)
}

/// One named step of a workflow, with what it does in words.
public struct WorkflowStep: Sendable, Hashable {
    public var name: String
    public var summary: String

    public init(name: String, summary: String) {
        self.name = name
        self.summary = summary
    }
}

/// Progress as lines on a stream (the CLI writes them to stderr): one line per finished step
/// with its elapsed time, so the output stays readable in CI logs.
public struct LineProgress: WorkflowProgress {
    private let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public func stepStarted(_ step: WorkflowStep, index: Int, of count: Int) {
        self.write("[\(index)/\(count)] \(step.name): \(step.summary) ...")
    }

    public func stepFinished(_ step: WorkflowStep, elapsed: Duration, detail: String) {
        self.write("  ok \(step.name) (\(Self.seconds(elapsed))s)\(detail.isEmpty ? "" : ": " + detail)")
    }

    public func stepFailed(_ step: WorkflowStep, elapsed: Duration, error: String) {
        self.write("  FAILED \(step.name) (\(Self.seconds(elapsed))s): \(error)")
    }

    public func note(_ text: String) {
        self.write(text)
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let padded = milliseconds.zeroPadded(4)
        return padded.dropLast(3) + "." + padded.suffix(3)
    }
}

/// Progress that goes nowhere (library callers that only want the report).
public struct SilentProgress: WorkflowProgress {
    public init() {}
    public func stepStarted(_ step: WorkflowStep, index: Int, of count: Int) {}
    public func stepFinished(_ step: WorkflowStep, elapsed: Duration, detail: String) {}
    public func stepFailed(_ step: WorkflowStep, elapsed: Duration, error: String) {}
    public func note(_ text: String) {}
}
