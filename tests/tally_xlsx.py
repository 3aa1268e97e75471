#!/usr/bin/python3
"""Reads an lbc-tally workbook back with openpyxl and checks every value.

usage: tally_xlsx.py BOOK.xlsx TABLES.tsv INPUT PCT CI CREATED

TABLES.tsv is what lbc-tally printed for the same tables with --pct PCT
(and --ci when CI is 1).  Each sheet must hold the same labels and counts;
its percentages, Wilson intervals and chi-square tests are computed here
again from the counts, apart from lbc; the about sheet must give the
SHA-256 of INPUT, its records and CREATED as the time.  Prints PASS/FAIL
lines like the other tests.
"""
import hashlib
import math
import re
import sys
import zipfile

import openpyxl

failed = 0


def check(ok, what):
    global failed
    print(("PASS " if ok else "FAIL ") + "tally_xlsx: " + what)
    if not ok:
        failed = 1


def blocks(path):
    """The TSV tables: (header, rows, comment lines)."""
    out = []
    for text in open(path, encoding="utf-8").read().rstrip("\n").split("\n\n"):
        lines = [l.split("\t") for l in text.split("\n")]
        rows = [l for l in lines[1:] if l[0] != "#"]
        notes = [l for l in lines[1:] if l[0] == "#"]
        out.append((lines[0], rows, notes))
    return out


