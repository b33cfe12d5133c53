#!/usr/bin/env python3
"""Margins of `batch.duplicate-photo`: how far copies and different people are.

Reads the records `gradphoto check` wrote (each with its fingerprint) and,
when given, the set's duplicates.jsonl (`gradphoto synth --copies N`).
For every copy it compares the copy with its original in the views that
line up (the whole frame of one against any view of the other, hashes at
most 6 bits apart) and prints, per kind of copy, the largest detail
difference (sum of absolute differences), luma and chroma differences
there. With --near it also compares every pair of photos that are not
copies of each other (O(n^2): a few thousand photos) and prints the
closest ten that pass the hash and colour tests (chroma <= 4, luma <= 12):
their detail difference, hash distance and chroma difference.
Standard library only.

    gradphoto synth --count 1000 --seed 1004 --copies 100 --out /tmp/s1004
    gradphoto check /tmp/s1004 --out /tmp/r1004.jsonl --quiet --fail-on never
    python3 docs/tools/duplicate-margins.py /tmp/r1004.jsonl /tmp/s1004/duplicates.jsonl --near
"""
import json
import sys

ALIGNMENTS = [(0, 0), (0, 1), (1, 0), (0, 2), (2, 0)]
MAX_BITS = 6


def detail(text):
    """16 signed bytes from 32 hex digits."""
    return [(int(text[2 * k:2 * k + 2], 16) ^ 0x80) - 0x80 for k in range(16)]


def views(fp):
    """(hash, colours, detail) of the whole frame, then of the cut views."""
    whole = (int(fp["hash"], 16), fp["colours"], detail(fp["detail"]))
    return [whole] + [(int(c["hash"], 16), c["colours"], detail(c["detail"])) for c in fp["crops"]]


def closest(a, b):
    """(bits, detail, luma, chroma) in the alignment with the smallest
    detail difference among those within MAX_BITS; None if there is none."""
    best = None
    for p, q in ALIGNMENTS:
        (ha, ca, da), (hb, cb, db) = a[p], b[q]
        bits = bin(ha ^ hb).count("1")
        if bits > MAX_BITS:
            continue
        d = sum(abs(x - y) for x, y in zip(da, db))
        luma = max(abs(ca[k] - cb[k]) for k in (0, 3))
        chroma = max(abs(ca[k] - cb[k]) for k in (1, 2, 4, 5, 6, 7))
        if best is None or (d, chroma) < (best[1], best[3]):
            best = (bits, d, luma, chroma)
    return best


def main(argv):
    near = "--near" in argv
    args = [a for a in argv if a != "--near"]
    prints = {}
    with open(args[0]) as f:
        for line in f:
            record = json.loads(line)
            fp = record.get("measurements", {}).get("fingerprint")
            if fp:
                prints[record["path"].split("/")[-1]] = views(fp)
    original_of = {}
    if len(args) > 1:
        with open(args[1]) as f:
            for line in f:
                entry = json.loads(line)
                for kind, copy in entry["copies"]:
                    original_of[copy] = (entry["original"], kind)
    kinds = {}
    for copy, (original, kind) in original_of.items():
        if copy in prints and original in prints:
            kinds.setdefault(kind, []).append(closest(prints[original], prints[copy]))
    for kind, found in sorted(kinds.items()):
        lined = [m for m in found if m]
        if not lined:
            print(f"{kind}: {len(found)} copies, none within {MAX_BITS} bits in any alignment")
            continue
        print(
            f"{kind}: {len(found)} copies, {len(found) - len(lined)} not within {MAX_BITS} bits;"
            f" detail up to {max(m[1] for m in lined)}, luma up to {max(m[2] for m in lined)},"
            f" chroma up to {max(m[3] for m in lined)}"
        )
    if near:
        names = sorted(prints)
        root = lambda n: original_of.get(n, (n,))[0]
        pairs = []
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if root(a) == root(b):
                    continue
                m = closest(prints[a], prints[b])
                if m and m[2] <= 12 and m[3] <= 4:
                    pairs.append((m[1], m[0], m[3], a, b))
        pairs.sort()
        print("different pictures passing hash and colours, closest (detail, bits, chroma):")
        for p in pairs[:10]:
            print(f"  {p[0]:3} {p[1]} {p[2]}  {p[3]} {p[4]}")


if __name__ == "__main__":
    main(sys.argv[1:])
