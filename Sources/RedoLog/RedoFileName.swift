/// The names TiCDC gives redo files (pkg/redo/config.go, ticdc-sink-redo-metrics.md §4). Every
/// file sits directly under the storage URL; names tell changefeeds apart:
///
///     <captureID>_<changefeedID>_<row|ddl>_<maxCommitTs>_<uuid>.log              (default namespace)
///     <captureID>_<namespace>_<changefeedID>_<row|ddl>_<maxCommitTs>_<uuid>.log  (other namespaces)
///     <captureID>_<namespace>_<changefeedID>_meta_<uuid>.meta
///
/// Capture ids are UUIDs and changefeed ids and namespaces match `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`,
/// so `_` separates the fields unambiguously.
public enum RedoFileName {
    public static let logExtension = ".log"
    public static let metaExtension = ".meta"
    public static let defaultNamespace = "default"

    public enum LogType: String, Sendable, Equatable {
        case row, ddl
    }

    /// A parsed log file name.
    public struct Log: Sendable, Equatable {
        public var captureID: String
        public var namespace: String
        public var changefeedID: String
        public var type: LogType
        /// The largest commit TS of the records in the file.
        public var maxCommitTS: UInt64
        public var uuid: String

        public init(
            captureID: String,
            namespace: String = RedoFileName.defaultNamespace,
            changefeedID: String,
            type: LogType,
            maxCommitTS: UInt64,
            uuid: String
        ) {
            self.captureID = captureID
            self.namespace = namespace
            self.changefeedID = changefeedID
            self.type = type
            self.maxCommitTS = maxCommitTS
            self.uuid = uuid
        }

        public var name: String {
            let changefeed =
                self.namespace == RedoFileName.defaultNamespace
                ? self.changefeedID : "\(self.namespace)_\(self.changefeedID)"
            return "\(self.captureID)_\(changefeed)_\(self.type.rawValue)_\(self.maxCommitTS)_\(self.uuid)"
                + RedoFileName.logExtension
        }

        /// Nil for anything that is not a redo log's name.
        public init?(_ name: String) {
            guard name.hasSuffix(RedoFileName.logExtension), !name.contains("/") else { return nil }
            let parts = name.dropLast(RedoFileName.logExtension.count).split(
                separator: "_",
                omittingEmptySubsequences: false
            )
            guard parts.count == 5 || parts.count == 6, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
            let tail = parts.suffix(3).map(String.init)
            guard let type = LogType(rawValue: tail[0]), let maxCommitTS = UInt64(tail[1]) else { return nil }
            self.init(
                captureID: String(parts[0]),
                namespace: parts.count == 6 ? String(parts[1]) : RedoFileName.defaultNamespace,
                changefeedID: String(parts[parts.count - 4]),
                type: type,
                maxCommitTS: maxCommitTS,
                uuid: tail[2]
            )
        }
    }

    /// A parsed meta file name.
    public struct Meta: Sendable, Equatable {
        public var captureID: String
        public var namespace: String
        public var changefeedID: String
        public var uuid: String

        public init(
            captureID: String,
            namespace: String = RedoFileName.defaultNamespace,
            changefeedID: String,
            uuid: String
        ) {
            self.captureID = captureID
            self.namespace = namespace
            self.changefeedID = changefeedID
            self.uuid = uuid
        }

        public var name: String {
            "\(self.captureID)_\(self.namespace)_\(self.changefeedID)_meta_\(self.uuid)" + RedoFileName.metaExtension
        }

        public init?(_ name: String) {
            guard name.hasSuffix(RedoFileName.metaExtension), !name.contains("/") else { return nil }
            let parts = name.dropLast(RedoFileName.metaExtension.count).split(
                separator: "_",
                omittingEmptySubsequences: false
            )
            guard parts.count == 5, parts[3] == "meta", parts.allSatisfy({ !$0.isEmpty }) else { return nil }
            self.init(
                captureID: String(parts[0]),
                namespace: String(parts[1]),
                changefeedID: String(parts[2]),
                uuid: String(parts[4])
            )
        }
    }

    /// The marker TiCDC's owner writes when a changefeed with redo is removed (`delete_<id>`).
    public static func deletedMarker(changefeedID: String) -> String { "delete_" + changefeedID }

    /// A random (version 4) UUID in its usual text form, without Foundation.
    public static func randomUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { byte -> String in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
