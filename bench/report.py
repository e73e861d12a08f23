#!/usr/bin/env python3
"""Prints the benchmark table: seconds, MB/s, peak RSS, ratio to dumpguard, and recall on each tool's own targets.

Usage: report.py IMAGE WORKDIR   (run by bench/run.sh)
"""
import json
import os
import re
import sys

img, work = sys.argv[1], sys.argv[2]
size = os.path.getsize(img)
plants = []
for line in open(img + ".truth.tsv"):
    kind, off, length, what = line.rstrip("\n").split("\t")[:4]
    if int(off) >= 0:
        plants.append((kind, int(off), int(length), what))

times = {}
for line in open(os.path.join(work, "times.txt")):
    name, secs, rss = line.split()
    times[name] = (float(secs), int(rss))


def overlaps(ranges, off, length):
    return any(a < off + length and off < b for a, b in ranges)


def dumpguard_ranges(name):
    try:
        rep = json.load(open(os.path.join(work, name + ".json")))
    except (OSError, ValueError):
        return None
    return [(f["offset"], f["offset"] + f["length"]) for f in rep.get("findings", [])]


def recall(kinds, found):
    targets = [p for p in plants if p[0] in kinds]
    if not targets or found is None:
        return None, len(targets)
    return sum(1 for p in targets if found(p)), len(targets)


aes_fips = {"aes-schedule-fips"}
aes_all = aes_fips | {"aes-schedule-wordswapped"}
rsa_der = {"rsa-pkcs1-der", "rsa-pkcs8-der"}
creds = {"credential-ascii", "credential-utf16le"}
everything = {p[0] for p in plants}

def registered_recall(found):
    targets = [p for p in plants if p[0] in ("rsa-prime-le", "rsa-prime-wordswapped") and p[3].startswith("rsa0.")]
    return sum(1 for p in targets if found(p)), len(targets)


rows = []
dg = dumpguard_ranges("dumpguard")
dgr = dumpguard_ranges("dumpguard-registered")
if dg is not None:
    f = lambda p: overlaps(dg, p[1], p[2])
    rows.append(("dumpguard scan (default set)", "dumpguard", [
        ("all plants", recall(everything - {"rsa-prime-le", "rsa-prime-wordswapped"}, f)),
        ("aeskeyfind's targets", recall(aes_fips, f)), ("rsakeyfind's targets", recall(rsa_der, f)),
        ("yara's targets", recall(creds, f))]))
dgc = dumpguard_ranges("dumpguard-credentials")
if dgc is not None:
    f = lambda p: overlaps(dgc, p[1], p[2])
    rows.append(("dumpguard scan --only cred (rule pack)", "dumpguard-credentials", [("yara's targets", recall(creds, f))]))
dgcp = dumpguard_ranges("dumpguard-credentials-propagated")
if dgcp is not None:
    f = lambda p: overlaps(dgcp, p[1], p[2])
    rows.append(("  --only cred,propagated (+ every copy)", "dumpguard-credentials-propagated",
                 [("yara's targets", recall(creds, f))]))
if dgr is not None:
    f = lambda p: overlaps(dgr, p[1], p[2])
    rows.append(("dumpguard scan + 1 registered RSA-2048", "dumpguard-registered", [
        ("registered key's primes (LE, word-swapped)", registered_recall(f))]))
if "aeskeyfind" in times:
    keys = set(l.strip().lower() for l in open(os.path.join(work, "aeskeyfind.txt")) if l.strip())
    rows.append(("aeskeyfind", "aeskeyfind", [("its targets (FIPS schedules)", recall(aes_fips, lambda p: p[3] in keys)),
                                              ("all AES schedules", recall(aes_all, lambda p: p[3] in keys))]))
if "rsakeyfind" in times:
    offs = [int(m, 16) for m in re.findall(r"FOUND PRIVATE KEY AT ([0-9a-fA-F]+)", open(os.path.join(work, "rsakeyfind.txt")).read())]
    rows.append(("rsakeyfind", "rsakeyfind", [("its targets (PKCS#1/#8 DER)", recall(rsa_der, lambda p: overlaps([(o, o + 4) for o in offs], p[1], p[2])))]))
if "yara" in times:
    offs = [int(m, 16) for m in re.findall(r"^0x([0-9a-f]+):", open(os.path.join(work, "yara.txt")).read(), re.M)]
    rows.append(("yara (credential rules)", "yara", [("its targets (tokens)", recall(creds, lambda p: overlaps([(o, o + 1) for o in offs], p[1], p[2])))]))

print(f"\nimage: {img}  {size / 2**20:.0f} MiB, {len(plants)} plants, page cache warm, {os.cpu_count()} cores\n")
print(f"{'tool':42s} {'seconds':>8s} {'MB/s':>8s} {'peak RSS':>9s} {'its time/ours':>13s}  recall")
for label, key, recalls in rows:
    secs, rss = times[key]
    mbs = size / 1e6 / secs if secs > 0 else float("inf")
    # each tool against the dumpguard run that does its job: yara against the rule pack alone, the rest against
    # the default set
    ref = times.get("dumpguard-credentials" if key == "yara" else "dumpguard", (None,))[0]
    ratio = f"{secs / ref:.2f}x" if ref and not key.startswith("dumpguard") else ""
    rec = "; ".join(f"{what}: {r[0]}/{r[1]}" if r[0] is not None else f"{what}: n/a" for what, r in recalls)
    print(f"{label:42s} {secs:8.2f} {mbs:8.0f} {rss / 1024:7.0f}MB {ratio:>13s}  {rec}")
