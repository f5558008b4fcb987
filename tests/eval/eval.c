/* Tests of glossa eval (core/eval.c): `glossa-test-eval NAME SRCDIR` runs one
 * case (tests/check.h) on the files in SRCDIR/tests/eval/data (see main),
 * with a fresh temporary directory of its own. Each case calls
 * eval_run with the arguments `glossa eval` would get and compares its exit
 * status, standard output and standard error with the exact expected ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval.h"

#include "../check.h"

/* Runs `glossa eval ARGS...` (args ends with NULL); the outputs are malloc'd. */
static int run(const char *const *args, char **out, char **err) {
  char *argv[64];
  int argc = 0;
  argv[argc++] = "eval";
  while (*args && argc < 63) argv[argc++] = (char *)*args++;
  argv[argc] = NULL;
  size_t on, en;
  FILE *o = open_memstream(out, &on), *e = open_memstream(err, &en);
  if (!o || !e) {
    perror("open_memstream");
    exit(2);
  }
  int rc = eval_run(argc, argv, o, e);
  fclose(o);
  fclose(e);
  return rc;
}

static void check_text(int line, const char *what, const char *got, const char *want) {
  if (strcmp(got, want)) {
    fprintf(stderr, "%s:%d: %s\n--- got:\n%s--- want:\n%s---\n", __FILE__, line, what, got, want);
    failures++;
  }
}

