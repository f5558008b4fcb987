/* libxml2_body_text.c: print the naive HTML text view libxml2 gives.
 *
 * Parses FILE with htmlReadMemory(..., NULL encoding,
 * HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING) and writes the
 * concatenation, in document order, of every text and CDATA node under the
 * first <body> element (nothing if there is none) to stdout, with nothing
 * added. This is the "before correction" view that tests/html/cases/
 * *.libxml2.txt record, to compare with the browser's *.txt.
 *
 * Build: cc -o /tmp/libxml2_body_text tests/html/libxml2_body_text.c \
 *           $(pkg-config --cflags --libs libxml-2.0)
 * Use:   /tmp/libxml2_body_text FILE.html > FILE.libxml2.txt
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

static xmlNodePtr find_body(xmlNodePtr n)
{
    for (; n != NULL; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0)
            return n;
        if (n->children != NULL) {
            xmlNodePtr b = find_body(n->children);
            if (b != NULL)
                return b;
        }
    }
    return NULL;
}

static void emit(xmlNodePtr n)
{
    for (; n != NULL; n = n->next) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != NULL)
            fputs((const char *)n->content, stdout);
        else if (n->type == XML_ELEMENT_NODE)
            emit(n->children);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.html\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) { perror(argv[1]); return 1; }
    size_t cap = 1 << 16, len = 0, r;
    char *buf = malloc(cap);
    while ((r = fread(buf + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    htmlDocPtr doc = htmlReadMemory(buf, (int)len, argv[1], NULL,
        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (doc == NULL) { fprintf(stderr, "%s: parse failed\n", argv[1]); return 1; }
    xmlNodePtr body = find_body(doc->children);
    if (body != NULL)
        emit(body->children);
    xmlFreeDoc(doc);
    free(buf);
    return 0;
}
