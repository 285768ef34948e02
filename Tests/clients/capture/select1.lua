-- Minimal sysbench script: one connection per thread, "SELECT 1" in a loop.
-- sysbench select1.lua --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=4000 \
--   --mysql-user=root --mysql-db=test --time=2 run   (default --mysql-db is sbtest)
function thread_init()
  drv = sysbench.sql.driver()
  con = drv:connect()
end

function event()
  local rs = con:query("SELECT 1")
end

function thread_done()
  con:disconnect()
end
