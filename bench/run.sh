#!/usr/bin/env bash
# The detector benchmark (issues 3 and 5): builds a mixed memory image with planted keys and tokens, then times, in
# one run and on the same warm file, `dumpguard scan` (default set; with one registered RSA-2048 key) against
# aeskeyfind, rsakeyfind and yara (Debian packages; skipped when absent), and prints MB/s, ratios and recall.
#
#   bench/run.sh [SIZE_MIB (default 1024)] [WORKDIR (default /tmp/dumpguard-bench)]
default_size=1024
. "$(dirname "$(readlink -f "$0")")/lib.sh"
img="$work/mixed-${size}m.img"
if [ ! -f "$img" ]; then
  java -cp bench/target/benchmarks.jar io.dumpguard.bench.MixedImage "$img" "$size"
fi
cat "$img" > /dev/null   # warm the page cache: every tool reads from memory

timeit() { # name, output file, command...
  local name=$1 out=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$out" 2> "$work/$name.err" || true
  echo "$name $(cat "$work/$name.time" | tail -n1)" >> "$work/times.txt"
}
rm -f "$work/times.txt"
timeit dumpguard "$work/dumpguard.json" bin/dumpguard scan --json -q "$img"
timeit dumpguard-credentials "$work/dumpguard-credentials.json" bin/dumpguard scan --json -q --only cred "$img"
timeit dumpguard-credentials-propagated "$work/dumpguard-credentials-propagated.json" \
  bin/dumpguard scan --json -q --only cred,propagated "$img"
timeit dumpguard-registered "$work/dumpguard-registered.json" bin/dumpguard scan --json -q --known-keys "$img.registered.pem" "$img"
command -v aeskeyfind >/dev/null && timeit aeskeyfind "$work/aeskeyfind.txt" aeskeyfind -q "$img"
command -v rsakeyfind >/dev/null && timeit rsakeyfind "$work/rsakeyfind.txt" rsakeyfind "$img"
if command -v yara >/dev/null; then
  timeit yara "$work/yara.txt" yara -s -w detect-credentials/src/test/resources/io/dumpguard/detect/credentials/rules.yar "$img"
fi
python3 bench/report.py "$img" "$work"

# false positives: the default set (and a registered key) on the same size of random bytes must find nothing
rnd="$work/random-${size}m.img"
[ -f "$rnd" ] || head -c $((size << 20)) /dev/urandom > "$rnd"
n=$(bin/dumpguard scan --json -q "$rnd" | python3 -c "import json,sys; print(len(json.load(sys.stdin)['findings']))")
echo "false positives on ${size} MiB of random bytes (default set): $n"
