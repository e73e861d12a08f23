#!/usr/bin/env bash
# The JVM core benchmark (issue 4): a HotSpot JVM with an RSA-2048 key that has signed and LIVE_MIB of live data
# (default: as much as HEAP_MIB, default 2048), dumped with gcore, then sanitized end to end by bin/dumpguard with its
# heap capped at 512 MB: once as issue 4 states it, once with the key's public half registered. Prints the core's
# size, MB/s, peak RSS (dumpguard's JVM; the heap reader runs beside it in its own process) and what was found,
# including how the Java heap was read. Needs gdb (gcore) and disk for the core (about HEAP_MIB + 500 MB, twice).
#
#   [LIVE_MIB=N] bench/sanitize-jvm-core.sh [HEAP_MIB] [WORKDIR (default /tmp/dumpguard-bench)]
#
# LIVE_MIB=64 gives the shape of a typical crashed service: a heap of HEAP_MIB committed up front
# (-XX:+AlwaysPreTouch, as production JVMs run with -Xms = -Xmx), little of it live.
default_size=2048
. "$(dirname "$(readlink -f "$0")")/lib.sh"
command -v gcore >/dev/null || { echo "gcore (gdb) is needed" >&2; exit 2; }
live=${LIVE_MIB:-$size}
if [ "$live" = "$size" ]; then
  name="jvm-${size}m"
  heap=$((size + 512))
  touch=()
else
  name="jvm-${size}m-live${live}m"
  heap=$size
  touch=(-XX:+AlwaysPreTouch)
fi
core="$work/$name.core"
pub="$work/$name.pub.pem"
if [ ! -f "$core" ]; then
  start_key_holder "$work/$name.log" "$pub" "$live" "-Xms${heap}m" "-Xmx${heap}m" "${touch[@]}"
  gcore -o "$work/jvm-gcore" "$pid" > /dev/null 2>&1 || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  mv "$work/jvm-gcore.$pid" "$core"
fi
cat "$core" > /dev/null
out="$work/$name.sanitized.core"
bytes=$(stat -c %s "$core")
# first as issue 4 states it (no key registered), then with the key's public half registered
for mode in plain registered; do
  rm -f "$out"
  keys=()
  [ "$mode" = registered ] && keys=(--known-keys "$pub")
  /usr/bin/time -f "%e %M" -o "$work/jvm-core.time" bin/dumpguard sanitize -q "$core" -o "$out" "${keys[@]}" \
    --report "$work/jvm-core.json" || true
  read -r secs rss < <(tail -n1 "$work/jvm-core.time")
  python3 - "$work/jvm-core.json" "$bytes" "$secs" "$rss" "$mode" <<'PY'
import collections, json, sys
rep = json.load(open(sys.argv[1])); size = int(sys.argv[2]); secs = float(sys.argv[3]); rss = int(sys.argv[4])
mode = "no key registered" if sys.argv[5] == "plain" else "its key registered"
by = collections.Counter(f["detector"] for f in rep["findings"])
print(f"sanitize {size/2**20:.0f} MiB JVM core, {mode}: {secs:.2f} s, {size/1e6/secs:.0f} MB/s, peak RSS {rss/1024:.0f} MB, "
      f"verdict {rep['verdict']}, {len(rep['findings'])} findings {dict(by)}")
if sys.argv[5] == "registered":
    for n in rep.get("notes", []):
        print("  note:", n)
PY
done
rm -f "$out"
