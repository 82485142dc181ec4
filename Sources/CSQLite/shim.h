#ifndef RULES_MAKER_CSQLITE_SHIM_H
#define RULES_MAKER_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro (a cast of -1 to a function pointer) and does not import into Swift:
   these wrappers bind text and blobs that SQLite copies before the call returns. */
static inline int rm_sqlite_bind_text(sqlite3_stmt *s, int i, const char *v, int n) {
    return sqlite3_bind_text(s, i, v, n, SQLITE_TRANSIENT);
}
static inline int rm_sqlite_bind_blob(sqlite3_stmt *s, int i, const void *v, int n) {
    return sqlite3_bind_blob(s, i, v, n, SQLITE_TRANSIENT);
}
#endif
