-- sysbench workload: the switchover's TSO read, `SELECT TIDB_CURRENT_TSO()`, as fast as possible.
-- Also used by the benchmarks, with `sql` overridden to `SELECT 1` for peers.
sysbench.cmdline.options = {
    sql = {"Statement to run", "SELECT TIDB_CURRENT_TSO()"},
}

function thread_init()
    drv = sysbench.sql.driver()
    con = drv:connect()
    if sysbench.opt.db_ps_mode ~= "disable" then
        stmt = con:prepare(sysbench.opt.sql)
    end
end

function event()
    if stmt then
        stmt:execute()
    else
        con:query(sysbench.opt.sql)
    end
end

function thread_done()
    if stmt then stmt:close() end
    con:disconnect()
end
