package io.trebuchet.gitexport;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Changes to the manifest repository's tree: first every path in {@code deletes} is removed (a file, or a directory
 * with everything below it), then every file in {@code writes} is written. Paths are relative, with '/'.
 */
record TreeChanges(SortedSet<String> deletes, SortedMap<String, String> writes) {
    TreeChanges {
        deletes = Collections.unmodifiableSortedSet(new TreeSet<>(deletes));
        writes = Collections.unmodifiableSortedMap(new TreeMap<>(writes));
        for (String path : deletes) {
            checkPath(path);
        }
        for (String path : writes.keySet()) {
            checkPath(path);
        }
    }

    private static void checkPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("not a relative path: " + path);
        }
        for (String part : path.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.equals(".git")) {
                throw new IllegalArgumentException("path may not contain " + part + ": " + path);
            }
        }
    }

    boolean isEmpty() {
        return deletes.isEmpty() && writes.isEmpty();
    }
}
