#!/usr/bin/python3
"""Reads an lbc-list workbook back with openpyxl and checks it against the
records it was made from, computed again here.

usage: list_xlsx.py BOOK.xlsx RECORDS.tsv REGIONS.tsv DIGITS AS_OF MASK

One sheet per place of DIGITS (6, 9, 12) in code order; each: a title
naming the place, the count and AS_OF; the header row repeated on every
page, A4 landscape, fitted to one page wide; then exactly the place's
records sorted by code (names of every level, labels of the built-in
codebook, ages at the survey date, IDs masked when MASK is 1).  Prints
PASS/FAIL lines like the other tests.
"""
import csv
import sys

import openpyxl

failed = 0


def check(ok, what):
    global failed
    print(("PASS " if ok else "FAIL ") + "list_xlsx: " + what)
    if not ok:
        failed = 1


book, recpath, regpath, digits, as_of, mask = sys.argv[1:7]
digits = int(digits)
names = {}
with open(regpath, encoding="utf-8") as f:
    for row in csv.reader(f, delimiter="\t"):
        if row and row[0].isdigit():
            names[row[0]] = row[1]
with open(recpath, encoding="utf-8") as f:
    recs = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))

SEX = {"M": "男", "F": "女"}
GUARD = {"grandparent": "(外)祖父母监护", "relative": "亲友监护",
         "parent_unable": "父或母无监护能力", "none": "无人监护", "other": "其他"}
RISK = {"high": "高风险", "medium": "中风险", "low": "低风险"}
PROB = {"study": "学业失教", "living": "生活失助", "affection": "亲情失落",
        "psych": "心理失衡", "safety": "安全失保"}


def age(r):
    if not r["birth"]:
        return None
    b = [int(x) for x in r["birth"].split("-")]
    s = [int(x) for x in (r["survey"] or as_of).split("-")]
    return s[0] - b[0] - ((s[1], s[2]) < (b[1], b[2]))


def level(code, d):
    return names.get(code[:d], code[:d]) if len(code) >= d else None


def idtext(r):
    v = r["id"] or r["id_raw"]
    if mask == "1" and len(v) > 8:
        v = v[:4] + "*" * (len(v) - 8) + v[-4:]
    return v or None


def expected(r):
    return (r["name"], SEX.get(r["sex"], r["sex"] or None), age(r), idtext(r),
            level(r["region"], 2), level(r["region"], 4),
            level(r["region"], 6), level(r["region"], 9),
            level(r["region"], 12),
            GUARD.get(r["guardian"], r["guardian"] or None),
            RISK.get(r["risk"], r["risk"] or None),
            "、".join(PROB.get(p, p) for p in r["problems"].split(";")
                     if p) or None,
            r["survey"] or None)


groups = {}
for r in recs:
    groups.setdefault(r["region"][:digits], []).append(r)
wb = openpyxl.load_workbook(book)
check(len(wb.worksheets) == len(groups) and
      all(names.get(k, k) in ws.title
          for k, ws in zip(sorted(groups), wb.worksheets)),
      "one sheet per place in code order: %s" % wb.sheetnames)
for key, ws in zip(sorted(groups), wb.worksheets):
    rows = list(ws.iter_rows(values_only=True))
    want = sorted(groups[key], key=lambda r: r["region"])
    title = rows[0][0]
    check(names.get(key, key) in title and ("共 %d 人" % len(want)) in title
          and as_of in title, "%s: title %s" % (ws.title, title))
    check(rows[1][:4] == ("姓名", "性别", "年龄", "身份证号码"),
          "%s: header" % ws.title)
    got = rows[2:]
    check(len(got) == len(want), "%s: %d children" % (ws.title, len(want)))
    check([g[8] for g in got] == [level(r["region"], 12) for r in want],
          "%s: in region code order" % ws.title)
    check(sorted(map(repr, got)) == sorted(repr(expected(r)) for r in want),
          "%s: exactly the place's children, every level named, labels,"
          " ages, IDs" % ws.title)
    check(ws.print_title_rows == "$2:$2", "%s: header repeated" % ws.title)
    check(ws.page_setup.paperSize == 9 and
          ws.page_setup.orientation == "landscape", "%s: A4 landscape" %
          ws.title)
    check(ws.sheet_properties.pageSetUpPr.fitToPage and
          ws.page_setup.fitToHeight == 0, "%s: fit to width" % ws.title)
sys.exit(failed)
