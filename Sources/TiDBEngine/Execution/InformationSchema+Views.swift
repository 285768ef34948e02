import MySQLTypes

/// information_schema.VIEWS and the views' rows of TABLES, as TiDB v8.5's `setDataFromViews` and
/// `setDataFromTables` give them: IS_UPDATABLE is always NO, CHECK_OPTION is CASCADED unless
/// LOCAL was given (TiDB's parser defaults it), TABLES shows TABLE_TYPE and TABLE_COMMENT `VIEW`.
extension InformationSchema {
    static let viewsColumns: [(String, FieldType)] = [
        ("TABLE_CATALOG", viewsVarchar(512)), ("TABLE_SCHEMA", viewsVarchar(64)), ("TABLE_NAME", viewsVarchar(64)),
        (
            "VIEW_DEFINITION",
            FieldType(type: .blob, length: 4_294_967_295, flags: .notNull, charset: CollationID.utf8mb4Bin)
        ),
        ("CHECK_OPTION", viewsVarchar(8)), ("IS_UPDATABLE", viewsVarchar(3)), ("DEFINER", viewsVarchar(77)),
        ("SECURITY_TYPE", viewsVarchar(7)), ("CHARACTER_SET_CLIENT", viewsVarchar(32)),
        ("COLLATION_CONNECTION", viewsVarchar(32)),
    ]

    private static func viewsVarchar(_ characters: UInt32) -> FieldType {
        FieldType(type: .varString, length: characters * 4, flags: .notNull, charset: CollationID.utf8mb4Bin)
    }

    var userViews: [ViewSchema] { self.session.cluster.storage.allViews }

    func viewsRows() -> [[Value]] {
        self.userViews.map { view in
            [
                .string("def"), .string(view.database), .string(view.name), .string(view.selectText),
                .string(view.checkOption), .string("NO"), .string("\(view.definerUser)@\(view.definerHost)"),
                .string(view.security), .string(view.charset), .string(view.collation),
            ]
        }
    }

    func viewTablesRow(_ view: ViewSchema) -> [Value] {
        let created = SQLDateTime(
            microsecondsSinceEpoch: view.createdMicroseconds,
            offsetSeconds: self.session.timeZone.offsetSeconds(atMicroseconds: view.createdMicroseconds),
            fractionDigits: 0
        )
        var row: [Value] = [.string("def"), .string(view.database), .string(view.name), .string("VIEW")]
        row += Array(repeating: .null, count: 10)
        row += [.datetime(created), .null, .null, .null, .null, .null, .string("VIEW"), .int(view.id), .null]
        row += [.string("NONCLUSTERED"), .null]
        return row
    }
}