/* Checks the exit status and both outputs; want_err NULL: stderr is empty. */
static void expect(int line, const char *const *args, int want_rc, const char *want_out,
                   const char *want_err) {
  char *out, *err;
  int rc = run(args, &out, &err);
  if (rc != want_rc) {
    fprintf(stderr, "%s:%d: exit status %d, want %d (stderr: %s)\n", __FILE__, line, rc, want_rc,
            err);
    failures++;
  }
  check_text(line, "stdout", out, want_out);
  check_text(line, "stderr", err, want_err ? want_err : "");
  free(out);
  free(err);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define EXPECT(args, rc, out, err) expect(__LINE__, args, rc, out, err)

#define HEAD                                                       \
  "                     strict                 lenient\n"          \
  "label    gold  pred  P      R      F1       P      R      F1\n"

/* ---- the tests ---- */

TEST(help) {
  char *out, *err;
  for (int k = 0; k < 2; k++) {
    int rc = run(k ? ARGS("-h") : ARGS("--gold", "x", "--help"), &out, &err);
    if (rc != 0 || strncmp(out, "Usage: glossa eval --gold GOLD --pred PRED [--json] "
                                "[--labels A,B,...]\n", 71) ||
        !strstr(out, "  strict   same label, same start and same end\n") ||
        !strstr(out, "Precision is 0 when there are no predictions") ||
        !strstr(out, "  -h, --help            show this help\n") ||
        !strstr(out, "Exit status: 0 scored, 1 an input could not be read or the texts differ,\n") ||
        *err) {
      fprintf(stderr, "%s:%d: help: rc %d\n%s%s", __FILE__, __LINE__, rc, out, err);
      failures++;
    }
    free(out);
    free(err);
  }
}

TEST(usage) {
  static const char try[] = "Try 'glossa eval --help'.\n";
  char want[256];
  EXPECT(ARGS("--json"), 2, "", "glossa eval: no --gold FILE\nTry 'glossa eval --help'.\n");
  EXPECT(ARGS("--gold", "gold.jsonl"), 2, "",
         "glossa eval: no --pred FILE\nTry 'glossa eval --help'.\n");
  snprintf(want, sizeof want, "glossa eval: unknown option --bogus\n%s", try);
  EXPECT(ARGS("--bogus", "-g", "gold.jsonl", "-p", "gold.jsonl"), 2, "", want);
  snprintf(want, sizeof want, "glossa eval: unexpected argument extra.ann\n%s", try);
  EXPECT(ARGS("-g", "gold.jsonl", "-p", "gold.jsonl", "extra.ann"), 2, "", want);
  snprintf(want, sizeof want, "glossa eval: a value is needed after --pred\n%s", try);
  EXPECT(ARGS("-g", "gold.jsonl", "--pred"), 2, "", want);
  snprintf(want, sizeof want, "glossa eval: --labels names no label\n%s", try);
  EXPECT(ARGS("-g", "gold.jsonl", "-p", "gold.jsonl", "--labels", " , ,"), 2, "", want);
  /* --gold=FILE works like --gold FILE */
  EXPECT(ARGS("--gold=gold.jsonl", "--pred=gold.jsonl", "--labels=person"), 0,
         HEAD "person      2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n"
              "overall     2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n",
         NULL);
}

/* perfect.jsonl: gold.jsonl's spans in another order, with other fields,
 * nesting, escapes and blank lines. */
TEST(perfect) {
  EXPECT(ARGS("--gold", "gold.jsonl", "--pred", "perfect.jsonl"), 0,
         HEAD "person      2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n"
              "place       2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n"
              "overall     4     4  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n",
         NULL);
  EXPECT(ARGS("--gold", "gold.jsonl", "--pred", "perfect.jsonl", "--json"), 0,
         "{\"strict\":{\"overall\":{\"tp\":4,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1},"
         "\"labels\":{\"person\":{\"tp\":2,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1},"
         "\"place\":{\"tp\":2,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1}}},"
         "\"lenient\":{\"overall\":{\"tp\":4,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1},"
         "\"labels\":{\"person\":{\"tp\":2,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1},"
         "\"place\":{\"tp\":2,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1}}}}\n",
         NULL);
}

/* errors.jsonl: person 20-34 missed, place 90-95 spurious, place 50-58 for
 * gold 50-61 (a strict miss, a lenient hit). */
TEST(errors) {
  EXPECT(ARGS("--gold", "gold.jsonl", "--pred", "errors.jsonl"), 0,
         HEAD "person      2     1  1.0000 0.5000 0.6667   1.0000 0.5000 0.6667\n"
              "place       2     3  0.3333 0.5000 0.4000   0.6667 1.0000 0.8000\n"
              "overall     4     4  0.5000 0.5000 0.5000   0.7500 0.7500 0.7500\n",
         NULL);
  EXPECT(ARGS("--gold", "gold.jsonl", "--pred", "errors.jsonl", "--json"), 0,
         "{\"strict\":{\"overall\":{\"tp\":2,\"fp\":2,\"fn\":2,\"precision\":0.5,\"recall\":0.5,\"f1\":0.5},"
         "\"labels\":{\"person\":{\"tp\":1,\"fp\":0,\"fn\":1,\"precision\":1,\"recall\":0.5,\"f1\":0.6667},"
         "\"place\":{\"tp\":1,\"fp\":2,\"fn\":1,\"precision\":0.3333,\"recall\":0.5,\"f1\":0.4}}},"
         "\"lenient\":{\"overall\":{\"tp\":3,\"fp\":1,\"fn\":1,\"precision\":0.75,\"recall\":0.75,\"f1\":0.75},"
         "\"labels\":{\"person\":{\"tp\":1,\"fp\":0,\"fn\":1,\"precision\":1,\"recall\":0.5,\"f1\":0.6667},"
         "\"place\":{\"tp\":2,\"fp\":1,\"fn\":0,\"precision\":0.6667,\"recall\":1,\"f1\":0.8}}}}\n",
         NULL);
}

/* label.jsonl: the span of gold's person 0-15 labelled place: a false
 * positive for place and a false negative for person, in both modes. */
TEST(label_mismatch) {
  EXPECT(ARGS("--gold", "gold.jsonl", "--pred", "label.jsonl"), 0,
         HEAD "person      2     1  1.0000 0.5000 0.6667   1.0000 0.5000 0.6667\n"
              "place       2     3  0.6667 1.0000 0.8000   0.6667 1.0000 0.8000\n"
              "overall     4     4  0.7500 0.7500 0.7500   0.7500 0.7500 0.7500\n",
         NULL);
  EXPECT(ARGS("--gold", "gold.jsonl", "--pred", "label.jsonl", "--json"), 0,
         "{\"strict\":{\"overall\":{\"tp\":3,\"fp\":1,\"fn\":1,\"precision\":0.75,\"recall\":0.75,\"f1\":0.75},"
         "\"labels\":{\"person\":{\"tp\":1,\"fp\":0,\"fn\":1,\"precision\":1,\"recall\":0.5,\"f1\":0.6667},"
         "\"place\":{\"tp\":2,\"fp\":1,\"fn\":0,\"precision\":0.6667,\"recall\":1,\"f1\":0.8}}},"
         "\"lenient\":{\"overall\":{\"tp\":3,\"fp\":1,\"fn\":1,\"precision\":0.75,\"recall\":0.75,\"f1\":0.75},"
         "\"labels\":{\"person\":{\"tp\":1,\"fp\":0,\"fn\":1,\"precision\":1,\"recall\":0.5,\"f1\":0.6667},"
         "\"place\":{\"tp\":2,\"fp\":1,\"fn\":0,\"precision\":0.6667,\"recall\":1,\"f1\":0.8}}}}\n",
         NULL);
}

/* --labels: only the listed labels, each shown (org has no annotations). */
TEST(labels) {
  EXPECT(ARGS("-g", "gold.jsonl", "-p", "errors.jsonl", "--labels", "place,, org "), 0,
         HEAD "org         0     0  0.0000 0.0000 0.0000   0.0000 0.0000 0.0000\n"
              "place       2     3  0.3333 0.5000 0.4000   0.6667 1.0000 0.8000\n"
              "overall     2     3  0.3333 0.5000 0.4000   0.6667 1.0000 0.8000\n"
              "note: P is 0 where pred is 0\n"
              "note: R is 0 where gold is 0\n",
         NULL);
  EXPECT(ARGS("-g", "gold.jsonl", "-p", "errors.jsonl", "--labels", "org", "--json"), 0,
         "{\"strict\":{\"overall\":{\"tp\":0,\"fp\":0,\"fn\":0,\"precision\":0,\"recall\":0,\"f1\":0},"
         "\"labels\":{\"org\":{\"tp\":0,\"fp\":0,\"fn\":0,\"precision\":0,\"recall\":0,\"f1\":0}}},"
         "\"lenient\":{\"overall\":{\"tp\":0,\"fp\":0,\"fn\":0,\"precision\":0,\"recall\":0,\"f1\":0},"
         "\"labels\":{\"org\":{\"tp\":0,\"fp\":0,\"fn\":0,\"precision\":0,\"recall\":0,\"f1\":0}}}}\n",
         NULL);
}

/* Documents corpus/{a,b,c}.txt against out/{b,a,d}.txt: paired by base name;
 * c's span is missed, d's spurious; b's person 0-5 is spurious though a has
 * one there. */
TEST(multi_doc) {
  EXPECT(ARGS("-g", "multi-gold.jsonl", "-p", "multi-pred.jsonl"), 0,
         HEAD "person      3     3  0.6667 0.6667 0.6667   0.6667 0.6667 0.6667\n"
              "place       2     3  0.3333 0.5000 0.4000   0.6667 1.0000 0.8000\n"
              "overall     5     6  0.5000 0.6000 0.5455   0.6667 0.8000 0.7273\n",
         NULL);
  EXPECT(ARGS("-g", "multi-gold.jsonl", "-p", "multi-pred.jsonl", "--json"), 0,
         "{\"strict\":{\"overall\":{\"tp\":3,\"fp\":3,\"fn\":2,\"precision\":0.5,\"recall\":0.6,\"f1\":0.5455},"
         "\"labels\":{\"person\":{\"tp\":2,\"fp\":1,\"fn\":1,\"precision\":0.6667,\"recall\":0.6667,\"f1\":0.6667},"
         "\"place\":{\"tp\":1,\"fp\":2,\"fn\":1,\"precision\":0.3333,\"recall\":0.5,\"f1\":0.4}}},"
         "\"lenient\":{\"overall\":{\"tp\":4,\"fp\":2,\"fn\":1,\"precision\":0.6667,\"recall\":0.8,\"f1\":0.7273},"
         "\"labels\":{\"person\":{\"tp\":2,\"fp\":1,\"fn\":1,\"precision\":0.6667,\"recall\":0.6667,\"f1\":0.6667},"
         "\"place\":{\"tp\":2,\"fp\":1,\"fn\":0,\"precision\":0.6667,\"recall\":1,\"f1\":0.8}}}}\n",
         NULL);
  /* no document in common: everything missed and spurious, with a warning */
  EXPECT(ARGS("-g", "multi-gold.jsonl", "-p", "gold.jsonl", "--labels", "person"), 0,
         HEAD "person      3     2  0.0000 0.0000 0.0000   0.0000 0.0000 0.0000\n"
              "overall     3     2  0.0000 0.0000 0.0000   0.0000 0.0000 0.0000\n",
         "glossa eval: warning: multi-gold.jsonl and gold.jsonl have no document in common\n");
}

/* call.txt.ann (with #, A, R lines, a CRLF and a blank line) is document
 * call.txt; call.jsonl holds one document, samples/call.txt. */
TEST(brat_jsonl) {
  static const char table[] =
      HEAD "date        0     1  0.0000 0.0000 0.0000   0.0000 0.0000 0.0000\n"
           "person      2     1  1.0000 0.5000 0.6667   1.0000 0.5000 0.6667\n"
           "place       2     2  0.5000 0.5000 0.5000   1.0000 1.0000 1.0000\n"
           "overall     4     4  0.5000 0.5000 0.5000   0.7500 0.7500 0.7500\n"
           "note: R is 0 where gold is 0\n";
  EXPECT(ARGS("-g", "call.txt.ann", "-p", "call.jsonl"), 0, table, NULL);
  /* several documents: the one named like the .ann file, with a warning */
  EXPECT(ARGS("-g", "call.txt.ann", "-p", "two-docs.jsonl"), 0, table,
         "glossa eval: warning: two-docs.jsonl holds 2 documents; comparing only "
         "samples/call.txt with call.txt.ann\n");
  /* the other way round */
  EXPECT(ARGS("-g", "call.jsonl", "-p", "call.txt.ann", "--json"), 0,
         "{\"strict\":{\"overall\":{\"tp\":2,\"fp\":2,\"fn\":2,\"precision\":0.5,\"recall\":0.5,\"f1\":0.5},"
         "\"labels\":{\"date\":{\"tp\":0,\"fp\":0,\"fn\":1,\"precision\":0,\"recall\":0,\"f1\":0},"
         "\"person\":{\"tp\":1,\"fp\":1,\"fn\":0,\"precision\":0.5,\"recall\":1,\"f1\":0.6667},"
         "\"place\":{\"tp\":1,\"fp\":1,\"fn\":1,\"precision\":0.5,\"recall\":0.5,\"f1\":0.5}}},"
         "\"lenient\":{\"overall\":{\"tp\":3,\"fp\":1,\"fn\":1,\"precision\":0.75,\"recall\":0.75,\"f1\":0.75},"
         "\"labels\":{\"date\":{\"tp\":0,\"fp\":0,\"fn\":1,\"precision\":0,\"recall\":0,\"f1\":0},"
         "\"person\":{\"tp\":1,\"fp\":1,\"fn\":0,\"precision\":0.5,\"recall\":1,\"f1\":0.6667},"
         "\"place\":{\"tp\":2,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1}}}}\n",
         NULL);
  /* brat against brat: one document each, whatever the names */
  EXPECT(ARGS("-g", "call.txt.ann", "-p", "bad.ann", "--labels", "person"), 1, "",
         "bad.ann:3: T line: bad end offset\n");
  EXPECT(ARGS("-g", "call.txt.ann", "-p", "call.txt.ann", "--labels", "person"), 0,
         HEAD "person      2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n"
              "overall     2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n",
         NULL);
  /* several documents, none named like the .ann file */
  EXPECT(ARGS("-g", "disc.ann", "-p", "two-docs.jsonl"), 1, "",
         "glossa eval: two-docs.jsonl holds 2 documents and none is named like disc.ann\n");
}

/* escaped.txt.ann (with its .txt) is what -f brat wrote for escaped.jsonl's
 * annotations (labels "deal making", "a__b", "ünï", "tab\there", "x_"): its
 * TYPEs are escaped (deal__20_making, a__5F__b, __FC_n__EF_, tab__09_here)
 * and eval undoes that as import_brat does, then writes white space as '_'
 * on both sides. plain.ann is hand-written: deal_making is "deal making"'s
 * label still, a__zz_ and __FC are no escapes, x__41_ is "xA". */
TEST(brat_escapes) {
  static const char row[] = "  1     1  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n";
  char want[2048];
  snprintf(want, sizeof want,
           "                         strict                 lenient\n"
           "label        gold  pred  P      R      F1       P      R      F1\n"
           "a__b          %s" "deal_making   %s" "tab_here      %s" "x_            %s"
           "ünï           %s" "overall         5     5  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n",
           row, row, row, row, row);
  EXPECT(ARGS("-g", "escaped.jsonl", "-p", "escaped.txt.ann"), 0, want, NULL);
  EXPECT(ARGS("-g", "escaped.txt.ann", "-p", "escaped.jsonl", "--labels", "ünï", "--json"), 0,
         "{\"strict\":{\"overall\":{\"tp\":1,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1},"
         "\"labels\":{\"ünï\":{\"tp\":1,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1}}},"
         "\"lenient\":{\"overall\":{\"tp\":1,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1},"
         "\"labels\":{\"ünï\":{\"tp\":1,\"fp\":0,\"fn\":0,\"precision\":1,\"recall\":1,\"f1\":1}}}}\n",
         NULL);
  snprintf(want, sizeof want,
           "                         strict                 lenient\n"
           "label        gold  pred  P      R      F1       P      R      F1\n"
           "__FC          %s" "a__zz_        %s" "deal_making   %s" "xA            %s"
           "overall         4     4  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n",
           row, row, row, row);
  EXPECT(ARGS("-g", "plain.jsonl", "-p", "plain.ann"), 0, want, NULL);
}

/* disc.ann: person 0 4;10 15 is the span 0-15; place 50 52;60 62;55 58 is
 * 50-62 (fragments in any order). */
TEST(discontinuous) {
  EXPECT(ARGS("-g", "disc.ann", "-p", "disc.jsonl"), 0,
         HEAD "person      1     1  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n"
              "place       2     2  0.5000 0.5000 0.5000   1.0000 1.0000 1.0000\n"
              "overall     3     3  0.6667 0.6667 0.6667   1.0000 1.0000 1.0000\n",
         NULL);
}

/* Largest overlap first; identical spans before any; empty spans only match
 * identical ones; a duplicate prediction is a false positive. */
TEST(greedy) {
  EXPECT(ARGS("-g", "greedy-gold.jsonl", "-p", "greedy-pred.jsonl", "--json"), 0,
         "{\"strict\":{\"overall\":{\"tp\":2,\"fp\":6,\"fn\":4,\"precision\":0.25,\"recall\":0.3333,\"f1\":0.2857},"
         "\"labels\":{\"x\":{\"tp\":2,\"fp\":6,\"fn\":4,\"precision\":0.25,\"recall\":0.3333,\"f1\":0.2857}}},"
         "\"lenient\":{\"overall\":{\"tp\":4,\"fp\":4,\"fn\":2,\"precision\":0.5,\"recall\":0.6667,\"f1\":0.5714},"
         "\"labels\":{\"x\":{\"tp\":4,\"fp\":4,\"fn\":2,\"precision\":0.5,\"recall\":0.6667,\"f1\":0.5714}}}}\n",
         NULL);
}

/* Labels from \u escapes (a surrogate pair) and raw UTF-8 are one label; its
 * space is '_'; the table pads by code points. */
TEST(unicode) {
  EXPECT(ARGS("-g", "unicode.jsonl", "-p", "unicode.jsonl"), 0,
         HEAD "A/b         1     1  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n"
              "caf\xC3\xA9_\xF0\x9F\x98\x80      2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n"
              "overall     3     3  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n",
         NULL);
}

TEST(malformed) {
  EXPECT(ARGS("-g", "bad.jsonl", "-p", "gold.jsonl"), 1, "",
         "bad.jsonl:3:61: bad JSON: a value was expected\n");
  EXPECT(ARGS("-g", "gold.jsonl", "-p", "bad.ann"), 1, "", "bad.ann:3: T line: bad end offset\n");
  EXPECT(ARGS("-g", "missing.ann", "-p", "gold.jsonl"), 1, "",
         "glossa eval: missing.ann: No such file or directory\n");
  EXPECT(ARGS("-g", "gold.jsonl", "-p", "."), 1, "", "glossa eval: .: Is a directory\n");
}

/* ---- line by line: each case is one line of a file of the given name ---- */

static char tmpdir[] = "/tmp/glossa-eval-XXXXXX";

static void write_file(const char *path, const char *s, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(s, 1, n, f) != n || fclose(f)) {
    perror(path);
    exit(2);
  }
}

