public import Logging
public import TiCDCClient
import TiCDCCore
import TiDBClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The planned switchover (`tidb-dr switchover`) as named, checked steps:
///
/// 1. `connect`: both clusters reachable and TiDB;
/// 2. `check-changefeed`: `-c` (or, after a first switchover, `--reverse-id`: then the roles are
///    swapped) exists and is `normal`, the other does not exist;
/// 3. `find-upstream`: the PD of the cluster that becomes the primary (given, or its
///    `information_schema.cluster_info`);
/// 4. `fence` (`--fence`): `tidb_super_read_only = ON` on the old primary: writes stop (1836);
/// 5. `read-position`: `SHOW MASTER STATUS` Position on the old primary;
/// 6. `wait-checkpoint`: until the changefeed's checkpoint >= Position;
/// 7. `verify`: every table equal, the old primary at Position, the new one at its current TS;
/// 8. `remove-changefeed`;
/// 9. `lift-fence` (`--fence`): the old primary writable again, as the reverse changefeed must
///    write there (mock-tidb, like TiDB, refuses the sink's writes under read-only mode);
/// 10. `create-reverse`: from the new primary's PD into the old primary, without start-ts;
/// 11. `open-new-primary`: `tidb_super_read_only` off on the new primary, the reverse `normal`.
///
/// A failure undoes what the earlier steps changed, newest first: the reverse changefeed
/// removed, the old changefeed recreated from its final checkpoint, the read-only flags back.
public struct Switchover<C: Clock<Duration>>: Sendable {
    public let options: SwitchoverOptions
    let cdc: TiCDCClient
    let progress: any WorkflowProgress
    let clock: C
    let logger: Logger

    public init(options: SwitchoverOptions, cdc: TiCDCClient, progress: any WorkflowProgress, clock: C, logger: Logger)
    {
        self.options = options
        self.cdc = cdc
        self.progress = progress
        self.clock = clock
        self.logger = logger
    }

    static func steps(fence: Bool) -> [WorkflowStep] {
        let fencing = [
            WorkflowStep(name: "fence", summary: "SET GLOBAL tidb_super_read_only = ON on the old primary")
        ]
        let lifting = [
            WorkflowStep(name: "lift-fence", summary: "the old primary writable again for the reverse changefeed")
        ]
        return [
            WorkflowStep(name: "connect", summary: "reach both clusters and check they are TiDB"),
            WorkflowStep(name: "check-changefeed", summary: "the changefeed exists and is normal"),
            WorkflowStep(name: "find-upstream", summary: "the PD of the cluster that becomes the primary"),
        ] + (fence ? fencing : []) + [
            WorkflowStep(name: "read-position", summary: "SHOW MASTER STATUS Position on the old primary"),
            WorkflowStep(name: "wait-checkpoint", summary: "wait until the checkpoint reaches Position"),
            WorkflowStep(name: "verify", summary: "every table equal: the old primary at Position, the new one now"),
            WorkflowStep(name: "remove-changefeed", summary: "remove the changefeed"),
        ] + (fence ? lifting : []) + [
            WorkflowStep(name: "create-reverse", summary: "create the reverse changefeed from the new primary"),
            WorkflowStep(name: "open-new-primary", summary: "the new primary writable, the reverse changefeed normal"),
        ]
    }

    /// Which way this run goes, and who is who.
    struct Roles {
        var direction: String
        var oldPrimary: TiDBConnection
        var newPrimary: TiDBConnection
        var oldPrimaryDSN: String
        var newPrimaryDSN: String
        var changefeed: String
        var reverse: String
        /// Sink URIs into each cluster.
        var intoOldPrimary: String
        var intoNewPrimary: String
        /// The changefeed as it is, to recreate it and to copy its replica config.
        var info: TiCDCAPI.ChangeFeedInfo
    }

    /// What to do, newest first, when a later step fails.
    struct Undo {
        var actions: [(what: String, action: () async throws -> Void)] = []
        mutating func push(_ what: String, _ action: @escaping () async throws -> Void) {
            self.actions.append((what, action))
        }
    }

