/*
 * Masking of personal data for roles that may not see it: names, document
 * numbers and phone numbers keep just enough to be recognised by someone
 * who already knows the person. Works on UTF-8 by character; bytes that are
 * not valid UTF-8 are each masked as one character, so the output is always
 * valid UTF-8 and never longer than the caller's buffer. Pure.
 */
#ifndef CORDON_CORE_MASK_H
#define CORDON_CORE_MASK_H

#include <stddef.h>

/*
 * All three read the NUL-terminated `in` (NULL counts as "") and write the
 * masked text, NUL-terminated, into out. They never write more than
 * out_size bytes and never split a character: if the result does not fit it
 * is cut at the last whole character that does. out_size 0 writes nothing.
 * Each masked character becomes one '*', so the length of the original
 * (in characters) stays visible, as it does on Chinese official notices.
 * Return the bytes written, not counting the NUL.
 */

/* Name: first character kept, every other one (spaces too) masked:
 * 张三 -> 张*, 欧阳娜娜 -> 欧***, "John Smith" -> J*********. A name of
 * one character is masked entirely. */
size_t mask_name(const char *in, char *out, size_t out_size);

/* Document number: 15 or more characters keep the first 3 and last 4
 * (310***********123X); 3 to 14 keep the first and last (E*******8);
 * shorter ones are masked entirely. */
size_t mask_doc(const char *in, char *out, size_t out_size);

/* Phone number: 11 or more characters keep the first 3 and last 4
 * (138****5678); 3 to 10 keep the first and last; shorter are masked. */
size_t mask_phone(const char *in, char *out, size_t out_size);

#endif
