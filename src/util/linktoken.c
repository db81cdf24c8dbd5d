/*
 * Link secrets (util/linktoken.h), with libsodium.
 */
#include "util/linktoken.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;

static void sodium_start(void)
{
    sodium_ok = sodium_init() >= 0;
}

int linktoken_new(char out[LINKTOKEN_LEN])
{
    unsigned char raw[32];

    pthread_once(&sodium_once, sodium_start);
    if (!sodium_ok)
        return -1;
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, LINKTOKEN_LEN, raw, sizeof raw);
    return 0;
}

long long linktoken_public_id(void)
{
    unsigned long long v;

    pthread_once(&sodium_once, sodium_start);
    if (!sodium_ok)
        return 0;
    randombytes_buf(&v, sizeof v);
    v &= (1ULL << 53) - 1;
    return (long long)(v < (1ULL << 32) ? v | (1ULL << 32) : v);
}

int linktoken_hash(const char *token, char out[LINKHASH_LEN])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    size_t n = strlen(token);

    if (n != 64 || strspn(token, "0123456789abcdef") != n)
        return -1;
    pthread_once(&sodium_once, sodium_start);
    if (!sodium_ok)
        return -1;
    crypto_hash_sha256(h, (const unsigned char *)token, n);
    sodium_bin2hex(out, LINKHASH_LEN, h, sizeof h);
    return 0;
}

int linktoken_keyed_text(const char *key, const char *text, char out[LINKHASH_LEN])
{
    unsigned char h[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;

    pthread_once(&sodium_once, sodium_start);
    if (!sodium_ok || !key || !*key)
        return -1;
    if (crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key)) != 0 ||
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)text, strlen(text)) != 0 ||
        crypto_auth_hmacsha256_final(&st, h) != 0)
        return -1;
    sodium_memzero(&st, sizeof st);
    sodium_bin2hex(out, LINKHASH_LEN, h, sizeof h);
    return 0;
}
