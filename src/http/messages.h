/*
 * Server messages in the user's language. Every error the API answers
 * carries a stable `code` and `field`; the sentence in `message` is written
 * for the language of the request's Accept-Language (Chinese by default,
 * English when the client prefers it): the field's label, then what is
 * wrong, from the tables in messages.c keyed by code and by field. The
 * import report's row errors get the same treatment.
 */
#ifndef CORDON_HTTP_MESSAGES_H
#define CORDON_HTTP_MESSAGES_H

#include "http/http.h"

enum msg_lang { MSG_ZH = 0, MSG_EN = 1 };

/* The language an Accept-Language header asks for: the zh or en tag with
 * the highest q (the first of equals); MSG_ZH when neither or NULL. */
enum msg_lang msg_lang_of(const char *accept_language);

/* The label of a field in `lang` ("quarantine.until" → "隔离截止日期"),
 * trying the whole name then the part after the last dot; NULL if none. */
const char *msg_field_label(const char *field, enum msg_lang lang);

/* The sentence for an error code in `lang`, or NULL for a code without one. */
const char *msg_code_text(const char *code, enum msg_lang lang);

/* Rewrites the JSON error body of res (status >= 400) for `lang`: the
 * error's message (and each row error's message of an import report) in
 * Chinese with the field's label; in English the server's own sentence is
 * kept (the English table serves msg_code_text and the UI's fallback). Leaves res alone when the
 * body is not a JSON error. */
void msg_localise(struct http_response *res, enum msg_lang lang);

#endif
