#!/usr/bin/env python3
"""Checks that po/LANG.po uses the glossary's terms (po/README).

  python3 po/checkglossary.py po/glossary.tsv po/zh_CN.po

For each translated entry and each glossary term found in its msgid as a
word (plural -s, -es too, any case): the msgstr holds the Chinese term, or
keeps the English word as often as the msgid has it (an option's argument,
a value to type).  Prints each entry that breaks a term; exit 1 if any.
"""
import re
import sys


def unquote(block):
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    s = ''.join(parts)
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)


def entries(path):
    text = open(path, encoding='utf-8').read()
    for e in text.split('\n\n'):
        if '#, fuzzy' in e or re.search(r'^#~', e, re.M):
            continue
        m = re.search(r'^msgid ((?:".*"\n?)+)', e, re.M)
        s = re.search(r'^msgstr ((?:".*"\n?)+)', e, re.M)
        if m and s:
            mid, mstr = unquote(m.group(1)), unquote(s.group(1))
            if mid and mstr:
                yield mid, mstr


def main():
    terms = []
    for line in open(sys.argv[1], encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        en, zh = line.rstrip('\n').split('\t')[:2]
        terms.append((re.compile(r'(?<![\w-])' + re.escape(en) + r'(?:e?s)?(?![\w-])',
                                 re.I), en, zh))
    bad = 0
    for mid, mstr in entries(sys.argv[2]):
        for rx, en, zh in terms:
            n = len(rx.findall(mid))
            if n and zh not in mstr and len(rx.findall(mstr)) < n:
                print('%s: "%s" wants %s: %s' % (sys.argv[2], en, zh,
                      mid.split('\n')[0][:72]))
                bad += 1
    sys.exit(1 if bad else 0)


main()
