#!/usr/bin/env bash
# The ELF core sanitize benchmark (issue 4): a generated core of SIZE_MIB (default 2048) with keys planted in its
# segments, sanitized end to end by bin/dumpguard with the heap capped at 512 MB, with and without the planted RSA
# key registered. Prints MB/s and peak RSS for each.
#
#   bench/sanitize-core.sh [SIZE_MIB] [WORKDIR (default /tmp/dumpguard-bench)]
default_size=2048
. "$(dirname "$(readlink -f "$0")")/lib.sh"
core="$work/synthetic-${size}m.core"
[ -f "$core" ] || java -cp cli/target/dumpguard.jar io.dumpguard.format.elf.synth.SyntheticCore "$core" "$size" > /dev/null
cat "$core" > /dev/null
bytes=$(stat -c %s "$core")
for mode in default registered; do
  out="$work/synthetic-${size}m.sanitized.core"
  rm -f "$out"
  extra=()
  [ "$mode" = registered ] && extra=(--known-keys "$core.pub.pem")
  /usr/bin/time -f "%e %M" -o "$work/core.time" bin/dumpguard sanitize -q "$core" -o "$out" "${extra[@]}" --report "$work/core.json" || true
  read -r secs rss < <(tail -n1 "$work/core.time")
  python3 - "$work/core.json" "$bytes" "$secs" "$rss" "$mode" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1])); size = int(sys.argv[2]); secs = float(sys.argv[3]); rss = int(sys.argv[4])
print(f"sanitize {size/2**20:.0f} MiB core ({sys.argv[5]}): {secs:.2f} s, {size/1e6/secs:.0f} MB/s, peak RSS {rss/1024:.0f} MB, "
      f"verdict {rep['verdict']}, {len(rep['findings'])} findings, {rep['bytesChanged']} bytes changed")
PY
done
