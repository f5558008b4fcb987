#!/bin/sh
# pages.sh PYTHON GLOSSA ROOT: run.py --pages on the benchmark corpus's HTML
# pages (read in place); exit 77 (skip) saying why when it is missing.
py=$1 glossa=$2 root=$3
if ! [ -d "$root/../shared/bench" ]; then
  echo "SKIP: $root/../shared (the benchmark corpus scripts) is missing"; exit 77
fi
corpus=${GLOSSA_CORPUS:-/tmp/glossa-corpus}
if ! [ -d "$corpus/html" ]; then
  echo "SKIP: no corpus in $corpus/html: run bash ../shared/bench/make-corpus.sh (or set GLOSSA_CORPUS)"; exit 77
fi
exec "$py" "$root/tests/reanchor/run.py" "$glossa" --pages "$corpus/html"
