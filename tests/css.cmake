# Tests of the CSS→XPath translation (core/css.c): tests/css/css.c.
glossa_c_tests(css css.c)
