#!/usr/bin/env bash
# Writes io/trebuchet/server/commit.properties under OUT: the git commit BASEDIR is checked out at (12 hex digits) and
# whether tracked files differ from it, for "trebuchet --version" and the startup log. Built from a source archive
# (no .git of its own), the commit is "unknown". Called by Maven: commit.sh BASEDIR OUT
set -uo pipefail
basedir="$(cd "$1" && pwd -P)"
out="$2/io/trebuchet/server"
commit=unknown
dirty=false
toplevel="$(git -C "$basedir" rev-parse --show-toplevel 2>/dev/null)"
# Only the project's own repository counts, not one it happens to be unpacked inside.
if [ -n "$toplevel" ] && [ "$(cd "$toplevel" && pwd -P)" = "$basedir" ]; then
  commit="$(git -C "$basedir" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  if [ "$commit" != unknown ] && [ -n "$(git -C "$basedir" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    dirty=true
  fi
fi
mkdir -p "$out"
printf 'commit=%s\ndirty=%s\n' "$commit" "$dirty" > "$out/commit.properties"
