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
