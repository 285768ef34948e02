import GoFormats
public import TiCDCClient
import TiCDCCore

/// What a `cdc cli` command printed and how it ended: TiCDC's stdout, `Error: ...` on stderr and
/// exit status 1 on failure (docs/ticdc/cli.md §1.1).
public struct CLIOutput: Sendable, Equatable {
    public var standardOutput = ""
    public var standardError = ""
    public var exitCode: Int32 = 0

    mutating func line(_ text: String) { self.standardOutput += text + "\n" }

    public static func failure(_ message: String) -> CLIOutput {
        CLIOutput(standardOutput: "", standardError: "Error: \(message)\n", exitCode: 1)
    }
}

/// `cdc cli changefeed|capture|tso` v8.5 against any TiCDC's OpenAPI v2, with its calls in its
/// order and its output (docs/ticdc/cli.md §2–3). `answer` reads one token of the user's answer
/// to a prompt; nil is end of input (the command then aborts, exit 0, as TiCDC's does).
public struct CLICommands: Sendable {
    public let client: TiCDCClient
    public let answer: @Sendable () -> String?

    public init(client: TiCDCClient, answer: @escaping @Sendable () -> String? = { nil }) {
        self.client = client
        self.answer = answer
    }

    public struct CreateOptions: Sendable {
        public var changefeedID = ""
        public var namespace = "default"
        public var sinkURI = ""
        public var startTS: UInt64 = 0
        public var targetTS: UInt64 = 0
        /// The TOML file's path and text.
        public var config: (path: String, text: String)?
        public var noConfirm = false
        public var disableGCCheck = false
        /// `--upstream-pd` (hidden in TiCDC): another upstream than the server's own PD.
        public var upstreamPD: [String]?

        public init() {}
    }

    /// The first call of every command: the server must say a version ≥ 6.2.0 (`checkCDCVersion`).
    func checkVersion() async throws(TiCDCClientError) {
        let version = try await self.client.status().version
        let numbers =
            version.drop { $0 == "v" }.split(separator: "-").first?.split(separator: ".").compactMap { Int($0) } ?? []
        guard numbers.count == 3 else {
            throw TiCDCClientError(
                message: "[CDC:ErrNewSemVersion]create sem version: invalid CDC cluster version: \(version)"
            )
        }
        guard numbers.lexicographicallyPrecedes([6, 2, 0]) == false else {
            throw TiCDCClientError(
                message:
                    "Can’t operate the TiCDC cluster, the cluster version is too old. Only the version of this cluster larger or equal than v6.2.0 can be operated, please make sure the server version and the cli-tools version are matched."
            )
        }
    }