/* Reads the line as the gold file NAME (against an empty prediction) and
 * checks the exit status and the message after "PATH:". */
static void line_case(int line, const char *name, const char *text, size_t n, int want_rc,
                      const char *want_msg) {
  char path[512], empty[512], want[1024];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  snprintf(empty, sizeof empty, "%s/empty.jsonl", tmpdir);
  write_file(path, text, n);
  if (access(empty, F_OK)) write_file(empty, "", 0);
  char *out, *err;
  int rc = run(ARGS("-g", path, "-p", empty, "--json"), &out, &err);
  if (want_msg) snprintf(want, sizeof want, "%s:%s\n", path, want_msg);
  else want[0] = '\0';
  int ok;
  if (want_rc >= 0) {
    ok = rc == want_rc && !strcmp(err, want);
  } else { /* either read, or refused with one "PATH:LINE..." message */
    size_t pl = strlen(path), el = strlen(err);
    ok = (rc == 0 && !*err) || (rc == 1 && !strncmp(err, path, pl) && err[pl] == ':' &&
                                strchr(err, '\n') == err + el - 1);
    snprintf(want, sizeof want, "(exit 0, or 1 with %s:LINE...)\n", path);
  }
  if (!ok) {
    fprintf(stderr, "%s:%d: rc %d (want %d)\n--- got:\n%s--- want:\n%s---\n", __FILE__, line, rc,
            want_rc, err, want);
    failures++;
  }
  free(out);
  free(err);
}
#define BAD_JSON(text, msg) line_case(__LINE__, "t.jsonl", text, strlen(text), 1, msg)
#define OK_JSON(text) line_case(__LINE__, "t.jsonl", text, strlen(text), 0, NULL)
#define BAD_ANN(text, msg) line_case(__LINE__, "t.ann", text, strlen(text), 1, msg)
#define OK_ANN(text) line_case(__LINE__, "t.ann", text, strlen(text), 0, NULL)

