/* Tests of the CSS→XPath translation (core/css.c): `glossa-test-css NAME`
 * runs one case (tests/check.h). */
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <string.h>

#include "css.h"

#include "../check.h"

static void check_str(int line, const char *what, const char *got, const char *want) {
  if (strcmp(got ? got : "(null)", want)) {
    fprintf(stderr, "%s:%d: %s\n   got: %s\n  want: %s\n", __FILE__, line, what,
            got ? got : "(null)", want);
    failures++;
  }
}

/* ---- translate: the exact XPath ---- */

static void xp(int line, const char *sel, const char *want) {
  buf out = BUF_INIT, err = BUF_INIT;
  if (css_to_xpath(sel, &out, &err)) {
    fprintf(stderr, "%s:%d: %s: unexpected error: %s\n", __FILE__, line, sel, err.s);
    failures++;
  } else {
    check_str(line, sel, out.s, want);
    CHECK(err.len == 0);
  }
  buf_free(&out);
  buf_free(&err);
}
#define XP(sel, want) xp(__LINE__, sel, want)

#define CLASS(c) "contains(concat(' ', normalize-space(@class), ' '), ' " c " ')"

TEST(translate) {
  XP("p", "//p");
  XP("blockquote", "//blockquote");
  XP("*", "//*");
  XP("  p\t", "//p");
  XP("P", "//P"); /* exactly as written */
  XP(".note", "//*[" CLASS("note") "]");
  XP("#x", "//*[@id='x']");
  XP("[lang]", "//*[@lang]");
  XP("[lang=en]", "//*[@lang='en']");
  XP("[lang=\"en\"]", "//*[@lang='en']");
  XP("[lang='en']", "//*[@lang='en']");
  XP("[ lang = 'en' ]", "//*[@lang='en']");
  XP("[title~=beta]", "//*[contains(concat(' ', normalize-space(@title), ' '), ' beta ')]");
  XP("[title~='a b']", "//*[false()]");
  XP("[href^=http]", "//*[starts-with(@href, 'http')]");
  XP("[href$='.pdf']", "//*[substring(@href, string-length(@href) - 3)='.pdf']");
  XP("[href$=f]", "//*[substring(@href, string-length(@href))='f']");
  XP("[href$='é']", "//*[substring(@href, string-length(@href))='é']");
  XP("[href*=wiki]", "//*[contains(@href, 'wiki')]");
  XP("[href*='']", "//*[false()]");
  XP("[lang|=en]", "//*[(@lang='en' or starts-with(@lang, 'en-'))]");
  XP("[a=\"it's\"]", "//*[@a=\"it's\"]");
  XP("[a='say \"hi\"']", "//*[@a='say \"hi\"']");
  XP("[a=\"it's \\\"q\\\"\"]", "//*[@a=concat('it', \"'\", 's \"q\"')]");
  XP("[a=\"''x\\\"\"]", "//*[@a=concat(\"''\", 'x\"')]");
  XP("p.note#x[lang]", "//p[" CLASS("note") "][@id='x'][@lang]");
  XP("div p", "//div//p");
  XP("div > p", "//div/p");
  XP("div>p", "//div/p");
  XP("h2 + p", "//h2/following-sibling::*[1][self::p]");
  XP("h2 + .a", "//h2/following-sibling::*[1][" CLASS("a") "]");
  XP("h2 ~ p", "//h2/following-sibling::p");
  XP("a, b", "//a | //b");
  XP("div  >  ul li+li~*", "//div/ul//li/following-sibling::*[1][self::li]/following-sibling::*");
  XP("li:first-child", "//li[not(preceding-sibling::*)]");
  XP("li:last-child", "//li[not(following-sibling::*)]");
  XP("li:only-child", "//li[not(preceding-sibling::*) and not(following-sibling::*)]");
  XP("li:nth-child(3)", "//li[count(preceding-sibling::*)=2]");
  XP("li:nth-child( +1 )", "//li[count(preceding-sibling::*)=0]");
  XP("li:nth-child(0)", "//li[false()]");
  XP("li:nth-child(odd)", "//li[count(preceding-sibling::*) mod 2=0]");
  XP("li:NTH-CHILD(Even)", "//li[count(preceding-sibling::*) mod 2=1]");
  XP(":root", "//*[not(parent::*)]");
  XP("p:empty", "//p[not(*|text())]");
  XP("p:not(.a)", "//p[not(" CLASS("a") ")]");
  XP("p:NOT(span)", "//p[not(self::span)]");
  XP(":not(p.a[b])", "//*[not(self::p and " CLASS("a") " and @b)]");
  XP(":not(*)", "//*[false()]");
  XP(".naïve", "//*[" CLASS("naïve") "]");
  XP("città", "//*[name()='città']");
  XP("-x", "//*[name()='-x']");
  XP("[data-ü]", "//*[@*[name()='data-ü']]");
  XP("[xml\\:lang]", "//*[@*[name()='xml:lang']]");
  XP(".a\\.b", "//*[" CLASS("a.b") "]");
  XP(".a\\ b", "//*[false()]");
  XP("#\\31 23", "//*[@id='123']");
  XP("#\\70 1", "//*[@id='p1']");
  XP("#a\\'b", "//*[@id=\"a'b\"]");
  XP("[a='x\\\ny']", "//*[@a='xy']"); /* a line continuation */
  XP("[a='\\0']", "//*[@a='\xEF\xBF\xBD']");
  XP("--x", "//*[name()='--x']");
  XP("text, comment", "//text | //comment");

  buf out = BUF_INIT, err = BUF_INIT;
  CHECK(css_to_xpath_relative("p > .a, li", &out, &err) == 0);
  check_str(__LINE__, "relative", out.s, ".//p/*[" CLASS("a") "] | .//li");
  /* The functions append. */
  CHECK(css_to_xpath("b", &out, &err) == 0);
  check_str(__LINE__, "append", out.s, ".//p/*[" CLASS("a") "] | .//li//b");
  buf_free(&out);
  buf_free(&err);
}