    public func run() async -> SwitchoverReport {
        var report = SwitchoverReport(cdc: self.options.cdc)
        var runner = StepRunner(
            steps: Self.steps(fence: self.options.fence),
            progress: self.progress,
            clock: self.clock
        )
        var connections: [TiDBConnection] = []
        var undo = Undo()
        var roles: Roles?
        do throws(WorkflowFailure) {
            try await self.switchOver(&runner, &connections, &undo, &roles, &report)
        } catch {
            report.failure = error
            for (what, action) in undo.actions.reversed() {
                do {
                    try await action()
                    report.undone.append(what)
                    self.progress.note("undone: \(what)")
                } catch {
                    report.undone.append("FAILED to undo: \(what): \(error)")
                    self.progress.note("could not undo: \(what): \(error)")
                }
            }
        }
        report.steps = runner.records
        if let roles {
            report.oldPrimaryReadOnlyAtEnd = try? await roles.oldPrimary.isSuperReadOnly()
            report.newPrimaryReadOnlyAtEnd = try? await roles.newPrimary.isSuperReadOnly()
        }
        for connection in connections {
            try? await connection.useSnapshot(nil)
            await connection.close()
        }
        return report
    }

    private func switchOver(
        _ runner: inout StepRunner<C>,
        _ connections: inout [TiDBConnection],
        _ undo: inout Undo,
        _ found: inout Roles?,
        _ report: inout SwitchoverReport
    ) async throws(WorkflowFailure) {
        let options = self.options
        let (primary, secondary) = try await runner.run("connect") { () throws(WorkflowFailure) in
            try await WorkflowFailure.tidb { () throws(TiDBClientError) in
                try await Migration<C>.connectPair(
                    primary: options.primary,
                    secondary: options.secondary,
                    logger: self.logger,
                    into: &connections
                )
            }
        }

        let roles = try await runner.run("check-changefeed") { () throws(WorkflowFailure) in
            let roles = try await self.roles(primary: primary, secondary: secondary)
            return (
                roles,
                "\(roles.changefeed) is normal at checkpoint \(roles.info.checkpointTS) (\(roles.direction): \(roles.oldPrimaryDSN) → \(roles.newPrimaryDSN))"
            )
        }
        found = roles
        report.direction = roles.direction
        report.oldPrimary = roles.oldPrimaryDSN
        report.newPrimary = roles.newPrimaryDSN
        report.changefeed = roles.changefeed
        report.reverseChangefeed = roles.reverse

        let (newUpstream, oldUpstream) = try await runner.run("find-upstream") { () throws(WorkflowFailure) in
            let new: String? =
                if let given = options.newUpstreamPD { given } else {
                    try await WorkflowFailure.tidb { () throws(TiDBClientError) in
                        try await ClusterStatus.pdAddress(roles.newPrimary)
                    }
                }
            guard let new else {
                throw WorkflowFailure(
                    code: "no-pd",
                    message:
                        "\(roles.newPrimaryDSN) lists no pd in information_schema.cluster_info; give --new-upstream-pd"
                )
            }
            let old = try? await ClusterStatus.pdAddress(roles.oldPrimary)
            return (
                (Self.url(new), old.flatMap { $0 }.map(Self.url)), "the reverse changefeed reads PD \(Self.url(new))"
            )
        }

        if options.dryRun {
            self.progress.note(
                "dry run: nothing was changed. The switchover would \(options.fence ? "fence \(roles.oldPrimaryDSN), " : "")wait for \(roles.changefeed) to reach SHOW MASTER STATUS Position, compare every table, remove \(roles.changefeed) and create \(roles.reverse) from \(newUpstream) into \(ServerURL.redacted(roles.intoOldPrimary))"
            )
            report.outcome = .dryRun
            return
        }

        var fencedFrom: Bool?
        if options.fence {
            try await runner.run("fence") { () throws(WorkflowFailure) in
                let was = try await WorkflowFailure.tidb { () throws(TiDBClientError) in
                    try await roles.oldPrimary.isSuperReadOnly()
                }
                try await self.setReadOnly(roles.oldPrimary, true)
                fencedFrom = was
                report.fenced = true
                undo.push("tidb_super_read_only back to \(was ? "ON" : "OFF") on \(roles.oldPrimaryDSN)") {
                    try await roles.oldPrimary.setSuperReadOnly(was)
                }
                return ((), "tidb_super_read_only reads 1 on \(roles.oldPrimaryDSN) (was \(was ? 1 : 0))")
            }
        }

        let position = try await runner.run("read-position") { () throws(WorkflowFailure) in
            let status = try await WorkflowFailure.tidb { () throws(TiDBClientError) in
                try await roles.oldPrimary.masterStatus()
            }
            return (status.tso, "Position \(status.position)")
        }
        report.position = position

        try await runner.run("wait-checkpoint") { () throws(WorkflowFailure) in
            let poller = CheckpointPoller(
                source: self.cdc,
                progress: self.progress,
                clock: self.clock,
                timeout: options.timeout,
                interval: options.interval
            )
            let outcome = try await poller.wait(roles.changefeed, until: position)
            if let failure = poller.failure(outcome, target: position) { throw failure }
            guard case .reached(let current) = outcome else { preconditionFailure("reached without a failure") }
            report.finalCheckpoint = current.checkpoint
            return ((), "checkpoint \(current.checkpoint.rawValue) >= Position \(position.rawValue)")
        }

        try await runner.run("verify") { () throws(WorkflowFailure) in
            try await WorkflowFailure.tidb { () throws(TiDBClientError) in
                try await roles.oldPrimary.useSnapshot(position)
                let onOld = try await Verification<C>.userTables(roles.oldPrimary)
                let onNew = try await Verification<C>.userTables(roles.newPrimary)
                let verdicts = try await Verification<C>.compareTables(
                    onPrimary: onOld,
                    onSecondary: onNew,
                    primary: roles.oldPrimary,
                    secondary: roles.newPrimary,
                    maxKeys: options.maxKeys
                )
                try await roles.oldPrimary.useSnapshot(nil)
                report.tablesCompared = verdicts.count
                report.differences = verdicts.filter { $0.result != .equal }
                guard report.differences.isEmpty else {
                    throw Verification<C>.differenceError(report.differences, of: verdicts.count)
                }
                return ((), "\(verdicts.count) tables equal")
            }
        }

        try await runner.run("remove-changefeed") { () throws(WorkflowFailure) in
            let last = try await WorkflowFailure.ticdc { () throws(TiCDCClientError) in
                try await self.cdc.changefeed(roles.changefeed)
            }
            report.finalCheckpoint = TSO(rawValue: last.checkpointTS)
            try await WorkflowFailure.ticdc { () throws(TiCDCClientError) in
                try await self.cdc.removeChangefeed(roles.changefeed)
            }
            let recreate = TiCDCAPI.ChangefeedConfig(
                changefeedID: roles.changefeed,
                startTS: last.checkpointTS,
                sinkURI: roles.intoNewPrimary,
                replicaConfig: Self.replicaConfig(last),
                pdAddresses: roles.direction == "back" ? oldUpstream.map { [$0] } : nil
            )
            undo.push("changefeed \(roles.changefeed) recreated from its checkpoint \(last.checkpointTS)") {
                _ = try await self.cdc.createChangefeed(recreate)
            }
            return ((), "\(roles.changefeed) removed at checkpoint \(last.checkpointTS)")
        }

        if options.fence {
            try await runner.run("lift-fence") { () throws(WorkflowFailure) in
                try await self.setReadOnly(roles.oldPrimary, false)
                undo.push("tidb_super_read_only ON again on \(roles.oldPrimaryDSN)") {
                    try await roles.oldPrimary.setSuperReadOnly(true)
                }
                return (
                    (),
                    "tidb_super_read_only reads 0 on \(roles.oldPrimaryDSN) (was \((fencedFrom ?? false) ? 1 : 0) before the fence)"
                )
            }
        }

        try await runner.run("create-reverse") { () throws(WorkflowFailure) in
            let config = TiCDCAPI.ChangefeedConfig(
                changefeedID: roles.reverse,
                sinkURI: roles.intoOldPrimary,
                replicaConfig: Self.replicaConfig(roles.info),
                pdAddresses: [newUpstream]
            )
            let info = try await WorkflowFailure.ticdc { () throws(TiCDCClientError) in
                try await self.cdc.createChangefeed(config)
            }
            undo.push("reverse changefeed \(roles.reverse) removed") {
                try await self.cdc.removeChangefeed(roles.reverse)
            }
            return ((), "\(roles.reverse) from \(newUpstream), start-ts \(info.startTS ?? 0)")
        }

        try await runner.run("open-new-primary") { () throws(WorkflowFailure) in
            let was = try await WorkflowFailure.tidb { () throws(TiDBClientError) in
                try await roles.newPrimary.isSuperReadOnly()
            }
            if was {
                try await self.setReadOnly(roles.newPrimary, false)
                undo.push("tidb_super_read_only ON again on \(roles.newPrimaryDSN)") {
                    try await roles.newPrimary.setSuperReadOnly(true)
                }
            }
            let reverse = try await WorkflowFailure.ticdc { () throws(TiCDCClientError) in
                try await self.cdc.changefeedProgress(roles.reverse)
            }
            guard reverse.feedState == .normal else {
                throw WorkflowFailure(
                    code: reverse.error.flatMap(CheckpointPoller<C>.errorCode) ?? "changefeed-state",
                    message: "the reverse changefeed \(roles.reverse) is \(reverse.state)"
                        + (reverse.error.map { ": \($0)" } ?? "")
                )
            }
            return (
                (),
                "\(roles.newPrimaryDSN) writable\(was ? " (tidb_super_read_only was ON)" : ""); \(roles.reverse) normal"
            )
        }
        report.outcome = .succeeded
    }

