/*
 * duckq: runs SQL statements through DuckDB's C library (libduckdb.so, as
 * the npm package @duckdb/node-bindings-linux-x64 ships it without a
 * header), for bench/run.sh.  Usage: duckq THREADS SQL...; each SQL is
 * run in turn on an in-memory database (COPY ... TO '/dev/stdout' for
 * output).  Only the C API's documented entry points are declared here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef void *duckdb_database;
typedef void *duckdb_connection;
typedef int duckdb_state;	/* 0 DuckDBSuccess */
typedef struct {		/* struct duckdb_result, opaque here */
	uint64_t	 space[16];
} duckdb_result;

duckdb_state	duckdb_open(const char *, duckdb_database *);
void		duckdb_close(duckdb_database *);
duckdb_state	duckdb_connect(duckdb_database, duckdb_connection *);
void		duckdb_disconnect(duckdb_connection *);
duckdb_state	duckdb_query(duckdb_connection, const char *, duckdb_result *);
const char	*duckdb_result_error(duckdb_result *);
void		duckdb_destroy_result(duckdb_result *);

int
main(int argc, char *argv[])
{
	duckdb_database db;
	duckdb_connection con;
	duckdb_result res;
	char set[64];
	int i, rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: duckq threads sql...\n");
		return 2;
	}
	if (duckdb_open(NULL, &db) != 0 || duckdb_connect(db, &con) != 0) {
		fprintf(stderr, "duckq: cannot open a database\n");
		return 1;
	}
	snprintf(set, sizeof(set), "SET threads = %d", atoi(argv[1]));
	for (i = 1; i < argc && rc == 0; i++) {
		if (duckdb_query(con, i == 1 ? set : argv[i], &res) != 0) {
			fprintf(stderr, "duckq: %s\n", duckdb_result_error(&res));
			rc = 1;
		}
		duckdb_destroy_result(&res);
	}
	fflush(stdout);
	duckdb_disconnect(&con);
	duckdb_close(&db);
	return rc;
}
