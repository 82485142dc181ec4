#ifndef RULES_MAKER_CSQLITE_SHIM_H
#define RULES_MAKER_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT and SQLITE_STATIC are macros (casts to a function pointer) and do not import into
   Swift: these wrappers bind text that SQLite copies, and blobs that stay valid until the statement is
   reset (SQLite reads them in place). */
static inline int rm_sqlite_bind_text(sqlite3_stmt *s, int i, const char *v, int n) {
    return sqlite3_bind_text(s, i, v, n, SQLITE_TRANSIENT);
}
static inline int rm_sqlite_bind_blob_static(sqlite3_stmt *s, int i, const void *v, int n) {
    return sqlite3_bind_blob(s, i, v, n, SQLITE_STATIC);
}
#endif
