#!/usr/bin/env bash
# Records what a client call loads into a start-up cache for one JDK, so that ./trebuchet's client commands start in
# a fraction of the time: JDK 25's ahead-of-time cache (classes loaded and linked, method profiles), or a class-data
# sharing archive on JDK 21 to 24. The training call is `trebuchet status` against jwebserver serving a recorded
# overview (TRAINING/api/v1/overview), so that it goes through the HTTP client, the JSON and the tables as a real call
# does, and no server class ends up in the cache.
#
# Writes OUT/trebuchet.aot (or .jsa), OUT/java-home (the JDK it is for) and OUT/java-options (the options client calls
# run with, @DIR@ standing for the directory the files are copied to). The cache names the jar's file name, size and
# time: ./trebuchet copies it with the jar (cp -p). When the JDK cannot make one, OUT stays empty and clients start
# without it; the build never fails for it. Called by Maven once the jar is made:
#   client-cache.sh JAVA_HOME JAR OUT TRAINING
set -uo pipefail
java_home="$1"
jar="$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2")"
out="$3"
training="$4"
java="$java_home/bin/java"

rm -rf "$out"
mkdir -p "$out"
# The caller's settings (a token, --output json) are not the training call's.
for variable in $(compgen -e TREBUCHET_); do unset "$variable"; done
log="$out/training.log"
skip() {
  echo "No start-up cache for client calls ($*); they work without it, only slower." >&2
  rm -f "$out"/trebuchet.* "$out"/java-*
  exit 0
}

major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
[ -n "$major" ] || skip "cannot tell the version of $java"
[ -x "$java_home/bin/jwebserver" ] || skip "$java_home has no jwebserver for the training call"

# Client calls are short: the serial collector and the first JIT tier start fastest. The cache only serves JVMs
# started with the options it was recorded with.
options=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
if [ "$major" -ge 25 ]; then
  archive=trebuchet.aot
  record=(-XX:AOTCacheOutput="$out/$archive")
  # A cache for another JDK build is then ignored without a word.
  use=(-Xlog:aot=off -Xlog:cds=off -XX:AOTCache=@DIR@/$archive)
else
  archive=trebuchet.jsa
  record=(-XX:ArchiveClassesAtExit="$out/$archive")
  use=(-Xlog:cds=off -XX:SharedArchiveFile=@DIR@/$archive)
fi

# The log exists before jwebserver writes to it: the loop below reads it at once.
: >"$out/jwebserver.log"
"$java_home/bin/jwebserver" --bind-address 127.0.0.1 --port 0 --directory "$(cd "$training" && pwd -P)" \
  >"$out/jwebserver.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT
port=
for _ in $(seq 300); do
  port="$(sed -n 's/.* port \([0-9][0-9]*\)$/\1/p' "$out/jwebserver.log")"
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || skip "jwebserver did not start: $(cat "$out/jwebserver.log")"
  sleep 0.1
done
[ -n "$port" ] || skip "jwebserver did not say its port within 30 s"

if ! "$java" "${options[@]}" "${record[@]}" -jar "$jar" status --url "http://127.0.0.1:$port" >"$log" 2>&1; then
  skip "the training call failed: $(tail -5 "$log")"
fi
[ -s "$out/$archive" ] || skip "the JVM wrote no $archive: $(tail -5 "$log")"
echo "$java_home" >"$out/java-home"
echo "${options[*]} ${use[*]}" >"$out/java-options"
