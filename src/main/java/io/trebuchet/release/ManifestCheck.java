package io.trebuchet.release;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Yaml;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Decides whether a manifest can be stored: YAML (several documents allowed), without duplicate keys, within the
 * {@link io.trebuchet.core.DocumentLimits} (no alias bombs). Whether each document is a Kubernetes object is the
 * policy rule {@code kubernetes-objects}.
 */
final class ManifestCheck {
    /**
     * The largest manifest, in characters: Kubernetes keeps each object under about 1.5 MiB, and the YAML parser's
     * cost grows faster than the size of a single huge value.
     */
    public static final int MAX_CHARACTERS = 3 * 1024 * 1024;

    private ManifestCheck() {}

    static void check(EnvName environment, String content) {
        if (content.length() > MAX_CHARACTERS) {
            throw invalid(
                    environment,
                    "is %d characters long; at most %d are allowed".formatted(content.length(), MAX_CHARACTERS),
                    Map.of());
        }
        LoadSettings settings = Yaml.settings("manifests[" + environment + "]")
                .setCodePointLimit(MAX_CHARACTERS + 1)
                .build();
        try {
            Yaml.load(content, settings, "manifest for environment " + environment);
        } catch (MarkedYamlEngineException e) {
            Map<String, Object> details = new LinkedHashMap<>();
            String where = e.getProblemMark()
                    .map(mark -> {
                        details.put("line", mark.getLine() + 1);
                        details.put("column", mark.getColumn() + 1);
                        return " at line %d, column %d".formatted(mark.getLine() + 1, mark.getColumn() + 1);
                    })
                    .orElse("");
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            throw invalid(environment, "is not valid YAML%s: %s".formatted(where, firstLine(problem)), details);
        } catch (YamlEngineException e) {
            throw invalid(environment, "is not valid YAML: " + firstLine(e.getMessage()), Map.of());
        } catch (TrebuchetException e) {
            // Over a document limit: the limit's own code, with the environment as for any manifest problem.
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("environment", environment.value());
            details.putAll(e.details());
            throw new TrebuchetException(e.code(), e.getMessage(), details);
        }
        // A document that is not a Kubernetes object is stored, as Kuberpult stores any text: the environment's
        // policy rule kubernetes-objects decides whether it is a warning (the default) or refused.
    }

    private static TrebuchetException invalid(EnvName environment, String message, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("environment", environment.value());
        all.putAll(details);
        return new TrebuchetException(
                ErrorCode.INVALID_MANIFEST, "manifest for environment %s %s".formatted(environment, message), all);
    }

    private static String firstLine(String message) {
        String text = message == null ? "malformed" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
