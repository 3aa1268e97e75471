/*
 * err.h: the error codes every lbc library function returns.
 *
 * Library functions never print and never exit: they return 0 (LBC_OK) or
 * a negative lbc_err value, and the command turns it into a message with
 * lbc_strerror().
 */
#ifndef LBC_ERR_H
#define LBC_ERR_H

/*
 * N_(s) is s, marked for the message catalogue (po/): a command translates
 * the text when it prints it.
 */
#ifndef N_
#define N_(s)	s
#endif

enum lbc_err {
	LBC_OK = 0,
	LBC_ENOMEM = -1,	/* out of memory */
	LBC_EIO = -2,		/* read or write failed (see errno) */
	LBC_EFORMAT = -3,	/* malformed input */
	LBC_EFIELDS = -4,	/* wrong number of fields on a line */
	LBC_EENCODING = -5,	/* bytes not valid in the encoding */
	LBC_EICU = -6,		/* an ICU service failed */
	LBC_EHEADER = -7,	/* missing or bad header */
	LBC_ENOTFOUND = -8,	/* no such entry */
	LBC_EAMBIGUOUS = -9,	/* more than one entry matches */
	LBC_EARG = -10,		/* bad argument */
	LBC_EXLSX = -11,	/* the workbook library failed */
	LBC_ESPAWN = -12,	/* a child process could not be started */
	LBC_ECHILD = -13,	/* a child process failed */
	LBC_EUNSAFE = -14,	/* a link or special file of another user */
	LBC_ETOOBIG = -15	/* more than a format can hold */
};

/* Returns a static English description of err (an lbc_err value). */
const char *lbc_strerror(int err);

#endif
