# Sourced by the bench scripts: JDK, arguments (SIZE_MIB, WORKDIR), and the built jars.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/bin/lib/jdk.sh"
size=${1:-$default_size}
work=${2:-/tmp/dumpguard-bench}
mkdir -p "$work"
cd "$root"
[ -f cli/target/dumpguard.jar ] || bin/build
[ -f bench/target/benchmarks.jar ] || mvn -B -q -o -pl bench package -DskipTests
export DUMPGUARD_JAVA_OPTS="-Xmx512m"
# bin/dumpguard's first run after a build also trains its start-up cache (a few seconds): do that here, untimed, so
# every timed run is a run as users see it from the second on
bin/dumpguard --version > /dev/null

# Starts bench/jvm/HoldKeysBigHeap.java (a signing key and LIVE_MIB of live arrays) with the given JVM options and
# waits until it is ready; sets $pid. The caller dumps it and kills it.
#   start_key_holder LOG PUB_PEM LIVE_MIB [JVM_OPTION...]
start_key_holder() {
  local log=$1 pubkey=$2 live_mib=$3
  shift 3
  "$JAVA_HOME/bin/java" "$@" -XX:+UseSerialGC bench/jvm/HoldKeysBigHeap.java "$pubkey" "$live_mib" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q READY "$log" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  grep -q READY "$log" || { kill "$pid" 2>/dev/null; echo "the key-holding JVM did not start: see $log" >&2; exit 2; }
}
