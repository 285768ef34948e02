import FoundationEssentials
import GoFormats
import Logging
import PDAPI
import TiDBEngine

#if canImport(Glibc)
import Glibc
#endif

/// PD's `DR_STATE` file in its data dir (`--pd-data-dir`): compact JSON of the state, its id, the
/// available stores and the recovery start (PD's `tickReplicateStatus` copies only those), written
/// on every switch so a recovery script can read the last state after the primary is gone.
struct DRStateFile: Sendable {
    let directory: String
    let logger: Logger

    func write(_ machine: ReplicationModeMachine) {
        guard machine.config.mode == .drAutoSync, let status = machine.status else { return }
        let content = PDDRState(
            state: status.state.rawValue,
            stateID: status.stateID,
            recoverStart: status.recoverStart.map(Self.rfc3339),
            availableStores: status.availableStores.isEmpty ? nil : status.availableStores
        )
        do {
            let text = try GoJSONEncoder().encode(content).compact
            try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
            // Write then rename, as PD's PersistFile does: a reader never sees half a file.
            let path = self.directory + "/DR_STATE"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path + ".tmp"))
            guard rename(path + ".tmp", path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            self.logger.error("cannot write DR_STATE", metadata: ["dir": "\(self.directory)", "error": "\(error)"])
        }
    }

    /// Go's `time.Time` in JSON: RFC 3339 with trailing zeros of the nanoseconds trimmed, UTC.
    static func rfc3339(microseconds: Int64) -> String {
        let text = SQLDateTime(microsecondsSinceEpoch: microseconds, offsetSeconds: 0, fractionDigits: 6).description
        var stamp = text.replacing(" ", with: "T")
        if stamp.contains(".") {
            while stamp.hasSuffix("0") { stamp.removeLast() }
            if stamp.hasSuffix(".") { stamp.removeLast() }
        }
        return stamp + "Z"
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
