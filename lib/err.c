#include "err.h"

const char *
lbc_strerror(int err)
{
	switch (err) {
	case LBC_OK:		return N_("success");
	case LBC_ENOMEM:	return N_("out of memory");
	case LBC_EIO:		return N_("input/output error");
	case LBC_EFORMAT:	return N_("malformed input");
	case LBC_EFIELDS:	return N_("wrong number of fields");
	case LBC_EENCODING:	return N_("bytes not valid in the file's encoding");
	case LBC_EICU:		return N_("text conversion failed");
	case LBC_EHEADER:	return N_("missing or bad header");
	case LBC_ENOTFOUND:	return N_("not found");
	case LBC_EAMBIGUOUS:	return N_("ambiguous");
	case LBC_EARG:		return N_("invalid argument");
	case LBC_EXLSX:		return N_("workbook could not be written");
	case LBC_ETOOBIG:	return N_("too many categories for a workbook sheet "
				    "(16,384 columns, 1,048,576 rows)");
	case LBC_ESPAWN:	return N_("could not start program");
	case LBC_ECHILD:	return N_("program failed");
	case LBC_EUNSAFE:	return N_("a symbolic link or special file owned by "
				    "another user: not written through");
	}
	return N_("unknown error");
}
