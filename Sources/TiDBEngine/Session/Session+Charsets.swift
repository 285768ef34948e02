public import MySQLTypes

/// The connection's character sets as TiDB uses them (docs/tidb/charsets-collations.md §1–3):
/// `character_set_client` decodes string literals (in the lexer), `collation_connection` is the
/// collation of literals, `character_set_results` decides what result columns say and how their
/// values are encoded. Mirrored from the variables, because every result set reads them.
struct ConnectionCharsets: Equatable {
    var client = "utf8mb4"
    var connection = Collation.utf8mb4Bin
    /// nil when `character_set_results` is empty (set to NULL): values go out in their column's
    /// charset and columns keep their own id.
    var results: String? = "utf8mb4"
    /// The id string columns are sent with (`CharsetNameToID(results)`), nil without results.
    var resultsID: UInt16? = CollationID.utf8mb4Bin
}

extension Session {
    static let charsetVariables: Set<String> = [
        "character_set_client", "character_set_connection", "character_set_results", "collation_connection",
    ]

    /// Reads the charset variables into `connectionCharsets` and the lexer's options.
    func refreshConnectionCharsets() {
        var charsets = ConnectionCharsets()
        charsets.client = self.sessionVariableValue("character_set_client")
        charsets.connection =
            CharacterSets.collation(named: self.sessionVariableValue("collation_connection")) ?? .utf8mb4Bin
        let results = self.sessionVariableValue("character_set_results")
        charsets.results = results.isEmpty ? nil : results
        charsets.resultsID = charsets.results.map(CharacterSets.defaultCollationID(ofCharset:))
        self.variables.connectionCharsets = charsets
        self.lexerOptions.clientCharset = charsets.client
        self.lexerOptions.connectionCharset = charsets.connection.charset
    }

    /// What TiDB does besides storing the value when a charset variable is set: the connection's
    /// charset and collation follow each other.
    func applyCharsetVariable(_ name: String, _ value: String) {
        switch name {
        case "character_set_connection":
            let collation = CharacterSets.charset(named: value)?.defaultCollation ?? "utf8mb4_bin"
            self.variables.sessionValues["collation_connection"] = collation
        case "collation_connection":
            if let collation = CharacterSets.collation(named: value) {
                self.variables.sessionValues["character_set_connection"] = collation.charset
            }
        default:
            break
        }
    }

    /// The collation a client names in its handshake or COM_CHANGE_USER, as TiDB's
    /// `SetCollation` applies it: the id's charset (even one TiDB cannot use) for client,
    /// connection and results, then the collation, `utf8mb4_bin` in place of one TiDB lacks, whose
    /// charset the connection takes. An id MySQL does not have is 1105.
    public func applyHandshakeCollation(_ id: Int) throws(MySQLError) {
        guard let charset = MySQLCollationIDs.charset(ofID: id) else { throw .unknown("Unknown collation id \(id)") }
        // COM_RESET_CONNECTION opens TiDB's session again with the same collation.
        self.variables.handshakeCollationID = id
        let collation = CharacterSets.collation(id: id) ?? .utf8mb4Bin
        self.variables.sessionValues["character_set_client"] = charset
        self.variables.sessionValues["character_set_results"] = charset
        self.variables.sessionValues["collation_connection"] = collation.name
        self.variables.sessionValues["character_set_connection"] = collation.charset
        self.refreshConnectionCharsets()
    }

    /// A result set as TiDB's result encoder sends it: string columns say the results charset
    /// (or, with results NULL, their own charset's default id; binary stays 63), and string
    /// values of a GBK or ASCII encoding are converted (`EncodeData`). nil when nothing changes.
    func encodedForClient(_ result: ResultSet) -> ResultSet? {
        let charsets = self.variables.connectionCharsets
        var changed: ResultSet?
        for index in result.columns.indices {
            let id = result.columns[index].characterSet
            guard id != CollationID.binary, Self.isStringColumn(result.columns[index].type) else { continue }
            let columnCharset = CharacterSets.collation(id: Int(id))?.charset
            let sentID = charsets.resultsID ?? columnCharset.map(CharacterSets.defaultCollationID(ofCharset:)) ?? id
            let encoding = charsets.results == nil || charsets.results == "binary" ? columnCharset : charsets.results
            let converts = encoding == "gbk" || encoding == "ascii"
            guard sentID != id || converts else { continue }
            if changed == nil { changed = result }
            changed!.columns[index].characterSet = sentID
            guard converts, let encoding else { continue }
            for row in changed!.rows.indices {
                guard case .string(let text) = changed!.rows[row][index] else { continue }
                changed!.rows[row][index] = .bytes(Self.encode(text, as: encoding))
            }
        }
        return changed
    }

    /// Column definitions alone (COM_STMT_PREPARE's), with the ids the client is sent.
    func encodedForClient(_ columns: [ColumnDefinition]) -> [ColumnDefinition] {
        self.encodedForClient(ResultSet(columns: columns, rows: []))?.columns ?? columns
    }

    private static func isStringColumn(_ type: ColumnType) -> Bool {
        switch type {
        case .string, .varString, .varchar, .bit, .tinyBlob, .mediumBlob, .longBlob, .blob, .enumeration, .set, .json:
            return true
        default:
            return false
        }
    }

    /// TiDB's encoders stop at the first character they cannot encode.
    private static func encode(_ text: String, as charset: String) -> [UInt8] {
        if charset == "gbk" { return GBK.encode(text) }
        return Array(text.utf8.prefix { $0 < 0x80 })
    }
}
