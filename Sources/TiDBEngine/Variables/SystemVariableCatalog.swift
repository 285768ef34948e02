// Data from TiDB's sysvar declarations (pingcap/tidb pkg/sessionctx/variable/sysvar.go@001ce56ac9f8515dd05d5c59f750644699c3c4d0, noop.go@04350a972bf549987f9b676b55b07973151b2c5f, reconciled to v8.5.0); see docs/tidb/system-variables.md.
extension SystemVariableDefinition {
    /// Every system variable TiDB v8.5 declares, in TiDB's declaration order.
    static let catalog: [SystemVariableDefinition] = [
        .init(name: "system_time_zone", scope: .none, defaultValue: "CST"),
        .init(name: "hostname", scope: .none, defaultValue: "localhost"),
        .init(name: "port", scope: .none, type: .unsigned(min: 0, max: 65535), defaultValue: "4000"),
        .init(
            name: "version_comment",
            scope: .none,
            defaultValue: "TiDB Server (Apache License 2.0) Community Edition, MySQL 8.0 compatible"
        ),
        .init(name: "version", scope: .none, defaultValue: "8.0.11-TiDB-None"),
        .init(name: "datadir", scope: .none, defaultValue: "/usr/local/mysql/data/"),
        .init(name: "socket", scope: .none, defaultValue: ""),
        .init(name: "license", scope: .none, defaultValue: "Apache License 2.0"),
        .init(name: "have_ssl", scope: .none, type: .bool, defaultValue: "DISABLED"),
        .init(name: "have_openssl", scope: .none, type: .bool, defaultValue: "DISABLED"),
        .init(name: "ssl_ca", scope: .none, defaultValue: ""),
        .init(name: "ssl_cert", scope: .none, defaultValue: ""),
        .init(name: "ssl_key", scope: .none, defaultValue: ""),
        .init(name: "version_compile_os", scope: .none, defaultValue: "linux"),
        .init(name: "version_compile_machine", scope: .none, defaultValue: "amd64"),
        .init(name: "tidb_enable_enhanced_security", scope: .none, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_allow_function_for_expression_index",
            scope: .none,
            defaultValue:
                "json_array, json_array_append, json_array_insert, json_contains, json_contains_path, json_depth, json_extract, json_insert, json_keys, json_length, json_merge_patch, json_merge_preserve, json_object, json_pretty, json_quote, json_remove, json_replace, json_schema_valid, json_search, json_set, json_storage_size, json_type, json_unquote, json_valid, lower, md5, reverse, tidb_shard, upper, vitess_hash",
            isReadOnly: true
        ),
        .init(name: "timestamp", scope: .session, type: .float(min: 0, max: 2_147_483_647), defaultValue: "0"),
        .init(name: "warning_count", scope: .session, defaultValue: "0", isReadOnly: true),
        .init(name: "error_count", scope: .session, defaultValue: "0", isReadOnly: true),
        .init(
            name: "last_insert_id",
            scope: .session,
            type: .unsigned(min: 0, max: UInt64.max),
            defaultValue: "0",
            allowsEmpty: true
        ),
        .init(
            name: "identity",
            scope: .session,
            type: .unsigned(min: 0, max: UInt64.max),
            defaultValue: "0",
            allowsEmpty: true
        ),
        .init(name: "txn_scope", scope: .session, defaultValue: "global", isHidden: true),
        .init(name: "tx_read_ts", scope: .session, defaultValue: "", isHidden: true),
        .init(
            name: "tidb_read_staleness",
            scope: .session,
            type: .int(min: -2_147_483_648, max: 0),
            defaultValue: "0",
            allowsEmpty: true
        ),
        .init(name: "tidb_enforce_mpp", scope: .session, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_max_tiflash_threads", scope: .both, type: .int(min: -1, max: 256), defaultValue: "-1"),
        .init(
            name: "tidb_max_bytes_before_tiflash_external_join",
            scope: .both,
            type: .int(min: -1, max: Int64.max),
            defaultValue: "-1"
        ),
        .init(
            name: "tidb_max_bytes_before_tiflash_external_group_by",
            scope: .both,
            type: .int(min: -1, max: Int64.max),
            defaultValue: "-1"
        ),
        .init(
            name: "tidb_max_bytes_before_tiflash_external_sort",
            scope: .both,
            type: .int(min: -1, max: Int64.max),
            defaultValue: "-1"
        ),
        .init(
            name: "tiflash_mem_quota_query_per_node",
            scope: .both,
            type: .int(min: -1, max: Int64.max),
            defaultValue: "0"
        ),
        .init(name: "tiflash_query_spill_ratio", scope: .both, type: .float(min: 0, max: 1), defaultValue: "0.7"),
        .init(name: "tidb_enable_tiflash_pipeline_model", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_snapshot", scope: .session, defaultValue: ""),
        .init(name: "tidb_opt_projection_push_down", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_opt_derive_topn", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_opt_agg_push_down", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_opt_distinct_agg_push_down", scope: .session, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_opt_skew_distinct_agg", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_opt_three_stage_distinct_agg", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_opt_enable_three_stage_multi_distinct_agg", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_opt_enable_non_eval_scalar_subquery", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_opt_write_row_id", scope: .session, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_checksum_table_concurrency",
            scope: .session,
            type: .int(min: 1, max: 256),
            defaultValue: "4"
        ),
        .init(name: "tidb_batch_insert", scope: .session, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_batch_delete", scope: .session, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_batch_commit", scope: .session, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_current_ts",
            scope: .session,
            type: .int(min: 0, max: Int64.max),
            defaultValue: "0",
            isReadOnly: true,
            allowsEmpty: true
        ),
        .init(name: "tidb_last_txn_info", scope: .session, defaultValue: "", isReadOnly: true),
        .init(name: "tidb_last_query_info", scope: .session, defaultValue: "", isReadOnly: true),
        .init(name: "tidb_enable_chunk_rpc", scope: .session, type: .bool, defaultValue: "ON"),
        .init(name: "tx_isolation_one_shot", scope: .session, defaultValue: ""),
        .init(
            name: "tidb_optimizer_selectivity_level",
            scope: .session,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "0"
        ),
        .init(name: "tidb_enable_outer_join_reorder", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_null_aware_anti_join", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_ddl_reorg_priority",
            scope: .session,
            type: .enumeration(["PRIORITY_LOW", "PRIORITY_NORMAL", "PRIORITY_HIGH"]),
            defaultValue: "PRIORITY_LOW"
        ),
        .init(name: "tidb_slow_query_file", scope: .session, defaultValue: ""),
        .init(name: "tidb_wait_split_region_finish", scope: .session, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_wait_split_region_timeout",
            scope: .session,
            type: .unsigned(min: 1, max: 2_147_483_647),
            defaultValue: "300"
        ),
        .init(name: "tidb_low_resolution_tso", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_allow_remove_auto_inc", scope: .session, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_isolation_read_engines", scope: .session, defaultValue: "tikv,tiflash,tidb"),
        .init(
            name: "tidb_metric_query_step",
            scope: .session,
            type: .unsigned(min: 10, max: 216000),
            defaultValue: "60"
        ),
        .init(name: "tidb_cdc_write_source", scope: .session, type: .int(min: 0, max: 15), defaultValue: "0"),
        .init(
            name: "tidb_metric_query_range_duration",
            scope: .session,
            type: .unsigned(min: 10, max: 216000),
            defaultValue: "60"
        ),
        .init(name: "last_plan_from_cache", scope: .session, type: .bool, defaultValue: "OFF", isReadOnly: true),
        .init(name: "last_plan_from_binding", scope: .session, type: .bool, defaultValue: "OFF", isReadOnly: true),
        .init(name: "rand_seed1", scope: .session, type: .int(min: 0, max: 2_147_483_647), defaultValue: "0"),
        .init(name: "rand_seed2", scope: .session, type: .int(min: 0, max: 2_147_483_647), defaultValue: "0"),
        .init(name: "tidb_read_consistency", scope: .session, defaultValue: "strict", isHidden: true),
        .init(name: "tidb_last_ddl_info", scope: .session, defaultValue: "", isReadOnly: true),
        .init(name: "tidb_last_plan_replayer_token", scope: .session, defaultValue: "", isReadOnly: true),
        .init(name: "last_sql_use_alloc", scope: .session, type: .bool, defaultValue: "OFF", isReadOnly: true),
        .init(
            name: "tidb_request_source_type",
            scope: .session,
            type: .enumeration(["", "lightning", "br", "dumpling", "background", "ddl"]),
            defaultValue: ""
        ),
        .init(
            name: "tidb_log_file_max_days",
            scope: .instance,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "0"
        ),
        .init(name: "tidb_config", scope: .instance, defaultValue: "", isReadOnly: true),
        .init(name: "tidb_general_log", scope: .instance, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_slow_txn_log_threshold",
            scope: .session,
            type: .unsigned(min: 0, max: 9_223_372_036_854_775_807),
            defaultValue: "0"
        ),
        .init(
            name: "tidb_slow_log_threshold",
            scope: .instance,
            type: .int(min: -1, max: Int64.max),
            defaultValue: "300"
        ),
        .init(name: "tidb_record_plan_in_slow_log", scope: .instance, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_slow_log", scope: .instance, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_check_mb4_value_in_utf8", scope: .instance, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_pprof_sql_cpu", scope: .instance, type: .int(min: 0, max: 1), defaultValue: "0"),
        .init(
            name: "ddl_slow_threshold",
            scope: .instance,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "300"
        ),
        .init(
            name: "tidb_force_priority",
            scope: .instance,
            type: .enumeration(["NO_PRIORITY", "LOW_PRIORITY", "HIGH_PRIORITY", "DELAYED"]),
            defaultValue: "NO_PRIORITY"
        ),
        .init(
            name: "tidb_expensive_query_time_threshold",
            scope: .instance,
            type: .unsigned(min: 10, max: 2_147_483_647),
            defaultValue: "60"
        ),
        .init(
            name: "tidb_expensive_txn_time_threshold",
            scope: .instance,
            type: .unsigned(min: 60, max: 2_147_483_647),
            defaultValue: "600"
        ),
        .init(name: "tidb_enable_collect_execution_info", scope: .instance, type: .bool, defaultValue: "ON"),
        .init(name: "plugin_load", scope: .instance, defaultValue: "", isReadOnly: true),
        .init(name: "plugin_dir", scope: .instance, defaultValue: "/data/deploy/plugin", isReadOnly: true),
        .init(name: "max_connections", scope: .instance, type: .unsigned(min: 0, max: 100000), defaultValue: "0"),
        .init(name: "tidb_enable_ddl", scope: .instance, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_stats_owner", scope: .instance, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_rc_read_check_ts", scope: .instance, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_stmt_summary_enable_persistent", scope: .instance, defaultValue: "OFF", isReadOnly: true),
        .init(
            name: "tidb_stmt_summary_filename",
            scope: .instance,
            defaultValue: "tidb-statements.log",
            isReadOnly: true
        ),
        .init(name: "tidb_stmt_summary_file_max_days", scope: .instance, defaultValue: "3", isReadOnly: true),
        .init(name: "tidb_stmt_summary_file_max_size", scope: .instance, defaultValue: "64", isReadOnly: true),
        .init(name: "tidb_stmt_summary_file_max_backups", scope: .instance, defaultValue: "0", isReadOnly: true),
        .init(name: "max_prepared_stmt_count", scope: .global, type: .int(min: -1, max: 1_048_576), defaultValue: "-1"),
        .init(name: "init_connect", scope: .global, defaultValue: ""),
        .init(name: "validate_password.enable", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(
            name: "validate_password.policy",
            scope: .global,
            type: .enumeration(["LOW", "MEDIUM", "STRONG"]),
            defaultValue: "MEDIUM"
        ),
        .init(name: "validate_password.check_user_name", scope: .global, type: .bool, defaultValue: "ON"),
        .init(
            name: "validate_password.length",
            scope: .global,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "8"
        ),
        .init(
            name: "validate_password.mixed_case_count",
            scope: .global,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "1"
        ),
        .init(
            name: "validate_password.number_count",
            scope: .global,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "1"
        ),
        .init(
            name: "validate_password.special_char_count",
            scope: .global,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "1"
        ),
        .init(name: "validate_password.dictionary", scope: .global, defaultValue: ""),
        .init(name: "default_password_lifetime", scope: .global, type: .int(min: 0, max: 65535), defaultValue: "0"),
        .init(
            name: "disconnect_on_expired_password",
            scope: .global,
            type: .bool,
            defaultValue: "ON",
            isReadOnly: true
        ),
        .init(
            name: "tidb_tso_client_batch_max_wait_time",
            scope: .global,
            type: .float(min: 0, max: 10),
            defaultValue: "0"
        ),
        .init(name: "tidb_enable_tso_follower_proxy", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "pd_enable_follower_handle_region", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_local_txn", scope: .global, type: .bool, defaultValue: "OFF", isHidden: true),
        .init(
            name: "tidb_auto_analyze_ratio",
            scope: .global,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "0.5"
        ),
        .init(name: "tidb_auto_analyze_start_time", scope: .global, type: .time, defaultValue: "00:00 +0000"),
        .init(name: "tidb_auto_analyze_end_time", scope: .global, type: .time, defaultValue: "23:59 +0000"),
        .init(
            name: "tidb_mem_quota_binding_cache",
            scope: .global,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "67108864"
        ),
        .init(
            name: "tidb_ddl_flashback_concurrency",
            scope: .global,
            type: .unsigned(min: 1, max: 256),
            defaultValue: "64"
        ),
        .init(name: "tidb_ddl_reorg_worker_cnt", scope: .both, type: .unsigned(min: 1, max: 256), defaultValue: "4"),
        .init(
            name: "tidb_ddl_reorg_batch_size",
            scope: .both,
            type: .unsigned(min: 32, max: 10240),
            defaultValue: "256"
        ),
        .init(name: "tidb_ddl_reorg_max_write_speed", scope: .global, defaultValue: "0"),
        .init(
            name: "tidb_ddl_error_count_limit",
            scope: .global,
            type: .unsigned(min: 0, max: 9_223_372_036_854_775_807),
            defaultValue: "512"
        ),
        .init(
            name: "tidb_max_delta_schema_count",
            scope: .global,
            type: .unsigned(min: 100, max: 16384),
            defaultValue: "1024"
        ),
        .init(name: "tidb_scatter_region", scope: .both, defaultValue: ""),
        .init(name: "tidb_enable_stmt_summary", scope: .global, type: .bool, defaultValue: "ON", allowsEmpty: true),
        .init(
            name: "tidb_stmt_summary_internal_query",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            allowsEmpty: true
        ),
        .init(
            name: "tidb_stmt_summary_refresh_interval",
            scope: .global,
            type: .int(min: 1, max: 2_147_483_647),
            defaultValue: "1800",
            allowsEmpty: true
        ),
        .init(
            name: "tidb_stmt_summary_history_size",
            scope: .global,
            type: .int(min: 0, max: 255),
            defaultValue: "24",
            allowsEmpty: true
        ),
        .init(
            name: "tidb_stmt_summary_max_stmt_count",
            scope: .global,
            type: .int(min: 1, max: 32767),
            defaultValue: "3000",
            allowsEmpty: true
        ),
        .init(
            name: "tidb_stmt_summary_max_sql_length",
            scope: .global,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "4096",
            allowsEmpty: true
        ),
        .init(name: "tidb_capture_plan_baselines", scope: .global, type: .bool, defaultValue: "OFF", allowsEmpty: true),
        .init(
            name: "tidb_evolve_plan_task_max_time",
            scope: .global,
            type: .int(min: -1, max: Int64.max),
            defaultValue: "600"
        ),
        .init(name: "tidb_evolve_plan_task_start_time", scope: .global, type: .time, defaultValue: "00:00 +0000"),
        .init(name: "tidb_evolve_plan_task_end_time", scope: .global, type: .time, defaultValue: "23:59 +0000"),
        .init(name: "tidb_store_limit", scope: .global, type: .int(min: 0, max: Int64.max), defaultValue: "0"),
        .init(
            name: "tidb_txn_commit_batch_size",
            scope: .global,
            type: .unsigned(min: 1, max: 1_073_741_824),
            defaultValue: "16384"
        ),
        .init(name: "tidb_restricted_read_only", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_super_read_only", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_gogc_tuner", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_gogc_tuner_max_value", scope: .global, type: .int(min: 10, max: 0), defaultValue: "500"),
        .init(name: "tidb_gogc_tuner_min_value", scope: .global, type: .int(min: 10, max: 0), defaultValue: "100"),
        .init(name: "tidb_enable_telemetry", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_historical_stats", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_gc_enable", scope: .global, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_gc_run_interval",
            scope: .global,
            type: .duration(min: 600_000_000_000, max: 31_536_000_000_000_000),
            defaultValue: "10m0s"
        ),
        .init(
            name: "tidb_gc_life_time",
            scope: .global,
            type: .duration(min: 600_000_000_000, max: 31_536_000_000_000_000),
            defaultValue: "10m0s"
        ),
        .init(
            name: "tidb_gc_concurrency",
            scope: .global,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_gc_scan_lock_mode",
            scope: .global,
            type: .enumeration(["PHYSICAL", "LEGACY"]),
            defaultValue: "LEGACY"
        ),
        .init(
            name: "tidb_gc_max_wait_time",
            scope: .global,
            type: .int(min: 600, max: 31_536_000),
            defaultValue: "86400"
        ),
        .init(name: "tidb_table_cache_lease", scope: .global, type: .unsigned(min: 1, max: 10), defaultValue: "3"),
        .init(
            name: "tidb_auto_analyze_partition_batch_size",
            scope: .global,
            type: .unsigned(min: 1, max: 8192),
            defaultValue: "8192"
        ),
        .init(name: "tidb_enable_top_sql", scope: .global, type: .bool, defaultValue: "OFF", allowsEmpty: true),
        .init(name: "tidb_source_id", scope: .global, type: .int(min: 1, max: 15), defaultValue: "1"),
        .init(
            name: "tidb_top_sql_max_time_series_count",
            scope: .global,
            type: .int(min: 1, max: 5000),
            defaultValue: "100"
        ),
        .init(
            name: "tidb_top_sql_max_meta_count",
            scope: .global,
            type: .int(min: 1, max: 10000),
            defaultValue: "5000"
        ),
        .init(name: "skip_name_resolve", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(
            name: "default_authentication_plugin",
            scope: .global,
            type: .enumeration([
                "mysql_native_password", "caching_sha2_password", "tidb_sm3_password", "authentication_ldap_sasl",
                "authentication_ldap_simple",
            ]),
            defaultValue: "mysql_native_password"
        ),
        .init(name: "tidb_persist_analyze_options", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_auto_analyze", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_analyze_column_options", scope: .global, defaultValue: "PREDICATE"),
        .init(name: "tidb_enable_auto_analyze_priority_queue", scope: .global, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_gogc_tuner_threshold",
            scope: .global,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "0.6"
        ),
        .init(name: "tidb_server_memory_limit", scope: .global, defaultValue: "80%"),
        .init(name: "tidb_server_memory_limit_sess_min_size", scope: .global, defaultValue: "134217728"),
        .init(name: "tidb_server_memory_limit_gc_trigger", scope: .global, defaultValue: "0.7"),
        .init(name: "tidb_enable_column_tracking", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "require_secure_transport", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_stats_load_pseudo_timeout", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_batch_dml", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_stats_cache_mem_quota",
            scope: .global,
            type: .int(min: 0, max: 1_099_511_627_776),
            defaultValue: "0"
        ),
        .init(
            name: "tidb_query_log_max_len",
            scope: .global,
            type: .int(min: 0, max: 1_073_741_824),
            defaultValue: "4096"
        ),
        .init(name: "tidb_committer_concurrency", scope: .global, type: .int(min: 1, max: 10000), defaultValue: "128"),
        .init(name: "tidb_mem_quota_analyze", scope: .global, type: .int(min: -1, max: Int64.max), defaultValue: "-1"),
        .init(name: "tidb_enable_prepared_plan_cache", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_prepared_plan_cache_size",
            scope: .both,
            type: .unsigned(min: 1, max: 100000),
            defaultValue: "100"
        ),
        .init(name: "tidb_enable_prepared_plan_cache_memory_monitor", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_prepared_plan_cache_memory_guard_ratio",
            scope: .global,
            type: .float(min: 0, max: 1),
            defaultValue: "0.1"
        ),
        .init(name: "tidb_enable_non_prepared_plan_cache", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_non_prepared_plan_cache_for_dml", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_opt_enable_fuzzy_binding", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_non_prepared_plan_cache_size",
            scope: .both,
            type: .unsigned(min: 1, max: 100000),
            defaultValue: "100"
        ),
        .init(
            name: "tidb_plan_cache_max_plan_size",
            scope: .both,
            type: .unsigned(min: 0, max: UInt64.max),
            defaultValue: "2097152"
        ),
        .init(
            name: "tidb_session_plan_cache_size",
            scope: .both,
            type: .unsigned(min: 1, max: 100000),
            defaultValue: "100"
        ),
        .init(name: "tidb_enable_instance_plan_cache", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_instance_plan_cache_reserved_percentage",
            scope: .global,
            type: .float(min: 0, max: 1),
            defaultValue: "0.1"
        ),
        .init(name: "tidb_instance_plan_cache_max_size", scope: .global, defaultValue: "104857600"),
        .init(
            name: "tidb_mem_oom_action",
            scope: .global,
            type: .enumeration(["CANCEL", "LOG"]),
            defaultValue: "CANCEL"
        ),
        .init(
            name: "tidb_max_auto_analyze_time",
            scope: .global,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "43200"
        ),
        .init(
            name: "tidb_auto_analyze_concurrency",
            scope: .global,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "1"
        ),
        .init(name: "tidb_enable_metadata_lock", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_dist_task", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_fast_create_table", scope: .global, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_enable_noop_variables",
            scope: .global,
            type: .enumeration(["OFF", "ON"]),
            defaultValue: "ON"
        ),
        .init(name: "tidb_enable_gc_aware_memory_track", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_tmp_storage_on_oom", scope: .global, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_auto_build_stats_concurrency",
            scope: .global,
            type: .int(min: 1, max: 256),
            defaultValue: "1"
        ),
        .init(
            name: "tidb_sysproc_scan_concurrency",
            scope: .global,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "1"
        ),
        .init(name: "tidb_memory_usage_alarm_ratio", scope: .global, type: .float(min: 0, max: 1), defaultValue: "0.7"),
        .init(
            name: "tidb_memory_usage_alarm_keep_record_num",
            scope: .global,
            type: .int(min: 1, max: 10000),
            defaultValue: "5"
        ),
        .init(name: "password_history", scope: .global, type: .unsigned(min: 0, max: 4_294_967_295), defaultValue: "0"),
        .init(
            name: "password_reuse_interval",
            scope: .global,
            type: .unsigned(min: 0, max: 4_294_967_295),
            defaultValue: "0"
        ),
        .init(name: "tidb_enable_historical_stats_for_capture", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_historical_stats_duration",
            scope: .global,
            type: .duration(min: 1_000_000_000, max: 31_536_000_000_000_000),
            defaultValue: "168h0m0s"
        ),
        .init(
            name: "tidb_low_resolution_tso_update_interval",
            scope: .global,
            type: .int(min: 10, max: 60000),
            defaultValue: "2000"
        ),
        .init(name: "tidb_enable_plan_replayer_continuous_capture", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_plan_replayer_capture", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_row_format_version", scope: .both, type: .unsigned(min: 1, max: 2), defaultValue: "2"),
        .init(name: "tidb_enable_row_level_checksum", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(
            name: "sql_select_limit",
            scope: .both,
            type: .unsigned(min: 0, max: UInt64.max),
            defaultValue: "18446744073709551615"
        ),
        .init(name: "default_week_format", scope: .both, type: .unsigned(min: 0, max: 7), defaultValue: "0"),
        .init(
            name: "sql_mode",
            scope: .both,
            defaultValue:
                "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION"
        ),
        .init(
            name: "tidb_load_binding_timeout",
            scope: .global,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "200"
        ),
        .init(name: "max_execution_time", scope: .both, type: .unsigned(min: 0, max: 2_147_483_647), defaultValue: "0"),
        .init(
            name: "tikv_client_read_timeout",
            scope: .both,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "0"
        ),
        .init(name: "collation_server", scope: .both, defaultValue: "utf8mb4_bin"),
        .init(name: "default_collation_for_utf8mb4", scope: .both, defaultValue: "utf8mb4_bin"),
        .init(name: "time_zone", scope: .both, defaultValue: "SYSTEM"),
        .init(name: "foreign_key_checks", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_foreign_key", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "collation_database", scope: .both, defaultValue: "utf8mb4_bin"),
        .init(name: "auto_increment_increment", scope: .both, type: .unsigned(min: 1, max: 65535), defaultValue: "1"),
        .init(name: "auto_increment_offset", scope: .both, type: .unsigned(min: 1, max: 65535), defaultValue: "1"),
        .init(name: "character_set_client", scope: .both, defaultValue: "utf8mb4"),
        .init(name: "character_set_results", scope: .both, defaultValue: "utf8mb4", allowsEmpty: true),
        .init(
            name: "tx_isolation",
            scope: .both,
            type: .enumeration(["READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE"]),
            defaultValue: "REPEATABLE-READ"
        ),
        .init(
            name: "transaction_isolation",
            scope: .both,
            type: .enumeration(["READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE"]),
            defaultValue: "REPEATABLE-READ"
        ),
        .init(name: "collation_connection", scope: .both, defaultValue: "utf8mb4_bin"),
        .init(name: "autocommit", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "character_set_database", scope: .both, defaultValue: "utf8mb4"),
        .init(name: "wait_timeout", scope: .both, type: .unsigned(min: 0, max: 31_536_000), defaultValue: "28800"),
        .init(
            name: "interactive_timeout",
            scope: .both,
            type: .unsigned(min: 1, max: 31_536_000),
            defaultValue: "28800"
        ),
        .init(name: "innodb_lock_wait_timeout", scope: .both, type: .unsigned(min: 1, max: 3600), defaultValue: "50"),
        .init(
            name: "group_concat_max_len",
            scope: .both,
            type: .unsigned(min: 4, max: UInt64.max),
            defaultValue: "1024"
        ),
        .init(name: "character_set_connection", scope: .both, defaultValue: "utf8mb4"),
        .init(name: "character_set_server", scope: .both, defaultValue: "utf8mb4"),
        .init(
            name: "max_allowed_packet",
            scope: .both,
            type: .unsigned(min: 1024, max: 1_073_741_824),
            defaultValue: "67108864"
        ),
        .init(name: "windowing_use_high_precision", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "block_encryption_mode",
            scope: .both,
            type: .enumeration([
                "aes-128-ecb", "aes-192-ecb", "aes-256-ecb", "aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-ofb",
                "aes-192-ofb", "aes-256-ofb", "aes-128-cfb", "aes-192-cfb", "aes-256-cfb",
            ]),
            defaultValue: "aes-128-ecb"
        ),
        .init(name: "tidb_allow_mpp", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_allow_tiflash_cop", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tiflash_fastscan", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_mpp_store_fail_ttl", scope: .both, defaultValue: "60s"),
        .init(name: "tidb_hash_exchange_with_new_collation", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_broadcast_join_threshold_count",
            scope: .both,
            type: .int(min: 0, max: Int64.max),
            defaultValue: "10240"
        ),
        .init(
            name: "tidb_broadcast_join_threshold_size",
            scope: .both,
            type: .int(min: 0, max: Int64.max),
            defaultValue: "104857600"
        ),
        .init(name: "tidb_prefer_broadcast_join_by_exchange_data_size", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_build_stats_concurrency", scope: .both, type: .int(min: 1, max: 256), defaultValue: "2"),
        .init(
            name: "tidb_build_sampling_stats_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "2"
        ),
        .init(name: "tidb_opt_broadcast_cartesian_join", scope: .both, type: .int(min: 0, max: 2), defaultValue: "1"),
        .init(name: "tidb_opt_mpp_outer_join_fixed_build_side", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_executor_concurrency", scope: .both, type: .unsigned(min: 1, max: 256), defaultValue: "5"),
        .init(
            name: "tidb_distsql_scan_concurrency",
            scope: .both,
            type: .unsigned(min: 1, max: 256),
            defaultValue: "15"
        ),
        .init(
            name: "tidb_analyze_distsql_scan_concurrency",
            scope: .both,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "4"
        ),
        .init(name: "tidb_opt_insubq_to_join_and_agg", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_opt_prefer_range_scan", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_opt_limit_push_down_threshold",
            scope: .both,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "100"
        ),
        .init(name: "tidb_opt_correlation_threshold", scope: .both, type: .float(min: 0, max: 1), defaultValue: "0.9"),
        .init(name: "tidb_opt_enable_correlation_adjustment", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_opt_correlation_exp_factor",
            scope: .both,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "1"
        ),
        .init(
            name: "tidb_opt_cpu_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "3"
        ),
        .init(
            name: "tidb_opt_tiflash_concurrency_factor",
            scope: .both,
            type: .float(min: 1, max: 1.8446744073709552e19),
            defaultValue: "24"
        ),
        .init(
            name: "tidb_opt_copcpu_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "3"
        ),
        .init(
            name: "tidb_opt_network_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "1"
        ),
        .init(
            name: "tidb_opt_scan_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "1.5"
        ),
        .init(
            name: "tidb_opt_desc_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "3"
        ),
        .init(
            name: "tidb_opt_seek_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "20"
        ),
        .init(
            name: "tidb_opt_memory_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "0.001"
        ),
        .init(
            name: "tidb_opt_disk_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "1.5"
        ),
        .init(name: "tidb_enable_new_only_full_group_by_check", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_opt_concurrency_factor",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "3"
        ),
        .init(name: "tidb_opt_force_inline_cte", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_index_join_batch_size",
            scope: .both,
            type: .unsigned(min: 1, max: 2_147_483_647),
            defaultValue: "25000"
        ),
        .init(
            name: "tidb_index_lookup_size",
            scope: .both,
            type: .unsigned(min: 1, max: 2_147_483_647),
            defaultValue: "20000"
        ),
        .init(
            name: "tidb_index_lookup_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_index_lookup_join_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_index_serial_scan_concurrency",
            scope: .both,
            type: .unsigned(min: 1, max: 256),
            defaultValue: "1"
        ),
        .init(name: "tidb_skip_utf8_check", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_skip_ascii_check", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_dml_batch_size",
            scope: .both,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "0"
        ),
        .init(
            name: "tidb_max_chunk_size",
            scope: .both,
            type: .unsigned(min: 32, max: 2_147_483_647),
            defaultValue: "1024"
        ),
        .init(name: "tidb_allow_batch_cop", scope: .both, type: .int(min: 0, max: 2), defaultValue: "1"),
        .init(name: "tidb_shard_row_id_bits", scope: .both, type: .int(min: 0, max: 15), defaultValue: "0"),
        .init(name: "tidb_pre_split_regions", scope: .both, type: .int(min: 0, max: 15), defaultValue: "0"),
        .init(name: "tidb_init_chunk_size", scope: .both, type: .unsigned(min: 1, max: 32), defaultValue: "32"),
        .init(name: "tidb_enable_cascades_planner", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_index_merge", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_enable_table_partition",
            scope: .both,
            type: .enumeration(["OFF", "ON", "AUTO"]),
            defaultValue: "ON"
        ),
        .init(name: "tidb_enable_list_partition", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_hash_join_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(name: "tidb_projection_concurrency", scope: .both, type: .int(min: -1, max: 256), defaultValue: "-1"),
        .init(
            name: "tidb_hashagg_partial_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_hashagg_final_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_window_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_merge_join_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_streamagg_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_index_merge_intersection_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(name: "tidb_enable_parallel_apply", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_mem_quota_apply_cache",
            scope: .both,
            type: .unsigned(min: 0, max: 9_223_372_036_854_775_807),
            defaultValue: "33554432"
        ),
        .init(
            name: "tidb_backoff_lock_fast",
            scope: .both,
            type: .unsigned(min: 1, max: 2_147_483_647),
            defaultValue: "10"
        ),
        .init(
            name: "tidb_backoff_weight",
            scope: .both,
            type: .unsigned(min: 0, max: 2_147_483_647),
            defaultValue: "2"
        ),
        .init(
            name: "tidb_txn_entry_size_limit",
            scope: .both,
            type: .unsigned(min: 0, max: 125_829_120),
            defaultValue: "0"
        ),
        .init(name: "tidb_retry_limit", scope: .both, type: .int(min: -1, max: Int64.max), defaultValue: "10"),
        .init(name: "tidb_disable_txn_auto_retry", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_constraint_check_in_place", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_txn_mode",
            scope: .both,
            type: .enumeration(["pessimistic", "optimistic"]),
            defaultValue: "pessimistic",
            allowsEmpty: true
        ),
        .init(name: "tidb_enable_window_function", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_pipelined_window_function", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_strict_double_type_check", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_vectorized_expression", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_fast_analyze", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_skip_isolation_level_check", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_rate_limit_action", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_allow_fallback_to_tikv", scope: .both, defaultValue: ""),
        .init(name: "tidb_enable_auto_increment_in_generated", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_placement_mode",
            scope: .both,
            type: .enumeration(["STRICT", "IGNORE"]),
            defaultValue: "STRICT"
        ),
        .init(
            name: "tidb_opt_join_reorder_threshold",
            scope: .both,
            type: .unsigned(min: 0, max: 63),
            defaultValue: "0"
        ),
        .init(
            name: "tidb_enable_noop_functions",
            scope: .both,
            type: .enumeration(["OFF", "ON", "WARN"]),
            defaultValue: "OFF"
        ),
        .init(
            name: "tidb_replica_read",
            scope: .both,
            type: .enumeration([
                "leader", "prefer-leader", "follower", "leader-and-follower", "closest-replicas", "closest-adaptive",
                "learner",
            ]),
            defaultValue: "leader"
        ),
        .init(
            name: "tidb_adaptive_closest_read_threshold",
            scope: .both,
            type: .unsigned(min: 0, max: 9_223_372_036_854_775_807),
            defaultValue: "4096"
        ),
        .init(name: "tidb_use_plan_baselines", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_evolve_plan_baselines", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_extended_stats", scope: .both, type: .bool, defaultValue: "OFF", isHidden: true),
        .init(
            name: "cte_max_recursion_depth",
            scope: .both,
            type: .int(min: 0, max: 4_294_967_295),
            defaultValue: "1000"
        ),
        .init(name: "allow_auto_random_explicit_insert", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_enable_clustered_index",
            scope: .both,
            type: .enumeration(["OFF", "ON", "INT_ONLY"]),
            defaultValue: "ON"
        ),
        .init(name: "tidb_enable_global_index", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_partition_prune_mode",
            scope: .both,
            type: .enumeration(["static", "dynamic", "static-only", "dynamic-only"]),
            defaultValue: "dynamic"
        ),
        .init(name: "tidb_redact_log", scope: .both, type: .enumeration(["OFF", "ON", "MARKER"]), defaultValue: "OFF"),
        .init(
            name: "tidb_shard_allocate_step",
            scope: .both,
            type: .int(min: 1, max: Int64.max),
            defaultValue: "9223372036854775807"
        ),
        .init(name: "tidb_enable_async_commit", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_1pc", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_guarantee_linearizability", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_analyze_version", scope: .both, type: .int(min: 1, max: 2), defaultValue: "2"),
        .init(name: "tidb_hash_join_version", scope: .both, defaultValue: "legacy"),
        .init(name: "tidb_opt_enable_hash_join", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_index_merge_join", scope: .both, type: .bool, defaultValue: "OFF", isHidden: true),
        .init(name: "tidb_track_aggregate_memory_usage", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_multi_statement_mode",
            scope: .both,
            type: .enumeration(["OFF", "ON", "WARN"]),
            defaultValue: "OFF"
        ),
        .init(name: "tidb_enable_exchange_partition", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_tmp_table_max_size",
            scope: .both,
            type: .unsigned(min: 1_048_576, max: 137_438_953_472),
            defaultValue: "67108864"
        ),
        .init(name: "tidb_enable_ordered_result_mode", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_pseudo_for_outdated_stats", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_regard_null_as_point", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_paging", scope: .both, type: .bool, defaultValue: "ON", isHidden: true),
        .init(name: "tidb_enable_legacy_instance_scope", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_stats_load_sync_wait",
            scope: .both,
            type: .int(min: 0, max: 2_147_483_647),
            defaultValue: "100"
        ),
        .init(name: "tidb_sysdate_is_now", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_parallel_hashagg_spill", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_mutation_checker", scope: .both, type: .bool, defaultValue: "ON", isHidden: true),
        .init(
            name: "tidb_txn_assertion_level",
            scope: .both,
            type: .enumeration(["OFF", "FAST", "STRICT"]),
            defaultValue: "FAST",
            isHidden: true
        ),
        .init(
            name: "tidb_batch_pending_tiflash_count",
            scope: .both,
            type: .unsigned(min: 0, max: 4_294_967_295),
            defaultValue: "4000"
        ),
        .init(name: "tidb_ignore_prepared_cache_close_stmt", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_new_cost_interface", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_cost_model_version", scope: .both, type: .int(min: 1, max: 2), defaultValue: "2"),
        .init(
            name: "tidb_index_join_double_read_penalty_cost_rate",
            scope: .both,
            type: .float(min: 0, max: 1.8446744073709552e19),
            defaultValue: "0"
        ),
        .init(name: "tidb_rc_write_check_ts", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_remove_orderby_in_subquery", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_mem_quota_query",
            scope: .both,
            type: .int(min: -1, max: Int64.max),
            defaultValue: "1073741824"
        ),
        .init(name: "tidb_nontransactional_ignore_error", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tiflash_fine_grained_shuffle_stream_count",
            scope: .both,
            type: .int(min: -1, max: 1024),
            defaultValue: "0"
        ),
        .init(
            name: "tiflash_fine_grained_shuffle_batch_size",
            scope: .both,
            type: .unsigned(min: 1, max: UInt64.max),
            defaultValue: "8192"
        ),
        .init(name: "tidb_simplified_metrics", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_min_paging_size",
            scope: .both,
            type: .unsigned(min: 1, max: 9_223_372_036_854_775_807),
            defaultValue: "128"
        ),
        .init(
            name: "tidb_max_paging_size",
            scope: .both,
            type: .unsigned(min: 1, max: 9_223_372_036_854_775_807),
            defaultValue: "50000"
        ),
        .init(
            name: "tidb_memory_debug_mode_min_heap_inuse",
            scope: .session,
            type: .int(min: Int64.min, max: Int64.max),
            defaultValue: "0"
        ),
        .init(
            name: "tidb_memory_debug_mode_alarm_ratio",
            scope: .session,
            type: .int(min: 0, max: Int64.max),
            defaultValue: "0"
        ),
        .init(name: "sql_require_primary_key", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_analyze_snapshot", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_generate_binary_plan", scope: .global, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_default_string_match_selectivity",
            scope: .both,
            type: .float(min: 0, max: 1),
            defaultValue: "0.8"
        ),
        .init(name: "tidb_ddl_enable_fast_reorg", scope: .global, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_ddl_disk_quota",
            scope: .global,
            type: .int(min: 107_374_182_400, max: 1_125_899_906_842_624),
            defaultValue: "107374182400"
        ),
        .init(name: "tidb_cloud_storage_uri", scope: .global, defaultValue: ""),
        .init(name: "tidb_constraint_check_in_place_pessimistic", scope: .session, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_tiflash_read_for_write_stmt", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_unsafe_substitute", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_opt_range_max_size",
            scope: .both,
            type: .int(min: 0, max: Int64.max),
            defaultValue: "67108864"
        ),
        .init(name: "tidb_opt_advanced_join_hint", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_opt_use_invisible_indexes", scope: .session, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_analyze_partition_concurrency",
            scope: .both,
            type: .int(min: 1, max: 128),
            defaultValue: "2"
        ),
        .init(
            name: "tidb_merge_partition_stats_concurrency",
            scope: .both,
            type: .int(min: 1, max: 256),
            defaultValue: "1"
        ),
        .init(name: "tidb_enable_async_merge_global_stats", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_opt_prefix_index_single_scan", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_external_ts", scope: .global, defaultValue: "0"),
        .init(name: "tidb_enable_external_ts_read", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_reuse_chunk", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_ignore_inlist_plan_digest", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_ttl_job_enable", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_ttl_scan_batch_size", scope: .global, type: .int(min: 1, max: 10240), defaultValue: "500"),
        .init(name: "tidb_ttl_delete_batch_size", scope: .global, type: .int(min: 1, max: 10240), defaultValue: "100"),
        .init(
            name: "tidb_ttl_delete_rate_limit",
            scope: .global,
            type: .int(min: 0, max: Int64.max),
            defaultValue: "0"
        ),
        .init(name: "tidb_store_batch_size", scope: .both, type: .int(min: 0, max: 25000), defaultValue: "4"),
        .init(name: "mpp_exchange_compression_mode", scope: .both, defaultValue: "UNSPECIFIED"),
        .init(name: "mpp_version", scope: .both, defaultValue: "UNSPECIFIED"),
        .init(
            name: "tidb_ttl_job_schedule_window_start_time",
            scope: .global,
            type: .time,
            defaultValue: "00:00 +0000"
        ),
        .init(name: "tidb_ttl_job_schedule_window_end_time", scope: .global, type: .time, defaultValue: "23:59 +0000"),
        .init(name: "tidb_ttl_scan_worker_count", scope: .global, type: .unsigned(min: 1, max: 256), defaultValue: "4"),
        .init(
            name: "tidb_ttl_delete_worker_count",
            scope: .global,
            type: .unsigned(min: 1, max: 256),
            defaultValue: "4"
        ),
        .init(name: "tidb_enable_resource_control", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_resource_control_strict_mode", scope: .global, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_pessimistic_txn_fair_locking", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_plan_cache_for_param_limit", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_inl_join_inner_multi_pattern", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tiflash_compute_dispatch_policy", scope: .both, defaultValue: "consistent_hash"),
        .init(name: "tidb_enable_plan_cache_for_subquery", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_opt_enable_late_materialization", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tidb_load_based_replica_read_threshold",
            scope: .both,
            type: .duration(min: 0, max: 3_600_000_000_000),
            defaultValue: "1s"
        ),
        .init(
            name: "tidb_ttl_running_tasks",
            scope: .global,
            type: .int(min: 1, max: 256),
            defaultValue: "-1",
            allowsAutoValue: true
        ),
        .init(
            name: "tidb_opt_ordering_index_selectivity_threshold",
            scope: .both,
            type: .float(min: 0, max: 1),
            defaultValue: "0"
        ),
        .init(
            name: "tidb_opt_ordering_index_selectivity_ratio",
            scope: .both,
            type: .float(min: -1, max: 1),
            defaultValue: "-1"
        ),
        .init(name: "tidb_opt_enable_mpp_shared_cte_execution", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_opt_fix_control", scope: .both, defaultValue: ""),
        .init(
            name: "tidb_analyze_skip_column_types",
            scope: .both,
            defaultValue: "json,blob,mediumblob,longblob,mediumtext,longtext"
        ),
        .init(name: "tidb_plan_cache_invalidation_on_fresh_stats", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "tiflash_replica_read",
            scope: .both,
            type: .enumeration(["all_replicas", "closest_adaptive", "closest_replicas"]),
            defaultValue: "all_replicas"
        ),
        .init(name: "tidb_enable_fast_table_check", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_skip_missing_partition_stats", scope: .both, type: .bool, defaultValue: "ON"),
        .init(
            name: "authentication_ldap_sasl_auth_method_name",
            scope: .global,
            type: .enumeration(["SCRAM-SHA-1", "SCRAM-SHA-256", "GSSAPI"]),
            defaultValue: "SCRAM-SHA-1"
        ),
        .init(name: "authentication_ldap_sasl_server_host", scope: .global, defaultValue: ""),
        .init(
            name: "authentication_ldap_sasl_server_port",
            scope: .global,
            type: .int(min: 1, max: 65535),
            defaultValue: "389"
        ),
        .init(name: "authentication_ldap_sasl_tls", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "authentication_ldap_sasl_ca_path", scope: .global, defaultValue: ""),
        .init(name: "authentication_ldap_sasl_user_search_attr", scope: .global, defaultValue: "uid"),
        .init(name: "authentication_ldap_sasl_bind_base_dn", scope: .global, defaultValue: ""),
        .init(name: "authentication_ldap_sasl_bind_root_dn", scope: .global, defaultValue: ""),
        .init(name: "authentication_ldap_sasl_bind_root_pwd", scope: .global, defaultValue: ""),
        .init(
            name: "authentication_ldap_sasl_init_pool_size",
            scope: .global,
            type: .int(min: 1, max: 32767),
            defaultValue: "10"
        ),
        .init(
            name: "authentication_ldap_sasl_max_pool_size",
            scope: .global,
            type: .int(min: 1, max: 32767),
            defaultValue: "1000"
        ),
        .init(name: "authentication_ldap_simple_auth_method_name", scope: .global, defaultValue: "SIMPLE"),
        .init(name: "authentication_ldap_simple_server_host", scope: .global, defaultValue: ""),
        .init(
            name: "authentication_ldap_simple_server_port",
            scope: .global,
            type: .int(min: 1, max: 65535),
            defaultValue: "389"
        ),
        .init(name: "authentication_ldap_simple_tls", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "authentication_ldap_simple_ca_path", scope: .global, defaultValue: ""),
        .init(name: "authentication_ldap_simple_user_search_attr", scope: .global, defaultValue: "uid"),
        .init(name: "authentication_ldap_simple_bind_base_dn", scope: .global, defaultValue: ""),
        .init(name: "authentication_ldap_simple_bind_root_dn", scope: .global, defaultValue: ""),
        .init(name: "authentication_ldap_simple_bind_root_pwd", scope: .global, defaultValue: ""),
        .init(
            name: "authentication_ldap_simple_init_pool_size",
            scope: .global,
            type: .int(min: 1, max: 32767),
            defaultValue: "10"
        ),
        .init(
            name: "authentication_ldap_simple_max_pool_size",
            scope: .global,
            type: .int(min: 1, max: 32767),
            defaultValue: "1000"
        ),
        .init(name: "tidb_runtime_filter_type", scope: .both, defaultValue: "IN"),
        .init(name: "tidb_runtime_filter_mode", scope: .both, defaultValue: "OFF"),
        .init(name: "tidb_lock_unchanged_keys", scope: .both, type: .bool, defaultValue: "ON"),
        .init(name: "tidb_enable_check_constraint", scope: .global, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_schema_cache_size", scope: .global, defaultValue: "536870912"),
        .init(name: "tidb_session_alias", scope: .session, defaultValue: ""),
        .init(
            name: "tidb_opt_objective",
            scope: .both,
            type: .enumeration(["moderate", "determinate"]),
            defaultValue: "moderate"
        ),
        .init(name: "tidb_service_scope", scope: .instance, defaultValue: ""),
        .init(
            name: "tidb_schema_version_cache_limit",
            scope: .global,
            type: .int(min: 2, max: 255),
            defaultValue: "16",
            allowsEmpty: true
        ),
        .init(
            name: "tidb_idle_transaction_timeout",
            scope: .both,
            type: .unsigned(min: 0, max: 31_536_000),
            defaultValue: "0"
        ),
        .init(name: "div_precision_increment", scope: .both, type: .unsigned(min: 0, max: 30), defaultValue: "4"),
        .init(name: "tidb_dml_type", scope: .session, defaultValue: "STANDARD"),
        .init(name: "tiflash_hashagg_preaggregation_mode", scope: .both, defaultValue: "force_preagg"),
        .init(name: "tidb_enable_lazy_cursor_fetch", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(name: "tidb_enable_shared_lock_promotion", scope: .both, type: .bool, defaultValue: "OFF"),
        .init(
            name: "tidb_tso_client_rpc_mode",
            scope: .global,
            type: .enumeration(["DEFAULT", "PARALLEL", "PARALLEL-FAST"]),
            defaultValue: "DEFAULT"
        ),
        .init(name: "tx_read_only", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "transaction_read_only", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "offline_mode", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "super_read_only", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "read_only", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(
            name: "connect_timeout",
            scope: .global,
            type: .unsigned(min: 2, max: 31_536_000),
            defaultValue: "10",
            isNoop: true
        ),
        .init(name: "query_cache_wlock_invalidate", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "sql_buffer_result", scope: .both, defaultValue: "OFF", isNoop: true),
        .init(
            name: "myisam_use_mmap",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "gtid_mode", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(
            name: "flush_time",
            scope: .global,
            type: .unsigned(min: 0, max: 31_536_000),
            defaultValue: "0",
            isNoop: true
        ),
        .init(name: "performance_schema_max_mutex_classes", scope: .none, defaultValue: "200", isNoop: true),
        .init(name: "low_priority_updates", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(
            name: "session_track_gtids",
            scope: .both,
            type: .enumeration(["OFF", "OWN_GTID", "ALL_GTIDS"]),
            defaultValue: "OFF",
            isNoop: true
        ),
        .init(name: "ndbinfo_max_rows", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "ndb_index_stat_option", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "old_passwords", scope: .both, type: .unsigned(min: 0, max: 2), defaultValue: "0", isNoop: true),
        .init(name: "innodb_version", scope: .none, defaultValue: "5.6.25", isNoop: true),
        .init(name: "big_tables", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "skip_external_locking", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "innodb_sync_array_size", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "gtid_next", scope: .session, defaultValue: "", isNoop: true),
        .init(name: "ndb_show_foreign_key_mock_tables", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "multi_range_count", scope: .none, defaultValue: "256", isNoop: true),
        .init(name: "binlog_error_action", scope: .both, defaultValue: "IGNORE_ERROR", isNoop: true),
        .init(name: "default_storage_engine", scope: .both, defaultValue: "InnoDB", isNoop: true),
        .init(name: "ft_query_expansion_limit", scope: .none, defaultValue: "20", isNoop: true),
        .init(
            name: "max_connect_errors",
            scope: .global,
            type: .unsigned(min: 1, max: UInt64.max),
            defaultValue: "100",
            isNoop: true
        ),
        .init(
            name: "sync_binlog",
            scope: .global,
            type: .unsigned(min: 0, max: 4_294_967_295),
            defaultValue: "0",
            isNoop: true
        ),
        .init(name: "max_digest_length", scope: .none, defaultValue: "1024", isNoop: true),
        .init(name: "innodb_force_load_corrupted", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "performance_schema_max_table_handles", scope: .none, defaultValue: "4000", isNoop: true),
        .init(
            name: "innodb_fast_shutdown",
            scope: .global,
            type: .unsigned(min: 0, max: 2),
            defaultValue: "1",
            isNoop: true
        ),
        .init(name: "ft_max_word_len", scope: .none, defaultValue: "84", isNoop: true),
        .init(name: "log_backward_compatible_user_definitions", scope: .global, defaultValue: "", isNoop: true),
        .init(
            name: "lc_messages_dir",
            scope: .none,
            defaultValue: "/usr/local/mysql-5.6.25-osx10.8-x86_64/share/",
            isNoop: true
        ),
        .init(name: "ft_boolean_syntax", scope: .global, defaultValue: "+ -><()~*:\"\"&|", isNoop: true),
        .init(
            name: "table_definition_cache",
            scope: .global,
            type: .unsigned(min: 400, max: 524288),
            defaultValue: "2000",
            isNoop: true
        ),
        .init(name: "performance_schema_max_file_handles", scope: .none, defaultValue: "32768", isNoop: true),
        .init(name: "transaction_allow_batching", scope: .session, defaultValue: "", isNoop: true),
        .init(name: "performance_schema_max_statement_classes", scope: .none, defaultValue: "168", isNoop: true),
        .init(name: "server_id", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "innodb_flushing_avg_loops", scope: .global, defaultValue: "30", isNoop: true),
        .init(name: "innodb_max_purge_lag", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "preload_buffer_size", scope: .both, defaultValue: "32768", isNoop: true),
        .init(name: "check_proxy_users", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "have_query_cache", scope: .none, defaultValue: "YES", isNoop: true),
        .init(name: "innodb_flush_log_at_timeout", scope: .global, defaultValue: "1", isNoop: true),
        .init(name: "innodb_max_undo_log_size", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "range_alloc_block_size", scope: .both, defaultValue: "4096", isNoop: true),
        .init(name: "have_rtree_keys", scope: .none, defaultValue: "YES", isNoop: true),
        .init(name: "innodb_old_blocks_pct", scope: .global, defaultValue: "37", isNoop: true),
        .init(
            name: "innodb_file_format",
            scope: .global,
            type: .enumeration(["Antelope", "Barracuda"]),
            defaultValue: "Barracuda",
            isNoop: true
        ),
        .init(
            name: "innodb_default_row_format",
            scope: .global,
            type: .enumeration(["redundant", "compact", "dynamic"]),
            defaultValue: "dynamic",
            isNoop: true
        ),
        .init(name: "innodb_compression_failure_threshold_pct", scope: .global, defaultValue: "5", isNoop: true),
        .init(
            name: "performance_schema_events_waits_history_long_size",
            scope: .none,
            defaultValue: "10000",
            isNoop: true
        ),
        .init(name: "innodb_checksum_algorithm", scope: .global, defaultValue: "innodb", isNoop: true),
        .init(name: "innodb_ft_sort_pll_degree", scope: .none, defaultValue: "2", isNoop: true),
        .init(name: "thread_stack", scope: .none, defaultValue: "262144", isNoop: true),
        .init(name: "relay_log_info_repository", scope: .global, defaultValue: "FILE", isNoop: true),
        .init(name: "max_delayed_threads", scope: .both, defaultValue: "20", isNoop: true),
        .init(name: "protocol_version", scope: .none, defaultValue: "10", isNoop: true),
        .init(name: "new", scope: .both, defaultValue: "OFF", isNoop: true),
        .init(name: "myisam_sort_buffer_size", scope: .both, defaultValue: "8388608", isNoop: true),
        .init(name: "optimizer_trace_offset", scope: .both, defaultValue: "-1", isNoop: true),
        .init(name: "innodb_buffer_pool_dump_at_shutdown", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "sql_notes", scope: .both, defaultValue: "1", isNoop: true),
        .init(
            name: "innodb_cmp_per_index_enabled",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "innodb_ft_server_stopword_table", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "performance_schema_max_file_instances", scope: .none, defaultValue: "7693", isNoop: true),
        .init(name: "log_output", scope: .none, defaultValue: "FILE", isNoop: true),
        .init(name: "binlog_group_commit_sync_delay", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "binlog_group_commit_sync_no_delay_count", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "have_crypt", scope: .none, defaultValue: "YES", isNoop: true),
        .init(name: "innodb_log_write_ahead_size", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_log_group_home_dir", scope: .none, defaultValue: "./", isNoop: true),
        .init(
            name: "performance_schema_events_statements_history_size",
            scope: .none,
            defaultValue: "10",
            isNoop: true
        ),
        .init(name: "general_log", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "binlog_order_commits", scope: .global, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "key_cache_division_limit", scope: .global, defaultValue: "100", isNoop: true),
        .init(name: "max_insert_delayed_threads", scope: .both, defaultValue: "20", isNoop: true),
        .init(name: "performance_schema_session_connect_attrs_size", scope: .none, defaultValue: "512", isNoop: true),
        .init(name: "innodb_max_dirty_pages_pct", scope: .global, defaultValue: "75", isNoop: true),
        .init(
            name: "innodb_file_per_table",
            scope: .global,
            type: .bool,
            defaultValue: "ON",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "innodb_log_compressed_pages", scope: .global, defaultValue: "1", isNoop: true),
        .init(name: "skip_networking", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "innodb_monitor_reset", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "ssl_cipher", scope: .none, defaultValue: "", isNoop: true),
        .init(name: "tls_version", scope: .none, defaultValue: "TLSv1,TLSv1.1,TLSv1.2", isNoop: true),
        .init(
            name: "innodb_print_all_deadlocks",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "innodb_autoinc_lock_mode", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "key_buffer_size", scope: .global, defaultValue: "8388608", isNoop: true),
        .init(name: "host_cache_size", scope: .global, defaultValue: "279", isNoop: true),
        .init(
            name: "delay_key_write",
            scope: .global,
            type: .enumeration(["OFF", "ON", "ALL"]),
            defaultValue: "ON",
            isNoop: true
        ),
        .init(name: "metadata_locks_cache_size", scope: .none, defaultValue: "1024", isNoop: true),
        .init(name: "innodb_force_recovery", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "innodb_file_format_max", scope: .global, defaultValue: "Antelope", isNoop: true),
        .init(name: "debug", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "log_warnings", scope: .global, defaultValue: "1", isNoop: true),
        .init(
            name: "innodb_strict_mode",
            scope: .both,
            type: .bool,
            defaultValue: "ON",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "innodb_rollback_segments", scope: .global, defaultValue: "128", isNoop: true),
        .init(name: "join_buffer_size", scope: .both, defaultValue: "262144", isNoop: true),
        .init(name: "innodb_mirrored_log_groups", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "max_binlog_size", scope: .global, defaultValue: "1073741824", isNoop: true),
        .init(name: "concurrent_insert", scope: .global, defaultValue: "AUTO", isNoop: true),
        .init(
            name: "innodb_adaptive_hash_index",
            scope: .global,
            type: .bool,
            defaultValue: "ON",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(
            name: "innodb_ft_enable_stopword",
            scope: .global,
            type: .bool,
            defaultValue: "ON",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(
            name: "general_log_file",
            scope: .global,
            defaultValue: "/usr/local/mysql/data/localhost.log",
            isNoop: true
        ),
        .init(name: "innodb_support_xa", scope: .both, defaultValue: "1", isNoop: true),
        .init(name: "innodb_compression_level", scope: .global, defaultValue: "6", isNoop: true),
        .init(name: "innodb_file_format_check", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "myisam_mmap_size", scope: .none, defaultValue: "18446744073709551615", isNoop: true),
        .init(name: "innodb_buffer_pool_instances", scope: .none, defaultValue: "8", isNoop: true),
        .init(name: "max_length_for_sort_data", scope: .both, defaultValue: "1024", isNoop: true),
        .init(name: "character_set_system", scope: .none, defaultValue: "utf8", isNoop: true),
        .init(name: "character_set_filesystem", scope: .both, defaultValue: "binary", isNoop: true),
        .init(name: "innodb_optimize_fulltext_only", scope: .global, defaultValue: "0", isNoop: true),
        .init(
            name: "character_sets_dir",
            scope: .none,
            defaultValue: "/usr/local/mysql-5.6.25-osx10.8-x86_64/share/charsets/",
            isNoop: true
        ),
        .init(
            name: "query_cache_type",
            scope: .both,
            type: .enumeration(["OFF", "ON", "DEMAND"]),
            defaultValue: "OFF",
            isNoop: true
        ),
        .init(name: "innodb_rollback_on_timeout", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "query_alloc_block_size", scope: .both, defaultValue: "8192", isNoop: true),
        .init(name: "have_compress", scope: .none, defaultValue: "YES", isNoop: true),
        .init(name: "thread_concurrency", scope: .none, defaultValue: "10", isNoop: true),
        .init(name: "query_prealloc_size", scope: .both, defaultValue: "8192", isNoop: true),
        .init(name: "relay_log_space_limit", scope: .none, defaultValue: "0", isNoop: true),
        .init(
            name: "max_user_connections",
            scope: .both,
            type: .unsigned(min: 0, max: 4_294_967_295),
            defaultValue: "0",
            isNoop: true
        ),
        .init(name: "performance_schema_max_thread_classes", scope: .none, defaultValue: "50", isNoop: true),
        .init(name: "innodb_api_trx_level", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "performance_schema_max_file_classes", scope: .none, defaultValue: "50", isNoop: true),
        .init(name: "expire_logs_days", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "binlog_rows_query_log_events", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "pid_file", scope: .none, defaultValue: "/usr/local/mysql/data/localhost.pid", isNoop: true),
        .init(name: "innodb_undo_tablespaces", scope: .none, defaultValue: "0", isNoop: true),
        .init(
            name: "innodb_status_output_locks",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "performance_schema_accounts_size", scope: .none, defaultValue: "100", isNoop: true),
        .init(name: "max_error_count", scope: .both, defaultValue: "64", isNoop: true),
        .init(name: "max_write_lock_count", scope: .global, defaultValue: "18446744073709551615", isNoop: true),
        .init(name: "performance_schema_max_socket_instances", scope: .none, defaultValue: "322", isNoop: true),
        .init(name: "performance_schema_max_table_instances", scope: .none, defaultValue: "12500", isNoop: true),
        .init(name: "innodb_stats_persistent_sample_pages", scope: .global, defaultValue: "20", isNoop: true),
        .init(name: "show_compatibility_56", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_open_files", scope: .none, defaultValue: "2000", isNoop: true),
        .init(name: "innodb_spin_wait_delay", scope: .global, defaultValue: "6", isNoop: true),
        .init(name: "thread_cache_size", scope: .global, defaultValue: "9", isNoop: true),
        .init(name: "log_slow_admin_statements", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "innodb_checksums", scope: .none, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "ft_stopword_file", scope: .none, defaultValue: "(built-in)", isNoop: true),
        .init(name: "innodb_max_dirty_pages_pct_lwm", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "log_queries_not_using_indexes", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "max_heap_table_size", scope: .both, defaultValue: "16777216", isNoop: true),
        .init(
            name: "tmp_table_size",
            scope: .both,
            type: .unsigned(min: 1024, max: UInt64.max),
            defaultValue: "16777216",
            isNoop: true
        ),
        .init(name: "innodb_lru_scan_depth", scope: .global, defaultValue: "1024", isNoop: true),
        .init(name: "innodb_purge_rseg_truncate_frequency", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "sql_auto_is_null", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "innodb_api_enable_binlog", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "innodb_ft_user_stopword_table", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "server_id_bits", scope: .none, defaultValue: "32", isNoop: true),
        .init(name: "innodb_log_checksum_algorithm", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_buffer_pool_load_at_startup", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "sort_buffer_size", scope: .both, defaultValue: "262144", isNoop: true),
        .init(name: "innodb_flush_neighbors", scope: .global, defaultValue: "1", isNoop: true),
        .init(name: "innodb_use_sys_malloc", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "performance_schema_max_socket_classes", scope: .none, defaultValue: "10", isNoop: true),
        .init(name: "performance_schema_max_stage_classes", scope: .none, defaultValue: "150", isNoop: true),
        .init(name: "innodb_purge_batch_size", scope: .global, defaultValue: "300", isNoop: true),
        .init(name: "have_profiling", scope: .none, defaultValue: "NO", isNoop: true),
        .init(
            name: "innodb_buffer_pool_dump_now",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "relay_log_purge", scope: .global, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "ndb_distribution", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "myisam_data_pointer_size", scope: .global, defaultValue: "6", isNoop: true),
        .init(name: "ndb_optimization_delay", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_ft_num_word_optimize", scope: .global, defaultValue: "2000", isNoop: true),
        .init(name: "max_join_size", scope: .both, defaultValue: "18446744073709551615", isNoop: true),
        .init(name: "core_file", scope: .none, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "max_seeks_for_key", scope: .both, defaultValue: "18446744073709551615", isNoop: true),
        .init(name: "innodb_log_buffer_size", scope: .none, defaultValue: "8388608", isNoop: true),
        .init(name: "delayed_insert_timeout", scope: .global, defaultValue: "300", isNoop: true),
        .init(name: "max_relay_log_size", scope: .global, defaultValue: "0", isNoop: true),
        .init(
            name: "max_sort_length",
            scope: .both,
            type: .unsigned(min: 4, max: 8_388_608),
            defaultValue: "1024",
            isNoop: true
        ),
        .init(name: "metadata_locks_hash_instances", scope: .none, defaultValue: "8", isNoop: true),
        .init(name: "ndb_eventbuffer_free_percent", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "large_files_support", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "binlog_max_flush_queue_time", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "innodb_fill_factor", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "log_syslog_facility", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_ft_min_token_size", scope: .none, defaultValue: "3", isNoop: true),
        .init(name: "transaction_write_set_extraction", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "ndb_blob_write_batch_bytes", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "automatic_sp_privileges", scope: .global, defaultValue: "1", isNoop: true),
        .init(name: "innodb_flush_sync", scope: .global, defaultValue: "", isNoop: true),
        .init(
            name: "performance_schema_events_statements_history_long_size",
            scope: .none,
            defaultValue: "10000",
            isNoop: true
        ),
        .init(name: "innodb_monitor_disable", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_doublewrite", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "log_bin_use_v1_row_events", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "innodb_optimize_point_storage", scope: .session, defaultValue: "", isNoop: true),
        .init(name: "innodb_api_disable_rowlock", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "innodb_adaptive_flushing_lwm", scope: .global, defaultValue: "10", isNoop: true),
        .init(name: "innodb_log_files_in_group", scope: .none, defaultValue: "2", isNoop: true),
        .init(
            name: "innodb_buffer_pool_load_now",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "performance_schema_max_rwlock_classes", scope: .none, defaultValue: "40", isNoop: true),
        .init(name: "binlog_gtid_simple_recovery", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "performance_schema_digests_size", scope: .none, defaultValue: "10000", isNoop: true),
        .init(name: "profiling", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "sha256_password_proxy_users", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "sql_quote_show_create", scope: .both, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "binlogging_impossible_mode", scope: .both, defaultValue: "IGNORE_ERROR", isNoop: true),
        .init(name: "query_cache_size", scope: .both, defaultValue: "1048576", isNoop: true),
        .init(name: "innodb_stats_transient_sample_pages", scope: .global, defaultValue: "8", isNoop: true),
        .init(name: "innodb_stats_on_metadata", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "server_uuid", scope: .none, defaultValue: "00000000-0000-0000-0000-000000000000", isNoop: true),
        .init(name: "open_files_limit", scope: .none, defaultValue: "5000", isNoop: true),
        .init(name: "ndb_force_send", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "skip_show_database", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "log_timestamps", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "event_scheduler", scope: .global, defaultValue: "OFF", isNoop: true),
        .init(name: "ndb_deferred_constraints", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "log_syslog_include_pid", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_ft_cache_size", scope: .none, defaultValue: "8000000", isNoop: true),
        .init(name: "innodb_disable_sort_file_cache", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "log_error_verbosity", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "performance_schema_hosts_size", scope: .none, defaultValue: "100", isNoop: true),
        .init(name: "innodb_replication_delay", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "slow_query_log", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "debug_sync", scope: .session, defaultValue: "", isNoop: true),
        .init(name: "innodb_stats_auto_recalc", scope: .global, defaultValue: "1", isNoop: true),
        .init(name: "lc_messages", scope: .both, defaultValue: "en_US", isNoop: true),
        .init(name: "bulk_insert_buffer_size", scope: .both, defaultValue: "8388608", isNoop: true),
        .init(
            name: "binlog_direct_non_transactional_updates",
            scope: .both,
            type: .bool,
            defaultValue: "OFF",
            isNoop: true
        ),
        .init(name: "innodb_change_buffering", scope: .global, defaultValue: "all", isNoop: true),
        .init(name: "sql_big_selects", scope: .both, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "innodb_max_purge_lag_delay", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "session_track_schema", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "innodb_io_capacity_max", scope: .global, defaultValue: "2000", isNoop: true),
        .init(name: "innodb_autoextend_increment", scope: .global, defaultValue: "64", isNoop: true),
        .init(name: "binlog_format", scope: .both, defaultValue: "STATEMENT", isNoop: true),
        .init(name: "optimizer_trace", scope: .both, defaultValue: "enabled=off,one_line=off", isNoop: true),
        .init(name: "read_rnd_buffer_size", scope: .both, defaultValue: "262144", isNoop: true),
        .init(name: "net_write_timeout", scope: .both, defaultValue: "60", isNoop: true),
        .init(
            name: "innodb_buffer_pool_load_abort",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "transaction_prealloc_size", scope: .both, defaultValue: "4096", isNoop: true),
        .init(name: "performance_schema_setup_objects_size", scope: .none, defaultValue: "100", isNoop: true),
        .init(name: "sync_relay_log", scope: .global, defaultValue: "10000", isNoop: true),
        .init(name: "innodb_ft_result_cache_limit", scope: .global, defaultValue: "2000000000", isNoop: true),
        .init(name: "innodb_sort_buffer_size", scope: .none, defaultValue: "1048576", isNoop: true),
        .init(name: "innodb_ft_enable_diag_print", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "thread_handling", scope: .none, defaultValue: "one-thread-per-connection", isNoop: true),
        .init(name: "stored_program_cache", scope: .global, defaultValue: "256", isNoop: true),
        .init(name: "performance_schema_max_mutex_instances", scope: .none, defaultValue: "15906", isNoop: true),
        .init(name: "innodb_adaptive_max_sleep_delay", scope: .global, defaultValue: "150000", isNoop: true),
        .init(name: "large_pages", scope: .none, defaultValue: "OFF", isNoop: true),
        .init(name: "session_track_system_variables", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "innodb_change_buffer_max_size", scope: .global, defaultValue: "25", isNoop: true),
        .init(name: "log_bin_trust_function_creators", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "innodb_write_io_threads", scope: .none, defaultValue: "4", isNoop: true),
        .init(name: "mysql_native_password_proxy_users", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "large_page_size", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "table_open_cache_instances", scope: .none, defaultValue: "1", isNoop: true),
        .init(
            name: "innodb_stats_persistent",
            scope: .global,
            type: .bool,
            defaultValue: "ON",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "session_track_state_change", scope: .both, defaultValue: "", isNoop: true),
        .init(
            name: "optimizer_switch",
            scope: .none,
            defaultValue:
                "index_merge=on,index_merge_union=on,index_merge_sort_union=on,index_merge_intersection=on,engine_condition_pushdown=on,index_condition_pushdown=on,mrr=on,mrr_cost_based=on,block_nested_loop=on,batched_key_access=off,materialization=on,semijoin=on,loosescan=on,firstmatch=on,subquery_materialization_cost_based=on,use_index_extensions=on",
            isNoop: true
        ),
        .init(name: "delayed_queue_size", scope: .global, defaultValue: "1000", isNoop: true),
        .init(name: "innodb_read_only", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "datetime_format", scope: .none, defaultValue: "%Y-%m-%d %H:%i:%s", isNoop: true),
        .init(name: "log_syslog", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "transaction_alloc_block_size", scope: .both, defaultValue: "8192", isNoop: true),
        .init(name: "innodb_large_prefix", scope: .global, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "performance_schema_max_cond_classes", scope: .none, defaultValue: "80", isNoop: true),
        .init(name: "innodb_io_capacity", scope: .global, defaultValue: "200", isNoop: true),
        .init(name: "max_binlog_cache_size", scope: .global, defaultValue: "18446744073709547520", isNoop: true),
        .init(name: "ndb_index_stat_enable", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "executed_gtids_compression_period", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "time_format", scope: .none, defaultValue: "%H:%i:%s", isNoop: true),
        .init(name: "old_alter_table", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "long_query_time", scope: .both, defaultValue: "10.000000", isNoop: true),
        .init(name: "innodb_use_native_aio", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "log_throttle_queries_not_using_indexes", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "locked_in_memory", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "innodb_api_enable_mdl", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "binlog_cache_size", scope: .global, defaultValue: "32768", isNoop: true),
        .init(name: "innodb_compression_pad_pct_max", scope: .global, defaultValue: "50", isNoop: true),
        .init(
            name: "innodb_commit_concurrency",
            scope: .global,
            type: .unsigned(min: 0, max: 1000),
            defaultValue: "0",
            isNoop: true
        ),
        .init(name: "ft_min_word_len", scope: .none, defaultValue: "4", isNoop: true),
        .init(
            name: "enforce_gtid_consistency",
            scope: .global,
            type: .enumeration(["OFF", "ON", "WARN"]),
            defaultValue: "OFF",
            isNoop: true
        ),
        .init(name: "secure_auth", scope: .global, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "max_tmp_tables", scope: .none, defaultValue: "32", isNoop: true),
        .init(
            name: "innodb_random_read_ahead",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "unique_checks", scope: .both, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "internal_tmp_disk_storage_engine", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "myisam_repair_threads", scope: .both, defaultValue: "1", isNoop: true),
        .init(name: "ndb_eventbuffer_max_alloc", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_read_ahead_threshold", scope: .global, defaultValue: "56", isNoop: true),
        .init(name: "key_cache_block_size", scope: .global, defaultValue: "1024", isNoop: true),
        .init(name: "ndb_recv_thread_cpu_mask", scope: .none, defaultValue: "", isNoop: true),
        .init(name: "gtid_purged", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "max_binlog_stmt_cache_size", scope: .global, defaultValue: "18446744073709547520", isNoop: true),
        .init(name: "lock_wait_timeout", scope: .both, defaultValue: "31536000", isNoop: true),
        .init(name: "read_buffer_size", scope: .both, defaultValue: "131072", isNoop: true),
        .init(name: "innodb_read_io_threads", scope: .none, defaultValue: "4", isNoop: true),
        .init(
            name: "max_sp_recursion_depth",
            scope: .both,
            type: .unsigned(min: 0, max: 255),
            defaultValue: "0",
            isNoop: true
        ),
        .init(name: "ignore_builtin_innodb", scope: .none, defaultValue: "0", isNoop: true),
        .init(
            name: "slow_query_log_file",
            scope: .global,
            defaultValue: "/usr/local/mysql/data/localhost-slow.log",
            isNoop: true
        ),
        .init(name: "innodb_thread_sleep_delay", scope: .global, defaultValue: "10000", isNoop: true),
        .init(name: "innodb_ft_aux_table", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "sql_warnings", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "keep_files_on_create", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "innodb_data_file_path", scope: .none, defaultValue: "ibdata1:12M:autoextend", isNoop: true),
        .init(name: "performance_schema_setup_actors_size", scope: .none, defaultValue: "100", isNoop: true),
        .init(name: "innodb_additional_mem_pool_size", scope: .none, defaultValue: "8388608", isNoop: true),
        .init(name: "log_error", scope: .none, defaultValue: "/usr/local/mysql/data/localhost.err", isNoop: true),
        .init(name: "binlog_stmt_cache_size", scope: .global, defaultValue: "32768", isNoop: true),
        .init(name: "relay_log_info_file", scope: .none, defaultValue: "relay-log.info", isNoop: true),
        .init(name: "innodb_ft_total_cache_size", scope: .none, defaultValue: "640000000", isNoop: true),
        .init(name: "performance_schema_max_rwlock_instances", scope: .none, defaultValue: "9102", isNoop: true),
        .init(name: "table_open_cache", scope: .global, defaultValue: "2000", isNoop: true),
        .init(
            name: "performance_schema_events_stages_history_long_size",
            scope: .none,
            defaultValue: "10000",
            isNoop: true
        ),
        .init(name: "insert_id", scope: .session, defaultValue: "", isNoop: true),
        .init(name: "default_tmp_storage_engine", scope: .both, defaultValue: "InnoDB", isNoop: true),
        .init(name: "optimizer_search_depth", scope: .both, defaultValue: "62", isNoop: true),
        .init(name: "max_points_in_geometry", scope: .both, defaultValue: "65536", isNoop: true),
        .init(name: "innodb_stats_sample_pages", scope: .global, defaultValue: "8", isNoop: true),
        .init(name: "profiling_history_size", scope: .both, defaultValue: "15", isNoop: true),
        .init(name: "have_symlink", scope: .none, defaultValue: "YES", isNoop: true),
        .init(name: "storage_engine", scope: .both, defaultValue: "InnoDB", isNoop: true),
        .init(name: "sql_log_off", scope: .both, defaultValue: "0", isNoop: true),
        .init(name: "explicit_defaults_for_timestamp", scope: .none, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "performance_schema_events_waits_history_size", scope: .none, defaultValue: "10", isNoop: true),
        .init(name: "log_syslog_tag", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_undo_log_truncate", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_create_intrinsic", scope: .session, defaultValue: "", isNoop: true),
        .init(name: "gtid_executed_compression_period", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "ndb_log_empty_epochs", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "have_geometry", scope: .none, defaultValue: "YES", isNoop: true),
        .init(name: "optimizer_trace_max_mem_size", scope: .both, defaultValue: "16384", isNoop: true),
        .init(name: "net_retry_count", scope: .both, defaultValue: "10", isNoop: true),
        .init(name: "ndb_table_no_logging", scope: .session, defaultValue: "", isNoop: true),
        .init(
            name: "optimizer_trace_features",
            scope: .both,
            defaultValue: "greedy_search=on,range_optimizer=on,dynamic_range=on,repeated_subselect=on",
            isNoop: true
        ),
        .init(name: "innodb_flush_log_at_trx_commit", scope: .global, defaultValue: "1", isNoop: true),
        .init(name: "rewriter_enabled", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "query_cache_min_res_unit", scope: .global, defaultValue: "4096", isNoop: true),
        .init(name: "updatable_views_with_limit", scope: .both, defaultValue: "YES", isNoop: true),
        .init(name: "optimizer_prune_level", scope: .both, defaultValue: "1", isNoop: true),
        .init(name: "completion_type", scope: .both, defaultValue: "NO_CHAIN", isNoop: true),
        .init(name: "binlog_checksum", scope: .global, defaultValue: "CRC32", isNoop: true),
        .init(name: "report_port", scope: .none, defaultValue: "3306", isNoop: true),
        .init(name: "show_old_temporals", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "query_cache_limit", scope: .global, defaultValue: "1048576", isNoop: true),
        .init(name: "innodb_buffer_pool_size", scope: .global, defaultValue: "134217728", isNoop: true),
        .init(
            name: "innodb_adaptive_flushing",
            scope: .global,
            type: .bool,
            defaultValue: "ON",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "innodb_monitor_enable", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "date_format", scope: .none, defaultValue: "%Y-%m-%d", isNoop: true),
        .init(name: "innodb_buffer_pool_filename", scope: .global, defaultValue: "ib_buffer_pool", isNoop: true),
        .init(name: "slow_launch_time", scope: .global, defaultValue: "2", isNoop: true),
        .init(name: "ndb_use_transactions", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "innodb_purge_threads", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "innodb_concurrency_tickets", scope: .global, defaultValue: "5000", isNoop: true),
        .init(name: "innodb_monitor_reset_all", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "performance_schema_users_size", scope: .none, defaultValue: "100", isNoop: true),
        .init(name: "ndb_log_updated_only", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "basedir", scope: .none, defaultValue: "/usr/local/mysql", isNoop: true),
        .init(name: "innodb_old_blocks_time", scope: .global, defaultValue: "1000", isNoop: true),
        .init(name: "innodb_stats_method", scope: .global, defaultValue: "nulls_equal", isNoop: true),
        .init(name: "local_infile", scope: .global, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "myisam_stats_method", scope: .both, defaultValue: "nulls_unequal", isNoop: true),
        .init(name: "relay_log_recovery", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "old", scope: .none, defaultValue: "0", isNoop: true),
        .init(
            name: "innodb_table_locks",
            scope: .both,
            type: .bool,
            defaultValue: "ON",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "performance_schema", scope: .none, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "myisam_recover_options", scope: .none, defaultValue: "OFF", isNoop: true),
        .init(
            name: "net_buffer_length",
            scope: .both,
            type: .unsigned(min: 1024, max: 1_048_576),
            defaultValue: "16384",
            isNoop: true
        ),
        .init(name: "binlog_row_image", scope: .both, defaultValue: "FULL", isNoop: true),
        .init(name: "innodb_locks_unsafe_for_binlog", scope: .none, defaultValue: "0", isNoop: true),
        .init(name: "rbr_exec_mode", scope: .session, defaultValue: "", isNoop: true),
        .init(name: "myisam_max_sort_file_size", scope: .global, defaultValue: "9223372036853727232", isNoop: true),
        .init(name: "back_log", scope: .none, defaultValue: "80", isNoop: true),
        .init(name: "pseudo_thread_id", scope: .session, defaultValue: "", isNoop: true),
        .init(name: "have_dynamic_loading", scope: .none, defaultValue: "YES", isNoop: true),
        .init(name: "rewriter_verbose", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_undo_logs", scope: .global, defaultValue: "128", isNoop: true),
        .init(name: "performance_schema_max_cond_instances", scope: .none, defaultValue: "3504", isNoop: true),
        .init(name: "delayed_insert_limit", scope: .global, defaultValue: "100", isNoop: true),
        .init(name: "flush", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "eq_range_index_dive_limit", scope: .both, defaultValue: "200", isNoop: true),
        .init(name: "performance_schema_events_stages_history_size", scope: .none, defaultValue: "10", isNoop: true),
        .init(name: "ndb_join_pushdown", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "performance_schema_max_thread_instances", scope: .none, defaultValue: "402", isNoop: true),
        .init(name: "ndbinfo_show_hidden", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "net_read_timeout", scope: .both, defaultValue: "30", isNoop: true),
        .init(name: "innodb_page_size", scope: .none, defaultValue: "16384", isNoop: true),
        .init(name: "innodb_log_file_size", scope: .none, defaultValue: "50331648", isNoop: true),
        .init(name: "sync_relay_log_info", scope: .global, defaultValue: "10000", isNoop: true),
        .init(name: "optimizer_trace_limit", scope: .both, defaultValue: "1", isNoop: true),
        .init(name: "innodb_ft_max_token_size", scope: .none, defaultValue: "84", isNoop: true),
        .init(name: "ndb_log_binlog_index", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "innodb_api_bk_commit_interval", scope: .global, defaultValue: "5", isNoop: true),
        .init(name: "innodb_undo_directory", scope: .none, defaultValue: ".", isNoop: true),
        .init(name: "bind_address", scope: .none, defaultValue: "*", isNoop: true),
        .init(name: "innodb_sync_spin_loops", scope: .global, defaultValue: "30", isNoop: true),
        .init(name: "sql_safe_updates", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "tmpdir", scope: .none, defaultValue: "/var/tmp/", isNoop: true),
        .init(name: "innodb_thread_concurrency", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "innodb_buffer_pool_dump_pct", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "lc_time_names", scope: .both, defaultValue: "en_US", isReadOnly: true, isNoop: true),
        .init(name: "max_statement_time", scope: .both, defaultValue: "", isNoop: true),
        .init(name: "end_markers_in_json", scope: .both, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "avoid_temporal_upgrade", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "key_cache_age_threshold", scope: .global, defaultValue: "300", isNoop: true),
        .init(
            name: "innodb_status_output",
            scope: .global,
            type: .bool,
            defaultValue: "OFF",
            convertsNegativeToOn: true,
            isNoop: true
        ),
        .init(name: "min_examined_row_limit", scope: .both, defaultValue: "0", isNoop: true),
        .init(name: "sync_frm", scope: .global, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "innodb_online_alter_log_max_size", scope: .global, defaultValue: "134217728", isNoop: true),
        .init(name: "information_schema_stats_expiry", scope: .both, defaultValue: "86400", isNoop: true),
        .init(
            name: "thread_pool_size",
            scope: .global,
            type: .unsigned(min: 1, max: 64),
            defaultValue: "16",
            isNoop: true
        ),
        .init(name: "lower_case_file_system", scope: .none, defaultValue: "1", isNoop: true),
        .init(name: "lower_case_table_names", scope: .none, defaultValue: "2", isNoop: true),
        .init(name: "pseudo_slave_mode", scope: .session, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "slave_pending_jobs_size_max", scope: .global, defaultValue: "16777216", isNoop: true),
        .init(name: "slave_transaction_retries", scope: .global, defaultValue: "10", isNoop: true),
        .init(name: "slave_checkpoint_period", scope: .global, defaultValue: "300", isNoop: true),
        .init(name: "master_verify_checksum", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "rpl_semi_sync_master_trace_level", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "master_info_repository", scope: .global, defaultValue: "FILE", isNoop: true),
        .init(name: "rpl_stop_slave_timeout", scope: .global, defaultValue: "31536000", isNoop: true),
        .init(name: "slave_net_timeout", scope: .global, defaultValue: "3600", isNoop: true),
        .init(name: "sync_master_info", scope: .global, defaultValue: "10000", isNoop: true),
        .init(name: "init_slave", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "slave_compressed_protocol", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "rpl_semi_sync_slave_trace_level", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "log_slow_slave_statements", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "slave_checkpoint_group", scope: .global, defaultValue: "512", isNoop: true),
        .init(name: "slave_load_tmpdir", scope: .none, defaultValue: "/var/tmp/", isNoop: true),
        .init(name: "slave_parallel_type", scope: .global, defaultValue: "", isNoop: true),
        .init(name: "slave_parallel_workers", scope: .global, defaultValue: "0", isNoop: true),
        .init(
            name: "rpl_semi_sync_master_timeout",
            scope: .global,
            type: .int(min: 0, max: Int64.max),
            defaultValue: "10000",
            isNoop: true
        ),
        .init(name: "slave_skip_errors", scope: .none, defaultValue: "OFF", isNoop: true),
        .init(name: "sql_slave_skip_counter", scope: .global, defaultValue: "0", isNoop: true),
        .init(name: "rpl_semi_sync_slave_enabled", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "rpl_semi_sync_master_enabled", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "slave_preserve_commit_order", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(name: "slave_exec_mode", scope: .global, defaultValue: "STRICT", isNoop: true),
        .init(name: "log_slave_updates", scope: .none, type: .bool, defaultValue: "OFF", isNoop: true),
        .init(
            name: "rpl_semi_sync_master_wait_point",
            scope: .global,
            type: .enumeration(["AFTER_SYNC", "AFTER_COMMIT"]),
            defaultValue: "AFTER_SYNC",
            isNoop: true
        ),
        .init(name: "slave_sql_verify_checksum", scope: .global, type: .bool, defaultValue: "ON", isNoop: true),
        .init(name: "slave_max_allowed_packet", scope: .global, defaultValue: "1073741824", isNoop: true),
        .init(
            name: "rpl_semi_sync_master_wait_for_slave_count",
            scope: .global,
            type: .int(min: 1, max: 65535),
            defaultValue: "1",
            isNoop: true
        ),
        .init(
            name: "rpl_semi_sync_master_wait_no_slave",
            scope: .global,
            type: .bool,
            defaultValue: "ON",
            isNoop: true
        ),
        .init(
            name: "slave_rows_search_algorithms",
            scope: .global,
            defaultValue: "TABLE_SCAN,INDEX_SCAN",
            isNoop: true
        ),
        .init(name: "slave_allow_batching", scope: .global, type: .bool, defaultValue: "OFF", isNoop: true),
    ]
}
