/* What a document is: its type's names, and the type sniffed from a file's
 * name and first bytes. Nothing here allocates. */
#ifndef GLOSSA_DOC_TYPE_H
#define GLOSSA_DOC_TYPE_H

#include <stddef.h>

typedef enum doc_type { DOC_AUTO = 0, DOC_TEXT, DOC_HTML, DOC_XML } doc_type;

const char *doc_type_name(doc_type t);
doc_type doc_type_parse(const char *s); /* DOC_AUTO when unknown */

/* The type of data[0..len) read from path ("-": standard input, which has
 * no extension): by extension, then by content. Never DOC_AUTO. */
doc_type doc_type_sniff(const char *path, const char *data, size_t len);

#endif
