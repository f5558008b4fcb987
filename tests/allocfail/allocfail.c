/* Allocation-failure test of the Lua bindings, in the manner of Lua's own
 * testes memory-error tests and sqlite's malloc tests: each snippet of Lua
 * below runs on a freshly loaded document in a fresh script set with the Nth
 * allocation failing, and every one after it until script_run returns, for
 * N = 1, 2, 3, ... until a run meets no injected failure. Each run must end
 * with a Lua error (or succeed), and never crash, abort or leak: after
 * script_free and doc_free, every block allocated during the run must be
 * freed (counted here; ASan's LeakSanitizer checks the rest at exit). After
 * a failed run the same script set must still run the snippet on another
 * document, nothing failing.
 *
 * Built with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free, so
 * the wrappers below see every allocation of glossa's own objects: the Lua
 * allocator (core/script.c calls realloc), libxml2's (core/xmlmem.c), PCRE2's
 * (core/regex.c), dictionaries, annotations. Not the ones libc makes for
 * itself (strdup, stdio), which are neither failed nor counted.
 *
 *   glossa-allocfail SOURCE_DIR [NAME...]   the snippets (all by default)
 *   ALLOCFAIL_KNOWN=1 ...                   also the known-failing ones
 *   ALLOCFAIL_VERBOSE=1 ...                 a line per run
 *   ALLOCFAIL_LIBXML2=1 ...                 also inside libxml2's XPath (see
 *                                           in_libxml2: it crashes)
 *
 * Single-threaded: no timeout is set, so no watchdog thread runs. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xpath.h>

#include "doc.h"
#include "lang.h"
#include "script.h"


/* ---- the wrapped allocator ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

static int armed;             /* count and fail allocations */
static unsigned long counted; /* allocations since armed */
static unsigned long fail_at; /* fail the fail_at-th and every later one; 0 none */
static unsigned long injected;

/* Blocks allocated while tracking, by address: open addressing, a slot
 * being live only when it carries the current generation (no clearing
 * between runs). */
#define SLOTS (1u << 18)
static struct slot {
  uintptr_t p; /* 1: a deleted entry */
  unsigned gen;
  unsigned long seq; /* `counted` when it was allocated (0: before armed) */
  size_t size;
} slots[SLOTS];
static unsigned gen = 1;
static int tracking;
static long live;

static size_t hash(uintptr_t p) { return (size_t)((p >> 4) * 0x9E3779B97F4A7C15u >> 46) & (SLOTS - 1); }

static void track(void *q, size_t size) {
  if (!tracking || !q) return;
  for (size_t i = hash((uintptr_t)q), k = 0; k < SLOTS; i = (i + 1) & (SLOTS - 1), k++) {
    if (slots[i].gen != gen || slots[i].p == 1) {
      slots[i].p = (uintptr_t)q;
      slots[i].gen = gen;
      slots[i].seq = armed ? counted : 0;
      slots[i].size = size;
      live++;
      return;
    }
  }
  fprintf(stderr, "allocfail: the tracking table is full\n");
  abort();
}

static void untrack(void *q) {
  if (!q) return;
  for (size_t i = hash((uintptr_t)q), k = 0; k < SLOTS; i = (i + 1) & (SLOTS - 1), k++) {
    if (slots[i].gen != gen) return; /* not tracked */
    if (slots[i].p == (uintptr_t)q) {
      slots[i].p = 1;
      live--;
      return;
    }
  }
}

/* libxml2 2.9.14's XPath does not survive a failed allocation (a double
 * free in xmlXPathEval, NULL dereferences in xmlXPathCompiledEval; fixed
 * upstream in 2.11 and later): while glossa calls into it, nothing is
 * failed, unless ALLOCFAIL_LIBXML2=1 asks to see that. Wrapped with
 * -Wl,--wrap=xmlXPathCtxtCompile,--wrap=xmlXPathCompiledEval (and
 * xmlXPathEvalExpression). */
static int in_libxml2, fail_libxml2;

static int fail_now(void) {
  if (!armed || (in_libxml2 && !fail_libxml2)) return 0;
  counted++;
  if (fail_at && counted >= fail_at) {
    injected++;
    return 1;
  }
  return 0;
}

void *__wrap_malloc(size_t n) {
  if (fail_now()) return NULL;
  void *q = __real_malloc(n);
  track(q, n);
  return q;
}

void *__wrap_calloc(size_t n, size_t size) {
  if (fail_now()) return NULL;
  void *q = __real_calloc(n, size);
  track(q, n * size);
  return q;
}

