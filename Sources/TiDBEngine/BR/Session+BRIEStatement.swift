import ExternalStorage
import MySQLTypes

/// BACKUP and RESTORE as statements: the session prepares the task (scope, BackupTS, GC check,
/// storage), queues it on its instance and waits like a statement waiting for a lock; when the
/// task finishes, the statement runs again and answers with TiDB's result row.
extension Session {
    func executeBRIE(_ brie: BRIEStatement) throws(MySQLError) -> Execution {
        let kind = brie.kind
        func failed(_ reason: String) -> MySQLError {
            kind == .backup ? .backupFailed(reason) : .restoreFailed(reason)
        }
        if let task = self.runningBRIE {
            guard let result = task.result else { return .blocked(task.completion, nil) }
            self.runningBRIE = nil
            switch result {
            case .failure(let failure):
                throw failed(failure.message)
            case .success(.backup(let meta)):
                return .done(.rows(self.brieRow(task, size: meta.totalSize, backupTS: meta.backupTS, clusterTS: nil)))
            case .success(.restore(let loaded)):
                let clusterTS = try self.applyRestore(loaded)
                return .done(
                    .rows(
                        self.brieRow(
                            task,
                            size: loaded.meta.totalSize,
                            backupTS: loaded.meta.backupTS,
                            clusterTS: clusterTS.rawValue
                        )
                    )
                )
            }
        }
        let url: StorageURL
        let storage: any ExternalStorage
        do {
            url = try StorageURL.parse(brie.url)
            storage = try self.instance.openStorage(url)
        } catch {
            throw failed(error.message)
        }
        if brie.option("LAST_BACKUP") != nil { throw .notSupportedYet("incremental BACKUP (LAST_BACKUP)") }
        if case .string(let type) = brie.option("COMPRESSION_TYPE"),
            !["zstd", "snappy", "lz4"].contains(type.lowercased())
        {
            throw failed("unsupported compression type: \(type)")
        }
        var rateLimit: Int?
        if case .megabytesPerSecond(let megabytes) = brie.option("RATE_LIMIT") {
            rateLimit = Int(clamping: megabytes) &* 1_048_576
        }
        let queue = self.instance.brieQueue
        let work: @Sendable (BRIETask) async -> Result<BRIETask.Payload, BRIEFailure>
        switch brie.kind {
        case .backup:
            let snapshot = try self.backupSnapshot(brie.option("SNAPSHOT"))
            let (runner, service) = try self.prepareBackup(
                brie.scope,
                storage: storage,
                snapshot: snapshot,
                rateLimit: rateLimit,
                clock: self.instance.intervalClock
            )
            let pd = self.cluster.pd
            let wallClock = self.cluster.clock
            // BR renews its safepoint while it works (every TTL/3); here at every file and pause.
            let keepAlive: @Sendable () -> Void = {
                pd.updateServiceSafePoint(
                    service: service,
                    safePoint: TSO(rawValue: runner.backupTS &- 1),
                    expiresAtMicroseconds: wallClock.microsecondsSinceEpoch() + Self.backupSafePointTTLMicroseconds
                )
            }
            work = { task in
                defer { pd.removeServiceSafePoint(service: service) }
                do throws(BRIEFailure) {
                    let meta = try await runner.run(
                        progress: task.report,
                        isCancelled: { task.isCancelled },
                        keepAlive: keepAlive
                    )
                    return .success(.backup(meta))
                } catch {
                    return .failure(task.isCancelled ? BRIEFailure.canceled(task) : error)
                }
            }
        case .restore:
            let select = try self.restoreSelection(brie.scope)
            let reader = RestoreReader(storage: storage)
            work = { task in
                do throws(BRIEFailure) {
                    return .success(.restore(try await reader.load(select: select, isCancelled: { task.isCancelled })))
                } catch {
                    return .failure(task.isCancelled ? BRIEFailure.canceled(task) : error)
                }
            }
        }
        let task = BRIETask(
            id: queue.makeID(),
            kind: brie.kind == .backup ? .backup : .restore,
            destination: url.redacted,
            connectionID: self.connectionID,
            queueMicroseconds: self.cluster.clock.microsecondsSinceEpoch(),
            work: work
        )
        queue.enqueue(task)
        self.runningBRIE = task
        return .blocked(task.completion, nil)
    }