TEST(json_reader) {
  OK_JSON("{\"label\":\"a\",\"start\":0,\"end\":0}");
  OK_JSON("\n\n   \n{\"start\":1,\"end\":2,\"label\":\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\"}\r\n");
  OK_JSON("{\"x\":[],\"y\":{},\"z\":[{\"a\":[true,false,null,-0.5e-3,1E+2]}],\"label\":\"a\","
          "\"start\":0,\"end\":3,\"path\":\"p\"}");
  BAD_JSON("[1]", "1:1: bad JSON: a JSON object was expected");
  BAD_JSON("\n{\"label\":\"a\",\"start\":0,\"end\":1", "2:31: bad JSON: ',' or '}' was expected");
  BAD_JSON("{\"label\":\"a\",\"start\":0,\"end\":1} x", "1:33: bad JSON: more after the JSON value");
  BAD_JSON("{label:1}", "1:2: bad JSON: a key (a string) was expected");
  BAD_JSON("{\"label\" 1}", "1:10: bad JSON: ':' was expected");
  BAD_JSON("{\"label\":\"a", "1:12: bad JSON: a string does not end");
  BAD_JSON("{\"label\":\"a\tb\"}", "1:12: bad JSON: a control character inside a string (escape it as \\u00XX)");
  BAD_JSON("{\"label\":\"a\\x\"}", "1:13: bad JSON: a bad escape in a string");
  BAD_JSON("{\"label\":\"\\u12G4\"}", "1:15: bad JSON: a bad \\u escape (4 hex digits are needed)");
  /* lone surrogates decode to U+FFFD (tests/unit/jsonread.c checks the bytes) */
  OK_JSON("{\"label\":\"\\ud83d\",\"start\":0,\"end\":0}");
  OK_JSON("{\"label\":\"\\ud83d\\u0041\\ude00\",\"start\":0,\"end\":0}");
  BAD_JSON("{\"label\":\"\\u0000\"}", "1: \\u0000 in a label or path");
  BAD_JSON("{\"x\":01}", "1:7: bad JSON: ',' or '}' was expected");
  BAD_JSON("{\"x\":1.}", "1:8: bad JSON: a bad number (no digit after '.')");
  BAD_JSON("{\"x\":1e}", "1:8: bad JSON: a bad number (no digit in the exponent)");
  BAD_JSON("{\"x\":-}", "1:7: bad JSON: a bad number");
  BAD_JSON("{\"x\":tru}", "1:6: bad JSON: a value was expected");
  BAD_JSON("{\"x\":[1,]}", "1:9: bad JSON: a value was expected");
  BAD_JSON("{\"x\":[1 2]}", "1:9: bad JSON: ',' or ']' was expected");
  BAD_JSON("{\"label\":1}", "1: \"label\" is not a string");
  BAD_JSON("{\"path\":null}", "1: \"path\" is not a string");
  BAD_JSON("{\"start\":-1}", "1: \"start\" is not a non-negative integer");
  BAD_JSON("{\"start\":1.5}", "1: \"start\" is not a non-negative integer");
  BAD_JSON("{\"end\":\"3\"}", "1: \"end\" is not a non-negative integer");
  BAD_JSON("{\"end\":99999999999999999999999}", "1: \"end\" is not a non-negative integer");
  BAD_JSON("{\"start\":0,\"end\":1}", "1: no \"label\"");
  BAD_JSON("{\"label\":\"a\",\"end\":1}", "1: no \"start\"");
  BAD_JSON("{\"label\":\"a\",\"start\":1}", "1: no \"end\"");
  BAD_JSON("{\"label\":\"a\",\"start\":2,\"end\":1}", "1: \"end\" is before \"start\"");
  BAD_JSON("{\"label\":\"\xC3\"}", "1:11: invalid UTF-8");
  line_case(__LINE__, "t.jsonl", "{\"label\":\"a\0\"}", 15, 1, "1: NUL byte in the line");
  /* nesting: 128 levels are read, deeper is refused (without recursing on) */
  char deep[200010];
  for (int depth = 127; depth <= 128; depth++) {
    size_t n = 0;
    n += (size_t)sprintf(deep, "{\"label\":\"a\",\"start\":0,\"end\":0,\"x\":");
    for (int k = 0; k < depth; k++) deep[n++] = '[';
    for (int k = 0; k < depth; k++) deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    if (depth == 127) OK_JSON(deep);
    else BAD_JSON(deep, "1:163: bad JSON: arrays and objects nested more than 128 deep");
  }
  size_t n = (size_t)sprintf(deep, "{\"x\":");
  while (n < 200000) deep[n++] = '[';
  deep[n] = '\0';
  BAD_JSON(deep, "1:133: bad JSON: arrays and objects nested more than 128 deep");
}