/* ---- errors: message and position ---- */

static void bad(int line, const char *sel, const char *want) {
  buf out = BUF_INIT, err = BUF_INIT;
  if (!css_to_xpath(sel, &out, &err)) {
    fprintf(stderr, "%s:%d: %s: translated to %s, expected an error\n", __FILE__, line, sel,
            out.s);
    failures++;
  } else {
    check_str(line, sel, err.s, want);
    CHECK(out.len == 0);
  }
  buf_free(&out);
  buf_free(&err);
}
#define BAD(sel, want) bad(__LINE__, sel, want)

TEST(errors) {
  BAD("", "empty selector");
  BAD(" \n ", "empty selector");
  BAD("p)", "unexpected ')' at character 2");
  BAD(":not(p))", "unexpected ')' at character 8");
  BAD("p >", "trailing combinator '>' at character 3");
  BAD("p + , a", "trailing combinator '+' at character 3");
  BAD("p,", "trailing ',' at character 2");
  BAD(",p", "unexpected ',' at character 1");
  BAD("p, ,a", "unexpected ',' at character 4");
  BAD("p > > a", "unexpected '>' at character 5");
  BAD("p::before", "pseudo-elements are not supported: '::before' at character 2");
  BAD("a:hover", "unsupported pseudo-class ':hover' at character 2");
  BAD("p:nth-of-type(2)", "unsupported pseudo-class ':nth-of-type()' at character 2");
  BAD("p:not", "':not' needs an argument in parentheses at character 2");
  BAD("[href", "unclosed '[' at character 1");
  BAD("a[b=c", "unclosed '[' at character 2");
  BAD("a]", "unexpected ']' at character 2");
  BAD(":not(p", "unclosed '(' at character 5");
  BAD(":not()", "empty :not() at character 6");
  BAD(":not(p q)", "only a compound selector is supported inside :not() at character 8");
  BAD(":not(:not(p))", "nested :not() is not supported at character 6");
  BAD("p $", "unexpected '$' at character 3");
  BAD("é > ]", "unexpected ']' at character 5"); /* positions count characters */
  BAD("[a='x]", "unclosed string at character 4");
  BAD("[a=1]", "expected an identifier or a quoted string at character 4");
  BAD("[a=b i]", "attribute selector flags are not supported at character 6");
  BAD("[=b]", "expected an attribute name at character 2");
  BAD("ns|p", "unexpected '|' at character 3");
  BAD("#1", "expected an id after '#' at character 2");
  BAD("p.", "expected a class name after '.' at character 3");
  BAD("li:nth-child(2n+1)",
      "unsupported :nth-child() argument (only an integer, odd or even) at character 15");
  BAD("li:nth-child(n)",
      "unsupported :nth-child() argument (only an integer, odd or even) at character 14");
  BAD("a\\", "invalid escape at character 2");
  BAD("*p", "unexpected 'p' at character 2");
  BAD("a\x01", "unexpected U+0001 at character 2");
  BAD("[a='\x01']", "character U+0001 cannot occur in a document at character 5");
  BAD("a\xff", "invalid UTF-8 at character 2");
  BAD("p:", "expected a pseudo-class name after ':' at character 3");

  /* Too many compounds for libxml2 to compile safely. */
  buf big = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
  for (int i = 0; i < CSS_MAX_COMPOUNDS; i++) buf_adds(&big, "a ");
  CHECK(css_to_xpath(big.s, &out, &err) == 0);
  buf_adds(&big, "b");
  out.len = 0;
  CHECK(css_to_xpath(big.s, &out, &err) == -1);
  check_str(__LINE__, "long", err.s,
            "selector too long (more than 256 compound selectors) at character 513");
  buf_free(&big);
  buf_free(&out);
  buf_free(&err);
}

