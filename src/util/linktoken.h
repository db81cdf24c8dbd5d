/*
 * Secrets of links sent to a phone (a quarantine check-in, a deployed
 * person's sign-in at their post): 32 random bytes as 64 lowercase hex
 * characters, of which only the SHA-256 (hex) is stored.
 */
#ifndef CORDON_UTIL_LINKTOKEN_H
#define CORDON_UTIL_LINKTOKEN_H

#define LINKTOKEN_LEN 65 /* 64 hex and a NUL */
#define LINKHASH_LEN  65

/* A new token: 0, or -1 when libsodium cannot start. */
int linktoken_new(char out[LINKTOKEN_LEN]);

/* An identifier nobody can guess or count from (a self-declaration's,
 * answered to anyone): random in [2^32, 2^53), so exact in every JSON
 * reader and above any sequential id made before. 0 when libsodium cannot
 * start. */
long long linktoken_public_id(void);

/* The stored form of a token: 0, or -1 for text that is no token. */
int linktoken_hash(const char *token, char out[LINKHASH_LEN]);

/* The HMAC-SHA-256 (hex) of any text under a secret key (the key's text as
 * its bytes): a worker's document number at a building's door, under the
 * database's entry key, so that nobody without the key can find the number
 * by hashing every possible one. 0, or -1 when libsodium cannot start or
 * the key is empty. */
int linktoken_keyed_text(const char *key, const char *text, char out[LINKHASH_LEN]);

#endif