    public func create(_ options: CreateOptions) async -> CLIOutput {
        var output = CLIOutput()
        do throws(TiCDCClientError) {
            try await self.checkVersion()
            var replica = JSONValue.object([:])
            if let config = options.config {
                do throws(ChangefeedTOML.Failure) {
                    replica = try ChangefeedTOML.replicaConfig(config.text, path: config.path)
                } catch {
                    return .failure(error.message)
                }
            }
            if options.disableGCCheck { replica.set(.bool(false), at: "check_gc_safe_point") }
            let tso = try await self.client.tso(pdAddresses: options.upstreamPD)
            let startTS = options.startTS == 0 ? tso.rawValue : options.startTS
            let lag = tso.timestamp - Int64(startTS >> 18)
            if !options.noConfirm, lag > 86_400_000 {
                output.standardOutput +=
                    "Replicate lag (\(Self.goDuration(milliseconds: lag))) is larger than 1 days, large data may cause OOM, confirm to continue at your own risk [Y/N]\n"
                guard self.confirmed(&output) else {
                    output.line("Abort changefeed create.")
                    return output
                }
            }
            var body = TiCDCAPI.ChangefeedConfig(
                namespace: options.namespace,
                changefeedID: options.changefeedID,
                startTS: startTS,
                targetTS: options.targetTS,
                sinkURI: options.sinkURI,
                replicaConfig: replica,
                pdAddresses: options.upstreamPD
            )
            let verified = try await self.client.verifyTables(body)
            if let ineligible = verified.ineligibleTables, !ineligible.isEmpty {
                let listed = ineligible.map {
                    "v2.TableName{Schema:\"\($0.databaseName)\", Table:\"\($0.tableName)\", TableID:\($0.tableID), IsPartition:false}"
                }
                let tables = "[]v2.TableName{" + listed.joined(separator: ", ") + "}"
                if replica.value(at: "force_replicate")?.boolValue == true {
                    output.line(
                        "[WARN] Force to replicate some ineligible tables, these tables do not have a primary key or a not-null unique key: \(tables)"
                    )
                    output.line(
                        "[WARN] This may cause data redundancy, please refer to the official documentation for details."
                    )
                } else {
                    output.line(
                        "[WARN] Some tables are not eligible to replicate, because they do not have a primary key or a not-null unique key: \(tables)"
                    )
                    if !options.noConfirm {
                        output.line("Could you agree to ignore those tables, and continue to replicate [Y/N]")
                        output.line(
                            "Note: If you don't want to ignore those tables, please set `force-replicate to` true in the changefeed config file."
                        )
                        guard self.confirmed(&output) else {
                            output.line("No changefeed is created because you don't want to ignore some tables.")
                            return output
                        }
                    }
                    replica.set(.bool(true), at: "ignore_ineligible_table")
                    body.replicaConfig = replica
                }
            }
            let info = try await self.client.createChangefeed(body)
            output.line("Create changefeed successfully!")
            output.line("ID: \(info.id ?? "")")
            output.line("Info: " + Self.info(info).compact)
            return output
        } catch {
            return Self.failed(error, output)
        }
    }

    /// `query -s`: the list's item for the id; the full changefeed otherwise.
    public func query(_ id: String, namespace: String = "default", simple: Bool) async -> CLIOutput {
        var output = CLIOutput()
        do throws(TiCDCClientError) {
            try await self.checkVersion()
            if simple {
                let list = try await self.client.listChangefeeds(namespace: namespace, state: "all")
                guard let item = list.items.first(where: { $0.id == id }) else {
                    return .failure("[CDC:ErrChangeFeedNotExists]changefeed not exists, \(id)")
                }
                output.line(Self.commonInfo(item).indented)
                return output
            }
            let info = try await self.client.changefeed(id, namespace: namespace)
            output.line(Self.fullQuery(info).indented)
            return output
        } catch {
            return Self.failed(error, output)
        }
    }

    public func list(namespace: String = "default", all: Bool) async -> CLIOutput {
        var output = CLIOutput()
        do throws(TiCDCClientError) {
            try await self.checkVersion()
            let items = try await self.client.listChangefeeds(namespace: namespace, state: "all").items.filter {
                all || ($0.state != "finished" && $0.state != "removed")
            }
            output.line(
                GoJSON.array(
                    items.map { item in
                        .object([
                            ("id", .string(item.id)),
                            ("namespace", .string(item.namespace)),
                            (
                                "summary",
                                .object([
                                    ("state", .string(item.state)),
                                    ("tso", .int(item.checkpointTSO)),
                                    ("checkpoint", .string(item.checkpointTime)),
                                    ("error", item.state == "normal" ? .null : Self.error(item.error)),
                                ])
                            ),
                        ])
                    }
                ).indented
            )
            return output
        } catch {
            return Self.failed(error, output)
        }
    }

    public func pause(_ id: String, namespace: String = "default") async -> CLIOutput {
        do throws(TiCDCClientError) {
            try await self.checkVersion()
            try await self.client.pauseChangefeed(id, namespace: namespace)
            return CLIOutput()
        } catch {
            return Self.failed(error, CLIOutput())
        }
    }