TEST(brat_reader) {
  OK_ANN("");
  OK_ANN("T1\tperson 0 5\tJohn\n#1\tAnnotatorNotes T1\tx\nA1\tNeg T1\nR1\tr Arg1:T1 Arg2:T1\n"
         "E1\tev:T1\nM1\tNeg T1\nN1\tRef T1 Wiki:1\n*\tEquiv T1 T1\n\n  \nT2\tp 1 2;3 4\r\n");
  OK_ANN("T1\tperson 0 5"); /* no TEXT */
  BAD_ANN("X1\tperson 0 5\tJohn", "1: not a brat annotation line (an id such as T1, #1, A1, "
                                   "R1, E1, M1, N1 or *, then a tab)");
  /* a TSV whose lines start with brat's letters is not brat */
  BAD_ANN("Anna\tperson\n", "1: not a brat annotation line (an id such as T1, #1, A1, R1, E1, "
                             "M1, N1 or *, then a tab)");
  BAD_ANN("T1\tperson 0 5\tJohn\nA\tB\n", "2: not a brat annotation line (an id such as T1, #1, "
                                         "A1, R1, E1, M1, N1 or *, then a tab)");
  BAD_ANN("T1 person 0 5", "1: T line without a tab after its id (T<number><TAB>)");
  BAD_ANN("Tom\tperson 0 5", "1: T line without a tab after its id (T<number><TAB>)");
  BAD_ANN("T1\t 0 5\tx", "1: T line without a label");
  BAD_ANN("T1\tperson\tx", "1: T line without offsets (LABEL START END[;START END...])");
  BAD_ANN("T1\tperson a 5\tx", "1: T line: bad start offset");
  BAD_ANN("T1\tperson 0\tx", "1: T line: expected START END");
  BAD_ANN("T1\tperson 0 -5\tx", "1: T line: bad end offset");
  BAD_ANN("T1\tperson 5 3\tx", "1: T line: a fragment ends before it starts");
  BAD_ANN("T1\tperson 0 5;\tx", "1: T line: bad start offset");
  BAD_ANN("T1\tperson 0 5,6 7\tx", "1: T line: expected ';' or a tab after START END");
  BAD_ANN("T1\tperson 0 99999999999999999999999\tx", "1: T line: bad end offset");
  BAD_ANN("T1\tperson 0 5\t\xFF", "1:15: invalid UTF-8");
}

