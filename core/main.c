/* The glossa command line. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "output.h"
#include "script.h"
#include "utf8.h"

#define DEFAULT_MAX_SIZE ((size_t)256 << 20)

static const char usage_text[] =
    "Usage: glossa [OPTIONS] [FILE...]\n"
    "       glossa dump [--text] [-t TYPE] FILE\n"
    "\n"
    "Loads each FILE (XML, HTML or plain text; - for standard input), runs the\n"
    "Lua annotation scripts over it, and writes the annotations they make.\n"
    "\n"
    "Scripts:\n"
    "  -s, --script FILE      run the Lua script FILE (repeatable; in order, later\n"
    "                         scripts see what earlier ones annotated)\n"
    "  -e, --eval CODE        run Lua CODE as a script, with the document as `doc`\n"
    "  -a, --arg KEY=VALUE    set glossa.args.KEY to the string VALUE\n"
    "      --trusted          give scripts the whole Lua standard library (by\n"
    "                         default they cannot run programs, write files, load\n"
    "                         bytecode or C modules, or use the debug library)\n"
    "      --max-instructions N  stop a script call after N Lua instructions\n"
    "\n"
    "Input:\n"
    "  -t, --type TYPE        read every FILE as text, html or xml (default: by\n"
    "                         extension, then by content)\n"
    "      --max-size SIZE    refuse inputs over SIZE bytes (K, M, G suffixes;\n"
    "                         default 256M)\n"
    "\n"
    "Output:\n"
    "  -f, --format FORMAT    text (default): FILE:LINE:COL: label: \"quote\" — note\n"
    "                         jsonl: one JSON object per annotation\n"
    "  -o, --output FILE      write to FILE (replaced only when the run ends)\n"
    "\n"
    "  -h, --help             show this help\n"
    "  -V, --version          show the version\n"
    "\n"
    "Subcommands:\n"
    "  dump FILE              the text view's segments: byte ranges, source lines,\n"
    "                         the element each comes from\n"
    "  dump --text FILE       the exact text view that spans index into\n"
    "\n"
    "Exit status: 0 all documents done, 1 some failed (the others were still\n"
    "processed), 2 the command line or a script could not be used.\n"
    "\n"
    "Example:\n"
    "  glossa -s scripts/deal-making.lua samples/trump-putin-call.html\n";

static _Noreturn void usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "glossa: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'glossa --help' for more information.\n");
  exit(2);
}

static size_t parse_size(const char *s) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s) usage_error("--max-size: '%s' is not a size", s);
  switch (*end) {
  case 'k': case 'K': v <<= 10, end++; break;
  case 'm': case 'M': v <<= 20, end++; break;
  case 'g': case 'G': v <<= 30, end++; break;
  }
  if (*end) usage_error("--max-size: '%s' is not a size (e.g. 512K, 64M, 2G)", s);
  return (size_t)v;
}

/* Output that replaces its file only when complete: a temporary file in the
 * same directory, renamed over the target at the end. */
typedef struct sink {
  FILE *f;
  const char *target;
  char *tmp;
} sink;

static int sink_open(sink *o, const char *target) {
  o->target = target;
  o->tmp = NULL;
  if (!target || !strcmp(target, "-")) {
    o->f = stdout;
    return 0;
  }
  char *copy = strdup(target);
  if (!copy) return -1;
  const char *dir = dirname(copy);
  size_t n = strlen(dir) + 32;
  o->tmp = malloc(n);
  if (!o->tmp) {
    free(copy);
    return -1;
  }
  snprintf(o->tmp, n, "%s/.glossa-out.XXXXXX", dir);
  free(copy);
  int fd = mkstemp(o->tmp);
  if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
    fprintf(stderr, "glossa: %s: cannot write here: %s\n", target, strerror(errno));
    if (fd >= 0) close(fd), unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return -1;
  }
  return 0;
}

