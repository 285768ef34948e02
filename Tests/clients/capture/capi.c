/* libmariadb API walk-through for wire capture.
   build: gcc capi.c -o /tmp/cap-capi $(mariadb_config --cflags --libs)
   run:   /tmp/cap-capi PORT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mysql.h>

static void q(MYSQL *m, const char *sql) {
  if (mysql_query(m, sql)) { printf("%s -> ERR %d %s\n", sql, mysql_errno(m), mysql_error(m)); return; }
  MYSQL_RES *r = mysql_store_result(m);
  if (r) { MYSQL_ROW row = mysql_fetch_row(r); printf("%s -> %s\n", sql, row && row[0] ? row[0] : "NULL"); mysql_free_result(r); }
  else printf("%s -> ok\n", sql);
}

int main(int argc, char **argv) {
  unsigned port = argc > 1 ? atoi(argv[1]) : 33062;
  MYSQL *m = mysql_init(NULL);
  if (!mysql_real_connect(m, "127.0.0.1", "dr", "secret", "test", port, NULL, 0)) {
    printf("connect: %s\n", mysql_error(m)); return 1;
  }
  printf("server_info=%s version=%lu\n", mysql_get_server_info(m), mysql_get_server_version(m));
  q(m, "SELECT 1");
  printf("select_db=%d\n", mysql_select_db(m, "mysql"));
  printf("ping=%d\n", mysql_ping(m));
  printf("stat=%s\n", mysql_stat(m));
  printf("autocommit0=%d\n", mysql_autocommit(m, 0));
  printf("commit=%d\n", mysql_commit(m));
  printf("rollback=%d\n", mysql_rollback(m));
  printf("autocommit1=%d\n", mysql_autocommit(m, 1));
  printf("set_character_set=%d\n", mysql_set_character_set(m, "utf8mb4"));
  printf("set_server_option=%d\n", mysql_set_server_option(m, MYSQL_OPTION_MULTI_STATEMENTS_OFF));
  MYSQL_STMT *st = mysql_stmt_init(m);
  if (mysql_stmt_prepare(st, "SELECT ?+1", 10) == 0) {
    int v = 41; MYSQL_BIND b; memset(&b, 0, sizeof b);
    b.buffer_type = MYSQL_TYPE_LONG; b.buffer = &v;
    mysql_stmt_bind_param(st, &b);
    printf("stmt_execute=%d\n", mysql_stmt_execute(st));
    mysql_stmt_store_result(st);
    printf("stmt_reset=%d\n", mysql_stmt_reset(st));
  } else printf("prepare: %s\n", mysql_stmt_error(st));
  mysql_stmt_close(st);
  printf("change_user=%d\n", mysql_change_user(m, "root", "", "test"));
  q(m, "SELECT CURRENT_USER()");
  printf("reset_connection=%d\n", mysql_reset_connection(m));
  q(m, "SELECT DATABASE()");
  mysql_close(m);
  return 0;
}
