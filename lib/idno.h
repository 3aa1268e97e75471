/*
 * idno.h: resident ID numbers (GB 11643-1999).
 *
 * 18 characters: 6-digit region, YYYYMMDD birth date, 3-digit sequence
 * (odd 17th digit = male), check character from ISO 7064 MOD 11-2.
 * Old 15-digit numbers get "19" and a computed check character.
 */
#ifndef LBC_IDNO_H
#define LBC_IDNO_H

#include <stddef.h>

struct lbc_date;

enum lbc_id_status {
	LBC_ID_ABSENT = 0,	/* nothing but white space or marks */
	LBC_ID_VALID = 1,
	LBC_ID_INVALID = 2	/* something present, but not a valid ID */
};

/*
 * Normalizes s[0..n), which must already be NFKC-folded with white space
 * removed (lbc_fold_name): a leading apostrophe is dropped, x upper-cased,
 * 15 digits converted to 18.  On LBC_ID_VALID out holds the 18 characters
 * and a NUL.  The region part is not checked against any table.
 */
enum lbc_id_status lbc_id_normalize(const char *s, size_t n, char out[19]);
/* The check character for the first 17 digits of id. */
char	lbc_id_check(const char *id17);
/* Birth date and sex ('M' or 'F') of a valid 18-character ID. */
void	lbc_id_birth(const char *id, struct lbc_date *d);
char	lbc_id_sex(const char *id);

#endif
