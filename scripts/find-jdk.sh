# Sourced by ./trebuchet and scripts/test: sets JAVA_HOME to a JDK >= 21 (JAVA_HOME first, then /usr/lib/jvm/*),
# or stops with a message saying what to install.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}
find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME="$(find_jdk)"; then
  echo "Trebuchet needs a JDK 21 or newer: set JAVA_HOME to one, or install one (e.g. apt-get install -y openjdk-21-jdk)." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
