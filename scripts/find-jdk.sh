# Sourced by ./trebuchet and scripts/test: sets JAVA_HOME to a JDK >= 21 (JAVA_HOME first, then the JDK chosen last
# time, then /usr/lib/jvm/*), or stops with a message saying what to install. It reads each JDK's `release` file
# rather than starting its java, and remembers its choice in ${XDG_CACHE_HOME:-~/.cache}/trebuchet/jdk until that
# JDK disappears: ./trebuchet runs on every client call and must not probe JDKs each time.
# Sets jdk_version to the major version of the JDK at $1 (0 when it cannot tell). It sets a variable rather than
# printing, so that ./trebuchet's path starts no subshell for it.
read_jdk_major() {
  local line version=
  if [ -r "$1/release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) version="${line#JAVA_VERSION=}" ;;
      esac
    done <"$1/release"
    version="${version//\"/}"
  else
    version="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  fi
  version="${version%%[.+-]*}"
  case "$version" in
    '' | *[!0-9]*) jdk_version=0 ;;
    *) jdk_version="$version" ;;
  esac
}
jdk_major() {
  read_jdk_major "$1"
  echo "$jdk_version"
}
is_jdk21() {
  [ -n "$1" ] && [ -x "$1/bin/javac" ] && read_jdk_major "$1" && [ "$jdk_version" -ge 21 ]
}
# Sets found_jdk to the JDK to use, or returns 1 when there is none.
find_jdk() {
  local candidate remembered=
  found_jdk=
  if is_jdk21 "${JAVA_HOME:-}"; then
    found_jdk="$JAVA_HOME"
    return 0
  fi
  if [ -r "$jdk_choice" ]; then
    IFS= read -r remembered <"$jdk_choice" || true
    if is_jdk21 "$remembered"; then
      found_jdk="$remembered"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    if is_jdk21 "$candidate"; then
      { mkdir -p "${jdk_choice%/*}" && echo "$candidate" >"$jdk_choice"; } 2>/dev/null || true
      found_jdk="$candidate"
      return 0
    fi
  done
  return 1
}
jdk_choice="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/trebuchet/jdk"
if ! find_jdk; then
  echo "Trebuchet needs a JDK 21 or newer: set JAVA_HOME to one, or install one (e.g. apt-get install -y openjdk-21-jdk)." >&2
  exit 1
fi
JAVA_HOME="$found_jdk"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
