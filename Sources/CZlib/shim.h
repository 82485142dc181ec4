#ifndef RULES_MAKER_CZLIB_SHIM_H
#define RULES_MAKER_CZLIB_SHIM_H
#include <zlib.h>
/* inflateInit2 is a macro: wrap it so Swift can call it. */
static inline int rm_inflate_init_gzip(z_streamp s) { return inflateInit2(s, 15 + 32); }
#endif