    /// `overwrite`: `now` or a TSO.
    public func resume(
        _ id: String,
        namespace: String = "default",
        overwrite: String?,
        noConfirm: Bool
    ) async -> CLIOutput {
        var output = CLIOutput()
        do throws(TiCDCClientError) {
            try await self.checkVersion()
            let info = try await self.client.changefeed(id, namespace: namespace)
            let tso = try await self.client.tso()
            var overwriteTS: UInt64 = 0
            if let overwrite {
                if overwrite.lowercased() == "now" {
                    overwriteTS = tso.rawValue
                } else {
                    guard let value = UInt64(overwrite), value > 0 else {
                        return .failure(
                            "[CDC:ErrCliInvalidCheckpointTs]invalid overwrite-checkpoint-ts \(overwrite), overwrite-checkpoint-ts only accept 'now' or a valid timestamp in integer"
                        )
                    }
                    guard value <= tso.rawValue else {
                        return .failure(
                            "[CDC:ErrCliCheckpointTsIsInFuture]the overwrite-checkpoint-ts \(value) must be smaller than current TSO"
                        )
                    }
                    overwriteTS = value
                }
            }
            if !noConfirm {
                if overwriteTS != 0 {
                    output.line(
                        "You are overwriting the checkpoint of changefeed(\(id)) to \(overwriteTS), which may lead to data loss or data duplication."
                    )
                    output.standardOutput +=
                        "Confirm that you know what this command will do and use it at your own risk [Y/N]"
                    guard self.confirmed(&output) else {
                        output.line("Abort changefeed resume.")
                        return output
                    }
                } else if tso.timestamp - Int64(info.checkpointTS >> 18) > 86_400_000 {
                    let lag = tso.timestamp - Int64(info.checkpointTS >> 18)
                    output.standardOutput +=
                        "Replicate lag (\(Self.goDuration(milliseconds: lag))) is larger than 1 days, large data may cause OOM, confirm to continue at your own risk [Y/N]\n"
                    guard self.confirmed(&output) else {
                        output.line("Abort changefeed resume.")
                        return output
                    }
                }
            }
            try await self.client.resumeChangefeed(id, namespace: namespace, overwriteCheckpointTS: overwriteTS)
            return output
        } catch {
            return Self.failed(error, output)
        }
    }

    public func remove(_ id: String, namespace: String = "default") async -> CLIOutput {
        var output = CLIOutput()
        let info: TiCDCAPI.ChangeFeedInfo
        do throws(TiCDCClientError) {
            try await self.checkVersion()
            info = try await self.client.changefeed(id, namespace: namespace)
        } catch  where error.message.contains("ErrChangeFeedNotExists") {
            output.line("Changefeed not found.")
            output.line("ID: \(id)")
            return output
        } catch {
            return Self.removeFailed(id, error.message)
        }
        do throws(TiCDCClientError) {
            try await self.client.removeChangefeed(id, namespace: namespace)
            _ = try await self.client.changefeed(id, namespace: namespace)
            return Self.removeFailed(id, "[CDC:ErrChangeFeedDeletionUnfinished]changefeed exists after deletion, \(id)")
        } catch  where error.message.contains("ErrChangeFeedNotExists") {
            output.line("Changefeed remove successfully.")
            output.line("ID: \(id)")
            output.line("CheckpointTs: \(info.checkpointTS)")
            output.line("SinkURI: \(info.sinkURI ?? "")")
            return output
        } catch {
            return Self.removeFailed(id, error.message)
        }
    }

    public struct UpdateOptions: Sendable {
        public var sinkURI: String?
        public var targetTS: UInt64?
        public var config: (path: String, text: String)?
        public var noConfirm = false

        public init() {}
    }

