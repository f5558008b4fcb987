/* CSS selectors translated to XPath 1.0; the caller owns the selector string
 * and both bufs, which these functions only append to. */
#ifndef GLOSSA_CSS_H
#define GLOSSA_CSS_H

#include "buf.h"

/* Supported (Selectors level 3 subset):
 *   type `p`, universal `*`, `.class`, `#id`, `[a]`, `[a=v]`, `[a~=v]`,
 *   `[a^=v]`, `[a$=v]`, `[a*=v]`, `[a|=v]` (v an identifier or a quoted
 *   string), the combinators ` `, `>`, `+`, `~`, groups with `,`, and the
 *   pseudo-classes :first-child, :last-child, :only-child, :empty, :root,
 *   :nth-child(N | odd | even) and :not(compound) (not nested).
 * Type and attribute names match exactly as written: libxml2's HTML parser
 * lowercases element and attribute names, so `P` matches nothing there, and
 * in XML a name matches only elements in no namespace (or, when the name is
 * not a plain ASCII name, by name(), prefix included). Pseudo-class names are
 * ASCII case-insensitive. Not supported: namespaces (`|`), comments,
 * pseudo-elements, attribute flags (`i`, `s`), other pseudo-classes.
 * The input must be valid UTF-8 and hold at most CSS_MAX_COMPOUNDS compound
 * selectors (counting those inside :not()), which bounds the depth of the
 * XPath that libxml2 compiles. */
#define CSS_MAX_COMPOUNDS 256

/* Translates a CSS selector (group) into an XPath 1.0 expression selecting the
 * same elements in document order, relative to the document ("//"), and
 * appends it to out. Returns 0, or -1 with a message appended to err naming
 * the problem and the character position (1-based, in code points), e.g.
 * "unexpected ')' at character 5"; out is then unchanged. */
int css_to_xpath(const char *selector, buf *out, buf *err);

/* The same, relative to a context node (".//"): only the context's
 * descendants can match, and every compound of the selector must match
 * inside the context (like `:scope sel`), for node:css(sel). */
int css_to_xpath_relative(const char *selector, buf *out, buf *err);

#endif
