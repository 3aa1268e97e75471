/*
 * dedupe.h: one record per child (see lbc-dedupe(1) and lbc(5)).
 *
 * The engine keeps every record of a stream (escaped, in an arena of its
 * own), clusters them, and writes one merged record per child.
 *
 * Matching.  Records with the same valid ID are one child.  A record
 * without a valid ID is compared with the records of its block: same birth
 * date and same toneless pinyin of the name (folded, Traditional turned
 * into Simplified; lbc_translit).  Two records that may be one child by
 * themselves are those lbc_dedupe_same_child() says so of; in the block
 * a record without an ID may join a child whose
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
 * Time: O(k log k) for a block of k records (indexes by region and by
 * name, see dedupe.c), so one block of a million records takes seconds;
 * only a record without an ID whose region holds many children with an
 * ID, when its name is also held by many children with an ID elsewhere,
 * costs the lesser of the two numbers.  A merged child's problems and
 * flags are united in linear time.
 *
 * Memory: 56 bytes per record.  The records' text stays in the input
 * file, mapped (lbc_dedupe_map()) and read forward with the pages behind
 * dropped, when the input is a file; from a pipe it is copied, escaped,
 * into one arena.  Before writing, the text of every record but the first
 * of each child that merges is copied out of the map.  The name caches
 * (one entry per distinct name) go when clustering starts; sorting the
 * records by ID and by block takes 32 bytes per record for a while.  From
 * a file, peak memory is some 140 bytes per record of the usual size
 * (lbc-gen streams of 1 and 7 million children); from a pipe, some 160
 * bytes more.  Both cores are used on a large mapped file: see
 * lbc_dedupe_add().
 */
#ifndef LBC_DEDUPE_H
#define LBC_DEDUPE_H

#include <stddef.h>
#include <stdint.h>

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
 * neither an id nor a name field, LBC_ENOMEM.
 */
struct lbc_dedupe *lbc_dedupe_new(const struct lbc_reader *r,
	    struct lbc_codebook *cb, int *err);
void	lbc_dedupe_free(struct lbc_dedupe *d);

/*
 * Tells the engine that the stream is the file open on fd, the reader's
 * first byte at offset base: the records' text is then not copied but
 * read from the file mapped, which must not change while the engine
 * lives.  Call before the first lbc_dedupe_add().  Returns 1 when the
 * file is mapped, 0 when it is not (not a regular file, or mmap refused):
 * the text is then copied as for a pipe.
 */
int	lbc_dedupe_map(struct lbc_dedupe *d, int fd, unsigned long long base);

/*
 * Keeps the reader's current record.  With a large mapped file (see
 * lbc_dedupe_map()) a second thread reads the second half ahead; when r
 * reaches it, returns 1: the rest of the stream is kept, the caller stops
 * reading (and need not look at r again).  Otherwise returns 0, LBC_EICU (ICU's
 * transliterators, opened on the first name that needs them, cannot be
 * built) or LBC_ENOMEM (also when there are more than 4 thousand million
 * records).  A name that is not
 * valid UTF-8 matches no other name.
 */
int	lbc_dedupe_add(struct lbc_dedupe *d, const struct lbc_reader *r);

/*
 * Clusters the records added so far (call once).  Returns 0, LBC_ENOMEM,
 * or LBC_EFORMAT when the input has a records column and a child's values
 * add up to more than LBC_DEDUPE_RECORDS_MAX (a larger value is not a
 * count a later run would read): lbc_dedupe_errline() then tells the
 * stream line of that child's first record.  Nothing is to be written
 * after an error.
 */
#define LBC_DEDUPE_RECORDS_MAX	999999999999999999ULL
int	lbc_dedupe_run(struct lbc_dedupe *d);
unsigned long lbc_dedupe_errline(const struct lbc_dedupe *d);

/*
 * The matching rule for two records, for lbc-dedupe's blocks and for any
 * command that asks whether two records are one child.  A key is what the
 * rule looks at; lbc_dedupe_key() fills one for record i (input order,
 * from 0) of an engine, valid while the engine lives.  Name numbers are
 * the engine's own, so only keys of one engine compare.
 */
struct lbc_dedupe_key {
	uint64_t	 id;		/* first 17 digits of a valid ID, 0: none */
	uint32_t	 birth;		/* yyyymmdd, the ID's when valid; 0: unknown */
	uint32_t	 simp;		/* folded Simplified name's number, 0: none */
	uint32_t	 pin;		/* its toneless pinyin's number, 0: none */
	int		 sex;		/* 'M' or 'F' (the ID's when valid), or 0 */
	const char	*region;	/* region code (not NUL-ended) ... */
	size_t		 reglen;	/* ... of this length, 0: unknown */
};
void	lbc_dedupe_key(const struct lbc_dedupe *d, size_t i,
	    struct lbc_dedupe_key *k);

/*
 * Whether records a and b may be one child by themselves: LBC_HOW_ID when
 * both carry the same valid ID; LBC_HOW_SINGLE (no) when both carry valid
 * IDs that differ; otherwise, when the birth dates are known and equal,
 * the names sound the same (pinyin), the sexes do not conflict (one
 * unknown or both equal) and the regions agree (equal, one a prefix of the
 * other, or one unknown): LBC_HOW_NAME when the names are also equal after
 * folding and Simplified, else LBC_HOW_PINYIN; LBC_HOW_SINGLE otherwise.
 * Symmetric.  A run applies it within the guard described above: a record
 * that agrees with two children joins neither.
 */
enum lbc_how lbc_dedupe_same_child(const struct lbc_dedupe_key *a,
	    const struct lbc_dedupe_key *b);

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
 * Fills k as lbc_dedupe_key() does, but from one record's id, name, sex,
 * birth and region fields as lbc(5) gives them (a NULL pointer for an
 * absent field), without adding the record: for callers that find the
 * same child outside a run with lbc_dedupe_same_child() (lbc-diff(1)
 * matches the children of two months).  k->region points at region.  The
 * names are folded once per distinct name and remembered in d.  Returns 0,
 * LBC_EICU or LBC_ENOMEM; LBC_EARG after lbc_dedupe_run(), which frees
 * those caches.
 */
int	lbc_dedupe_key_of(struct lbc_dedupe *d, const char *id, size_t idlen,
	    const char *name, size_t namelen, const char *sex, size_t sexlen,
	    const char *birth, size_t birthlen, const char *region,
	    size_t reglen, struct lbc_dedupe_key *k);

#endif
