public import TiDBClient

/// The inputs of `tidb-dr verify`.
public struct VerifyOptions: Sendable {
    public var primary: ConnectionConfiguration
    public var secondary: ConnectionConfiguration
    /// The changefeed whose syncpoints to use (`tidb_cdc.syncpoint_v1.changefeed`); nil: the
    /// newest syncpoint of any changefeed.
    public var changefeedID: String?
    /// How many differing keys to report per table.
    public var maxKeys: Int
    /// With `--cdc`: where to read the changefeed, which must then exist and be normal; without
    /// a syncpoint, `verify` waits (up to `catchUpTimeout`) until its checkpoint reaches the
    /// primary's TSO before it reads the secondary.
    public var changefeeds: (any ChangefeedSource)?
    public var catchUpTimeout: Duration

    public init(
        primary: ConnectionConfiguration,
        secondary: ConnectionConfiguration,
        changefeedID: String? = nil,
        maxKeys: Int = 10,
        changefeeds: (any ChangefeedSource)? = nil,
        catchUpTimeout: Duration = .seconds(60)
    ) {
        self.changefeeds = changefeeds
        self.catchUpTimeout = catchUpTimeout
        self.primary = primary
        self.secondary = secondary
        self.changefeedID = changefeedID
        self.maxKeys = maxKeys
    }

    /// Schemas never compared: TiDB's system schemas and TiCDC's own (`tidb_cdc`, which only
    /// the secondary has).
    static let skippedDatabases: Set<String> = MigrationOptions.systemDatabases.union(["tidb_cdc"])
}
