#include "err.h"

const char *
lbc_strerror(int err)
{
	switch (err) {
	case LBC_OK:		return "success";
	case LBC_ENOMEM:	return "out of memory";
	case LBC_EIO:		return "input/output error";
	case LBC_EFORMAT:	return "malformed input";
	case LBC_EFIELDS:	return "wrong number of fields";
	case LBC_EENCODING:	return "bytes not valid in the file's encoding";
	case LBC_EICU:		return "text conversion failed";
	case LBC_EHEADER:	return "missing or bad header";
	case LBC_ENOTFOUND:	return "not found";
	case LBC_EAMBIGUOUS:	return "ambiguous";
	case LBC_EARG:		return "invalid argument";
	case LBC_EXLSX:		return "workbook could not be written";
	case LBC_ETOOBIG:	return "too many categories for a workbook sheet "
				    "(16,384 columns, 1,048,576 rows)";
	case LBC_ESPAWN:	return "could not start program";
	case LBC_ECHILD:	return "program failed";
	case LBC_EUNSAFE:	return "a symbolic link or special file owned by "
				    "another user: not written through";
	}
	return "unknown error";
}