/* ---- select: libxml2 evaluates the XPath on an HTML document ---- */

/* Document order of the elements: html head title body main p1 p2 q1 p3 s1 p4
 * sec h p5 l list l1 l2 l3 p6 n1. */
static const char html[] =
    "<!DOCTYPE html>\n"
    "<html><head><title>t</title></head><body>\n"
    "<div id=\"main\" class=\"box  wide\">\n"
    "  <p id=\"p1\" class=\"note first\" lang=\"en-US\">one</p>\n"
    "  <p id=\"p2\" class=\"note\" data-x=\"it's &quot;q&quot;\">two</p>\n"
    "  <blockquote id=\"q1\" class=\"readout\"><p id=\"p3\">three</p></blockquote>\n"
    "  <span id=\"s1\" title=\"alpha beta\"></span>\n"
    "  <p id=\"p4\" lang=\"en\">four</p>\n"
    "</div>\n"
    "<section id=\"sec\">\n"
    "  <h2 id=\"h\">Title</h2>\n"
    "  <p id=\"p5\" class=\"Note\">five<a id=\"l\" href=\"doc.pdf\">x</a></p>\n"
    "  <ul id=\"list\"><li id=\"l1\">a</li><li id=\"l2\" class=\"x-y\">b</li>"
    "<li id=\"l3\"> </li></ul>\n"
    "</section>\n"
    "<p id=\"p6\" lang=\"fr\">six</p>\n"
    "<span id=\"n1\" class=\"na\xC3\xAFve\"><!-- c --></span>\n"
    "</body></html>\n";

static htmlDocPtr doc;

/* The ids (or names) of the elements sel selects from ctx, space-separated. */
static void sel_from(int line, xmlNodePtr ctx, const char *sel, const char *want) {
  buf x = BUF_INIT, err = BUF_INIT, got = BUF_INIT;
  int rc = ctx ? css_to_xpath_relative(sel, &x, &err) : css_to_xpath(sel, &x, &err);
  if (rc) {
    fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, line, sel, err.s);
    failures++;
    goto out;
  }
  xmlXPathContextPtr xc = xmlXPathNewContext(doc);
  if (ctx) xc->node = ctx;
  xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST x.s, xc);
  xmlXPathFreeContext(xc);
  if (!r || r->type != XPATH_NODESET) {
    fprintf(stderr, "%s:%d: %s: libxml2 rejects %s\n", __FILE__, line, sel, x.s);
    failures++;
  } else {
    for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
      xmlNodePtr n = r->nodesetval->nodeTab[i];
      xmlChar *id = xmlGetProp(n, BAD_CAST "id");
      if (got.len) buf_addc(&got, ' ');
      buf_adds(&got, id ? (const char *)id : (const char *)n->name);
      xmlFree(id);
    }
    char what[512];
    snprintf(what, sizeof what, "%s => %s", sel, x.s);
    check_str(line, what, got.s ? got.s : "", want);
  }
  xmlXPathFreeObject(r);
