/* Unit tests of core/annot.c (tests/check.h): interning, sorted order. */
#include <stdlib.h>

#include "annot.h"

#include "../check.h"

TEST(annot_store) {
  annot_store st;
  annot_init(&st);
  const char *a = annot_intern(&st, "person"), *b = annot_intern(&st, "person");
  CHECK(a == b);
  CHECK(annot_intern(&st, "place") != a);
  annot_add(&st, 10, 20, a, NULL, "s", 1, NULL, NULL);
  annot_add(&st, 5, 30, a, NULL, "s", 2, NULL, NULL);
  annot_add(&st, 10, 15, a, NULL, "s", 3, NULL, NULL);
  annot_add(&st, 10, 15, a, NULL, "s", 4, NULL, NULL);
  const annot **o = annot_sorted(&st);
  CHECK(o != NULL);
  if (o) {
    CHECK_EQ(o[0]->seq, 2);
    CHECK_EQ(o[1]->seq, 3);
    CHECK_EQ(o[2]->seq, 4);
    CHECK_EQ(o[3]->seq, 1);
  }
  free(o);
  annot_free(&st);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
