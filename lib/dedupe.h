/*
 * dedupe.h: one record per child (see lbc-dedupe(1) and lbc(5)).
 *
 * The engine keeps every record of a stream (escaped, in an arena of its
 * own), clusters them, and writes one merged record per child.
 *
 * Matching.  Records with the same valid ID are one child.  A record
 * without a valid ID is compared with the records of its block: same birth
 * date and same toneless pinyin of the name (folded, Traditional turned
 * into Simplified; lbc_translit).  In the block it may join a child whose
 * sex does not conflict with its own and whose region agrees (equal, or
 * one a prefix of the other; an empty region agrees with any): a child
 * with an ID when the region agrees with one of that child's records in
 * the block, a child without an ID when it agrees with all of them.
 * Children holding a record with the very same name (after folding and
 * Simplified) are tried first, children whose names only sound the same
 * next.  A record that could join two or more children at the same step
 * joins none: it stays alone and its "how" is LBC_HOW_CONFLICT.  So two
 * different valid IDs never end up in one child, not even through a chain
 * of records without one, and neither do records of two different
 * villages through a township-level record.  Records are tried most
 * specific first (longer region, then known sex, then input order), so
 * a coarse record meets the children the precise ones make, whatever
 * the order of the input.
 *
 * Survivorship (one output record per child, the input's fields in their
 * order, then "records" unless the input already has that column, whose
 * values are then summed, an empty or bad value counting 1):
 *   - members are ranked by survey date, latest first (no date ranks
 *     last), then input order; src and line come from the first (the
 *     survivor), every other field from the first member in rank order
 *     whose value is not empty;
 *   - id from the member with a valid ID; id_raw empty when the child has
 *     a valid ID (the invalid text was a damaged copy of it);
 *   - region: the survivor's, made more specific when another member's
 *     region extends it;
 *   - risk: the most severe code in codebook order (values outside the
 *     codebook only when no member has a known one);
 *   - problems: the union, codebook order, then unknown items in the
 *     order first seen; flags: the union in the order first seen.
 *
 * Output order: children in the order of their first record in the input;
 * child numbers start at 1.
 *
 * Memory: 56 bytes per record plus its escaped text, about 70 bytes more
 * per record while clustering, and the name caches (one entry per
 * distinct name): some 250 bytes per record of the usual size.
 */
#ifndef LBC_DEDUPE_H
#define LBC_DEDUPE_H

#include <stddef.h>

struct lbc_codebook;
struct lbc_reader;
struct lbc_writer;
struct lbc_dedupe;

/* What put a record into its child, for the clusters file. */
enum lbc_how {
	LBC_HOW_SINGLE = 0,	/* the child's only record */
	LBC_HOW_ID,		/* carries the child's valid ID */
	LBC_HOW_NAME,		/* no valid ID; another record has the same name */
	LBC_HOW_PINYIN,		/* no valid ID; the name only sounds the same */
	LBC_HOW_CONFLICT	/* would have joined children that differ */
};

/*
 * Starts a run for the stream read by r, whose header it copies; cb (for
 * the order of risk and problem codes) is not owned and must outlive the
 * engine.  Returns NULL and sets *err: LBC_EHEADER when the header has
 * neither an id nor a name field, LBC_EICU, LBC_ENOMEM.
 */
struct lbc_dedupe *lbc_dedupe_new(const struct lbc_reader *r,
	    struct lbc_codebook *cb, int *err);
void	lbc_dedupe_free(struct lbc_dedupe *d);

/*
 * Keeps the reader's current record.  Returns 0 or LBC_ENOMEM (also when
 * there are more than 4 thousand million records).  A name that is not
 * valid UTF-8 matches no other name.
 */
int	lbc_dedupe_add(struct lbc_dedupe *d, const struct lbc_reader *r);

/* Clusters the records added so far (call once).  Returns 0 or LBC_ENOMEM. */
int	lbc_dedupe_run(struct lbc_dedupe *d);

size_t	lbc_dedupe_nrecords(const struct lbc_dedupe *d);
/* After the run: the number of children, and of records with this how. */
size_t	lbc_dedupe_nchildren(const struct lbc_dedupe *d);
size_t	lbc_dedupe_count(const struct lbc_dedupe *d, enum lbc_how how);
/* After the run: record i's (input order, from 0) child number and how. */
size_t	lbc_dedupe_child(const struct lbc_dedupe *d, size_t i);
enum lbc_how lbc_dedupe_how(const struct lbc_dedupe *d, size_t i);
/* "single", "id", "name", "pinyin" or "conflict". */
const char *lbc_dedupe_howname(enum lbc_how how);

/*
 * After the run: writes the header and one record per child to w, or the
 * clusters table (header child src line how, one row per input record in
 * input order; src and line are the record's own fields, or the stream's
 * name and line when the header has no such field).  Write errors stay in
 * w; returns 0 or LBC_ENOMEM.
 */
int	lbc_dedupe_write(struct lbc_dedupe *d, struct lbc_writer *w);
int	lbc_dedupe_write_clusters(struct lbc_dedupe *d, struct lbc_writer *w);

/*
 * The matching rule for one pair of records, for callers that find the
 * same child outside a run (lbc-diff(1) matches the children of two
 * months).  A key holds what the rule looks at; its name numbers come from
 * the engine that made it, so only keys of one engine compare.
 */
struct lbc_dedupe_key {
	unsigned long long	 id;	/* first 17 digits of a valid ID, 0: none */
	unsigned		 birth;	/* yyyymmdd (the valid ID's), 0: unknown */
	unsigned		 simp;	/* name as Simplified, number + 1, 0: none */
	unsigned		 pin;	/* toneless pinyin, number + 1, 0: none */
	int			 sex;	/* 'M', 'F' (the valid ID's) or 0 */
	const char		*region;	/* not owned; may be NULL */
	size_t			 reglen;
};

/*
 * Fills k from one record's id, name, sex, birth and region fields as
 * lbc(5) gives them (a NULL pointer for an absent field); k->region points
 * at region.  The names are folded once per distinct name and remembered
 * in d.  Returns 0 or LBC_ENOMEM.
 */
int	lbc_dedupe_key(struct lbc_dedupe *d, const char *id, size_t idlen,
	    const char *name, size_t namelen, const char *sex, size_t sexlen,
	    const char *birth, size_t birthlen, const char *region,
	    size_t reglen, struct lbc_dedupe_key *k);

/*
 * Whether a and b may be one child: LBC_HOW_ID for the same valid ID;
 * else, when at most one has a valid ID, the same known birth date, sexes
 * that do not conflict and regions that agree, LBC_HOW_NAME for the same
 * name after folding and Simplified, LBC_HOW_PINYIN for the same pinyin
 * only; LBC_HOW_SINGLE when not (two different valid IDs never match).
 * The run applies this rule within a block and refuses a record that
 * could join two children at the same step; callers do the same.
 */
enum lbc_how lbc_dedupe_match(const struct lbc_dedupe_key *a,
	    const struct lbc_dedupe_key *b);

#endif
