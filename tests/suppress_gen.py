#!/usr/bin/python3
"""Random invented records for the suppression audit.

usage: suppress_gen.py SEED CHILDREN VILLAGES [COUNTIES]

Villages of three townships in each county (one county by default), their sizes skewed (many small ones), risk,
sex, guardianship and the problems (multi-response) drawn at random: the
kind of table where cells of 1 and 2 children abound.
"""
import random, sys
seed, n, nv = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
nc = int(sys.argv[4]) if len(sys.argv) > 4 else 1
rnd = random.Random(seed)
print("src\tline\tid\tid_raw\tname\tsex\tbirth\tregion\tguardian\trisk\tproblems\tsurvey\tschool\tgrade\treporter\tflags\t备注")
if nc == 1:
    vill = ["3901211%02d%03d" % (1 + i % 3, i) for i in range(nv)]
else:
    vill = ["39012%d1%02d%03d" % (1 + i % nc, 1 + i // nc % 3, 1 + i)
            for i in range(nv)]
w = [rnd.random() ** 3 for _ in vill]
probs = ["study", "living", "affection", "psych", "safety", "economy"]
for i in range(n):
    v = rnd.choices(vill, w)[0]
    p = ";".join(x for x in probs if rnd.random() < 0.25)
    print("\t".join(["r.csv", str(i + 2), "", "", "x", rnd.choice("MMF"),
        "2012-0%d-1%d" % (rnd.randint(1, 9), rnd.randint(0, 9)), v,
        rnd.choice(["grandparent", "grandparent", "relative", "none", "unable"]),
        rnd.choice(["high", "medium", "low", "low"]), p, "2026-05-10", "", "", "", "", ""]))
