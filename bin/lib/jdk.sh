# Sourced by the launchers: finds a JDK >= 21 without a hand-set JAVA_HOME and exports JAVA_HOME.
# Order: $JAVA_HOME if new enough, `java` on PATH if new enough, then the newest JDK under the usual roots.
dg_java_major() { # $1 = java binary; prints the feature version (17, 21, 25, ...) or nothing
  # the JDK's `release` file answers without starting a JVM (each start costs ~0.1 s of every command); read with
  # shell built-ins, since every launch runs this once per installed JDK
  local java rel line
  java=$(readlink -f "$1") || java=$1
  rel="${java%/bin/*}/release"
  if [ -r "$rel" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=\"[0-9]*) line=${line#JAVA_VERSION=\"}; echo "${line%%[!0-9]*}"; return 0 ;;
      esac
    done < "$rel"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}
dg_find_jdk() {
  local min=21 cand best="" best_v=0 v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(dg_java_major "$JAVA_HOME/bin/java"); [ "${v:-0}" -ge $min ] && { echo "$JAVA_HOME"; return 0; }
  fi
  if command -v javac >/dev/null 2>&1; then
    cand=$(readlink -f "$(command -v javac)"); cand=${cand%/bin/*}
    v=$(dg_java_major "$cand/bin/java"); [ "${v:-0}" -ge $min ] && { echo "$cand"; return 0; }
  fi
  for cand in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$cand/bin/javac" ] || continue
    v=$(dg_java_major "$cand/bin/java")
    if [ "${v:-0}" -ge $min ] && [ "$v" -gt "$best_v" ]; then best="$cand"; best_v=$v; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}
if ! DG_JDK=$(dg_find_jdk); then
  echo "dumpguard: no JDK >= 21 found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk'." >&2
  exit 2
fi
export JAVA_HOME="$DG_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
DG_JAVA_MAJOR=$(dg_java_major "$JAVA_HOME/bin/java")
# Maven's own libraries use sun.misc.Unsafe; JDK 24+ warns about it on every build unless told it is allowed.
if [ "${DG_JAVA_MAJOR:-0}" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
