/// A view's query as TiDB keeps it (`BuildViewInfo`: the SELECT restored with
/// `RestoreStringSingleQuotes | RestoreKeyWordUppercase | RestoreNameBackQuotes`, after the
/// planner gave every field its output name and expanded `*`): keywords uppercase, names in
/// backquotes, tables with their database, fields joined by `,` each with `AS` and its name,
/// symbol operators without spaces (`` `a`>0 ``), joins nested in parentheses from the left.
struct ViewText {
    /// For each FROM item (by position, also in UNION members' own lists), the columns a
    /// wildcard over it gives; `*` takes all of them, `t.*` those of `t`.
    let columnNames: [String]

    var style: ExpressionRestore.Style {
        ExpressionRestore.Style(compactOperators: true) { select in ViewText(columnNames: []).query(select, top: false)
        }
    }

    /// The whole query; at the top the fields take the view's column names.
    func query(_ select: SelectStatement, top: Bool = true) -> String {
        var text = self.single(select, fieldNames: top ? self.columnNames : nil)
        for member in select.unions {
            text += member.all ? " UNION ALL " : " UNION "
            text += self.single(member.select, fieldNames: nil)
        }
        if !select.unionOrderBy.isEmpty { text += self.orderBy(select.unionOrderBy) }
        if let limit = select.unionLimit { text += self.limit(limit, offset: select.unionOffset) }
        return text
    }

    private func expression(_ expression: Expression) -> String {
        ExpressionRestore.text(expression, style: self.style)
    }

    private static func name(_ name: String) -> String {
        "`" + name.replacing("`", with: "``") + "`"
    }

    private func single(_ select: SelectStatement, fieldNames: [String]?) -> String {
        var text = "SELECT "
        if select.distinct { text += "DISTINCT " }
        var fields: [String] = []
        var position = 0
        for field in select.fields {
            switch field {
            case .expression(let expression, let alias, _):
                var item = self.expression(expression)
                let name = fieldNames.flatMap { position < $0.count ? $0[position] : nil } ?? alias
                if let name { item += " AS " + Self.name(name) }
                fields.append(item)
                position += 1
            case .wildcard(let table):
                guard let fieldNames else {
                    fields.append(table.map { Self.name($0) + ".*" } ?? "*")
                    continue
                }
                // The planner expands it: one field per column, named by the source table.
                let sources = select.from.map { $0.table.alias ?? $0.table.name }
                let owner = table ?? (sources.count == 1 ? sources[0] : nil)
                let count = fieldNames.count - select.fields.count + 1
                for _ in 0..<max(0, count) where position < fieldNames.count {
                    let column = Self.name(fieldNames[position])
                    let qualified = owner.map { Self.name($0) + "." + column } ?? column
                    fields.append(qualified + " AS " + column)
                    position += 1
                }
            }
        }
        text += fields.joined(separator: ",")
        if !select.from.isEmpty { text += " FROM " + self.from(select.from) }
        if let condition = select.whereClause { text += " WHERE " + self.expression(condition) }
        if !select.groupBy.isEmpty {
            text += " GROUP BY " + select.groupBy.map { self.expression($0) }.joined(separator: ",")
        }
        if let having = select.having { text += " HAVING " + self.expression(having) }
        if !select.orderBy.isEmpty { text += self.orderBy(select.orderBy) }
        if let limit = select.limit { text += self.limit(limit, offset: select.offset) }
        switch select.lock {
        case .none: break
        case .forUpdate: text += " FOR UPDATE"
        case .forShare: text += " LOCK IN SHARE MODE"
        }
        return text
    }

    private func orderBy(_ items: [SelectStatement.OrderItem]) -> String {
        " ORDER BY "
            + items.map { self.expression($0.expression) + ($0.descending ? " DESC" : "") }.joined(separator: ",")
    }

    private func limit(_ limit: Expression, offset: Expression?) -> String {
        " LIMIT " + (offset.map { self.expression($0) + "," } ?? "") + self.expression(limit)
    }

    /// TiDB's `Join.Restore`: the first table alone, a comma join as `(a) JOIN b`, each further
    /// join around the ones before in parentheses.
    private func from(_ items: [SelectStatement.FromItem]) -> String {
        var text = self.table(items[0].table)
        for (index, item) in items.enumerated().dropFirst() {
            let isComma = item.condition == nil && item.using.isEmpty && !item.natural && item.join == .inner
            if index > 1 || isComma { text = "(" + text + ")" }
            var join = item.natural ? " NATURAL" : ""
            switch item.join {
            case .inner: break
            case .left: join += " LEFT"
            case .right: join += " RIGHT"
            }
            text += join + " JOIN " + self.table(item.table)
            if let condition = item.condition { text += " ON " + self.expression(condition) }
            if !item.using.isEmpty { text += " USING (" + item.using.map(Self.name).joined(separator: ",") + ")" }
        }
        return text
    }

    private func table(_ table: SelectStatement.TableReference) -> String {
        if let subquery = table.subquery {
            return "(" + ViewText(columnNames: []).query(subquery, top: false) + ") AS " + Self.name(table.name)
        }
        var text = [table.schema, table.name].compactMap { $0 }.map(Self.name).joined(separator: ".")
        if let alias = table.alias { text += " AS " + Self.name(alias) }
        return text
    }
}
