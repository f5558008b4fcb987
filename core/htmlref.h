/* The HTML standard's named character references (&amp;, &Kopf;, &copy
 * without its ';'): the table the tokenizer matches names against. The
 * table is static data; nothing here allocates. */
#ifndef GLOSSA_HTMLREF_H
#define GLOSSA_HTMLREF_H

#include <stddef.h>
#include <stdint.h>

/* No name is longer (';' included). */
#define HTMLREF_LONGEST_NAME 32

typedef struct htmlref {
  const char *name; /* with its ';' where it has one ("amp;"; "amp" is another) */
  uint32_t cp[2];   /* the one or two code points it stands for; cp[1] 0: one */
} htmlref;

/* The longest name in the table that s[0..n) (the text after an '&')
 * starts with, as the HTML tokenizer's named character reference state
 * consumes it: its entry, its length in *len; NULL when there is none. A
 * name that does not end in ';' is one of the legacy ones browsers also
 * read without it. */
const htmlref *htmlref_match(const char *s, size_t n, size_t *len);

/* The entry named exactly name[0..n), or NULL. */
const htmlref *htmlref_find(const char *name, size_t n);

/* r's code points as UTF-8 in out (8 bytes are enough); the bytes written. */
size_t htmlref_utf8(const htmlref *r, char *out);

#endif
