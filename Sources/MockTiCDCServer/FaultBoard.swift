import FoundationEssentials
import Synchronization
import TiCDCCore

/// The faults set on changefeeds (`/mock/v1/changefeeds/{id}/fault`, `--faults FILE`), by
/// changefeed id; `*` applies to every changefeed without its own. Processors read it before each
/// write, so a change takes effect within one read interval.
final class FaultBoard: Sendable {
    private let faults: Mutex<[String: ChangefeedFault]>

    init(_ initial: [String: ChangefeedFault] = [:]) {
        self.faults = Mutex(initial.filter { !$0.value.isEmpty })
    }

    /// `{"<changefeed id>" | "*": {"hold_sink": true, "delay": "5s", "error": {...}}}`.
    convenience init(json: [UInt8]) throws {
        self.init(try JSONDecoder().decode([String: ChangefeedFault].self, from: Data(json)))
    }

    func fault(for changefeed: String) -> ChangefeedFault {
        self.faults.withLock { $0[changefeed] ?? $0["*"] ?? ChangefeedFault() }
    }

    func set(_ fault: ChangefeedFault, for changefeed: String) {
        self.faults.withLock { $0[changefeed] = fault.isEmpty ? nil : fault }
    }

    func clear(_ changefeed: String) {
        self.faults.withLock { _ = $0.removeValue(forKey: changefeed) }
    }
}
