# docs.py DB DOC: docs/sqlite.md against the database of its first command:
# the schema block (after the "the schema" comment) is `sqlite3 DB .schema`,
# and every ```sql block under "## Queries" prints, with sqlite3 -box, the
# ```text block that follows it. Prints what agreed, or each difference.
import re
import subprocess
import sys

db, doc = sys.argv[1], sys.argv[2]
md = open(doc, encoding="utf-8").read()


def run(*args):
    return subprocess.run(["sqlite3", *args], check=True, capture_output=True, text=True).stdout


bad = []
m = re.search(r"<!-- the schema[^\n]*-->\n```sql\n(.*?)```\n", md, re.S)
if not m:
    bad.append("no schema block")
elif m.group(1) != run(db, ".schema"):
    bad.append("the schema block is not the database's .schema:\n" + run(db, ".schema"))
queries = md.split("\n## Queries\n", 1)[-1]
pairs = re.findall(r"```sql\n(.*?)```\n\n```text\n(.*?)```\n", queries, re.S)
for sql, want in pairs:
    got = run("-box", db, sql)
    if got != want:
        bad.append("%s\nprints\n%s" % (sql, got))
for b in bad:
    print("DIFFERS: " + b)
if bad or not pairs:
    sys.exit(1)
print("the schema and %d queries agree with docs/sqlite.md" % len(pairs))
