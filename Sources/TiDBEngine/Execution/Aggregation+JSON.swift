import MySQLTypes

/// JSON_ARRAYAGG and JSON_OBJECTAGG: NULL for no row; a NULL value is JSON null; a NULL key
/// is 3158; of duplicate keys the last row's value stays.
extension Aggregation {
    static func jsonAggregate(
        _ name: String,
        _ arguments: [Expression],
        over rows: [[Value]],
        evaluator: Evaluator
    ) throws(MySQLError) -> Value {
        var evaluator = evaluator
        let objects = name == "json_objectagg"
        guard arguments.count == (objects ? 2 : 1) else { throw .wrongParameterCount(name) }
        guard !rows.isEmpty else { return .null }
        var items: [JSONValue] = []
        var members: [(String, JSONValue)] = []
        for row in rows {
            evaluator.row = row
            if objects {
                guard let key = try evaluator.evaluate(arguments[0]).text else {
                    throw .tidb(3158, "22032", "JSON documents may not contain NULL member names.")
                }
                members.append((key, try evaluator.jsonValue(arguments, 1)))
            } else {
                items.append(try evaluator.jsonValue(arguments, 0))
            }
        }
        return JSONBuiltins.value(objects ? JSONValue.makeObject(members) : .array(items))
    }
}