def q(x, k):
    """Upper tail of the chi-square distribution, closed forms."""
    if k % 2 == 0:
        return math.exp(-x / 2) * sum((x / 2) ** i / math.factorial(i)
                                      for i in range(k // 2))
    s = math.erfc(math.sqrt(x / 2))
    return s + math.exp(-x / 2) * sum((x / 2) ** (i - 0.5) / math.gamma(i + 0.5)
                                      for i in range(1, (k - 1) // 2 + 1))


def pearson(t):
    t = [r for r in t if sum(r) > 0]
    keep = [j for j, c in enumerate(zip(*t)) if sum(c) > 0]
    t = [[r[j] for j in keep] for r in t]
    rs = [sum(r) for r in t]
    cs = [sum(c) for c in zip(*t)]
    n = sum(rs)
    if len(rs) < 2 or len(cs) < 2:
        return None
    x = sum((t[i][j] - rs[i] * cs[j] / n) ** 2 / (rs[i] * cs[j] / n)
            for i in range(len(rs)) for j in range(len(cs)))
    df = (len(rs) - 1) * (len(cs) - 1)
    return x, df, q(x, df), math.sqrt(x / (n * (min(len(rs), len(cs)) - 1))), n


Z = 1.959963984540054
NAMES = ("县(市、区)", "乡镇(街道)", "村(社区)")


def wilson(x, n):
    p = x / n
    d = 1 + Z * Z / n
    m = (p + Z * Z / (2 * n)) / d
    h = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / d
    return (0.0 if x == 0 else m - h), (1.0 if x == n else m + h)


PCT = "[=0]0.0%;[<0.001]0.000%;0.0%"
P = '[<0.001]"<0.001";0.000'
FONT = "等线"


def page_setup(ws, sname):
    """A4, one page wide, the header row repeated, a footer with pages."""
    ps = ws.page_setup
    check(ps.paperSize == 9, "%s: A4" % sname)
    check(ws.sheet_properties.pageSetUpPr.fitToPage and
          ps.fitToWidth in (1, None) and ps.fitToHeight == 0,
          "%s: fit to one page wide" % sname)
    check(ws.print_title_rows in ("3:3", "$3:$3"),
          "%s: header row repeated on every page" % sname)
    check(ws.print_area is not None, "%s: a print area" % sname)
    foot = ws.oddFooter
    text = "".join(p.text or "" for p in (foot.left, foot.center, foot.right))
    check("&P" in text and "&N" in text and
          re.search(r"数据截至 \d{4}-\d\d-\d\d", text) is not None,
          "%s: footer with page number and the data's date" % sname)
    widest = 0
    for c in range(1, ws.max_column + 1):
        if any(ws.cell(r, c).value is not None for r in range(3, ws.max_row + 1)):
            from openpyxl.utils import get_column_letter
            widest += 1
            if ws.column_dimensions[get_column_letter(c)].width is None:
                check(False, "%s: column %d has a width" % (sname, c))
    n2 = ws.row_dimensions[2].height
    check(n2 is not None and n2 >= 15, "%s: note row height set" % sname)


def viridis(t):
    stop = [0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
            0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725]
    if t <= 0:
        return stop[0]
    if t >= 1:
        return stop[10]
    i = int(t * 10)
    f = t * 10 - i
    a, b = stop[i], stop[i + 1]
    c = 0
    for k in range(3):
        sh = 8 * k
        x = (1 - f) * ((a >> sh) & 0xff) + f * ((b >> sh) & 0xff)
        c |= int(math.floor(x + 0.5)) << sh
    return c


def palette(j, n):
    if n <= 2:
        return [0x0072b2, 0xe69f00][j % 2]
    return viridis(0.9 * j / (n - 1))


def fonts_and_charts(wb, z, sheets):
    """Every cell in the East Asian font; charts in lbc's palette."""
    ok = True
    for name in sheets + ["说明"]:
        ws = wb[name]
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    ok &= c.font.name == FONT
    check(ok, "every cell in %s" % FONT)
    for n in sorted(z.namelist()):
        if not re.match(r"xl/charts/chart\d+\.xml$", n):
            continue
        x = z.read(n).decode()
        cols = re.findall(r'<c:ser>.*?<c:spPr><a:solidFill><a:srgbClr '
                          r'val="([0-9A-F]{6})"', x)
        want = ["%06X" % palette(j, len(cols)) for j in range(len(cols))]
        check(cols == want, "%s: series in lbc's palette %s" % (n, want))
        check(x.count("<c:showVal val=\"1\"/>") == len(cols),
              "%s: value labels" % n)
        unit = re.search(r'<c:majorUnit val="([0-9.]+)"/>', x)
        check(unit is not None and float(unit.group(1)).is_integer(),
              "%s: whole-number steps" % n)
        check('typeface="%s"' % FONT in x, "%s: chart font" % n)
        title = re.search(r"<a:t>(.*?)</a:t>", x).group(1)
        check(title.startswith("留守儿童人数") and "数据截至" in title,
              "%s: title says what is counted and when" % n)


def width(s):
    return sum(2 if ord(c) > 0x1100 else 1 for c in str(s))


def main():
    book, tsv, inp, pct, ci, created = sys.argv[1:7]
    ci = ci == "1"
    stride = 4 if ci else 2
    wb = openpyxl.load_workbook(book)
    tables = blocks(tsv)
    names = wb.sheetnames
    check(len(names) == len(tables) + 1, "a sheet per table and about")
    check(names[-1] == "说明", "about sheet 说明 last")
    z = zipfile.ZipFile(book)
    charts = [z.read(n).decode() for n in z.namelist()
              if re.match(r"xl/charts/chart\d+\.xml$", n)]
    check(len(charts) == len(tables), "a chart per table")
    for i, (head, rows, notes) in enumerate(tables):
        ws = wb[names[i]]
        sname = names[i]
        check(any(("'%s'!" % sname) in c or (sname + "!") in c
                  for c in charts), "%s: chart on its own data" % sname)
        # a region's name columns lead, the last one the corner
        nl = 1
        while (nl < len(head) and head[nl - 1] in NAMES and
               head[nl].split("×")[0] in NAMES):
            nl += 1
        check(ws.freeze_panes == "%s4" % "ABCD"[nl],
              "%s: header and labels frozen" % sname)
        check(isinstance(ws["A1"].value, str) and ws["A1"].font.b,
              "%s: bold title" % sname)
        check(ws["A1"].value.startswith("留守儿童人数") and
              re.search(r"（数据截至 \d{4}-\d\d-\d\d）$", ws["A1"].value) is not None,
              "%s: title says what is counted and the data's date" % sname)
        page_setup(ws, sname)
        if len(rows) <= 5:
            check(not ws.row_breaks.brk,
                  "%s: a small table's chart on its table's page" % sname)
        cross = "×" in head[nl - 1]
        labels = [h for h in head[nl:] if h not in ("%", "下限%", "上限%")]
        ok = all(ws.cell(3, 1 + k).value == head[k] and ws.cell(3, 1 + k).font.b
                 for k in range(nl - 1))
        check(ok, "%s: name columns in the header" % sname)
        # header: each value column, its % (none over a column whose
        # every row is its own base, 100%, printed blank), maybe its
        # interval
        ok = True
        for j, lab in enumerate(labels):
            c = 1 + nl + j * stride
            ok &= ws.cell(3, c).value == lab and ws.cell(3, c).font.b
            shown = any(ws.cell(4 + r, c + 1).value is not None
                        for r in range(len(rows)))
            if not shown:
                ok &= ws.cell(3, c + 1).value is None
                continue
            ok &= ws.cell(3, c + 1).value == "%"
            if ci:
                ok &= ws.cell(3, c + 2).value == "下限%"
                ok &= ws.cell(3, c + 3).value == "上限%"
        check(ok, "%s: bold header with the TSV's columns" % sname)
        tsv_step = 1 + (pct != "none") + 2 * ci
        counts = []
        for r, row in enumerate(rows):
            ok = all((ws.cell(4 + r, 1 + k).value or "") == row[k]
                     for k in range(nl))
            counts.append([int(row[nl + j * tsv_step])
                           for j in range(len(labels))])
            for j in range(len(labels)):
                ok &= ws.cell(4 + r, 1 + nl + j * stride).value == counts[r][j]
            check(ok, "%s: row %s labels and counts" % (sname, row[0]))
        check(rows[-1][0] == "合计" and ws.cell(4 + len(rows) - 1, 1).font.b,
              "%s: bold 合计 row" % sname)
        total = counts[-1][-1]
        mode = pct if pct != "none" else "row"
        ok = True
        for r in range(len(rows)):
            for j in range(len(labels)):
                x = counts[r][j]
                last_r = r == len(rows) - 1
                last_c = j == len(labels) - 1
                if not cross or mode == "all":
                    d = total
                elif mode == "row":
                    d = counts[r][-1]
                else:
                    d = counts[-1][j]
                cell = ws.cell(4 + r, 2 + nl + j * stride)
                ok &= cell.number_format == PCT
                # 100% by definition: left blank
                whole = ((not cross and last_r) or
                         (cross and mode == "row" and last_c) or
                         (cross and mode == "col" and last_r) or
                         (cross and mode == "all" and last_r and last_c))
                if d == 0 or whole:
                    ok &= cell.value is None
                    continue
                ok &= abs(cell.value - x / d) < 1e-12
                if pct != "none":
                    ok &= rows[r][nl + 1 + j * tsv_step] == "%.1f" % (100 * x / d)
                if not ci:
                    continue
                base = (last_r if not cross else
                        last_c if mode == "row" else
                        last_r if mode == "col" else last_r and last_c)
                lo = ws.cell(4 + r, 3 + nl + j * stride).value
                hi = ws.cell(4 + r, 4 + nl + j * stride).value
                if base:
                    ok &= lo is None and hi is None
                else:
                    wl, wh = wilson(x, d)
                    ok &= abs(lo - wl) < 1e-12 and abs(hi - wh) < 1e-12
        check(ok, "%s: percentages%s" % (sname, " and intervals" if ci else ""))
        # widths fit the longest label of the first column
        w = max(width(ws.cell(r, 1).value) for r in range(3, 4 + len(rows)))
        check(ws.column_dimensions["A"].width >= w, "%s: first column wide "
              "enough for its Chinese labels" % sname)
        if not cross:
            continue
        # tests: recomputed from the counts, 未填 rows and columns left out
        keep_r = [r for r in range(len(rows) - 1) if rows[r][0] != "未填"]
        keep_c = [j for j in range(len(labels) - 1) if labels[j] != "未填"]
        start = 4 + len(rows) + 1
        check(ws.cell(start, 1).value == "检验", "%s: tests below" % sname)
        tests = [n for n in notes if n[1].startswith("test=")]
        multi = any(n[1].startswith("note=multi") for n in notes)
        for k, n in enumerate(tests):
            kv = dict(f.split("=", 1) for f in n[1:])
            row = start + 1 + k
            if kv["test"] == "none":
                check(ws.cell(row, 1).value == "无", "%s: no test" % sname)
                continue
            if kv["test"] == "pearson":
                t = [[counts[r][j] for j in keep_c] for r in keep_r]
            else:
                # the multi-response field is the one across unless the
                # row labels include the category
                cat = kv["cat"]
                if cat in labels:
                    cj = labels.index(cat)
                    t = [[counts[r][cj], counts[r][-1] - counts[r][cj]]
                         for r in keep_r]
                else:
                    ri = [row_[0] for row_ in rows].index(cat)
                    t = [[counts[ri][j], counts[-1][j] - counts[ri][j]]
                         for j in keep_c]
                check(ws.cell(row, 1).value == "有无“%s”" % cat,
                      "%s: test of %s" % (sname, cat))
            want = pearson(t)
            if want is None:
                check(kv["chi2"] == "NA" and ws.cell(row, 2).value is None,
                      "%s: no test possible" % sname)
                continue
            x, df, p, v, nn = want
            check(ws.cell(row, 4).number_format == P,
                  "%s: p as 0.000 or <0.001" % sname)
            got = [ws.cell(row, c).value for c in range(2, 7)]
            check(abs(got[0] - x) < 1e-9 and got[1] == df and
                  abs(got[2] - p) < 1e-9 and abs(got[3] - v) < 1e-9 and
                  got[4] == nn, "%s: %s chi2 %.4f df %d p %.4g V %.4f n %d "
                  "computed again" % (sname, kv["test"], x, df, p, v, nn))
            check(kv["chi2"] == "%.4f" % x and kv["df"] == str(df) and
                  kv["p"] == "%.4g" % p and kv["V"] == "%.4f" % v and
                  kv["n"] == str(nn), "%s: TSV test line agrees" % sname)
        check(multi == (kv["test"] != "pearson"),
              "%s: multi-response note matches the tests" % sname)
    ab = wb["说明"]
    info = {ab.cell(r, 1).value: (ab.cell(r, 2).value, ab.cell(r, 3).value)
            for r in range(1, ab.max_row + 1)}
    data = open(inp, "rb").read()
    rec = info.get("记录文件")
    check(rec is not None and rec[0].endswith("SHA-256：" +
          hashlib.sha256(data).hexdigest()), "about: SHA-256 of the input")
    check(info.get("读取记录数", (None,))[0] == str(data.count(b"\n") - 1),
          "about: records read")
    check(info.get("版本", ("",))[0].startswith("lbc-tally (lbc) "),
          "about: version")
    check(info.get("生成时间", ("",))[0] == created, "about: time")
    check("lbc-tally" in info.get("命令行", ("",))[0], "about: command line")
    for key in ("年龄", "多选", "检验", "区划级别", "百分比", "图表"):
        check(bool(info.get(key, ("",))[0]), "about: " + key)
    # every wrapped text has the height its lines need (2 columns of text)
    ok = True
    for r in range(4, ab.max_row + 1):
        v = ab.cell(r, 2).value
        if v is None:
            continue
        lines = sum(-(-width(l) * 1.0 // 88) or 1 for l in str(v).split("\n"))
        h = ab.row_dimensions[r].height or 15
        ok &= h >= 15 * lines
    check(ok, "about: row heights show every line")
    check(ab.column_dimensions["B"].width >= 80, "about: a wide text column")
    check(ab.page_setup.paperSize == 9 and
          ab.sheet_properties.pageSetUpPr.fitToPage, "about: A4, fit")
    fonts_and_charts(wb, z, names[:-1])
    return failed


if __name__ == "__main__":
    sys.exit(main())
