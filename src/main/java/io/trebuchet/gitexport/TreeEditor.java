package io.trebuchet.gitexport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Applies {@link TreeChanges} to a git tree by writing new tree objects only along the changed paths: every subtree
 * that no change touches is reused by its id, so the cost follows the size of the change, not of the repository.
 */
final class TreeEditor {
    private TreeEditor() {}

    /** The id of the tree that is {@code base} (or the empty tree) with {@code changes} applied. */
    static ObjectId apply(
            ObjectReader reader, ObjectInserter inserter, Optional<? extends AnyObjectId> base, TreeChanges changes)
            throws IOException {
        Node root = new Node();
        for (String path : changes.deletes()) {
            root.descend(path).clear();
        }
        for (Map.Entry<String, String> write : changes.writes().entrySet()) {
            Node node = root.descend(write.getKey());
            node.clear();
            node.content = write.getValue().getBytes(StandardCharsets.UTF_8);
        }
        ObjectId baseTree = base.map(AnyObjectId::copy).orElse(null);
        Optional<ObjectId> tree = write(reader, inserter, root, baseTree);
        return tree.isPresent() ? tree.get() : inserter.insert(new TreeFormatter());
    }

    private static Optional<ObjectId> write(ObjectReader reader, ObjectInserter inserter, Node node, ObjectId base)
            throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        if (base != null && !node.cleared) {
            CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, base);
            for (; !parser.eof(); parser.next()) {
                entries.put(
                        parser.getEntryPathString(),
                        new Entry(parser.getEntryPathString(), parser.getEntryFileMode(), parser.getEntryObjectId()));
            }
        }
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            String name = child.getKey();
            Node childNode = child.getValue();
            if (childNode.content != null) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, childNode.content);
                entries.put(name, new Entry(name, FileMode.REGULAR_FILE, blob));
                continue;
            }
            Entry existing = entries.get(name);
            ObjectId childBase =
                    existing != null && existing.mode().getObjectType() == Constants.OBJ_TREE ? existing.id() : null;
            if (childNode.cleared && childNode.children.isEmpty()) {
                entries.remove(name);
                continue;
            }
            Optional<ObjectId> written = write(reader, inserter, childNode, childBase);
            if (written.isPresent()) {
                entries.put(name, new Entry(name, FileMode.TREE, written.get()));
            } else {
                entries.remove(name);
            }
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(TreeEditor::compareGitOrder);
        TreeFormatter formatter = new TreeFormatter();
        for (Entry entry : sorted) {
            formatter.append(entry.name(), entry.mode(), entry.id());
        }
        return Optional.of(inserter.insert(formatter));
    }

    /** Git sorts tree entries by name bytes, a subtree's name as if it ended in '/'. */
    private static int compareGitOrder(Entry left, Entry right) {
        return Arrays.compareUnsigned(sortKey(left), sortKey(right));
    }

    private static byte[] sortKey(Entry entry) {
        String name = entry.mode().getObjectType() == Constants.OBJ_TREE ? entry.name() + "/" : entry.name();
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private record Entry(String name, FileMode mode, ObjectId id) {}

    /** One path component of the changes: cleared (start empty), a file's new content, or changes below it. */
    private static final class Node {
        private final Map<String, Node> children = new TreeMap<>();
        private boolean cleared;
        private byte[] content;

        Node descend(String path) {
            Node node = this;
            for (String part : path.split("/", -1)) {
                if (node.content != null) {
                    // A file becomes a directory.
                    node.content = null;
                    node.cleared = true;
                }
                node = node.children.computeIfAbsent(part, ignored -> new Node());
            }
            return node;
        }

        void clear() {
            children.clear();
            content = null;
            cleared = true;
        }
    }
}
