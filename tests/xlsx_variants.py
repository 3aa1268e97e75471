#!/usr/bin/env python3
"""Variants of a one-sheet workbook from `lbc-xlsxgen big`, for the test
of lbc-import's reading of a long sheet in segments (tests/e2e/xlsx_segments.sh).

    xlsx_variants.py IN.xlsx KIND OUT.xlsx

KIND is one of:
  sst       every inline string made a shared string (as Excel saves)
  merged    the village column merged down each run of 7 rows, the cells
            under a run's first left empty (as township forms do)
  runs      as merged, written out: each run's rows hold its first
            row's village, no merged range (what merged must read as)
  norownum  no r attribute on the rows (as some writers do)
  prefix    every element of the sheet with the namespace prefix x:
  comment   a comment holding a row start tag between rows 3000 and 3001,
            a CDATA section further down
  badxml    one cell's end tag misspelt at row 12000
  emptyrows norownum with two empty rows before row 5000 (they count)
  rzero     row 5000 numbered r="0"
  doctype   a DOCTYPE declaring an entity, used at row 10000
  latin1    declared ISO-8859-1, with a Latin-1 byte at row 10000
"""
import re
import sys
import zipfile

SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sst(sheet, files):
    strings, index = [], {}

    def one(m):
        text = m.group(2)
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return '<c r="%s" t="s"><v>%d</v></c>' % (m.group(1), index[text])

    sheet = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)'
                   r'</t></is></c>', one, sheet)
    files["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="%s" count="%d" uniqueCount="%d">' %
        (NS, len(strings), len(strings)) +
        "".join("<si><t>%s</t></si>" % t for t in strings) + "</sst>")
    files["xl/_rels/workbook.xml.rels"] = files[
        "xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>')
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'sharedStrings+xml"/></Types>')
    return sheet


def village_runs(sheet, merge):
    refs, head = [], [None]
    cell = r'<c r="H%d" t="inlineStr"><is><t>([^<]*)</t></is></c>'

    def row(m):
        r = int(m.group(1))
        body = m.group(2)
        if r >= 2 and (r - 2) % 7 == 0:
            refs.append("H%d:H%d" % (r, r + 6))
            got = re.search(cell % r, body)
            head[0] = got.group(1) if got else ""
        elif r >= 2:
            body = re.sub(cell % r, "" if merge else
                          '<c r="H%d" t="inlineStr"><is><t>%s</t></is></c>' %
                          (r, head[0]), body)
        return '<row r="%d">%s</row>' % (r, body)

    sheet = re.sub(r'<row r="([0-9]+)">(.*?)</row>', row, sheet)
    if not merge:
        return sheet
    last = int(re.findall(r'<row r="([0-9]+)"', sheet)[-1])
    refs = [x for x in refs if int(x.split(":H")[1]) <= last]
    cells = "".join('<mergeCell ref="%s"/>' % x for x in refs)
    return sheet.replace(
        "</sheetData>",
        '</sheetData><mergeCells count="%d">%s</mergeCells>' %
        (len(refs), cells))


def merged(sheet, files):
    return village_runs(sheet, True)


def runs(sheet, files):
    return village_runs(sheet, False)


def norownum(sheet, files):
    return re.sub(r'<row r="[0-9]+"', "<row", sheet)


def prefix(sheet, files):
    sheet = re.sub(r"<(/?)([A-Za-z]+)([ />])", r"<\1x:\2\3", sheet)
    return sheet.replace('xmlns="%s"' % NS, 'xmlns:x="%s"' % NS, 1)


def comment(sheet, files):
    sheet = sheet.replace(
        '<row r="3001">',
        '<!-- <row r="9"><c r="A9"><v>1</v></c></row> --><row r="3001">', 1)
    return re.sub(r'(<row r="9000"><c r="A9000"><v>[0-9]+</v></c>'
                  r'<c r="B9000" t="inlineStr"><is><t>)([^<]*)',
                  r"\1<![CDATA[\2]]>", sheet, 1)


def badxml(sheet, files):
    at = sheet.index('<row r="12000">')
    end = sheet.index("</c>", at)
    return sheet[:end] + "</x>" + sheet[end + 4:]


def emptyrows(sheet, files):
    sheet = norownum(sheet, files)
    at = [m.start() for m in re.finditer("<row>", sheet)][4998]
    return sheet[:at] + "<row></row><row/>" + sheet[at:]


def rzero(sheet, files):
    return sheet.replace('<row r="5000">', '<row r="0">', 1)


def doctype(sheet, files):
    sheet = sheet.replace(
        "?>", '?><!DOCTYPE worksheet [<!ENTITY v "VV">]>', 1)
    return re.sub(r'(<c r="L10000" t="inlineStr"><is><t>)', r"\1&v;",
                  sheet, 1)


def latin1(sheet, files):
    # written in Latin-1: what it cannot hold as character references
    sheet = sheet.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    return re.sub(r'(<c r="L10000" t="inlineStr"><is><t>)', "\\1\u00e9",
                  sheet, 1)


def main():
    src, kind, dst = sys.argv[1:4]
    with zipfile.ZipFile(src) as z:
        files = {n: z.read(n).decode("utf-8") for n in z.namelist()}
    files[SHEET] = globals()[kind](files[SHEET], files)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for n, text in files.items():
            if n == SHEET and kind == "latin1":
                z.writestr(n, text.encode("latin-1", "xmlcharrefreplace"))
            else:
                z.writestr(n, text.encode("utf-8"))


if __name__ == "__main__":
    main()
