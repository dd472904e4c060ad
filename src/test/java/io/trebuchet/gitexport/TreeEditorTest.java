package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;

class TreeEditorTest {
    private final InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("test"));

    @Test
    void writesDeletesAndReplacesFilesAndDirectories() throws IOException {
        ObjectId first = apply(
                Optional.empty(),
                changes(
                        Set.of(),
                        Map.of(
                                "a/b/c.txt", "c",
                                "a/b-d.txt", "b-d",
                                "a/b.txt", "b",
                                "z.txt", "z")));
        assertThat(files(first)).isEqualTo(Map.of("a/b/c.txt", "c", "a/b-d.txt", "b-d", "a/b.txt", "b", "z.txt", "z"));

        ObjectId second = apply(
                Optional.of(first), changes(Set.of("a/b", "z.txt"), Map.of("a/b/new.txt", "new", "y/x.txt", "x")));

        assertThat(files(second))
                .isEqualTo(Map.of("a/b/new.txt", "new", "a/b-d.txt", "b-d", "a/b.txt", "b", "y/x.txt", "x"));
    }

    @Test
    void unchangedSubtreesKeepTheirIdsAndEmptyDirectoriesDisappear() throws IOException {
        ObjectId base = apply(Optional.empty(), changes(Set.of(), Map.of("keep/deep/file", "1", "change/file", "1")));
        ObjectId changed = apply(Optional.of(base), changes(Set.of("change/file"), Map.of()));

        assertThat(files(changed)).isEqualTo(Map.of("keep/deep/file", "1"));
        assertThat(subtree(changed, "keep")).isEqualTo(subtree(base, "keep"));
        assertThat(apply(Optional.of(changed), changes(Set.of("nothing/here"), Map.of())))
                .isEqualTo(changed);
    }

    @Test
    void producesTheSameTreeAsWritingEverythingAtOnce() throws IOException {
        ObjectId stepwise = apply(Optional.empty(), changes(Set.of(), Map.of("x/1", "1", "x.y", "2")));
        stepwise = apply(Optional.of(stepwise), changes(Set.of(), Map.of("x-1/2", "3", "x/0", "0")));
        ObjectId atOnce =
                apply(Optional.empty(), changes(Set.of(), Map.of("x/1", "1", "x.y", "2", "x-1/2", "3", "x/0", "0")));

        assertThat(stepwise).isEqualTo(atOnce);
    }

    private ObjectId apply(Optional<ObjectId> base, TreeChanges changes) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = inserter.newReader()) {
            ObjectId tree = TreeEditor.apply(reader, inserter, base, changes);
            inserter.flush();
            return tree;
        }
    }

    private static TreeChanges changes(Set<String> deletes, Map<String, String> writes) {
        return new TreeChanges(new java.util.TreeSet<>(deletes), new TreeMap<>(writes));
    }

    private SortedMap<String, String> files(ObjectId tree) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                files.put(
                        walk.getPathString(),
                        new String(repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private ObjectId subtree(ObjectId tree, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, tree)) {
            return walk.getObjectId(0);
        }
    }
}
