extension Session {
    /// Under `deprecate-integer-display-length` CREATE TABLE warns once per integer column declared
    /// with a display width; `tinyint(1)` is exempt, as connectors read it as a BOOL (TiDB's
    /// `buildColumnsAndConstraints`).
    func warnDeprecatedIntegerDisplayWidths(_ columns: [ColumnSpec]) {
        guard self.instance.deprecateIntegerDisplayLength else { return }
        for column in columns where column.type.isInteger {
            guard let width = column.type.length, !(column.type.kind == .tinyint && width == 1) else { continue }
            self.addWarning(
                .tidb(1681, "HY000", "Integer display width is deprecated and will be removed in a future release.")
            )
        }
    }
}
