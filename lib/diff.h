/*
 * diff.h: what changed between two periods (see lbc-diff(1)).
 *
 * Two children streams (lbc-dedupe output) of two periods, OLD and NEW, in;
 * one record stream out: every child of NEW, then every child of OLD that
 * is not in NEW, with three fields added: change (new, left, stayed),
 * was_risk (the child's risk in OLD, empty for new) and left_why (for
 * left: aged_out when the child is 16 or older on the reference date).
 * The output header is NEW's fields, then OLD's fields that NEW lacks,
 * then the three.
 *
 * The same child is found by lib/dedupe's rule
 * (lbc_dedupe_same_child()): first
 * every NEW child with a valid ID takes the OLD child with that ID; then a
 * NEW child still alone takes the one OLD child still alone that the rule
 * matches on the same name (after folding and Simplified), or else the one
 * that matches on the pinyin.  A NEW child that could take two OLD
 * children at the same step takes none, and an OLD child that two NEW
 * children would take goes to neither: both sides stay new and left, so
 * two different valid IDs never become one child, not even through a child
 * without one.
 *
 * NEW is read twice (a pass to match, a pass to write), so it must be a
 * seekable file (the command copies a pipe to a temporary file first);
 * OLD is read once.  Memory: a 64-byte key, the name and the region of every
 * NEW record and an index of NEW's IDs; of OLD only the records whose ID
 * is not in NEW, with their output text: some 60 bytes a record, 0.8 GB
 * for two months of 7 million.
 */
#ifndef LBC_DIFF_H
#define LBC_DIFF_H

#include <stdio.h>

struct lbc_codebook;
struct lbc_writer;

struct lbc_diff_conf {
	FILE		*old, *new;	/* not owned; new seekable */
	const char	*oldname, *newname;	/* for messages */
	const char	*as_of;		/* YYYY-MM-DD, or NULL: NEW's latest survey */
	struct lbc_codebook *cb;	/* not owned */
};

struct lbc_diff_stats {
	size_t		 nold, nnew;	/* records read */
	size_t		 stayed, added, left, aged_out;
	size_t		 by_id, by_name, by_pinyin;	/* how the stayed matched */
	char		 as_of[11];	/* the reference date used, "" if none */
};

/* Where a stream went wrong: the stream's name and line (0: none). */
struct lbc_diff_where {
	const char	*name;
	unsigned long	 line;
};

/*
 * Matches and writes the output stream to out and, when pairs is not
 * NULL, the pairs table (header old_line new_line how, one row per stayed
 * child in NEW's order; how is id, name or pinyin).  Write errors stay in
 * the writers.  Returns 0; LBC_EHEADER when a stream is empty or has
 * neither an id nor a name field, or NEW already has a change field;
 * LBC_EFIELDS or LBC_EFORMAT for a bad line; LBC_EARG for a bad as_of;
 * LBC_EIO, LBC_EICU or LBC_ENOMEM.  On a stream error *where says which
 * stream and line.
 */
int	lbc_diff_run(const struct lbc_diff_conf *conf, struct lbc_writer *out,
	    struct lbc_writer *pairs, struct lbc_diff_stats *st,
	    struct lbc_diff_where *where);

#endif