/* Mutations of good lines (every truncation, every byte replaced by each of
 * a few troublesome ones, random bytes) never crash: each is read or refused
 * with a FILE:LINE message and exit status 1. */
TEST(robust) {
  static const char *const good[] = {
      "{\"path\":\"a/b.txt\",\"label\":\"p\\u00e9 \\ud83d\\ude00\",\"note\":null,"
      "\"attrs\":{\"k\":[1,-2.5e3,true]},\"start\":3,\"end\":12}\n",
      "T1\tperson 0 5;7 9\tJohn Smith\n#1\tAnnotatorNotes T1\tnote\n"};
  static const char bytes[] = "\"\\{}[:,-u\t\n;\xC3\xFF";
  char buf[512];
  unsigned seed = 12345;
  for (int g = 0; g < 2; g++) {
    const char *name = g ? "r.ann" : "r.jsonl";
    size_t n = strlen(good[g]);
    for (size_t cut = 0; cut <= n; cut++) {
      line_case(__LINE__, name, good[g], cut, -1, NULL);
      for (size_t k = 0; k + 1 < sizeof bytes && cut < n; k++) {
        memcpy(buf, good[g], n);
        buf[cut] = bytes[k];
        line_case(__LINE__, name, buf, n, -1, NULL);
      }
    }
    for (int round = 0; round < 200; round++) {
      memcpy(buf, good[g], n);
      for (int k = 0; k < 3; k++) {
        seed = seed * 1103515245u + 12345u;
        buf[(seed >> 8) % n] = (char)(seed >> 20);
      }
      line_case(__LINE__, name, buf, n, -1, NULL);
    }
  }
}

