import MySQLTypes

/// `/*+ SET_VAR(name = value) */` right after a statement's first keyword: the session value of
/// `name` for this statement only, as TiDB's planner applies it (`pkg/util/hint`
/// `ParseStmtHints`, `SetSystemVarWithOldStateAsRet`). Hint problems and values the variable
/// refuses are warnings; the statement runs either way and the old values come back after it.
extension Session {
    /// A variable a hint changed, with what to put back.
    struct SetVarHintRestore {
        let definition: SystemVariableDefinition
        /// The session value before the hint, and whether the session had one of its own.
        let previousValue: String
        let previousOwnValue: String?
    }

    /// Applies the statement's SET_VAR hints; returns what `restoreSetVarHints` puts back.
    func applySetVarHints(of text: String) -> [SetVarHintRestore] {
        let hints = Self.setVarHints(in: text)
        guard !hints.isEmpty else { return [] }
        var chosen: [(SystemVariableDefinition, String)] = []
        for (name, value) in hints {
            guard let definition = SystemVariables.definition(name) else {
                self.addWarning(.unresolvedHintName(name.lowercased(), hint: "SET_VAR"))
                continue
            }
            if !Self.hintUpdatableVariables.contains(definition.name) {
                self.addWarning(.notHintUpdatable(definition.name))
            }
            // The first hint for a variable wins.
            if chosen.contains(where: { $0.0.name == definition.name }) {
                self.addWarning(.conflictingHint("SET_VAR(\(definition.name)=\(value))"))
                continue
            }
            chosen.append((definition, value))
        }
        var restores: [SetVarHintRestore] = []
        for (definition, value) in chosen {
            let restore = SetVarHintRestore(
                definition: definition,
                previousValue: self.sessionValue(definition),
                previousOwnValue: self.variables.sessionValues[definition.name]
            )
            do {
                try self.setSessionVariableForHint(definition, value)
                restores.append(restore)
            } catch {
                self.addWarning(error)
            }
        }
        return restores
    }

    /// Puts back what `applySetVarHints` changed, last change first.
    func restoreSetVarHints(_ restores: [SetVarHintRestore]) {
        for restore in restores.reversed() {
            try? self.assign(restore.definition, restore.previousValue, global: false)
            self.variables.sessionValues[restore.definition.name] = restore.previousOwnValue
        }
    }

    private func setSessionVariableForHint(_ definition: SystemVariableDefinition, _ raw: String) throws(MySQLError) {
        guard definition.scope.contains(.session), !definition.isReadOnly else {
            throw .globalVariableNeedsSetGlobal(definition.name)
        }
        var validated = try SystemVariables.validate(definition, raw)
        validated.value = try self.checkedValue(definition, validated.value, original: raw, global: false)
        if let warning = validated.warning { self.addWarning(warning) }
        try self.assign(definition, validated.value, global: false)
    }

