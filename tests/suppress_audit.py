#!/usr/bin/python3
"""Audits lbc-tally --suppress K by linear programming, apart from lbc.

usage: suppress_audit.py K TABLES.tsv [NAME]

TABLES.tsv is what lbc-tally printed (counts only, no --pct) for the
tables of one run, suppressed cells as "*".  Everything published is put
into one linear system, the way someone holding the tables would:

  - a count shown twice (the 合计 column of region x risk and the list of
    regions; risk x region; the number of children) is one unknown;
  - categories of a single-response field sum to their total, in every
    row or column of the other field;
  - a multi-response field (problems, flags) gives only inequalities: a
    category holds at most its total, and the categories (with 无) hold
    at least the total, since every child counts under one at least;
  - every count is 0 or more;
  - region tables of one run at several levels (lbc-tally -l
    county,township,village: the same header, region codes of different
    lengths, no regions table so that labels are codes) are one
    hierarchy: in every column, the rows of a region's subdivisions at
    the next level shown sum to its row (parent = sum of children).

For every suppressed cell the largest value consistent with all of it is
found (scipy's linprog, HiGHS), and the smallest where no point found so
far has the cell at another value; a cell that points found already put
at K or more and at two values needs no LP of its own.  The criterion: the two
differ (nothing is recomputed exactly) and the largest is K or more (the
published figures do not tell that the cell is below K; whether it is 0
is not asked: a 0 proves nothing about a child).  Also no cell of 1 to K-1
may be shown.  Prints PASS/FAIL lines.
"""
import re
import sys

import numpy as np
from scipy.optimize import linprog

MULTI = {"problems", "flags"}
NAMES = {"县(市、区)", "乡镇(街道)", "村(社区)"}


def solve(c, A_ub, b_ub, A_eq, b_eq):
    """linprog with HiGHS; again without presolve, which at times calls a
    bounded problem unbounded."""
    r = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq,
                bounds=(0, None), method="highs")
    if r.status != 0:
        r = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq,
                    bounds=(0, None), method="highs",
                    options={"presolve": False})
    return r


def tables(path):
    out = []
    for text in open(path, encoding="utf-8").read().rstrip("\n").split("\n\n"):
        lines = [l.split("\t") for l in text.split("\n") if not l.startswith("#")]
        head = lines[0]
        # lbc-tally's region name columns (township and village level):
        # the row is the names together, the field region
        nn = 0
        while nn < len(head) and head[nn].split("×")[0] in NAMES:
            nn += 1
            if "×" in head[nn - 1]:
                break
        if nn > 1 or (nn == 1 and head[0] in NAMES):
            fields = ["region"] + head[nn - 1].split("×")[1:]
            rows = ["合计" if l[0] == "合计" else "/".join(l[:nn])
                    for l in lines[1:]]
        else:
            nn = 1
            fields = head[0].split("×")
            rows = [l[0] for l in lines[1:]]
        cols = head[nn:]
        cells = [l[nn:] for l in lines[1:]]
        out.append((fields, rows, cols, cells))
    return out


def key(fields, rows, cols, r, c):
    """The published quantity of cell (r, c): shared between tables."""
    rt = rows[r] == "合计"
    ct = cols[c] in ("合计", "人数") and (len(fields) == 1 or cols[c] == "合计")
    if len(fields) == 1:
        return ("",) if rt else ((fields[0], rows[r]),)
    if rt and ct:
        return ("",)
    if ct:
        return ((fields[0], rows[r]),)
    if rt:
        return ((fields[1], cols[c]),)
    return tuple(sorted([(fields[0], rows[r]), (fields[1], cols[c])]))