void *__wrap_realloc(void *p, size_t n) {
  if (n && fail_now()) return NULL; /* p stays valid */
  void *q = __real_realloc(p, n);
  if (q || n == 0) {
    untrack(p);
    track(q, n);
  }
  return q;
}

void __wrap_free(void *p) {
  untrack(p);
  __real_free(p);
}

xmlXPathCompExprPtr __real_xmlXPathCtxtCompile(xmlXPathContextPtr ctxt, const xmlChar *str);
xmlXPathObjectPtr __real_xmlXPathCompiledEval(xmlXPathCompExprPtr comp, xmlXPathContextPtr ctx);

xmlXPathCompExprPtr __wrap_xmlXPathCtxtCompile(xmlXPathContextPtr ctxt, const xmlChar *str) {
  in_libxml2++;
  xmlXPathCompExprPtr r = __real_xmlXPathCtxtCompile(ctxt, str);
  in_libxml2--;
  return r;
}

xmlXPathObjectPtr __wrap_xmlXPathCompiledEval(xmlXPathCompExprPtr comp, xmlXPathContextPtr ctx) {
  in_libxml2++;
  xmlXPathObjectPtr r = __real_xmlXPathCompiledEval(comp, ctx);
  in_libxml2--;
  return r;
}

/* (what glossa called before it compiled first, for older trees) */
xmlXPathObjectPtr __real_xmlXPathEvalExpression(const xmlChar *str, xmlXPathContextPtr ctxt);
xmlXPathObjectPtr __wrap_xmlXPathEvalExpression(const xmlChar *str, xmlXPathContextPtr ctxt) {
  in_libxml2++;
  xmlXPathObjectPtr r = __real_xmlXPathEvalExpression(str, ctxt);
  in_libxml2--;
  return r;
}

/* ---- the snippets ---- */

typedef struct snippet {
  const char *name;
  const char *code;
} snippet;

