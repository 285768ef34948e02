import TiDBClient

/// An error a step can throw: it takes the name of the step it happened in.
protocol StepFailure: Error, CustomStringConvertible {
    func inStep(_ name: String) -> Self
}

extension TiDBClientError: StepFailure {}

/// Runs a workflow's named steps in order: reports each to the progress sink, times it with the
/// injected clock, records it in the report, and marks any error with the step's name.
struct StepRunner<C: Clock<Duration>> {
    let steps: [WorkflowStep]
    let progress: any WorkflowProgress
    let clock: C
    private(set) var records: [MigrationReport.StepRecord] = []

    init(steps: [WorkflowStep], progress: any WorkflowProgress, clock: C) {
        self.steps = steps
        self.progress = progress
        self.clock = clock
    }

    /// Runs the step called `name`; `body` returns the step's value and a one-line detail.
    mutating func run<T, Failure: StepFailure>(
        _ name: String,
        _ body: () async throws(Failure) -> (T, String)
    ) async throws(Failure) -> T {
        guard let index = self.steps.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("step \(name) is not in the plan")
        }
        let step = self.steps[index]
        self.progress.stepStarted(step, index: index + 1, of: self.steps.count)
        let start = self.clock.now
        do {
            let (value, detail) = try await body()
            let elapsed = start.duration(to: self.clock.now)
            self.progress.stepFinished(step, elapsed: elapsed, detail: detail)
            self.records.append(.init(name: name, outcome: "ok", elapsedSeconds: Self.seconds(elapsed), detail: detail))
            return value
        } catch {
            let elapsed = start.duration(to: self.clock.now)
            let failure = error.inStep(name)
            self.progress.stepFailed(step, elapsed: elapsed, error: "\(failure)")
            self.records.append(
                .init(name: name, outcome: "failed", elapsedSeconds: Self.seconds(elapsed), detail: "\(failure)")
            )
            throw failure
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
