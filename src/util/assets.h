/*
 * Files embedded in the binary at build time (scripts/gen-assets): the
 * division codes, the default colour rules, the schema migrations and the web
 * UI. Embedding them means `cordon` runs from any directory, alone.
 */
#ifndef CORDON_UTIL_ASSETS_H
#define CORDON_UTIL_ASSETS_H

#include <stddef.h>

struct asset {
    const char *path; /* as in the source tree, e.g. "web/index.html" */
    const char *start;
    const char *end; /* one past the last byte; *end is a NUL */
};

extern const struct asset asset_table[];
extern const int asset_count;

/* The asset at `path`, or NULL. The data is static: never freed. */
const struct asset *asset_find(const char *path);

/* Size in bytes of an asset. */
size_t asset_size(const struct asset *a);

/*
 * Inflates a gzip asset into a new heap buffer (NUL-terminated), which the
 * caller frees. Returns 0, or -1 with a message in err.
 */
int asset_gunzip(const struct asset *a, char **out, size_t *out_len, char err[256]);

#endif