    /// Only what the flags name changes; the TOML lies over the current config.
    public func update(_ id: String, namespace: String = "default", _ options: UpdateOptions) async -> CLIOutput {
        var output = CLIOutput()
        do throws(TiCDCClientError) {
            try await self.checkVersion()
            let old = try await self.client.changefeed(id, namespace: namespace)
            var config = old.config?.tree ?? .object([:])
            if let file = options.config {
                do throws(ChangefeedTOML.Failure) {
                    config = config.merging(try ChangefeedTOML.replicaConfig(file.text, path: file.path))
                } catch {
                    return .failure(error.message)
                }
            }
            var changes: [String] = []
            if let target = options.targetTS, target != (old.targetTS ?? 0) {
                changes.append("{Type:update Path:[TargetTs] From:\(old.targetTS ?? 0) To:\(target)}")
            }
            if let sink = options.sinkURI, sink != old.sinkURI {
                changes.append("{Type:update Path:[SinkURI] From:\(old.sinkURI ?? "") To:\(sink)}")
            }
            if config != old.config?.tree { changes.append("{Type:update Path:[Config] From:... To:...}") }
            guard !changes.isEmpty else {
                output.line("changefeed config is the same with the old one, do nothing")
                return output
            }
            output.line("Diff of changefeed config:")
            for change in changes { output.line(change) }
            if !options.noConfirm {
                output.line("Could you agree to apply changes above to changefeed [Y/N]")
                guard self.confirmed(&output) else {
                    output.line("No update to changefeed.")
                    return output
                }
            }
            let body = TiCDCAPI.ChangefeedConfig(
                namespace: "",
                changefeedID: "",
                startTS: 0,
                targetTS: options.targetTS ?? old.targetTS ?? 0,
                sinkURI: options.sinkURI ?? "",
                replicaConfig: config
            )
            let info = try await self.client.updateChangefeed(id, namespace: namespace, body)
            output.line("Update changefeed config successfully! ")
            output.line("ID: \(info.id ?? id)")
            output.line("Info: " + Self.info(info).compact)
            return output
        } catch {
            return Self.failed(error, output)
        }
    }

    public func captureList() async -> CLIOutput {
        var output = CLIOutput()
        do throws(TiCDCClientError) {
            try await self.checkVersion()
            let captures = try await self.client.captures().items
            output.line(
                GoJSON.array(
                    captures.map {
                        .object([
                            ("id", .string($0.id)), ("is-owner", .bool($0.isOwner)), ("address", .string($0.address)),
                            ("cluster-id", .string($0.clusterID)),
                        ])
                    }
                ).indented
            )
            return output
        } catch {
            return Self.failed(error, output)
        }
    }

    /// The composed TSO in decimal. (Real `cdc cli tso query` asks PD over gRPC; this one asks
    /// the server's `POST /api/v2/tso`, so it works against mock-ticdc and real TiCDC alike.)
    public func tsoQuery() async -> CLIOutput {
        var output = CLIOutput()
        do throws(TiCDCClientError) {
            output.line(String(try await self.client.tso().rawValue))
            return output
        } catch {
            return Self.failed(error, output)
        }
    }

    // MARK: Output shapes

    private func confirmed(_ output: inout CLIOutput) -> Bool {
        guard let token = self.answer() else {
            output.line("Received invalid input: EOF, abort the command.")
            return false
        }
        return token.lowercased() == "y"
    }

    static func failed(_ error: TiCDCClientError, _ output: CLIOutput) -> CLIOutput {
        var failed = output
        failed.standardError += "Error: \(error.message)\n"
        failed.exitCode = 1
        return failed
    }

    static func removeFailed(_ id: String, _ message: String) -> CLIOutput {
        var output = CLIOutput.failure(message)
        output.line("Changefeed remove failed.")
        output.line("ID: \(id)")
        output.line("Error: \(message)")
        return output
    }

    static func error(_ error: TiCDCAPI.RunningErrorBody?, withTime: Bool = true) -> GoJSON {
        guard let error else { return .null }
        var fields: [(String, GoJSON)] = []
        if withTime, let time = error.time { fields.append(("time", .string(time))) }
        fields += [("addr", .string(error.addr)), ("code", .string(error.code)), ("message", .string(error.message))]
        return .object(fields)
    }

