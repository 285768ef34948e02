#ifndef CMARIADB_SHIM_H
#define CMARIADB_SHIM_H
#include <mysql.h>
#include <errmsg.h>
/* libmariadb's TLS is OpenSSL (libmariadb-dev depends on libssl-dev): TiDBClient initialises it
   itself, without its exit-time cleanup (LibraryInitialization). */
#include <openssl/crypto.h>
#endif