/* Each must succeed on doc.html when no allocation fails (checked first). */
static const snippet snippets[] = {
    /* documents */
    {"doc-fields", "assert(doc.path and doc.type == 'html' and #doc.text > 0 and doc.root.name == 'html')\n"
                   "assert(tostring(doc):find('Document'))"},
    {"doc-span", "local s = doc:span(5, 12); assert(s.text and s.start == 5 and s.stop == 12)\n"
                 "assert(doc:span(-5).text and doc:span(0, 0).text == '')"},
    {"find", "local l = doc:find('%a+'); assert(#l > 10)\n"
             "assert(#doc:find('', 3) > 0 and #doc:find('^%s*Acme') == 1)"},
    {"match", "local l = doc:match('\\\\b[A-Z]\\\\w+'); assert(#l > 5 and l[1].text == 'Acme')"},
    {"match-flags", "assert(#doc:match('paris', 'i') == 2)\n"
                    "assert(#doc:match('News.+Smith', {flags = 's', across_blocks = true}) == 1)"},
    {"match-object", "local re = glossa.regex('(?<first>[A-Z])(\\\\w+)')\n"
                     "assert(re.groups == 2 and re.pattern and tostring(re):find('Regex'))\n"
                     "local l = doc:match(re); assert(#l > 3)"},
    {"match-bad", "local ok, e = pcall(glossa.regex, '(a'); assert(not ok and e:find('bad regex'))\n"
                  "ok, e = pcall(doc.match, doc, '[z-a]'); assert(not ok and e:find('bad regex'))\n"
                  "ok, e = pcall(doc.match, doc, 'a', 'q'); assert(not ok)"},
    {"captures", "local l = doc:match('(?<who>[A-Z]\\\\w+) (met|and) (\\\\w+)')\n"
                 "local s = l:first(); assert(s:capture(1).text and s:capture('who').text)\n"
                 "assert(s:capture(3).text and s:capture(0).text == s.text)\n"
                 "assert(not pcall(s.capture, s, 9) and not pcall(s.capture, s, 'nope'))"},
    {"lookup-table", "local d = glossa.dict{Paris = 'city', ['Jane Doe'] = 'person', 'London'}\n"
                     "assert(#d == 3 and d.count == 3 and tostring(d):find('Dict'))\n"
                     "local l = doc:lookup(d); assert(#l == 4 and l[1].value and l[1].entry)"},
    {"lookup-options", "local d = glossa.dict({'paris', 'dr.'}, {nocase = true, words = false, overlaps = 'all'})\n"
                       "assert(#doc:lookup(d) == 3)"},
    {"lookup-file", "local d = glossa.dict(glossa.args.names)\n"
                    "local l = doc:lookup(d); assert(#l == 5 and l[1].value)\n"
                    "assert(#l:filter('city') == 3)"},
    {"dict-bad", "assert(doc and not pcall(glossa.dict, {1}))\n"
                 "assert(not pcall(glossa.dict, {'\\255'}))\n"
                 "assert(not pcall(glossa.dict, '/nonexistent/names.tsv'))\n"
                 "assert(not pcall(glossa.dict, {'a'}, {bad = 1}))"},
    {"sentences", "local l = doc:sentences(); assert(#l >= 4)\n"
                  "for s in l do assert(#s.text > 0) end"},
    {"tokens", "local l = doc:tokens(); assert(#l > 20 and l[1].text == 'Acme')"},
    {"blocks", "local l = doc:blocks(); assert(#l == 5 and l[2].text:find('Smith'))"},
    {"select", "local l = doc:select('//p'); assert(#l == 2 and l:first().name == 'p')\n"
               "assert(#doc:select('//h:p', {h = 'http://www.w3.org/1999/xhtml'}) == 0)"},
    {"select-bad", "local ok, e = pcall(doc.select, doc, '//p[')\n"
                   "assert(not ok and e:find('bad XPath'))\n"
                   "ok, e = pcall(doc.select, doc, 'count(//p)'); assert(not ok)\n"
                   "ok, e = pcall(doc.select, doc, '//x:p'); assert(not ok)\n"
                   "ok, e = pcall(doc.select, doc, '//p', {[1] = 2}); assert(not ok)"},
    {"css", "local l = doc:css('p.lead, li.x'); assert(#l == 2)\n"
            "assert(not pcall(doc.css, doc, 'p[[['))"},
    {"annotate", "local a = doc:annotate(doc:span(1, 4), {label = 'x', note = 'n'})\n"
                 "assert(a.label == 'x')"},
    {"annotate-attrs", "local a = doc:span(1, 4):annotate{label = 'x', attrs = {k = 'v', n = 1, t = true}}\n"
                       "assert(a.attrs.k == 'v')\n"
                       "assert(not pcall(doc.annotate, doc, doc:span(1, 2), {label = ''}))"},
    {"annotations", "doc:find('Paris'):annotate{label = 'city'}\n"
                    "doc:find('Jane Doe'):annotate{label = 'person'}\n"
                    "assert(#doc:annotations() == 3 and #doc:annotations('city') == 2)\n"
                    "local p = doc:select('//p')[1]\n"
                    "assert(#doc:annotations{label = 'city', within = p} == 1)\n"
                    "assert(#doc:annotations{overlapping = doc:span(1, 200)} >= 1)\n"
                    "assert(#doc:annotations{containing = doc:find('Doe')[1]} == 1)\n"
                    "assert(#doc:annotations(function(a) return a.label == 'person' end) == 1)\n"
                    "for a in doc:annotations() do assert(a.text) end"},
    /* spans */
    {"span-fields", "local s = doc:find('Paris')[1]\n"
                    "assert(s.text == 'Paris' and s.line and s.col and #s == 5)\n"
                    "assert(tostring(s):find('Paris') and s == doc:find('Paris')[1])"},
    {"span-methods", "local s = doc:find('Jane Doe')[1]\n"
                     "assert(s:block().text:find('Smith') and s:sentence().text:find('Jane'))\n"
                     "assert(s:enclosing().name == 'p' and s:enclosing('body').name == 'body')\n"
                     "local w = doc:span(s.start - 2, s.stop + 2):trim(); assert(#w.text > 0)\n"
                     "assert(s:within(s:block()) and s:block():contains(s) and s:overlaps(s))\n"
                     "assert(not s:before(s) and not s:after(s))"},
    {"span-scans", "local b = doc:blocks()[2]\n"
                   "assert(#b:match('\\\\w+') > 3 and #b:sentences() == 2 and #b:tokens() > 5)\n"
                   "assert(#b:blocks() == 1 and b:sentence())\n"
                   "assert(#b:lookup(glossa.dict{'Paris', 'Smith'}) == 2)"},
    {"span-annotate", "local a = doc:find('London')[1]:annotate{label = 'place'}\n"
                      "assert(a.label == 'place' and a.text == 'London')"},
    /* span lists */
    {"list-iterate", "local l = doc:find('%u%l+'); local n = 0\n"
                     "for s in l do n = n + 1 end; assert(n == #l and l[1] and l[#l + 1] == nil)\n"
                     "assert(tostring(l):find('SpanList') and l:first().text == 'Acme')"},
    {"list-annotate", "assert(doc:find('Paris'):annotate{label = 'city', note = 'n'} == 2)\n"
                      "local d = glossa.dict{Paris = 'city', Berlin = 'town'}\n"
                      "assert(doc:lookup(d):annotate{} == 3)"},
    {"list-filter", "local l = doc:find('%u%l+')\n"
                    "assert(#l:filter(function(s) return #s.text > 4 end) > 2)\n"
                    "local d = glossa.dict{Paris = 'city', Berlin = 'town'}\n"
                    "assert(#doc:lookup(d):filter('city') == 2)"},
    {"list-sets", "local a, b = doc:find('%u%l+'), doc:find('Paris')\n"
                  "assert(#a:minus(b) == #a - 2 and #a:intersect(b) == 2)\n"
                  "assert(#a:union(b) == #a and #b:union(doc:match('London')) == 3)\n"
                  "local u = doc:match('\\\\w+'):union(doc:match('\\\\w+ \\\\w+')):unique(); assert(#u > 5)\n"
                  "local re = glossa.regex('([PL])\\\\w+')\n"
                  "local m = doc:span(1, 80):match(re):union(doc:span(81):match(re))\n"
                  "assert(#m == 3 and m[3]:capture(1).text == 'L')"},
    /* nodes */
    {"node-fields", "local n = doc:select('//p')[1]\n"
                    "assert(n.name == 'p' and n.text:find('Smith') and n.line and n.type == 'element')\n"
                    "assert(n:attr('class') == 'lead' and n:attr('nope') == nil)\n"
                    "assert(tostring(n):find('Node') and n == doc:select('//p')[1])\n"
                    "assert(doc:select('//title')[1].text == 'Allocation failures')"},
    {"node-methods", "local n = doc:select('//ul')[1]\n"
                     "assert(#n:children() == 2 and n:parent().name == 'body')\n"
                     "assert(n:span().text and #n:select('li') == 2 and #n:css('li.x') == 1)\n"
                     "for c in n:children() do assert(c.name == 'li') end\n"
                     "assert(doc:select('//li')[2]:span():annotate{label = 'item'})"},
    /* glossa */
    {"count", "glossa.count('a'); glossa.count('b', 2.5); glossa.count(doc.type, 3)\n"
              "local c = glossa.counts(); assert(c.a >= 1 and c.b >= 2.5 and c.html >= 3)"},
    /* a script that never names `doc` (see known_failing) */
    {"no-doc", "glossa.count('x')"},
    {"log", "glossa.log('allocfail', 1, nil, true, doc:span(1, 4))"},
    {"errors", "assert(not pcall(doc.span, doc, 'x'))\n"
               "assert(not pcall(doc.annotate, doc, 1, {}))\n"
               "local s = doc:span(1, 2); assert(not pcall(s.capture, s, 1))"},
};

