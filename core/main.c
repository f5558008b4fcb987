/* The glossa command line. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "doc.h"
#include "dump.h"
#include "eval.h"
#include "import.h"
#include "inputs.h"
#include "lua_lang.h"
#include "repl.h"
#include "run.h"

#define DEFAULT_MAX_SIZE ((size_t)256 << 20)

static const char usage_text[] =
    "Usage: glossa [OPTIONS] [FILE | DIR]...\n"
    "       glossa dump [--text | --json] [-t TYPE] FILE\n"
    "       glossa repl [-t TYPE] [--trusted] FILE\n"
    "       glossa check [--strict] SCRIPT...\n"
    "       glossa eval --gold GOLD --pred PRED [--json] [--labels A,B,...]\n"
    "       glossa reanchor --annotations OLD [OPTIONS] NEW...\n"
    "\n"
    "Loads each document (XML, HTML or plain text; - for standard input; a\n"
    "directory for the documents in it), runs the Lua annotation scripts over\n"
    "it, and writes the annotations they make.\n"
    "\n"
    "Scripts:\n"
    "  -s, --script FILE      run the Lua script FILE (repeatable; in order, later\n"
    "                         scripts see what earlier ones annotated)\n"
    "  -e, --eval CODE        run Lua CODE as a script, with the document as `doc`\n"
    "  -a, --arg KEY=VALUE    set glossa.args.KEY to the string VALUE\n"
    "      --lib DIR          where require \"NAME\" looks for NAME.lua after the\n"
    "                         requiring script's directory (repeatable, in order)\n"
    "      --trusted          give scripts the whole Lua standard library (by\n"
    "                         default they cannot run programs, write files, load\n"
    "                         bytecode or C modules, or use the debug library)\n"
    "      --max-instructions N  stop a script call after N Lua instructions\n"
    "      --timeout SECONDS  fail a document whose scripts run longer\n"
    "      --max-memory MB    fail a document when a worker's Lua state would\n"
    "                         hold more (the worker then starts afresh)\n"
    "\n"
    "Input:\n"
    "  -t, --type TYPE        read every document as text, html or xml (default: by\n"
    "                         extension, then by content)\n"
    "      --lang CODE        the language of every document's text, for sentences\n"
    "                         and tokens (default: the markup's lang or xml:lang,\n"
    "                         else en); CODE a BCP 47 tag: de, pt-BR, zh\n"
    "      --include GLOB     in directories, take the files matching GLOB\n"
    "                         (repeatable; default: .txt .md .rst .html .htm .xml\n"
    "                         .xhtml .tei .page .docbook .dbk)\n"
    "      --exclude GLOB     in directories, skip the files matching GLOB\n"
    "      --follow-symlinks  follow symbolic links in directories (each directory\n"
    "                         is walked once: a link loop is named and skipped)\n"
    "      --files-from LIST  read document paths from LIST, one a line (- for stdin)\n"
    "      --records FILE     JSON Lines records as documents: each line\n"
    "                         {\"id\": ..., \"text\" | \"html\" | \"xml\": \"...\"}\n"
    "                         (- for stdin); the id names the document; from a\n"
    "                         pipe each record is processed as it arrives\n"
    "      --max-size SIZE    refuse documents over SIZE bytes (K, M, G suffixes;\n"
    "                         default 256M)\n"
    "      --annotations FILE read annotations in (repeatable; - for stdin): glossa\n"
    "                         jsonl, -f spans / Prodigy lines, W3C Web Annotation\n"
    "                         JSON, brat NAME.ann (NAME.txt beside it); each is\n"
    "                         found again in its document (exact, moved, fuzzy or\n"
    "                         orphan: jsonl says which in \"anchor\"), seen by the\n"
    "                         scripts and written with the rest\n"
    "      --annotations-for FILE=DOC  the annotations in FILE are all for DOC\n"
    "                         (default: the document whose path, URI or name\n"
    "                         they give)\n"
    "      --new-only         write only what the scripts made, not what was read in\n"
    "\n"
    "Output:\n"
    "  -f, --format FORMAT    text (default): FILE:LINE:COL: label: \"quote\" — note\n"
    "                         jsonl: one JSON object per annotation\n"
    "                         json: a W3C Web Annotation collection (JSON-LD)\n"
    "                         html: a page showing the document and its notes\n"
    "                         inline: the document with the annotations in it\n"
    "                         (an HTML page is the page itself, its scripts\n"
    "                         included, kept from running by a CSP meta)\n"
    "                         brat: NAME.txt and NAME.ann (needs -o DIR/)\n"
    "                         conll: CoNLL 2003 NER columns, TOKEN TAG (IOB2)\n"
    "                         per line, a blank line between sentences\n"
    "                         spans: Prodigy's JSONL, one document per line:\n"
    "                         text, spans, relations, tokens, meta\n"
    "                         xmi: a UIMA CAS (XMI) per document, for UIMA and\n"
    "                         INCEpTION, and TypeSystem.xml (needs -o DIR/)\n"
    "                         sqlite: one SQLite database of the whole run:\n"
    "                         documents, annotations, attrs, links (needs -o FILE)\n"
    "  -o, --output PATH      write to the file PATH (replaced only when the run\n"
    "                         has written everything), or, for a directory\n"
    "                         (PATH/, made when missing), one file per document\n"
    "                         in it: PATH/REL.EXT, REL the path below the\n"
    "                         directory given (a file's base name, a record's\n"
    "                         id), EXT the format's (html keeps a .html or .htm\n"
    "                         name as it is); a name taken already gets ~2, ~3;\n"
    "                         never a file the run reads\n"
    "      --offsets UNITS    codepoints (default), bytes or utf16, for jsonl and brat\n"
    "      --labels A,B,...   conll and spans: write only these labels (default:\n"
    "                         all)\n"
    "      --style FILE       html: colours per label, lines LABEL #rrggbb\n"
    "      --segments         xmi: also DKPro Core Sentence and Token annotations\n"
    "      --explain          -f text: after each annotation, the script and line\n"
    "                         that made it and the matcher that found it (jsonl\n"
    "                         always has them: script, script_line, matcher)\n"
    "      --base-uri URI     make json ids from URI (default: the file: URIs)\n"
    "      --created TIME     give json annotations this creation time\n"
    "\n"
    "Running:\n"
    "  -j, --jobs N           N workers (default: the number of cores); output is\n"
    "                         the same, in input order, whatever N\n"
    "  -q, --quiet            no progress line on a terminal\n"
    "      --stats            a summary on stderr at the end (documents, labels)\n"
    "      --fail-fast        stop at the first document that fails\n"
    "\n"
    "  -h, --help             show this help\n"
    "  -V, --version          show the version\n"
    "\n"
    "Subcommands:\n"
    "  dump FILE              the text view as a tree: elements and text segments\n"
    "                         with byte ranges and source lines, block boundaries\n"
    "  dump --text FILE       the exact text view that spans index into\n"
    "  dump --json FILE       the view, its segments, elements and blocks as JSON\n"
    "  repl FILE              an interactive Lua prompt with the document as `doc`\n"
    "  check SCRIPT...        compile scripts without running them; warn about\n"
    "                         undeclared globals and names the API does not have\n"
    "  reanchor --annotations OLD NEW  the annotations made on an old version,\n"
    "                         found again in NEW and written in OLD's format\n"
    "                         (-f changes it); for one NEW whatever path OLD names\n"
    "  eval --gold G --pred P precision, recall and F1 per label, strict and\n"
    "                         lenient, of P against G (brat .ann or jsonl)\n"
    "\n"
    "Exit status: 0 all documents done, 1 some failed (the others were still\n"
    "processed), 2 the command line or a script could not be used, 130\n"
    "interrupted (Ctrl-C, SIGINT), 143 terminated (SIGTERM). Whatever stops a\n"
    "run, standard output ends on a whole record.\n"
    "\n"
    "Examples:\n"
    "  glossa -s scripts/deal-making.lua samples/trump-putin-call.html\n"
    "  glossa -s scripts/entities.lua -f jsonl -j 2 corpus/ > annotations.jsonl\n";

static _Noreturn void usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "glossa: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'glossa --help' for more information.\n");
  exit(2);
}

/* -f NAME names no row of the writer table: the rows are the formats. */
static _Noreturn void unknown_format(const char *name) {
  char list[256] = "";
  for (size_t i = 0, at = 0; i < output_nwriters && at < sizeof list; i++)
    at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", output_writers[i].name);
  fprintf(stderr, "glossa: unknown format '%s' (formats: %s)\n", name, list);
  fprintf(stderr, "Try 'glossa --help' for more information.\n");
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

int main(int argc, char **argv) {
  doc_init();
  if (argc > 1 && !strcmp(argv[1], "dump")) return dump_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "repl")) return repl_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "check")) return check_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "eval")) return eval_main(argc - 1, argv + 1);
  /* glossa reanchor: a run over the new version, writing what was read in */
  int reanchor = argc > 1 && !strcmp(argv[1], "reanchor");
  if (reanchor) {
    argv[1] = argv[0];
    argv++;
    argc--;
  }

  enum { O_TRUSTED = 256, O_MAXSIZE, O_MAXINSTR, O_STATS, O_FAILFAST, O_INCLUDE, O_EXCLUDE,
         O_FOLLOW, O_FILESFROM, O_OFFSETS, O_BASEURI, O_CREATED, O_TIMEOUT, O_MAXMEM, O_RECORDS, O_EXPLAIN, O_LANG, O_LIB, O_LABELS,
         O_ANNOTATIONS, O_ANNOTATIONS_FOR, O_NEW_ONLY, O_STYLE, O_SEGMENTS };
  static const struct option opts[] = {
      {"script", required_argument, NULL, 's'},
      {"eval", required_argument, NULL, 'e'},
      {"arg", required_argument, NULL, 'a'},
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"type", required_argument, NULL, 't'},
      {"jobs", required_argument, NULL, 'j'},
      {"quiet", no_argument, NULL, 'q'},
      {"trusted", no_argument, NULL, O_TRUSTED},
      {"max-size", required_argument, NULL, O_MAXSIZE},
      {"max-instructions", required_argument, NULL, O_MAXINSTR},
      {"stats", no_argument, NULL, O_STATS},
      {"fail-fast", no_argument, NULL, O_FAILFAST},
      {"include", required_argument, NULL, O_INCLUDE},
      {"exclude", required_argument, NULL, O_EXCLUDE},
      {"follow-symlinks", no_argument, NULL, O_FOLLOW},
      {"files-from", required_argument, NULL, O_FILESFROM},
      {"offsets", required_argument, NULL, O_OFFSETS},
      {"base-uri", required_argument, NULL, O_BASEURI},
      {"created", required_argument, NULL, O_CREATED},
      {"timeout", required_argument, NULL, O_TIMEOUT},
      {"max-memory", required_argument, NULL, O_MAXMEM},
      {"records", required_argument, NULL, O_RECORDS},
      {"explain", no_argument, NULL, O_EXPLAIN},
      {"lang", required_argument, NULL, O_LANG},
      {"lib", required_argument, NULL, O_LIB},
      {"labels", required_argument, NULL, O_LABELS},
      {"style", required_argument, NULL, O_STYLE},
      {"segments", no_argument, NULL, O_SEGMENTS},
      {"annotations", required_argument, NULL, O_ANNOTATIONS},
      {"annotations-for", required_argument, NULL, O_ANNOTATIONS_FOR},
      {"new-only", no_argument, NULL, O_NEW_ONLY},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  run_script scripts[argc];
  const char *args[argc], *libs[argc], *include[argc], *exclude[argc], *lists[argc];
  const char *anns[argc], *anns_for[argc];
  size_t nscripts = 0, nlists = 0, nanns = 0, nfor = 0;
  int new_only = 0, format_given = 0;
  static import_set imports; /* --annotations: the run's, till the process ends */
  int nargs = 0, nlibs = 0;
  run_opts ro = {.type = DOC_AUTO, .max_size = DEFAULT_MAX_SIZE, .format = "text"};
  static outlabels labels; /* --labels: the run's, till the process ends */
  static outstyle style;   /* --style: the same */
  char lang_code[8];
  inputs in = {.include = include, .exclude = exclude};
  const char *records = NULL;
  record_set rs = {0};
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  ro.jobs = cores > 0 ? (int)cores : 1;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":s:e:a:f:o:t:j:qhV", opts, NULL)) != -1) {
    switch (c) {
    case 's':
    case 'e':
      scripts[nscripts].kind = (char)c;
      scripts[nscripts++].text = optarg;
      break;
    case 'a':
      if (!strchr(optarg, '=')) usage_error("-a takes KEY=VALUE, not '%s'", optarg);
      args[nargs++] = optarg;
      break;
    case 'f':
      if (!output_find(optarg))
        unknown_format(optarg);
      ro.format = optarg;
      format_given = 1;
      break;
    case 'o': ro.output = optarg; break;
    case 't':
      ro.type = doc_type_parse(optarg);
      if (ro.type == DOC_AUTO) usage_error("--type must be text, html or xml, not '%s'", optarg);
      break;
    case O_LANG:
      lang_primary(optarg, lang_code);
      if (!lang_code[0]) usage_error("--lang: '%s' is no language tag (BCP 47: de, pt-BR, zh)", optarg);
      ro.lang = lang_code;
      llang_get(lang_code); /* the warning for a language without rules, once, now */
      break;
    case 'j': {
      char *end;
      long j = strtol(optarg, &end, 10);
      if (*end || j < 1 || j > 256) usage_error("-j takes a number of workers from 1 to 256, not '%s'", optarg);
      ro.jobs = (int)j;
      break;
    }
    case 'q': ro.quiet = 1; break;
    case O_TRUSTED: ro.so.trusted = 1; break;
    case O_LIB: libs[nlibs++] = optarg; break;
    case O_MAXSIZE: ro.max_size = parse_size(optarg); break;
    case O_MAXINSTR: {
      char *end;
      ro.so.max_instructions = strtoll(optarg, &end, 10);
      if (*end || ro.so.max_instructions < 0) usage_error("--max-instructions: '%s' is not a count", optarg);
      break;
    }
    case O_TIMEOUT: {
      char *end;
      ro.so.timeout = strtod(optarg, &end);
      if (*end || !(ro.so.timeout > 0)) usage_error("--timeout takes seconds, not '%s'", optarg);
      break;
    }
    case O_MAXMEM: {
      char *end;
      long long mb = strtoll(optarg, &end, 10);
      if (*end || mb < 1) usage_error("--max-memory takes megabytes, not '%s'", optarg);
      ro.so.max_memory = (size_t)mb << 20;
      break;
    }
    case O_RECORDS: records = optarg; break;
    case O_EXPLAIN: ro.oo.explain = 1; break;
    case O_SEGMENTS: ro.oo.segments = 1; break;
    case O_LABELS: {
      buf why = BUF_INIT;
      outlabels_free(&labels);
      if (outlabels_parse(&labels, optarg, &why)) usage_error("--labels %s", why.s);
      ro.oo.labels = &labels;
      break;
    }
    case O_STYLE: {
      buf why = BUF_INIT;
      outstyle_free(&style);
      if (outstyle_load(&style, optarg, &why)) {
        fprintf(stderr, "glossa: --style %s\n", why.s);
        exit(2);
      }
      ro.oo.style = &style;
      break;
    }
    case O_ANNOTATIONS: anns[nanns++] = optarg; break;
    case O_ANNOTATIONS_FOR:
      if (!strchr(optarg, '=') || optarg[0] == '=' || !strchr(optarg, '=')[1])
        usage_error("--annotations-for takes FILE=DOC (a file given to --annotations, and the "
                    "document its annotations are for), not '%s'", optarg);
      anns_for[nfor++] = optarg;
      break;
    case O_NEW_ONLY: new_only = 1; break;
    case O_STATS: ro.stats = 1; break;
    case O_FAILFAST: ro.fail_fast = 1; break;
    case O_INCLUDE: include[in.ninclude++] = optarg; break;
    case O_EXCLUDE: exclude[in.nexclude++] = optarg; break;
    case O_FOLLOW: in.follow = 1; break;
    case O_FILESFROM: lists[nlists++] = optarg; break;
    case O_OFFSETS:
      if (!strcmp(optarg, "codepoints")) ro.oo.units = OUT_CODEPOINTS;
      else if (!strcmp(optarg, "bytes")) ro.oo.units = OUT_BYTES;
      else if (!strcmp(optarg, "utf16")) ro.oo.units = OUT_UTF16;
      else usage_error("--offsets must be codepoints, bytes or utf16, not '%s'", optarg);
      break;
    case O_BASEURI: ro.oo.base_uri = optarg; break;
    case O_CREATED: ro.oo.created = optarg; break;
    case 'h': fputs(usage_text, stdout); return 0;
    case 'V': printf("glossa %s\n", GLOSSA_VERSION); return 0;
    case ':': usage_error("option '%s' needs a value", argv[optind - 1]);
    /* fallthrough */
    default: usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  ro.scripts = scripts;
  ro.nscripts = nscripts;
  ro.so.args = args;
  ro.so.nargs = nargs;
  ro.so.libs = libs;
  ro.so.nlibs = nlibs;

  /* -o DIR/ (or an existing directory): one output file per document, in
   * DIR, which the run makes when missing */
  struct stat st;
  if (ro.output && strcmp(ro.output, "-")) {
    size_t ol = strlen(ro.output);
    ro.dir = ro.output[ol - 1] == '/' || (stat(ro.output, &st) == 0 && S_ISDIR(st.st_mode));
    in.track = 1;
  }
  if (new_only && !nanns)
    usage_error("%s", "--new-only leaves out what --annotations read in: give --annotations FILE");
  for (size_t i = 0; i < nfor; i++) {
    size_t k = strcspn(anns_for[i], "="), found = 0;
    for (size_t a = 0; a < nanns; a++) found += strlen(anns[a]) == k && !strncmp(anns[a], anns_for[i], k);
    if (!found) usage_error("--annotations-for %s: no --annotations names that file", anns_for[i]);
  }
  if (reanchor && !nanns)
    usage_error("%s", "glossa reanchor OLD NEW: give the annotations made on the old version with --annotations OLD");
  for (size_t a = 0; a < nanns; a++)
    for (int i = optind; i < argc; i++)
      if (!strcmp(anns[a], "-") && !strcmp(argv[i], "-"))
        usage_error("%s", "--annotations - and the document - both read standard input: give one of them as a file");
  if (nanns) { /* read in before the run: a bad file stops it before any document */
    import_init(&imports);
    imports.new_only = new_only;
    buf err = BUF_INIT;
    int bad = 0;
    for (size_t a = 0; a < nanns && !bad; a++) {
      const char *for_doc = NULL;
      for (size_t i = 0; i < nfor; i++) {
        size_t k = strcspn(anns_for[i], "=");
        if (strlen(anns[a]) == k && !strncmp(anns[a], anns_for[i], k)) for_doc = anns_for[i] + k + 1;
      }
      if (import_read(&imports, anns[a], for_doc, &err)) bad = 1;
    }
    if (imports.warn.len) fwrite(imports.warn.s, 1, imports.warn.len, stderr);
    if (bad) {
      fprintf(stderr, "%s\n", err.s ? err.s : "glossa: out of memory");
      buf_free(&err);
      import_free(&imports);
      return 2;
    }
    buf_free(&err);
    /* reanchor writes what it read in the format it came in */
    if (reanchor && !format_given) ro.format = imports.kind;
  }
  const out_writer *writer = output_find(ro.format);
  /* --labels picks what a token-based format writes; elsewhere it would do
   * nothing, silently */
  if (ro.oo.labels && !writer->labels)
    usage_error("--labels is for -f conll and -f spans, not -f %s", ro.format);
  if (ro.oo.style && strcmp(writer->name, "html"))
    usage_error("--style is for -f html, not -f %s", ro.format);
  if (ro.oo.segments && strcmp(writer->name, "xmi"))
    usage_error("--segments is for -f xmi, not -f %s (-f conll and -f spans always write "
                "tokens)", ro.format);
  if (writer->codepoints && ro.oo.units != OUT_CODEPOINTS)
    usage_error("-f %s counts offsets in code points, as Prodigy does (Python string "
                "indices): --offsets is not for it", ro.format);
  if (writer->needs_dir && !ro.dir) {
    char m[256];
    if (writer->parts[0])
      snprintf(m, sizeof m, "-f %s writes NAME%s and NAME%s per document", ro.format,
               writer->parts[0], writer->parts[1] ? writer->parts[1] : "");
    else snprintf(m, sizeof m, "-f %s writes NAME%s per document", ro.format, writer->ext);
    if (writer->run_files[0]) {
      size_t k = strlen(m);
      snprintf(m + k, sizeof m - k, ", and %s%s%s", writer->run_files[0],
               writer->run_files[1] ? " and " : "", writer->run_files[1] ? writer->run_files[1] : "");
    }
    usage_error("%s: give a directory with -o DIR/", m);
  }
  if (writer->file) { /* a database, say: a whole file, made next to its place */
    char m[512];
    if (!ro.output || !strcmp(ro.output, "-"))
      snprintf(m, sizeof m, "-f %s writes a file, which standard output cannot hold: give -o FILE",
               ro.format);
    else if (ro.dir)
      snprintf(m, sizeof m, "-f %s writes one file for the whole run: give -o FILE, not the directory %s",
               ro.format, ro.output);
    else if (stat(ro.output, &st) == 0 && !S_ISREG(st.st_mode))
      snprintf(m, sizeof m, "-f %s: -o %s is not a regular file (the output is made beside it and "
                            "renamed over it): give -o FILE", ro.format, ro.output);
    else m[0] = '\0';
    if (m[0]) usage_error("%s", m);
  }

  int errors = 0;
  for (size_t i = 0; i < nlists; i++) errors += inputs_files_from(&in, lists[i]);
  for (int i = optind; i < argc; i++) errors += inputs_add_arg(&in, argv[i]);
  if (records) {
    buf err = BUF_INIT;
    if (record_open(&rs, records, &err)) {
      fprintf(stderr, "glossa: %s\n", err.s);
      buf_free(&err);
      record_close(&rs);
      inputs_free(&in);
      return 2;
    }
    ro.records = &rs;
  }
  if (argc == optind && nlists == 0 && !records) {
    if (isatty(0)) usage_error("%s", "no input files (name them, or pipe a document to standard input)");
    for (size_t a = 0; a < nanns; a++)
      if (!strcmp(anns[a], "-"))
        usage_error("%s", "--annotations - reads standard input, which then holds no document: name the documents");
    inputs_add_arg(&in, "-");
  }
  if (nanns) { /* which document each group is for */
    buf err = BUF_INIT;
    if (reanchor && !nfor && in.n == 1) /* the one document: whatever paths they name */
      for (size_t f = 0; f < imports.nfiles; f++) {
        free(imports.for_doc[f]);
        imports.for_doc[f] = strdup(in.v[0]);
      }
    if (import_resolve(&imports, in.v, in.n, &err)) {
      fprintf(stderr, "%s\n", err.s ? err.s : "glossa: out of memory");
      buf_free(&err);
      import_free(&imports);
      record_close(&rs);
      inputs_free(&in);
      return 2;
    }
    buf_free(&err);
    ro.imports = &imports;
  }
  /* -o never writes over a file the run reads (sort -o would warn) */
  if (in.track) {
    for (size_t i = 0; i < nscripts; i++)
      if (scripts[i].kind == 's' && stat(scripts[i].text, &st) == 0) inputs_add_read(&in, &st, scripts[i].text);
    for (size_t i = 0; i < nlists; i++)
      if (stat(lists[i], &st) == 0 || (!strcmp(lists[i], "-") && fstat(0, &st) == 0))
        inputs_add_read(&in, &st, lists[i]);
    if (records && fstat(rs.fd, &st) == 0) inputs_add_read(&in, &st, records);
    for (size_t a = 0; a < nanns; a++)
      if (strcmp(anns[a], "-") && stat(anns[a], &st) == 0) inputs_add_read(&in, &st, anns[a]);
    qsort(in.reads, in.nreads, sizeof *in.reads, run_file_cmp);
    ro.reads = in.reads;
    ro.nreads = in.nreads;
    if (!ro.dir && stat(ro.output, &st) == 0) {
      run_file key = {.dev = st.st_dev, .ino = st.st_ino};
      const run_file *f = bsearch(&key, in.reads, in.nreads, sizeof key, run_file_cmp);
      if (f) {
        fprintf(stderr, "glossa: -o %s: it is %s, which the run reads; write the output elsewhere\n",
                ro.output, !strcmp(f->path, "-") ? "standard input" : f->path);
        record_close(&rs);
        inputs_free(&in);
        return 2;
      }
    }
  }
  /* a stream of records has no count yet: the run finds out */
  int stream = records && rs.stream;
  size_t ndocs = in.n + rs.n;
  if (writer->one_per_doc && !ro.dir && ndocs > 1)
    usage_error("-f %s writes a whole page per document: give a directory with -o DIR/ for several",
                ro.format);
  ro.inputs = in.v;
  ro.rel = in.rel;
  ro.ninputs = in.n;
  int rc = ndocs || stream ? run_main(&ro) : 0;
  if (in.n + rs.n == 0 && !errors && rc == 0) fprintf(stderr, "glossa: no documents found\n");
  record_close(&rs);
  inputs_free(&in);
  if (nanns) import_free(&imports);
  xmlCleanupParser();
  return rc ? rc : errors ? 1 : 0;
}