    /// `SNAPSHOT = TSO | 'datetime' | N unit AGO`; nil: now.
    private func backupSnapshot(_ option: BRIEOption.Value?) throws(MySQLError) -> UInt64? {
        switch option {
        case nil:
            return nil
        case .integer(let tso):
            return tso
        case .string(let text):
            return try self.parseTimestamp(text).rawValue
        case .ago(let amount, let unit):
            let perUnit: Int64 =
                [
                    "MICROSECOND": 1, "SECOND": 1_000_000, "MINUTE": 60_000_000, "HOUR": 3_600_000_000,
                    "DAY": 86_400_000_000, "WEEK": 604_800_000_000,
                ][unit] ?? 1
            let (ago, overflow) = Int64(clamping: amount).multipliedReportingOverflow(by: perUnit)
            let now = self.cluster.clock.microsecondsSinceEpoch()
            guard !overflow, ago <= now else { throw .backupFailed("snapshot \(amount) \(unit) AGO is before 1970") }
            return TSO(physicalMilliseconds: (now - ago) / 1000).rawValue
        case .boolean, .keyword, .megabytesPerSecond:
            return nil
        }
    }

    /// TiDB's result row: Destination, Size, BackupTS, [Cluster TS,] Queue Time, Execution Time.
    /// TiDB builds these columns with `buildColumnWithName`: every non-string one is UNSIGNED and
    /// nothing else, the two DATETIMEs included (docs/tidb/charsets-collations.md §10). Clients
    /// read BackupTS as an unsigned 64-bit number (Connector/J: `BigInteger`).
    private func brieRow(_ task: BRIETask, size: Int, backupTS: UInt64, clusterTS: UInt64?) -> ResultSet {
        let executed = task.progress.withLock { $0.executionMicroseconds } ?? task.queueMicroseconds
        let counter = FieldType(type: .longLong, length: 20, flags: .unsigned, charset: CollationID.binary)
        let time = FieldType(type: .datetime, length: 19, flags: .unsigned, charset: CollationID.binary)
        var columns = [
            FieldType.showColumn(longest: 255).column(named: "Destination"),
            counter.column(named: "Size"), counter.column(named: "BackupTS"),
        ]
        var row: [Value] = [.string(task.destination), .uint(UInt64(size)), .uint(backupTS)]
        if let clusterTS {
            columns.append(counter.column(named: "Cluster TS"))
            row.append(.uint(clusterTS))
        }
        columns += [time.column(named: "Queue Time"), time.column(named: "Execution Time")]
        row += [self.brieTime(task.queueMicroseconds), self.brieTime(executed)]
        return ResultSet(columns: columns, rows: [row])
    }
}

extension Session {
    /// `SHOW BACKUPS` / `SHOW RESTORES`: TiDB's nine columns; LIKE matches the destination.
    func showBRIETasks(_ kind: BRIETask.Kind, filter: ShowStatement.Filter?) throws(MySQLError) -> ResultSet {
        let text = FieldType.showColumn(longest: 255)
        let counter = FieldType(type: .longLong, length: 20, flags: .binary, charset: CollationID.binary)
        let datetime = Evaluator.datetimeType(fsp: 0)
        let columns = [
            counter.column(named: "Id"), text.column(named: "Destination"), text.column(named: "State"),
            FieldType(
                type: .double,
                length: 22,
                decimals: FieldType.notSpecified,
                flags: .binary,
                charset: CollationID.binary
            )
            .column(named: "Progress"),
            datetime.column(named: "Queue_time"), datetime.column(named: "Execution_time"),
            datetime.column(named: "Finish_time"), counter.column(named: "Connection"), text.column(named: "Message"),
        ]
        var rows: [[Value]] = self.instance.brieQueue.tasks(of: kind).map { task in
            let progress = task.progress.withLock { $0 }
            return [
                .uint(task.id), .string(task.destination), .string(progress.state), .double(progress.fraction * 100),
                self.brieTime(task.queueMicroseconds), self.brieTime(progress.executionMicroseconds),
                self.brieTime(progress.finishMicroseconds),
                .uint(task.connectionID), progress.message.map(Value.string) ?? .null,
            ]
        }
        switch filter {
        case .like(let pattern):
            let patternBytes = try self.evaluate(pattern).textBytes
            rows = rows.filter { row in
                guard let patternBytes, let subject = row[1].textBytes else { return false }
                return Arithmetic.like(
                    subject,
                    patternBytes,
                    escape: UInt8(ascii: "\\"),
                    collation: Self.caseInsensitive
                )
            }
        case .whereClause(let condition):
            let schema = RowSchema(
                columns: columns.map {
                    RowSchema.Column(schema: "", table: "", name: $0.name, type: .showColumn(longest: 0))
                }
            )
            rows = try Evaluator(environment: self, schema: schema).rows(rows, matching: condition)
        case nil:
            break
        }
        return ResultSet(columns: columns, rows: rows)
    }

    /// A task's time as TiDB shows it: whole seconds in the session's zone; NULL when unset.
    private func brieTime(_ micros: Int64?) -> Value {
        guard let micros else { return .null }
        let offset = self.timeZone.offsetSeconds(atMicroseconds: micros)
        let seconds = micros / 1_000_000 * 1_000_000
        return .datetime(SQLDateTime(microsecondsSinceEpoch: seconds, offsetSeconds: offset, fractionDigits: 0))
    }
}
