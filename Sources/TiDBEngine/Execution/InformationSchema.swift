import MySQLTypes

/// `information_schema` tables built from the catalog on each read.
struct InformationSchema {
    let session: Session

    /// The rows of `information_schema.<name>` (lowercased), or nil when the mock lacks it.
    func table(_ name: String, alias: String) throws(MySQLError) -> Session.SourceRows? {
        nil
    }
}
