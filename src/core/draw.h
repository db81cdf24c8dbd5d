/*
 * Pure rules of the supplies campaigns (issue 15): the seeded draw and the
 * pickup codes. The draw is splitmix64 (Steele, Lea & Flood 2014, the
 * generator java.util.SplittableRandom uses) driving a Fisher-Yates
 * shuffle of the entries in booking order, so that anyone holding the seed
 * and the list of entries can run it again and get the same winners; the
 * method string says exactly that on the campaign.
 */
#ifndef CORDON_CORE_DRAW_H
#define CORDON_CORE_DRAW_H

#include <stddef.h>
#include <stdint.h>

#define DRAW_METHOD                                                                                \
    "splitmix64(seed) Fisher-Yates over entries by booking id; the first `stock` win"

/* The next number of the splitmix64 sequence whose state is *s. */
uint64_t draw_splitmix64(uint64_t *s);

/* Shuffles ids[0..n) in place: for i from n-1 down to 1, j = next % (i+1),
 * swap ids[i], ids[j]. */
void draw_shuffle(int64_t *ids, size_t n, uint64_t seed);

/* Pickup codes: PICKUP_CODE_LEN characters of an alphabet without 0/O,
 * 1/I/L (31^8, about 8.5e11 codes). */
#define PICKUP_CODE_LEN 8
/* Writes the code of 8 random bytes into out (PICKUP_CODE_LEN + 1). */
void pickup_code_from(const unsigned char raw[PICKUP_CODE_LEN], char *out);
/* 0 if s is a well-formed code (upper case, right alphabet and length),
 * after copying it upper-cased into out; -1 otherwise. */
int pickup_code_normalise(const char *s, char out[PICKUP_CODE_LEN + 1]);

#endif
