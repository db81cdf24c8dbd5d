/*
 * The seeded draw and the pickup codes of supplies campaigns (draw.h).
 */
#include "core/draw.h"

#include <ctype.h>
#include <string.h>

static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; /* 31 */

uint64_t draw_splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void draw_shuffle(int64_t *ids, size_t n, uint64_t seed)
{
    uint64_t s = seed;

    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(draw_splitmix64(&s) % (uint64_t)i);
        int64_t t = ids[i - 1];
        ids[i - 1] = ids[j];
        ids[j] = t;
    }
}

void pickup_code_from(const unsigned char raw[PICKUP_CODE_LEN], char *out)
{
    for (int i = 0; i < PICKUP_CODE_LEN; i++)
        out[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    out[PICKUP_CODE_LEN] = '\0';
}

int pickup_code_normalise(const char *s, char out[PICKUP_CODE_LEN + 1])
{
    if (strlen(s) != PICKUP_CODE_LEN)
        return -1;
    for (int i = 0; i < PICKUP_CODE_LEN; i++) {
        char c = (char)toupper((unsigned char)s[i]);
        if (!c || !strchr(alphabet, c))
            return -1;
        out[i] = c;
    }
    out[PICKUP_CODE_LEN] = '\0';
    return 0;
}
