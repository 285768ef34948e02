/* `select1 PORT SECONDS`: `SELECT 1` round trips per second on one libmariadb connection, the
 * floor TiDBClient is measured against (`make bench`). Prints `c_select1 N round-trips/s`. */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int select1(MYSQL *mysql) {
    if (mysql_real_query(mysql, "SELECT 1", 8) != 0) return -1;
    MYSQL_RES *result = mysql_store_result(mysql);
    if (result == NULL) return -1;
    mysql_free_result(result);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: select1 PORT SECONDS\n");
        return 2;
    }
    MYSQL *mysql = mysql_init(NULL);
    if (!mysql_real_connect(mysql, "127.0.0.1", "root", "", NULL, (unsigned)atoi(argv[1]), NULL,
                            CLIENT_MULTI_RESULTS | CLIENT_MULTI_STATEMENTS)) {
        fprintf(stderr, "connect: %s\n", mysql_error(mysql));
        return 1;
    }
    for (int i = 0; i < 1000; i++) select1(mysql); /* warm-up */
    double start = now(), deadline = start + atof(argv[2]);
    long count = 0;
    while (now() < deadline) {
        if (select1(mysql) != 0) {
            fprintf(stderr, "query: %s\n", mysql_error(mysql));
            return 1;
        }
        count++;
    }
    printf("c_select1 %ld round-trips/s\n", (long)(count / (now() - start)));
    mysql_close(mysql);
    return 0;
}
