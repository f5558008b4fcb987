/* The state of one libxml2 parse, shared by the layers glossa hooks into
 * it (sax_text.c, xml_entity.c, parse_error.c): the loader owns it on its
 * stack, every parser context of the parse points to it (ctxt->_private),
 * and the buffers in it are freed by the loader when the parse is done. */
#ifndef GLOSSA_PARSE_H
#define GLOSSA_PARSE_H

#include <libxml/parser.h>
#include <stddef.h>

#include "buf.h"
#include "text.h"

typedef struct parse_state {
  /* XML: entities are parsed in contexts of their own; main is the
   * document's, where the line of the reference being expanded is. */
  xmlParserCtxtPtr main;
  const char *name; /* the document's, for messages; NULL for HTML */
  int oom;

  struct { /* sax_text.c: where text comes from, and text as a browser gives it */
    charactersSAXFunc characters, cdata;
    startElementSAXFunc start_element;
    endElementSAXFunc end_element;
    endDocumentSAXFunc end_document;
    char skip[48]; /* a reference's name, to drop when libxml2 sends it */
    int skip_len;
    int skip_semi; /* and the ';' that starts the text after it */
    int skip_prefix; /* or the bytes of skip to cut from the next chunk's front */
    const unsigned char *rest; /* the rest of a reference's name, text to give */
    int rest_len;              /* after its expansion (in the input) */
    int plain;                 /* giving it: no reference mapping, no skipping */
    text_posbuf pos;        /* source positions of text, for the view */
    const size_t *drops;    /* HTML: where NULs to leave out of the text are */
    size_t ndrops;
    const size_t *held;     /* HTML: where raw text's '<' and '&' were held back */
    const char *held_c;     /* (htmlstream.h), and which each was */
    size_t nheld;
    xmlNodePtr last_text;   /* the text node the last chunk went to */
    size_t last_len;        /* its length then */
    const xmlChar *expect;  /* where a verbatim continuation would start */
    unsigned long prev_end; /* input offset where the last chunk ended */
    unsigned long col_off, col_at; /* a chunk's input offset, and its column */
    int col_known;
    int have_prev;
    unsigned long noscript_from; /* input offset after <noscript>'s '>' */
    int noscript_depth;
    int body_tag, head_end_tag; /* a "<body" / "</head" tag was read (not implied) */
    void *implied_p; /* the <p> libxml2 made for text before the body, if any */
    const unsigned char *src; /* HTML: the whole text parsed (input offsets */
    size_t srclen;            /* index it), where libxml2 may have let go of it */
  } text;

  struct { /* xml_entity.c: what entities may do, and what was refused */
    getEntitySAXFunc get_entity;
    getParameterEntitySAXFunc get_parameter_entity;
    size_t expanded;        /* bytes of text entity references produced */
    size_t expand_limit;
    int stopped;            /* expand_limit stopped the parser */
    xmlEntity text_entity;  /* an entity handed on as a predefined one */
    xmlEntity param_entity; /* an external parameter entity, handed on empty */
    xmlEntityPtr chain[64]; /* the entity referenced at each parser depth */
    int chain_top;
    buf warnings;           /* "NAME:LINE: warning: ..." lines */
    buf warned;             /* "\nKEY\n..." what was warned about, once each */
    int nwarnings;
    size_t unlisted;        /* warnings past the most listed */
  } ent;

  struct { /* parse_error.c: the first error */
    int line;      /* 0 when none */
    int col;       /* when libxml2 gives one, else 0 */
    char msg[512];
  } err;
} parse_state;

#endif