    static func commonInfo(_ item: TiCDCAPI.ChangefeedCommonInfo) -> GoJSON {
        .object([
            ("upstream_id", .int(item.upstreamID)), ("namespace", .string(item.namespace)), ("id", .string(item.id)),
            ("state", .string(item.state)), ("checkpoint_tso", .int(item.checkpointTSO)),
            ("checkpoint_time", .string(item.checkpointTime)), ("error", Self.error(item.error)),
        ])
    }

    /// `cfMeta`: `create_time` re-formatted as `2006-01-02 15:04:05.000`, no `time` in `error`.
    static func fullQuery(_ info: TiCDCAPI.ChangeFeedInfo) -> GoJSON {
        var fields: [(String, GoJSON)] = [
            ("upstream_id", .int(info.upstreamID ?? 0)), ("namespace", .string(info.namespace ?? "")),
            ("id", .string(info.id ?? "")), ("sink_uri", .string(info.sinkURI ?? "")),
            ("config", info.config.map { GoJSON($0.tree) } ?? .null),
            ("create_time", .string(Self.plainTime(info.createTime))), ("start_ts", .int(info.startTS ?? 0)),
            ("resolved_ts", .int(info.resolvedTS)), ("target_ts", .int(info.targetTS ?? 0)),
            ("checkpoint_tso", .int(info.checkpointTS)), ("checkpoint_time", .string(info.checkpointTime)),
            ("state", .string(info.state ?? "")),
        ]
        if let error = info.error { fields.append(("error", Self.error(error, withTime: false))) }
        fields.append(("creator_version", .string(info.creatorVersion ?? "")))
        return .object(fields)
    }

    /// The create and update `Info:` line: the answer in `ChangeFeedInfo`'s field order.
    static func info(_ info: TiCDCAPI.ChangeFeedInfo) -> GoJSON {
        var fields: [(String, GoJSON)] = []
        if let value = info.upstreamID { fields.append(("upstream_id", .int(value))) }
        if let value = info.namespace { fields.append(("namespace", .string(value))) }
        if let value = info.id { fields.append(("id", .string(value))) }
        if let value = info.sinkURI { fields.append(("sink_uri", .string(value))) }
        fields.append(("create_time", .string(info.createTime)))
        if let value = info.startTS { fields.append(("start_ts", .int(value))) }
        if let value = info.targetTS { fields.append(("target_ts", .int(value))) }
        if let value = info.adminJobType { fields.append(("admin_job_type", .int(value))) }
        if let value = info.config { fields.append(("config", GoJSON(value.tree))) }
        if let value = info.state { fields.append(("state", .string(value))) }
        if let value = info.error { fields.append(("error", Self.error(value, withTime: false))) }
        if let value = info.creatorVersion { fields.append(("creator_version", .string(value))) }
        fields += [
            ("resolved_ts", .int(info.resolvedTS)), ("checkpoint_ts", .int(info.checkpointTS)),
            ("checkpoint_time", .string(info.checkpointTime)),
        ]
        return .object(fields)
    }

    /// RFC 3339 `2024-01-02T03:04:05.123+08:00` as `2024-01-02 03:04:05.123`.
    static func plainTime(_ rfc3339: String) -> String {
        let characters = Array(rfc3339)
        guard characters.count >= 19 else { return rfc3339 }
        var text = String(characters[0..<10]) + " " + String(characters[11..<19])
        var fraction = ""
        var index = 19
        if index < characters.count, characters[index] == "." {
            index += 1
            while index < characters.count, characters[index].isNumber {
                fraction.append(characters[index])
                index += 1
            }
        }
        fraction = String((fraction + "000").prefix(3))
        text += "." + fraction
        return text
    }

    /// Go's `time.Duration` text of a lag, e.g. `26h0m0s`.
    static func goDuration(milliseconds: Int64) -> String {
        GoDuration.format(milliseconds * 1_000_000)
    }
}