    /// The `SET_VAR(name = value)` hints of the hint comment that follows the statement's first
    /// keyword (SELECT, INSERT, REPLACE, UPDATE, DELETE), in order; other hints are skipped.
    static func setVarHints(in text: String) -> [(name: String, value: String)] {
        // Every statement passes here: look for `/*+` near the start before copying anything.
        var previous: (UInt8, UInt8) = (0, 0)
        var sawHintStart = false
        for byte in text.utf8.prefix(64) {
            if previous == (UInt8(ascii: "/"), UInt8(ascii: "*")), byte == UInt8(ascii: "+") {
                sawHintStart = true
                break
            }
            previous = (previous.1, byte)
        }
        guard sawHintStart else { return [] }
        let bytes = Array(text.utf8.prefix(4096))
        var index = 0
        func skipSpaces() { while index < bytes.count, Self.isHintSpace(bytes[index]) { index += 1 } }
        skipSpaces()
        let keywordStart = index
        while index < bytes.count, Self.isHintWordByte(bytes[index]) { index += 1 }
        let keyword = String(decoding: bytes[keywordStart..<index], as: UTF8.self).uppercased()
        guard ["SELECT", "INSERT", "REPLACE", "UPDATE", "DELETE"].contains(keyword) else { return [] }
        skipSpaces()
        guard index + 2 < bytes.count, bytes[index] == UInt8(ascii: "/"), bytes[index + 1] == UInt8(ascii: "*"),
            bytes[index + 2] == UInt8(ascii: "+")
        else { return [] }
        index += 3
        var end = index
        while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) {
            end += 1
        }
        guard end + 1 < bytes.count else { return [] }
        return Self.parseSetVarHints(Array(bytes[index..<end]))
    }

    /// `SET_VAR(a = 1) OTHER_HINT(x) SET_VAR(b = 'c')` → [(a, 1), (b, c)].
    private static func parseSetVarHints(_ bytes: [UInt8]) -> [(name: String, value: String)] {
        var hints: [(name: String, value: String)] = []
        var index = 0
        while index < bytes.count {
            while index < bytes.count, Self.isHintSpace(bytes[index]) || bytes[index] == UInt8(ascii: ",") {
                index += 1
            }
            let nameStart = index
            while index < bytes.count, Self.isHintWordByte(bytes[index]) { index += 1 }
            let hintName = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            while index < bytes.count, Self.isHintSpace(bytes[index]) { index += 1 }
            guard !hintName.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "(") else { return hints }
            index += 1
            // The arguments run to the matching `)`, outside quotes.
            let argumentsStart = index
            var depth = 1
            var quote: UInt8?
            while index < bytes.count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") {
                    quote = byte
                } else if byte == UInt8(ascii: "(") {
                    depth += 1
                } else if byte == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { break }
                }
                index += 1
            }
            guard index < bytes.count else { return hints }
            let arguments = String(decoding: bytes[argumentsStart..<index], as: UTF8.self)
            index += 1
            guard hintName.uppercased() == "SET_VAR", let equals = arguments.firstIndex(of: "=") else { continue }
            let name = String(arguments[..<equals]).trimmingASCIISpaces()
            var value = String(arguments[arguments.index(after: equals)...]).trimmingASCIISpaces()
            if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            hints.append((name: name, value: value))
        }
        return hints
    }

    private static func isHintSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }

    private static func isHintWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    /// Variables a SET_VAR hint may set without warning 3637: TiDB's `isHintUpdatableVerified`
    /// and the MySQL variables its sysvar table marks hint-updatable.
    static let hintUpdatableVariables: Set<String> = [
        // MySQL's.
        "auto_increment_increment", "auto_increment_offset", "big_tables", "bulk_insert_buffer_size",
        "cte_max_recursion_depth", "default_tmp_storage_engine", "div_precision_increment", "end_markers_in_json",
        "eq_range_index_dive_limit", "foreign_key_checks", "group_concat_max_len", "insert_id",
        "internal_tmp_mem_storage_engine", "join_buffer_size", "lock_wait_timeout", "max_error_count",
        "max_execution_time", "max_heap_table_size", "max_join_size", "max_length_for_sort_data",
        "max_points_in_geometry", "max_seeks_for_key", "max_sort_length", "optimizer_prune_level",
        "optimizer_search_depth", "optimizer_switch", "range_alloc_block_size", "range_optimizer_max_mem_size",
        "read_buffer_size", "read_rnd_buffer_size", "sort_buffer_size", "sql_auto_is_null", "sql_big_selects",
        "sql_buffer_result", "sql_mode", "sql_safe_updates", "sql_select_limit", "time_zone", "timestamp",
        "tmp_table_size", "updatable_views_with_limit", "unique_checks", "windowing_use_high_precision",
        "tikv_client_read_timeout",
        // TiDB's.
        "tidb_opt_agg_push_down", "tidb_opt_derive_topn", "tidb_opt_broadcast_cartesian_join",
        "tidb_opt_mpp_outer_join_fixed_build_side", "tidb_opt_distinct_agg_push_down", "tidb_opt_skew_distinct_agg",
        "tidb_opt_three_stage_distinct_agg", "tidb_broadcast_join_threshold_size",
        "tidb_broadcast_join_threshold_count", "tidb_prefer_broadcast_join_by_exchange_data_size",
        "tidb_opt_write_row_id", "tidb_optimizer_selectivity_level", "tidb_enable_new_only_full_group_by_check",
        "tidb_enable_outer_join_reorder", "tidb_enable_null_aware_anti_join", "tidb_replica_read",
        "tidb_enable_paging", "tidb_read_consistency", "tidb_distsql_scan_concurrency",
        "tidb_opt_insubq_to_join_and_agg", "tidb_opt_prefer_range_scan", "tidb_opt_enable_correlation_adjustment",
        "tidb_opt_limit_push_down_threshold", "tidb_opt_correlation_threshold", "tidb_opt_correlation_exp_factor",
        "tidb_opt_cpu_factor", "tidb_opt_copcpu_factor", "tidb_opt_tiflash_concurrency_factor",
        "tidb_opt_network_factor", "tidb_opt_scan_factor", "tidb_opt_desc_factor", "tidb_opt_seek_factor",
        "tidb_opt_memory_factor", "tidb_opt_disk_factor", "tidb_opt_concurrency_factor", "tidb_opt_force_inline_cte",
        "tidb_opt_use_invisible_indexes", "tidb_index_join_batch_size", "tidb_index_lookup_size",
        "tidb_index_serial_scan_concurrency", "tidb_init_chunk_size", "tidb_allow_batch_cop", "tidb_allow_mpp",
        "tidb_enforce_mpp", "tidb_max_bytes_before_tiflash_external_join",
        "tidb_max_bytes_before_tiflash_external_group_by", "tidb_max_bytes_before_tiflash_external_sort",
        "tidb_max_chunk_size", "tidb_min_paging_size", "tidb_max_paging_size", "tidb_enable_cascades_planner",
        "tidb_merge_join_concurrency", "tidb_index_merge_intersection_concurrency", "tidb_opt_projection_push_down",
        "tidb_enable_vectorized_expression", "tidb_opt_join_reorder_threshold", "tidb_enable_index_merge",
        "tidb_enable_extended_stats", "tidb_isolation_read_engines", "tidb_executor_concurrency",
        "tidb_partition_prune_mode", "tidb_enable_index_merge_join", "tidb_enable_ordered_result_mode",
        "tidb_enable_pseudo_for_outdated_stats", "tidb_stats_load_sync_wait", "tidb_cost_model_version",
        "tidb_index_join_double_read_penalty_cost_rate", "tidb_default_string_match_selectivity",
        "tidb_enable_prepared_plan_cache", "tidb_enable_non_prepared_plan_cache", "tidb_plan_cache_max_plan_size",
        "tidb_opt_range_max_size", "tidb_opt_advanced_join_hint", "tidb_opt_prefix_index_single_scan",
        "tidb_store_batch_size", "mpp_version", "tidb_enable_inl_join_inner_multi_pattern",
        "tidb_opt_enable_late_materialization", "tidb_opt_ordering_index_selectivity_threshold",
        "tidb_opt_ordering_index_selectivity_ratio", "tidb_opt_enable_mpp_shared_cte_execution",
        "tidb_opt_fix_control", "tidb_runtime_filter_type", "tidb_runtime_filter_mode", "tidb_session_alias",
        "tidb_opt_objective", "mpp_exchange_compression_mode", "tidb_allow_fallback_to_tikv", "tiflash_fastscan",
        "tiflash_fine_grained_shuffle_batch_size", "tiflash_fine_grained_shuffle_stream_count",
    ]
}

extension MySQLError {
    static func unresolvedHintName(_ name: String, hint: String) -> MySQLError {
        .tidb(3128, "HY000", "Unresolved name '\(name)' for \(hint) hint")
    }

    static func notHintUpdatable(_ name: String) -> MySQLError {
        .tidb(3637, "HY000", "Variable '\(name)' cannot be set using SET_VAR hint.")
    }

    static func conflictingHint(_ hint: String) -> MySQLError {
        .tidb(3126, "HY000", "Hint \(hint) is ignored as conflicting/duplicated.")
    }
}