def main():
    k = int(sys.argv[1])
    name = sys.argv[3] if len(sys.argv) > 3 else sys.argv[2]
    tabs = tables(sys.argv[2])
    known, var = {}, {}
    bad_shown = 0
    for fields, rows, cols, cells in tabs:
        for r in range(len(rows)):
            for c in range(len(cols)):
                q = key(fields, rows, cols, r, c)
                v = cells[r][c]
                if v == "*":
                    var.setdefault(q, len(var))
                else:
                    known[q] = int(v)
                    if 1 <= int(v) < k:
                        bad_shown += 1
    clash = [q for q in var if q in known]
    print(("PASS " if not clash else "FAIL ") +
          "%s: a count shown in one table is hidden in every other" % name +
          ("" if not clash else " (%d shown and hidden)" % len(clash)))
    print(("PASS " if bad_shown == 0 else "FAIL ") +
          "%s: no shown count of 1 to %d (%d)" % (name, k - 1, bad_shown))
    if not var:
        print("PASS %s: nothing suppressed" % name)
        return 0
    n = len(var)
    eq, eqb, ub, ubb = [], [], [], []
    hier = [0]

    def term(q):
        """(coefficient vector, constant) of quantity q."""
        a = np.zeros(n)
        if q in var:
            a[var[q]] = 1
            return a, 0.0
        return a, float(known[q])

    def relation(parts, total, kind):
        a = np.zeros(n)
        b = 0.0
        for q in parts:
            x, y = term(q)
            a += x
            b -= y
        x, y = term(total)
        a -= x
        b += y
        # sum(parts) - total (=, >=) 0  ->  a.v (=, >=) b
        if not a.any():
            return
        if kind == "=":
            eq.append(a)
            eqb.append(b)
        else:		# a.v >= b  ->  -a.v <= -b
            ub.append(-a)
            ubb.append(-b)

    def at_most(q, total):
        relation([total], q, ">=")

    for fields, rows, cols, cells in tabs:
        R, C = len(rows), len(cols)
        K = lambda r, c: key(fields, rows, cols, r, c)
        if len(fields) == 1:
            parts = [K(r, 0) for r in range(R - 1)]
            if fields[0] in MULTI:
                relation(parts, K(R - 1, 0), ">=")
                for q in parts:
                    at_most(q, K(R - 1, 0))
            else:
                relation(parts, K(R - 1, 0), "=")
            continue
        mr, mc = fields[0] in MULTI, fields[1] in MULTI
        for r in range(R):
            parts = [K(r, c) for c in range(C - 1)]
            relation(parts, K(r, C - 1), ">=" if mc else "=")
            if mc:
                for q in parts:
                    at_most(q, K(r, C - 1))
        for c in range(C):
            parts = [K(r, c) for r in range(R - 1)]
            relation(parts, K(R - 1, c), ">=" if mr else "=")
            if mr:
                for q in parts:
                    at_most(q, K(R - 1, c))
    # The hierarchy: a table's region rows sum to their parents' rows in
    # the table of the same header at the next coarser level.
    def code(label):
        """The region code of a row: the last code among its names."""
        c = ""
        for part in label.split("/"):
            m = re.match(r"[0-9]*", part).group(0)
            if m:
                c = m
        return c

    def level(rows):
        return max((len(code(l)) for l in rows if l != "合计"), default=0)

    byhead = {}
    for t in tabs:
        fields, rows, cols, cells = t
        if fields[0] == "region":
            byhead.setdefault((tuple(fields), tuple(cols)), []).append(
                (level(rows), t))
    for group in byhead.values():
        group.sort(key=lambda x: x[0])
        for (lp, tp), (lc, tc) in zip(group, group[1:]):
            if lp == lc:
                continue
            fp, rp, cp, _ = tp
            fc, rc, cc, _ = tc
            where = {code(l): i for i, l in enumerate(rp) if l != "合计"}
            kids = {}
            for i, l in enumerate(rc):
                if l != "合计":
                    kids.setdefault(code(l)[:lp], []).append(i)
            for pc, rs in kids.items():
                if pc not in where:
                    print("FAIL %s: row %s has no parent row" % (name, pc))
                    continue
                for c in range(len(cc)):
                    relation([key(fc, rc, cc, r, c) for r in rs],
                             key(fp, rp, cp, where[pc], c), "=")
            hier[0] += 1
    print("PASS %s: %d level links audited" % (name, hier[0]))
    A_eq = np.array(eq) if eq else None
    b_eq = np.array(eqb) if eq else None
    A_ub = np.array(ub) if ub else None
    b_ub = np.array(ubb) if ub else None
    exact = below = fails = 0
    # Every solution found is a point consistent with everything
    # published: a cell some point puts at K or more, and two points at
    # different values, passes without LPs of its own.
    seen_lo = np.full(n, np.inf)
    seen_hi = np.full(n, -np.inf)

    def note(r):
        np.minimum(seen_lo, r.x, out=seen_lo)
        np.maximum(seen_hi, r.x, out=seen_hi)

    for q, i in var.items():
        if seen_hi[i] >= k - 1e-6 and seen_hi[i] - seen_lo[i] > 1e-6:
            continue
        cvec = np.zeros(n)
        cvec[i] = 1
        hi = solve(-cvec, A_ub, b_ub, A_eq, b_eq)
        if hi.status not in (0, 3):
            fails += 1
            continue
        if hi.status == 0:
            note(hi)
        top = float("inf") if hi.status == 3 else -hi.fun
        bottom = seen_lo[i]
        if top - bottom < 1e-6:
            lo = solve(cvec, A_ub, b_ub, A_eq, b_eq)
            if lo.status != 0:
                fails += 1
                continue
            note(lo)
            bottom = lo.fun
        if "-v" in sys.argv and (top - bottom < 1e-6 or top < k - 1e-6):
            print("bad", q, bottom, top)
        if top - bottom < 1e-6:
            exact += 1
        if top < k - 1e-6:
            below += 1
    print(("PASS " if fails == 0 else "FAIL ") +
          "%s: the published figures are consistent (%d LPs failed)" %
          (name, fails))
    print(("PASS " if exact == 0 else "FAIL ") +
          "%s: no suppressed cell recomputed exactly (%d of %d)" %
          (name, exact, n))
    print(("PASS " if below == 0 else "FAIL ") +
          "%s: no suppressed cell shown to be below %d (%d of %d)" %
          (name, k, below, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