static int sink_close(sink *o, int keep) {
  if (!o->tmp) return fflush(o->f) == 0 ? 0 : -1;
  int rc = 0;
  if (fclose(o->f) != 0) rc = -1;
  if (keep && rc == 0) {
    struct stat st;
    mode_t mask = umask(0);
    umask(mask);
    /* mkstemp makes the file 0600; give it the mode a new file would get,
     * or the mode of the file it replaces */
    chmod(o->tmp, stat(o->target, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask);
    if (rename(o->tmp, o->target) != 0) rc = -1;
  }
  if (!keep || rc) unlink(o->tmp);
  if (rc) fprintf(stderr, "glossa: %s: cannot write: %s\n", o->target, strerror(errno));
  free(o->tmp);
  return rc;
}

static int dump(int argc, char **argv) {
  int text_only = 0;
  doc_type type = DOC_AUTO;
  static const struct option opts[] = {{"text", no_argument, NULL, 'x'},
                                       {"type", required_argument, NULL, 't'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":t:h", opts, NULL)) != -1) {
    switch (c) {
    case 'x': text_only = 1; break;
    case 't':
      type = doc_type_parse(optarg);
      if (type == DOC_AUTO) usage_error("--type must be text, html or xml, not '%s'", optarg);
      break;
    case 'h': fputs(usage_text, stdout); return 0;
    default: usage_error("dump: unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind != argc - 1) usage_error("%s", "dump takes one FILE");
  buf err = BUF_INIT;
  document *d = doc_load(argv[optind], type, DEFAULT_MAX_SIZE, &err);
  if (!d) {
    fprintf(stderr, "%s\n", err.s);
    buf_free(&err);
    return 1;
  }
  if (text_only) {
    fwrite(d->view.s, 1, d->view.len, stdout);
  } else {
    printf("# %s (%s): %zu bytes, %zu code points, %zu segments, %zu block boundaries\n",
           d->name, doc_type_name(d->type), d->view.len, text_cp(&d->view, d->view.len),
           d->view.nsegs, d->view.nblocks);
    buf b = BUF_INIT;
    for (size_t i = 0; i < d->view.nsegs; i++) {
      const text_seg *sg = &d->view.segs[i];
      buf_free(&b);
      for (xmlNodePtr p = sg->node->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
        buf tmp = BUF_INIT;
        buf_printf(&tmp, "/%s%s", p->name, b.s ? b.s : "");
        buf_free(&b);
        b = tmp;
      }
      unsigned long line, col;
      text_linecol(&d->view, sg->start, &line, &col);
      printf("[%zu,%zu) %lu:%lu %s%s%s ", sg->start, sg->start + sg->len, line,
             col, b.s ? b.s : "/", sg->masked ? " masked" : "",
             text_is_block_boundary(&d->view, sg->start) ? " block" : "");
      putchar('"');
      for (size_t k = sg->start; k < sg->start + sg->len; k++) {
        unsigned char ch = (unsigned char)d->view.s[k];
        if (ch == '\n') fputs("\\n", stdout);
        else if (ch == '"' || ch == '\\') printf("\\%c", ch);
        else if (ch < 0x20) printf("\\x%02x", ch);
        else putchar(ch);
      }
      puts("\"");
    }
    buf_free(&b);
  }
  doc_free(d);
  buf_free(&err);
  return 0;
}

int main(int argc, char **argv) {
  doc_init();
  if (argc > 1 && !strcmp(argv[1], "dump")) return dump(argc - 1, argv + 1);

  static const struct option opts[] = {
      {"script", required_argument, NULL, 's'},
      {"eval", required_argument, NULL, 'e'},
      {"arg", required_argument, NULL, 'a'},
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"type", required_argument, NULL, 't'},
      {"trusted", no_argument, NULL, 'T'},
      {"max-size", required_argument, NULL, 'M'},
      {"max-instructions", required_argument, NULL, 'I'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  /* scripts in command-line order: 's' or 'e' then the argument */
  char *scripts[argc];
  char kinds[argc];
  const char *args[argc];
  int nscripts = 0, nargs = 0, trusted = 0;
  const char *format = "text", *output = NULL;
  doc_type type = DOC_AUTO;
  size_t max_size = DEFAULT_MAX_SIZE;
  long long max_instr = 0;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":s:e:a:f:o:t:hV", opts, NULL)) != -1) {
    switch (c) {
    case 's':
    case 'e':
      kinds[nscripts] = (char)c;
      scripts[nscripts++] = optarg;
      break;
    case 'a':
      if (!strchr(optarg, '=')) usage_error("-a takes KEY=VALUE, not '%s'", optarg);
      args[nargs++] = optarg;
      break;
    case 'f': format = optarg; break;
    case 'o': output = optarg; break;
    case 't':
      type = doc_type_parse(optarg);
      if (type == DOC_AUTO) usage_error("--type must be text, html or xml, not '%s'", optarg);
      break;
    case 'T': trusted = 1; break;
    case 'M': max_size = parse_size(optarg); break;
    case 'I': {
      char *end;
      max_instr = strtoll(optarg, &end, 10);
      if (*end || max_instr < 0) usage_error("--max-instructions: '%s' is not a count", optarg);
      break;
    }
    case 'h': fputs(usage_text, stdout); return 0;
    case 'V': printf("glossa %s\n", GLOSSA_VERSION); return 0;
    case ':': usage_error("option '%s' needs a value", argv[optind - 1]);
    /* fallthrough */
    default: usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  int (*writer)(buf *, const document *) = NULL;
  if (!strcmp(format, "text")) writer = out_text;
  else if (!strcmp(format, "jsonl")) writer = out_jsonl;
  else usage_error("unknown format '%s' (formats: text, jsonl)", format);

  char *stdin_only[] = {"-", NULL};
  char **files = argv + optind;
  int nfiles = argc - optind;
  if (nfiles == 0) {
    if (isatty(0)) usage_error("%s", "no input files (name them, or pipe a document to standard input)");
    files = stdin_only;
    nfiles = 1;
  }

  script_opts so = {.trusted = trusted, .args = args, .nargs = nargs,
                    .max_instructions = max_instr};
  script_set *ss = script_new(&so);
  if (!ss) {
    fprintf(stderr, "glossa: out of memory\n");
    return 2;
  }
  buf err = BUF_INIT;
  for (int i = 0; i < nscripts; i++) {
    err.len = 0;
    int rc = kinds[i] == 's' ? script_add_file(ss, scripts[i], &err)
                             : script_add_code(ss, scripts[i], &err);
    if (rc) {
      fprintf(stderr, "%s\n", err.s);
      script_free(ss);
      buf_free(&err);
      return 2;
    }
  }

  sink out;
  if (sink_open(&out, output)) {
    script_free(ss);
    return 2;
  }
  int failed = 0, write_failed = 0;
  buf ob = BUF_INIT;
  for (int i = 0; i < nfiles; i++) {
    if (err.s) err.len = 0, err.s[0] = '\0';
    document *d = doc_load(files[i], type, max_size, &err);
    if (!d) {
      fprintf(stderr, "%s\n", err.s);
      failed++;
      continue;
    }
    if (script_run(ss, d, &err)) {
      fprintf(stderr, "%s\nglossa: %s: not annotated: a script failed (above)\n", err.s, d->name);
      failed++;
      doc_free(d);
      continue;
    }
    ob.len = 0;
    if (writer(&ob, d) || (ob.len && fwrite(ob.s, 1, ob.len, out.f) != ob.len)) {
      fprintf(stderr, "glossa: %s: cannot write the output: %s\n", d->name, strerror(errno));
      write_failed = 1;
    }
    doc_free(d);
    if (write_failed) break;
  }
  if (err.s) err.len = 0;
  if (script_finish(ss, &err)) {
    fprintf(stderr, "%s\nglossa: a script's finish function failed (above)\n", err.s);
    failed++;
  }
  if (sink_close(&out, !write_failed)) write_failed = 1;
  buf_free(&ob);
  buf_free(&err);
  script_free(ss);
  xmlCleanupParser();
  return write_failed ? 1 : failed ? 1 : 0;
}