/* Snippets that fail this test today for a cause in a file outside the
 * bindings (named here), skipped unless ALLOCFAIL_KNOWN=1: fix, then remove
 * them from this list. Anything else that fails, fails the test. */
static const char *const known_failing[] = {
    /* (none: "no-doc", end_doc's unprotected "doc" string, was fixed in
     * core/script.c) */
    NULL,
};

static int is_known(const char *name) {
  for (size_t i = 0; known_failing[i]; i++)
    if (!strcmp(known_failing[i], name)) return 1;
  return 0;
}

/* ---- the runs ---- */

static char docpath[4096], names[4096];
static int verbose;

/* One run with allocation fail_at (0: none) failing, and every later one;
 * returns 0 when it went as it must. *ok: the script succeeded. */
static int run_once(const snippet *sn, unsigned long n, int *ok, int quiet_stderr) {
  buf err = BUF_INIT;
  gen++;
  live = 0;
  tracking = 1;
  document *d = doc_load(docpath, DOC_AUTO, 1 << 20, &err);
  if (!d) {
    fprintf(stderr, "allocfail: %s: %s\n", docpath, err.s ? err.s : "cannot load");
    exit(2);
  }
  const char *args[] = {names};
  script_opts o = {0};
  o.args = args;
  o.nargs = 1;
  script_set *s = script_new(&o);
  if (!s || script_add_code(s, sn->code, &err)) {
    fprintf(stderr, "allocfail: %s: cannot set up: %s\n", sn->name, err.s ? err.s : "?");
    exit(2);
  }
  int saved = -1;
  if (quiet_stderr) { /* glossa.log writes there */
    fflush(stderr);
    saved = dup(2);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, 2), close(null);
  }
  counted = injected = 0;
  fail_at = n;
  armed = 1;
  int rc = script_run(s, d, &err);
  armed = 0;
  unsigned long ran = counted;
  /* the state must still work: the same set runs the snippet again on a
   * second document, nothing failing */
  int again = 0;
  buf err2 = BUF_INIT;
  if (rc) {
    document *d2 = doc_load(docpath, DOC_AUTO, 1 << 20, &err2);
    again = d2 ? script_run(s, d2, &err2) : -1;
    doc_free(d2);
  }
  if (saved >= 0) {
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
  }
  script_free(s);
  doc_free(d);
  tracking = 0;
  int bad = 0;
  /* (a failed run may have no message: its buffer cannot grow either) */
  if (rc && !injected) {
    fprintf(stderr, "FAIL %s, N=%lu: the snippet fails with no allocation failing: %s\n", sn->name,
            n, err.s ? err.s : "");
    bad = 1;
  }
  if (again) {
    fprintf(stderr, "FAIL %s, N=%lu: after the failed run, the state fails the snippet: %s\n",
            sn->name, n, err2.s ? err2.s : "");
    bad = 1;
  }
  buf_free(&err2);
  if (live) {
    fprintf(stderr, "FAIL %s, N=%lu: %ld blocks leaked (run: %s)\n", sn->name, n, live,
            rc ? err.s : "succeeded");
    for (size_t i = 0; i < SLOTS; i++)
      if (slots[i].gen == gen && slots[i].p != 1)
        fprintf(stderr, "  %zu bytes from allocation %lu of the run%s\n", slots[i].size,
                slots[i].seq, slots[i].seq ? "" : " (or before it)");
    bad = 1;
  }
  if (verbose)
    fprintf(stderr, "%s N=%lu: %lu allocations, %lu failed: %s\n", sn->name, n, ran, injected,
            rc ? err.s : "ok");
  *ok = rc == 0 && injected == 0;
  counted = ran;
  buf_free(&err);
  return bad;
}

