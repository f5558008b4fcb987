/* The sentence-boundary cases of tests/sentences/cases/LANG.txt (format in
 * tests/sentences/README.md) through sentence_split, per language.
 *
 *   run [--update] KNOWN CASEFILE...
 *
 * Prints, per file, how many cases pass, then every failing case with the
 * sentences expected and got. KNOWN lists the cases that fail today (a line
 * "LANG<TAB>INPUT" each): the run fails when a case not listed there fails
 * (a regression) or when a listed one passes (take it off the list); with
 * --update it rewrites KNOWN to what fails now instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sentence.h"

typedef struct got {
  const char *text;
  size_t n, cap;
  size_t (*r)[2];
} got;

static int on_sentence(void *ud, size_t start, size_t end) {
  got *g = ud;
  if (g->n == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 16;
    g->r = realloc(g->r, g->cap * sizeof *g->r);
    if (!g->r) abort();
  }
  g->r[g->n][0] = start;
  g->r[g->n][1] = end;
  g->n++;
  return 0;
}

/* The text of a case line after "< " or "> ", with \n for a newline. */
static void unescape(buf *b, const char *s) {
  b->len = 0;
  for (; *s; s++) {
    if (s[0] == '\\' && s[1] == 'n') {
      buf_addc(b, '\n');
      s++;
    } else {
      buf_addc(b, *s);
    }
  }
  if (!b->s) buf_adds(b, "");
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  buf b = BUF_INIT;
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, n);
  fclose(f);
  if (!b.s) buf_adds(&b, "");
  return b.s;
}

/* Whether "lang\tinput\n" is a line of known. */
static int listed(const char *known, const char *lang, const char *input) {
  size_t ll = strlen(lang), il = strlen(input);
  for (const char *p = known; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n == ll + 1 + il && !memcmp(p, lang, ll) && p[ll] == '\t' && !memcmp(p + ll + 1, input, il))
      return 1;
    p += n + (nl != NULL);
  }
  return 0;
}

static const char *lang_of(const char *path, char *out, size_t size) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  size_t n = strcspn(b, ".");
  if (n >= size) n = size - 1;
  memcpy(out, b, n);
  out[n] = '\0';
  return out;
}

int main(int argc, char **argv) {
  int update = argc > 1 && !strcmp(argv[1], "--update");
  if (argc < 3 + update) {
    fprintf(stderr, "usage: %s [--update] KNOWN CASEFILE...\n", argv[0]);
    return 2;
  }
  const char *known_path = argv[1 + update];
  char *known = slurp(known_path);
  buf now = BUF_INIT, input = BUF_INIT, want = BUF_INIT, line = BUF_INIT;
  int bad = 0;
  size_t all = 0, all_pass = 0;
  for (int a = 2 + update; a < argc; a++) {
    char lang[16];
    lang_of(argv[a], lang, sizeof lang);
    char *text = slurp(argv[a]);
    if (!text) {
      fprintf(stderr, "%s: cannot read\n", argv[a]);
      return 2;
    }
    size_t cases = 0, pass = 0, lineno = 0, case_line = 0;
    char *raw = NULL; /* the case's input line as written */
    size_t nwant = 0;
    want.len = 0;
    /* the lines, and one empty line after the last to close its case */
    for (char *p = text;; ) {
      char *nl = p ? strchr(p, '\n') : NULL;
      const char *l = p ? p : "";
      if (nl) *nl = '\0';
      lineno++;
      if (l[0] == '<' && l[1] == ' ') {
        raw = (char *)l + 2;
        case_line = lineno;
        unescape(&input, raw);
        nwant = 0;
        want.len = 0;
      } else if (l[0] == '>' && l[1] == ' ' && raw) {
        unescape(&line, l + 2);
        buf_add(&want, line.s, line.len + 1); /* NUL-separated */
        nwant++;
      } else if (raw && (l[0] == '\0' || l[0] == '#')) {
        got g = {input.s, 0, 0, NULL};
        sentence_opts o = {lang_get(lang, NULL), NULL};
        sentence_split(input.s, 0, input.len, &o, on_sentence, &g);
        int ok = g.n == nwant;
        const char *w = want.s;
        for (size_t k = 0; ok && k < g.n; k++, w += strlen(w) + 1)
          ok = strlen(w) == g.r[k][1] - g.r[k][0] && !memcmp(w, input.s + g.r[k][0], strlen(w));
        cases++;
        pass += ok;
        int was_known = listed(known, lang, raw);
        if (!ok) {
          buf_printf(&now, "%s\t%s\n", lang, raw);
          printf("%s %s:%zu: %s\n", was_known ? "known" : "FAIL", argv[a], case_line, raw);
          w = want.s;
          for (size_t k = 0; k < nwant; k++, w += strlen(w) + 1) printf("    want: %s\n", w);
          for (size_t k = 0; k < g.n; k++)
            printf("    got:  %.*s\n", (int)(g.r[k][1] - g.r[k][0]), input.s + g.r[k][0]);
          if (!was_known) bad = 1;
        } else if (was_known && !update) {
          printf("PASSES NOW %s:%zu: %s (take it off %s)\n", argv[a], case_line, raw, known_path);
          bad = 1;
        }
        free(g.r);
        raw = NULL;
      }
      if (!nl) {
        if (!p) break;
        p = NULL; /* one more round, as an empty line */
        continue;
      }
      p = nl + 1;
    }
    printf("%s: %zu of %zu cases pass\n", lang, pass, cases);
    all += cases;
    all_pass += pass;
    free(text);
  }
  printf("all: %zu of %zu cases pass (%d files)\n", all_pass, all, argc - 2 - update);
  if (update) {
    FILE *f = fopen(known_path, "w");
    if (!f || fwrite(now.s ? now.s : "", 1, now.len, f) != now.len || fclose(f)) {
      fprintf(stderr, "%s: cannot write\n", known_path);
      return 2;
    }
    bad = 0;
  }
  free(known);
  buf_free(&now);
  buf_free(&input);
  buf_free(&want);
  buf_free(&line);
  return bad;
}
