import MySQLTypes

/// SHOW statements about user tables and databases.
extension Session {
    func showTables(full: Bool, database: String?, show: ShowStatement) throws(MySQLError) -> ResultSet {
        throw .notSupportedYet("SHOW TABLES")
    }

    func showCreateTable(_ name: TableName) throws(MySQLError) -> ResultSet {
        throw .notSupportedYet("SHOW CREATE TABLE")
    }

    func showCreateDatabase(_ name: String) throws(MySQLError) -> ResultSet {
        throw .notSupportedYet("SHOW CREATE DATABASE")
    }

    func showColumns(_ name: TableName, full: Bool, show: ShowStatement) throws(MySQLError) -> ResultSet {
        throw .notSupportedYet("SHOW COLUMNS")
    }

    func showIndexes(_ name: TableName, show: ShowStatement) throws(MySQLError) -> ResultSet {
        throw .notSupportedYet("SHOW INDEX")
    }

    func showTableStatus(database: String?, show: ShowStatement) throws(MySQLError) -> ResultSet {
        throw .notSupportedYet("SHOW TABLE STATUS")
    }
}