/* doc.ann (with doc.txt beside it) and doc-txt.jsonl are of one text;
 * doc-html.jsonl's predictions were made on another (the page's text view,
 * "Home" before it): every quote it gives contradicts the gold's text, which
 * must stop the scoring rather than report F1 0. */
TEST(other_text) {
  EXPECT(ARGS("--gold", "doc.ann", "--pred", "doc-txt.jsonl"), 0,
         HEAD "person      2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n"
              "overall     2     2  1.0000 1.0000 1.0000   1.0000 1.0000 1.0000\n",
         NULL);
  EXPECT(ARGS("--gold", "doc.ann", "--pred", "doc-html.jsonl"), 1, "",
         "glossa eval: doc.ann (doc) and doc-html.jsonl (doc.html) are not annotations of the "
         "same text: 4 of 4 quotes differ (at 6-21 one has \"President Trump\", the other "
         "\"ent Trump spoke\"); score predictions made on the document the gold was annotated "
         "on (for brat gold, its .txt)\n");
  /* one document on each side, named apart: compared, and told apart by text */
  EXPECT(ARGS("--gold", "doc-txt.jsonl", "--pred", "doc-html.jsonl"), 1, "",
         "glossa eval: warning: doc-txt.jsonl names doc.txt, doc-html.jsonl names doc.html; "
         "comparing them\n"
         "glossa eval: doc-txt.jsonl (doc.txt) and doc-html.jsonl (doc.html) are not annotations "
         "of the same text: 3 of 3 quotes differ (at 6-21 one has \"President Trump\", the "
         "other \"ent Trump spoke\"); score predictions made on the document the gold was "
         "annotated on (for brat gold, its .txt)\n");
}

int main(int argc, char **argv) {
  if (argc < 2) return check_main(argc, argv); /* the list of cases */
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/tests/eval/data", argc > 2 ? argv[2] : ".");
  if (chdir(dir)) {
    perror(dir);
    return 2;
  }
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 2;
  }
  int rc = check_main(argc, argv);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd)) fprintf(stderr, "cannot remove %s\n", tmpdir);
  return rc;
}
