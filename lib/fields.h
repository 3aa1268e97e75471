/*
 * fields.h: the titles of the fields lbc knows, as tables and charts for
 * the joint meeting show them ("region" -> "区划").
 */
#ifndef LBC_FIELDS_H
#define LBC_FIELDS_H

/* The Chinese title of field, or NULL for a column lbc does not know. */
const char *lbc_field_title(const char *field);

#endif
