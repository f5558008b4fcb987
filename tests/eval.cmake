# Tests of glossa eval (core/eval.c) on the files in tests/eval/data:
# tests/eval/eval.c.
glossa_c_tests(eval eval.c)
