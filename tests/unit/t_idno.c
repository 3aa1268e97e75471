/* Resident ID numbers: check characters, 15 to 18, damage. */
#include "check.h"
#include "date.h"
#include "idno.h"

int
main(void)
{
	char out[19];
	struct lbc_date d;

	/* The GB 11643 example and computed vectors. */
	CHECK(lbc_id_check("11010519491231002") == 'X', "check char X");
	CHECK(lbc_id_check("44052418800101001") == '4', "check char 4");
	CHECK_INT(lbc_id_normalize("11010519491231002X", 18, out), LBC_ID_VALID,
	    "valid with X");
	CHECK_STR(out, "11010519491231002X", "valid ID kept");
	CHECK_INT(lbc_id_normalize("11010519491231002x", 18, out), LBC_ID_VALID,
	    "lowercase x accepted");
	CHECK_STR(out, "11010519491231002X", "x upper-cased");
	CHECK_INT(lbc_id_normalize("'11010519491231002X", 19, out), LBC_ID_VALID,
	    "leading apostrophe dropped");
	CHECK_INT(lbc_id_normalize("110105194912310021", 18, out),
	    LBC_ID_INVALID, "wrong check char");
	CHECK_INT(lbc_id_normalize("110105491231002", 15, out), LBC_ID_VALID,
	    "15 digits");
	CHECK_STR(out, "11010519491231002X", "15 to 18");
	CHECK_INT(lbc_id_normalize("5.20102E+17", 11, out), LBC_ID_INVALID,
	    "Excel scientific form is invalid");
	CHECK_INT(lbc_id_normalize("", 0, out), LBC_ID_ABSENT, "empty is absent");
	CHECK_INT(lbc_id_normalize("'", 1, out), LBC_ID_ABSENT,
	    "a lone apostrophe is absent");
	CHECK_INT(lbc_id_normalize("520102201502300011", 18, out),
	    LBC_ID_INVALID, "impossible birth date");
	/* 52010220150304001? with the right check char */
	{
		char id[19] = "52010220150304001";
		id[17] = lbc_id_check(id);
		id[18] = '\0';
		CHECK_INT(lbc_id_normalize(id, 18, out), LBC_ID_VALID,
		    "computed ID valid");
		lbc_id_birth(out, &d);
		CHECK(d.y == 2015 && d.m == 3 && d.d == 4, "birth from ID");
		CHECK(lbc_id_sex(out) == 'M', "odd 17th digit is male");
		id[16] = '2';
		id[17] = lbc_id_check(id);
		CHECK(lbc_id_sex(id) == 'F', "even 17th digit is female");
	}
	CHECK_INT(lbc_id_normalize("52010220150304000", 17, out),
	    LBC_ID_INVALID, "17 digits invalid");
	return check_failed;
}
