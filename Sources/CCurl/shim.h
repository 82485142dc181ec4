#ifndef RULES_MAKER_CCURL_SHIM_H
#define RULES_MAKER_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt are variadic and do not import into
   Swift: these typed wrappers are the only way Swift calls them. */
typedef size_t (*rm_curl_data_callback)(char *, size_t, size_t, void *);

static inline CURLcode rm_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rm_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rm_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rm_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rm_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rm_easy_setopt_callback(CURL *h, CURLoption o, rm_curl_data_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rm_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode rm_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode rm_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode rm_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode rm_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline unsigned int rm_curl_version_now(void) { return CURLVERSION_NOW; }
static inline CURL *rm_msg_easy_handle(CURLMsg *m) { return m->easy_handle; }
static inline CURLcode rm_msg_result(CURLMsg *m) { return m->data.result; }
#endif