out:
  buf_free(&x);
  buf_free(&err);
  buf_free(&got);
}
#define SEL(sel, want) sel_from(__LINE__, NULL, sel, want)

TEST(select) {
  doc = htmlReadMemory(html, (int)sizeof html - 1, "t.html", "UTF-8",
                       HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  CHECK(doc != NULL);
  if (!doc) return;
  SEL("p", "p1 p2 p3 p4 p5 p6");
  SEL("blockquote", "q1");
  SEL("P", ""); /* libxml2 lowercases HTML names; type selectors match as written */
  SEL("*", "html head title body main p1 p2 q1 p3 s1 p4 sec h p5 l list l1 l2 l3 p6 n1");
  SEL(".note", "p1 p2"); /* class names are case-sensitive (no quirks mode) */
  SEL(".box.wide", "main");
  SEL(".na\xC3\xAFve", "n1");
  SEL("#p3", "p3");
  SEL("#\\70 3", "p3");
  SEL("li.x\\-y", "l2");
  SEL("[lang]", "p1 p4 p6");
  SEL("[lang=en]", "p4");
  SEL("[lang|=en]", "p1 p4");
  SEL("[lang^=en]", "p1 p4");
  SEL("[lang$=US]", "p1");
  SEL("[href$=\".pdf\"]", "l");
  SEL("[href$=\"xdoc.pdf\"]", "");
  SEL("[title~=beta]", "s1");
  SEL("[title~=bet]", "");
  SEL("[class*=ot]", "p1 p2 p5");
  SEL("[data-x=\"it's \\\"q\\\"\"]", "p2");
  SEL("div p", "p1 p2 p3 p4");
  SEL("div > p", "p1 p2 p4");
  SEL("body > *", "main sec p6 n1");
  SEL("p + p", "p2");
  SEL("p + span", "n1"); /* s1 follows the blockquote */
  SEL("h2 ~ p", "p5");
  SEL("p ~ *", "p2 q1 s1 p4 list n1");
  SEL("section li + li", "l2 l3");
  SEL("#main > .note:first-child", "p1");
  SEL("p:first-child", "p1 p3");
  SEL("li:last-child", "l3");
  SEL("p:only-child", "p3");
  SEL("li:nth-child(2)", "l2");
  SEL("li:nth-child(odd)", "l1 l3");
  SEL("li:nth-child(even)", "l2");
  SEL(":nth-child(2)", "body p2 sec p5 l2");
  SEL("span:empty", "s1 n1"); /* comments do not count; the space in l3 does */
  SEL("li:empty", "");
  SEL(":root", "html");
  SEL("p:not(.note)", "p3 p4 p5 p6");
  SEL("div :not(p)", "q1 s1");
  SEL("h2, blockquote", "q1 h"); /* document order, not selector order */
  SEL("p, .note, #p1", "p1 p2 p3 p4 p5 p6"); /* each element once */
  SEL("text, comment", "");

  xmlNodePtr main_div = NULL;
  xmlXPathContextPtr xc = xmlXPathNewContext(doc);
  xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST "//*[@id='main']", xc);
  if (r && r->nodesetval && r->nodesetval->nodeNr == 1) main_div = r->nodesetval->nodeTab[0];
  xmlXPathFreeObject(r);
  xmlXPathFreeContext(xc);
  CHECK(main_div != NULL);
  if (main_div) {
    sel_from(__LINE__, main_div, "p", "p1 p2 p3 p4");
    sel_from(__LINE__, main_div, "div p", ""); /* main itself is not inside main */
    sel_from(__LINE__, main_div, "blockquote > p, span", "p3 s1");
  }
  xmlFreeDoc(doc);
}

int main(int argc, char **argv) {
  int rc = check_main(argc, argv);
  xmlCleanupParser();
  return rc;
}
