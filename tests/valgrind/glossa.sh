#!/bin/sh
# glossa under valgrind memcheck, for tests/golden/run.sh: any memory error
# or definite/indirect leak makes the exit status 99 (so the golden test's
# "== exit N" line no longer matches); valgrind's report goes to the file
# $GLOSSA_VALGRIND_LOG, not to the output being compared.
exec valgrind -q --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
  --smc-check=all-non-file --log-file="${GLOSSA_VALGRIND_LOG:-/dev/stderr}" \
  "$GLOSSA_REAL" "$@"
