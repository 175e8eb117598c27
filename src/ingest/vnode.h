/* vnode.h - the raw view of a return as written: a small tree of named nodes with text leaves,
 * each carrying the file and line it came from. The importers build it (raw.h) and the
 * validation rules read it, so it lives with ingest, below both.
 *
 * The rules need values the store deliberately does not keep (full dates of birth, every code
 * exactly as written), so they read this view rather than the canonical records:
 *  - CIN census: one tree per <Child>, element for element as in the XML (local names, no
 *    namespace prefix); a leaf's text is its trimmed character data, NULL when empty; a
 *    container's text is NULL. The collection <Header> is a tree of its own.
 *  - SSDA903: one tree per child: node "CHILD" whose children are one node per table row, named
 *    by table ("header", "episodes", "reviews", "missing", "uasc", "oc2", "oc3", "ad1",
 *    "placed_adoption", "prev_perm", "sw_episodes", "dolo"), rows of a table in file order; each
 *    row node holds its columns as leaves (name = DfE column name, text = value as written,
 *    trimmed, NULL when blank; line = the CSV line; file = the row's file).
 *  - Agency templates and Annex A: one "row" node per CSV row, columns as leaves.
 *
 * Nodes live in an sg_arena owned by whoever built the tree; accessors never allocate except
 * sg_vnode_list (into the arena given). All accessors accept NULL nodes and then report
 * "absent", so rules can chain them without checks. */
#ifndef SG_INGEST_VNODE_H
#define SG_INGEST_VNODE_H

#include "core/arena.h"
#include "core/date.h"
#include "core/sg.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sg_vnode {
    const char *name; /* element / table / column name, never NULL */
    const char *text; /* trimmed value; NULL for a container or an empty leaf */
    const char *file; /* the file the node was read from (may be shared between nodes) */
    long line;        /* 1-based line where the node starts, 0 if unknown */
    struct sg_vnode *parent, *first, *last, *next; /* tree links; children in document order */
} sg_vnode;

/* ---- building (parsers, the engine, tests) ---- */

/* Allocates a node in a (name and text are copied; text NULL or "" = no text) and appends it as
 * the last child of parent (parent NULL = a root). file is borrowed and must outlive the arena's
 * use. Never fails (arena allocation aborts on out-of-memory). */
sg_vnode *sg_vnode_add(sg_arena *a, sg_vnode *parent, const char *name, const char *text,
                       const char *file, long line);

/* Parses the compact text form used by tests and tools into a tree in arena a:
 *     node  := NAME ['=' VALUE] ['@' LINE] ['(' node* ')']
 *     VALUE := a bare word (no spaces, parentheses or '"') or "a quoted string" (\" and \\
 *              escapes); `NAME=` or `NAME=""` is an empty leaf.
 * e.g.  Child(ChildIdentifiers(LAchildID=A1 PersonBirthDate=2015-03-01)
 *             CINdetails(CINreferralDate=2023-06-01 ReferralNFA=false))
 * A node's line is the line of the text it starts on (1-based) unless '@LINE' gives one; every
 * node gets file. The text must hold exactly one root node. Returns SG_OK with *out set, or
 * SG_EPARSE with the offending line and column in err. Limits: depth 64, 1 MiB of text. */
int sg_vnode_parse(sg_arena *a, const char *text, const char *file, sg_vnode **out, sg_error *err);

/* ---- reading ---- */

/* First direct child of n named name, or NULL. */
const sg_vnode *sg_vnode_child(const sg_vnode *n, const char *name);

/* The next sibling after n with the same name as n, or NULL: iterate a repeated element with
 *     for (const sg_vnode *e = sg_vnode_child(n, "episodes"); e; e = sg_vnode_next(e)) */
const sg_vnode *sg_vnode_next(const sg_vnode *n);

/* Number of direct children of n named name (name NULL = all children). */
size_t sg_vnode_count(const sg_vnode *n, const char *name);

/* Follows a '/'-separated path of first-named children: sg_vnode_path(child,
 * "ChildIdentifiers/LAchildID"). NULL when any step is missing. */
const sg_vnode *sg_vnode_path(const sg_vnode *n, const char *path);

/* Text of the first direct child named name; NULL when that child is absent OR present but
 * empty (use sg_vnode_child to tell those apart). */
const char *sg_vnode_text(const sg_vnode *n, const char *name);

/* Results of the typed readers: a present value is either OK or BAD; absent (no such child, or
 * empty text) is neither, so "missing" and "not a date" stay different findings. */
typedef enum sg_vval {
    SG_VBAD = -1,   /* present but not a valid value of the type; *out untouched */
    SG_VABSENT = 0, /* absent or empty; *out untouched */
    SG_VOK = 1,     /* *out set */
} sg_vval;

/* Parses a date leaf's text: YYYY-MM-DD (CIN, agency returns) or dd/mm/YYYY (SSDA903); only
 * real calendar dates in 1900..2199 are OK. sg_vnode_date reads the first child named name of
 * n; sg_vnode_date_of reads the leaf itself. */
sg_vval sg_vnode_date(const sg_vnode *n, const char *name, sg_date *out);
sg_vval sg_vnode_date_of(const sg_vnode *leaf, sg_date *out);
/* The same on a plain string (NULL or "" = SG_VABSENT). */
sg_vval sg_vdate_parse(const char *text, sg_date *out);

/* Parses an integer leaf: optional sign and decimal digits only, within long's range. */
sg_vval sg_vnode_int(const sg_vnode *n, const char *name, long *out);

/* true when text is one of the space-separated codes in list (exact, case-sensitive match):
 * sg_vcode_in(sg_vnode_text(ep, "LS"), "C1 C2 D1 E1"). NULL text is never in the list. */
bool sg_vcode_in(const char *text, const char *list);

/* Collects the direct children of n named name (NULL = all) into an array allocated in a, in
 * document order; *count receives their number. Returns NULL when there are none. When
 * date_field is not NULL the array is sorted (stable) by that child leaf's date, ascending,
 * with absent or invalid dates last. */
const sg_vnode **sg_vnode_list(sg_arena *a, const sg_vnode *n, const char *name,
                               const char *date_field, size_t *count);

#endif
