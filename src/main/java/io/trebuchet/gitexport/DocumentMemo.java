package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The YAML documents of the environment files (an Argo CD {@code Application} or a Flux {@code Kustomization} per
 * application) as rendered last time, so that rendering a file again renders only the documents whose inputs changed.
 * A document depends on its file's settings (the cluster's Argo CD config, the Kustomization's target namespace) and on
 * its key (the application and its team), never on the version deployed: a deploy to an environment of 1,000
 * applications renders none of them again, where it used to render all 1,000. A file's documents are dropped when its
 * settings change, and each render keeps only the documents it used, so the memo holds one file's worth per file.
 * Rendering stays a pure function of its inputs; the memo only skips work. Safe for concurrent use.
 */
final class DocumentMemo {
    private final ConcurrentMap<String, Rendered> files = new ConcurrentHashMap<>();

    private record Rendered(Object settings, Map<Object, String> documents) {}

    /** One render of a file: {@link #document} for each of its documents, then {@link #close}. */
    final class FileRender implements AutoCloseable {
        private final String path;
        private final Object settings;
        private final Map<Object, String> previous;
        private final Map<Object, String> used = new HashMap<>();

        private FileRender(String path, Object settings, Map<Object, String> previous) {
            this.path = path;
            this.settings = settings;
            this.previous = previous;
        }

        /** The document for {@code key}: as rendered last time with the same settings, or rendered now. */
        <K> String document(K key, Function<K, String> render) {
            requireNonNull(key, "key is null");
            String text = previous.get(key);
            if (text == null) {
                text = requireNonNull(render.apply(key), "render returned null");
            }
            used.put(key, text);
            return text;
        }

        /** Keeps this render's documents for the next one. */
        @Override
        public void close() {
            files.put(path, new Rendered(settings, used));
        }
    }

    /** Starts rendering the file at {@code path} whose documents all depend on {@code settings}. */
    FileRender file(String path, Object settings) {
        requireNonNull(path, "path is null");
        requireNonNull(settings, "settings is null");
        Rendered last = files.get(path);
        Map<Object, String> previous = last != null && last.settings().equals(settings) ? last.documents() : Map.of();
        return new FileRender(path, settings, previous);
    }
}
