/* wellformed.h - a small XML well-formedness check with expat for the report tests (the HTML
 * the booklet writes is also well-formed XML). Header-only: included by test_svg.c and
 * test_booklet.c. */
#ifndef SG_TEST_WELLFORMED_H
#define SG_TEST_WELLFORMED_H

#include <expat.h>
#include <stdio.h>
#include <string.h>

/* Returns 1 when doc is well-formed; otherwise 0 with the parser's message, line and column in
 * why (size whysz). Counts elements into *elements when not NULL. */
typedef struct wf_count {
    long elements;
} wf_count;

static void XMLCALL wf_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)name;
    (void)atts;
    ((wf_count *)ud)->elements++;
}

static int wellformed(const char *doc, size_t len, char *why, size_t whysz, long *elements)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    wf_count c = {0};
    XML_SetUserData(p, &c);
    XML_SetStartElementHandler(p, wf_start);
    int ok = XML_Parse(p, doc, (int)len, 1) == XML_STATUS_OK;
    if (!ok && why)
        snprintf(why, whysz, "%s at line %lu column %lu", XML_ErrorString(XML_GetErrorCode(p)),
                 (unsigned long)XML_GetCurrentLineNumber(p),
                 (unsigned long)XML_GetCurrentColumnNumber(p));
    XML_ParserFree(p);
    if (elements) *elements = c.elements;
    return ok;
}

#endif
