#!/usr/bin/env bash
# Makes what the container image is built on, since no base image can be pulled: under OUT (target/image),
#   runtime/  a Java runtime linked with jlink from the build's JDK, with only MODULES (becomes /opt/java), and
#   rootfs/   a minimal root file system (becomes /): the C library the runtime needs, copied from this machine with
#             the list of the Debian packages it came from, /etc/passwd and /etc/group with the user trebuchet (1000),
#             and the directories /tmp, /data and /home/trebuchet; /bin/sh (dash), which the embedded store's
#             PostgreSQL needs to start. No package manager, no other program.
# Called by Maven (see the pom's image executions and docs/adr/0010-container-image.md):
#   make-base.sh JAVA_HOME OUT MODULES
set -euo pipefail
# (No "| head" below: with pipefail, the writer killed by SIGPIPE would fail the script; sed reads to the end.)
java_home="$1"
out="$2"
modules="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

jlink="$java_home/bin/jlink"
[ -x "$jlink" ] || { echo "make-base.sh: no jlink in $java_home: build the image with a full JDK (21 or newer)" >&2; exit 1; }
command -v ldd >/dev/null || { echo "make-base.sh: ldd is missing: the image is built on Linux (glibc)" >&2; exit 1; }

# The runtime: linked again only when the JDK or the module list changed (jlink takes a while).
stamp="$("$java_home/bin/java" -version 2>&1 | sed -n 1p) $modules"
if [ ! -f "$out/runtime.stamp" ] || [ "$(cat "$out/runtime.stamp")" != "$stamp" ] || [ ! -x "$out/runtime/bin/java" ]; then
  rm -rf "$out/runtime" "$out/runtime.stamp"
  mkdir -p "$out"
  "$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
    --output "$out/runtime"
  echo "$stamp" > "$out/runtime.stamp"
fi
# No tools but the launcher: keytool, jfr, jrunscript and rmiregistry come with their modules.
find "$out/runtime/bin" -type f ! -name java -delete

rootfs="$out/rootfs"
rm -rf "$rootfs"
mkdir -p "$rootfs/tmp" "$rootfs/data" "$rootfs/home/trebuchet" "$rootfs/usr/share/doc/trebuchet-image"
cp -R "$here/rootfs/." "$rootfs/"

# The shared libraries of the runtime's launcher and of the native libraries the server loads. The desktop ones
# (AWT, sound, splash screen) come with java.desktop, which java.beans needs, but are never loaded by a server.
runtime="$out/runtime"
binaries=("$runtime/bin/java")
while IFS= read -r library; do
  case "$(basename "$library")" in
    libawt*|libjawt*|libjsound*|libsplashscreen*|libfontmanager*|liblcms*|libmlib_image*|libjavajpeg*|libfreetype*) ;;
    *) binaries+=("$library") ;;
  esac
done < <(find "$runtime/lib" -name '*.so' | sort)
libraries="$(for binary in "${binaries[@]}"; do ldd "$binary"; done \
  | awk '/=> \// { print $3 } /^\t\/[^ ]*ld-linux/ { print $1 }' | grep -v "^$runtime/" | sort -u)"
# The embedded store's PostgreSQL (unpacked from the jar into the data volume at its first start) brings its own
# libraries but for these system ones; glibc also loads libgcc_s when a thread is cancelled or unwinds.
for soname in libgcc_s.so.1 libstdc++.so.6 libm.so.6 libdl.so.2 librt.so.1 libpthread.so.0; do
  library="$(ldconfig -p 2>/dev/null | awk -v name="$soname" '$1 == name && /x86-64/ && !found { print $NF; found = 1 }')"
  [ -n "$library" ] || { echo "make-base.sh: $soname not found on this machine" >&2; exit 1; }
  libraries="$libraries"$'\n'"$library"
done
# PostgreSQL's pg_ctl and initdb start the server through /bin/sh: the one program the image has besides Java's.
shell="$(readlink -f /bin/sh)"
mkdir -p "$rootfs/bin"
cp -L "$shell" "$rootfs/bin/sh"
libraries="$libraries"$'\n'"$(ldd "$shell" | awk '/=> \// { print $3 } /^\t\/[^ ]*ld-linux/ { print $1 }')"
libraries="$(echo "$libraries" | sort -u)"
for library in $libraries; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done
# Where each library came from, for whoever audits the image.
{
  echo "Shared libraries copied from the build machine into this image, with their Debian packages:"
  echo "/bin/sh $(dpkg -S "$shell" 2>/dev/null | sed -n 1p | cut -d: -f1) $(dpkg-query -W -f '${Version}' dash 2>/dev/null || echo unknown)"
  for library in $libraries; do
    package="$( (dpkg -S "$library" 2>/dev/null || dpkg -S "$(readlink -f "$library")" 2>/dev/null || echo unknown:) \
      | sed -n 1p | cut -d: -f1)"
    version="$(dpkg-query -W -f '${Version}' "$package" 2>/dev/null || echo unknown)"
    echo "$library $package $version"
  done
  echo
  echo "Java runtime: $("$runtime/bin/java" -version 2>&1 | sed -n 2p), modules $modules"
} > "$rootfs/usr/share/doc/trebuchet-image/provenance.txt"
