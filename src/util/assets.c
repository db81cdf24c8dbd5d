/*
 * Lookup of embedded files by path, and gzip inflation of compressed ones
 * (zlib). The table itself is generated into build/gen/assets_index.c.
 */
#include "util/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

const struct asset *asset_find(const char *path)
{
    for (int i = 0; i < asset_count; i++)
        if (strcmp(asset_table[i].path, path) == 0)
            return &asset_table[i];
    return NULL;
}

size_t asset_size(const struct asset *a)
{
    return (size_t)(a->end - a->start);
}

int asset_gunzip(const struct asset *a, char **out, size_t *out_len, char err[256])
{
    z_stream zs;
    size_t cap = asset_size(a) * 6 + 1024, len = 0;
    char *buf = malloc(cap);
    int rc = -1, zrc;

    memset(&zs, 0, sizeof zs);
    if (!buf) {
        snprintf(err, 256, "out of memory inflating %s", a->path);
        return -1;
    }
    /* 16 + MAX_WBITS: expect a gzip header, not a raw zlib stream. */
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        snprintf(err, 256, "zlib: cannot initialise");
        goto out;
    }
    zs.next_in = (Bytef *)a->start;
    zs.avail_in = (uInt)asset_size(a);
    for (;;) {
        if (cap - len < 65536) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                snprintf(err, 256, "out of memory inflating %s", a->path);
                goto end;
            }
            buf = nb;
            cap *= 2;
        }
        zs.next_out = (Bytef *)buf + len;
        zs.avail_out = (uInt)(cap - len - 1);
        zrc = inflate(&zs, Z_NO_FLUSH);
        len = cap - 1 - zs.avail_out;
        if (zrc == Z_STREAM_END)
            break;
        if (zrc != Z_OK) {
            snprintf(err, 256, "%s is corrupt: %s", a->path, zs.msg ? zs.msg : "inflate failed");
            goto end;
        }
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    buf = NULL;
    rc = 0;
end:
    inflateEnd(&zs);
out:
    free(buf);
    return rc;
}
