# Tests of the sentence and token splitter (core/sentence.c): tests/sentence/sentence.c.
glossa_c_tests(sentence sentence.c)
