#ifndef RULES_MAKER_CLIBXML2_SHIM_H
#define RULES_MAKER_CLIBXML2_SHIM_H
/* xmlversion.h first, then switch ICU off: Debian's libxml2 headers otherwise pull in the system ICU,
   which clashes with Foundation's bundled ICU in any module that sees both. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlmemory.h>

static inline void rm_xml_free(void *p) { xmlFree(p); }
#endif