    /// Forward when `-c` exists, back when only `--reverse-id` does.
    private func roles(primary: TiDBConnection, secondary: TiDBConnection) async throws(WorkflowFailure) -> Roles {
        let options = self.options
        let forward = try await self.cdc.changefeedIfExists(options.changefeedID)
        let backward = try await self.cdc.changefeedIfExists(options.reverseID)
        let intoPrimary = options.primarySinkURI ?? SinkURI.mysql(options.primary)
        let intoSecondary = options.secondarySinkURI ?? SinkURI.mysql(options.secondary)
        let roles: Roles
        switch (forward, backward) {
        case (let info?, nil):
            roles = Roles(
                direction: "forward",
                oldPrimary: primary,
                newPrimary: secondary,
                oldPrimaryDSN: options.primary.redactedDSN,
                newPrimaryDSN: options.secondary.redactedDSN,
                changefeed: options.changefeedID,
                reverse: options.reverseID,
                intoOldPrimary: intoPrimary,
                intoNewPrimary: intoSecondary,
                info: info
            )
        case (nil, let info?):
            roles = Roles(
                direction: "back",
                oldPrimary: secondary,
                newPrimary: primary,
                oldPrimaryDSN: options.secondary.redactedDSN,
                newPrimaryDSN: options.primary.redactedDSN,
                changefeed: options.reverseID,
                reverse: options.changefeedID,
                intoOldPrimary: intoSecondary,
                intoNewPrimary: intoPrimary,
                info: info
            )
        case (.some, .some):
            throw WorkflowFailure(
                code: "changefeed-exists",
                message:
                    "both \(options.changefeedID) and \(options.reverseID) exist: replication runs both ways; remove one first"
            )
        case (nil, nil):
            throw WorkflowFailure(
                code: "CDC:ErrChangeFeedNotExists",
                message: "neither \(options.changefeedID) nor \(options.reverseID) exists on \(options.cdc)"
            )
        }
        let state = roles.info.feedState?.listed
        guard state == .normal else {
            let error = roles.info.error?.message
            throw WorkflowFailure(
                code: error.flatMap(CheckpointPoller<C>.errorCode) ?? "changefeed-state",
                message: "changefeed \(roles.changefeed) is \(state?.rawValue ?? roles.info.state ?? "in no state")"
                    + (error.map { ": \($0)" } ?? "") + "; a planned switchover needs it normal"
            )
        }
        return roles
    }

    private func setReadOnly(_ connection: TiDBConnection, _ on: Bool) async throws(WorkflowFailure) {
        try await WorkflowFailure.tidb { () throws(TiDBClientError) in
            try await connection.setSuperReadOnly(on)
            guard try await connection.isSuperReadOnly() == on else {
                throw TiDBClientError(
                    kind: .verification,
                    message: "tidb_super_read_only does not read \(on ? 1 : 0) after setting it"
                )
            }
        }
    }

    /// The replica config a changefeed was created with, to give the one that replaces it.
    static func replicaConfig(_ info: TiCDCAPI.ChangeFeedInfo) -> JSONValue? {
        guard let config = info.config, let data = try? JSONEncoder().encode(config) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func url(_ address: String) -> String {
        address.contains("://") ? address : "http://" + address
    }
}
