/* Unit tests of core/xmlmem.c (tests/check.h). */
#include <string.h>

#include <libxml/xmlmemory.h>
#include <libxml/xmlstring.h>

#include "xmlmem.h"

#include "../check.h"

/* xmlmem: libxml2's blocks from a document's arena while it parses, reused
 * when freed, grown in place; freeing them later (after the arena is gone)
 * does nothing; outside an arena, malloc. */
TEST(xmlmem) {
  CHECK(xmlmem_begin(2 << 20) == NULL); /* large documents: malloc */
  xmlmem *a = xmlmem_begin(1000);
  CHECK(a != NULL);
  char *p = xmlMalloc(100), *q = xmlMalloc(40);
  CHECK(p && q);
  memset(p, 'x', 100);
  xmlFree(p);
  char *r = xmlMalloc(60); /* the room p left (112 bytes, filed as >= 64) */
  CHECK(r == p);
  memset(r, 'r', 60);
  char *s = xmlRealloc(q, 48); /* fits its room */
  CHECK(s == q);
  char *t = xmlMalloc(10);
  char *u = xmlRealloc(t, 5000); /* the newest block grows where it is */
  CHECK(u == t);
  memset(u, 'y', 5000);
  char *v = xmlRealloc(r, 300); /* moves, keeps the bytes */
  CHECK(v && v != r && v[0] == 'r' && v[59] == 'r');
  char *big = xmlMalloc(5 << 20); /* more than a chunk */
  CHECK(big != NULL);
  memset(big, 'z', 5 << 20);
  char *dup = (char *)xmlStrdup(BAD_CAST "arena");
  CHECK_STR(dup, "arena");
  xmlmem_end(a);
  char *m = xmlMalloc(32); /* no arena now: malloc */
  CHECK(m != NULL);
  char *m2 = xmlRealloc(m, 100000);
  CHECK(m2 != NULL);
  xmlFree(m2);
  char *w = xmlRealloc(s, 1000); /* an arena block outside its arena */
  CHECK(w && w != s);
  xmlmem_free(a);
  xmlFree(v); /* stale: nothing happens */
  xmlFree(big);
  xmlFree(w);
  /* a second arena reuses the pages */
  xmlmem *b = xmlmem_begin(0);
  char *x = xmlMalloc(64);
  CHECK(x != NULL);
  xmlFree(x);
  xmlmem_end(b);
  xmlmem_free(b);
}

int main(int argc, char **argv) {
  xmlmem_install(); /* before libxml2 allocates anything */
  return check_main(argc, argv);
}