static int run_snippet(const snippet *sn) {
  int ok, quiet = !strcmp(sn->name, "log");
  /* first without failures: the snippet must work, and anything the
   * process sets up once (libxml2's globals) is set up */
  if (run_once(sn, 0, &ok, quiet) || !ok) return 1;
  unsigned long total = counted;
  int failures = 0;
  for (unsigned long n = 1;; n++) {
    failures += run_once(sn, n, &ok, quiet);
    if (ok) break;
    if (failures >= 5) {
      fprintf(stderr, "FAIL %s: giving up after 5 failing runs\n", sn->name);
      break;
    }
    if (n > 4 * total + 1000) {
      fprintf(stderr, "FAIL %s: still failing at N=%lu (%lu allocations without failures)\n",
              sn->name, n, total);
      failures++;
      break;
    }
  }
  printf("%-16s %6lu allocations, %s\n", sn->name, total, failures ? "FAILED" : "ok");
  return failures != 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: glossa-allocfail SOURCE_DIR [NAME...]\n");
    return 2;
  }
  snprintf(docpath, sizeof docpath, "%s/tests/allocfail/doc.html", argv[1]);
  snprintf(names, sizeof names, "names=%s/tests/allocfail/names.tsv", argv[1]);
  verbose = getenv("ALLOCFAIL_VERBOSE") != NULL;
  int all_known = getenv("ALLOCFAIL_KNOWN") != NULL;
  fail_libxml2 = getenv("ALLOCFAIL_LIBXML2") != NULL;
  doc_init();
  /* the language data is the process's (parsed once, never freed), like
   * libxml2's initialisation: loaded before the runs count blocks */
  for (size_t i = 0; i < lang_data_count; i++) lang_get(lang_data_files[i].code, NULL);
  setvbuf(stdout, NULL, _IONBF, 0);
  int failed = 0, ran = 0;
  for (size_t i = 0; i < sizeof snippets / sizeof snippets[0]; i++) {
    const snippet *sn = &snippets[i];
    if (argc > 2) {
      int want = 0;
      for (int k = 2; k < argc; k++) want |= !strcmp(argv[k], sn->name);
      if (!want) continue;
    } else if (is_known(sn->name) && !all_known) {
      printf("%-16s skipped: known to fail (ALLOCFAIL_KNOWN=1 runs it)\n", sn->name);
      continue;
    }
    ran++;
    failed += run_snippet(sn);
  }
  if (!ran) {
    fprintf(stderr, "allocfail: no snippet by those names\n");
    return 2;
  }
  printf("%d of %d snippets failed\n", failed, ran);
  return failed ? 1 : 0;
}
