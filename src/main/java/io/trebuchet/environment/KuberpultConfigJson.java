package io.trebuchet.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Brings an environment config written for Kuberpult into the one form {@link EnvironmentConfig} reads. Kuberpult
 * parses {@code config.json} with protobuf's JSON mapping, which accepts every field under its proto name
 * ({@code application_annotations}) as well as its JSON name ({@code applicationAnnotations}), and its current format
 * keeps {@code isActiveActive} at the top level rather than inside {@code argoConfigs}. The {@code config.json} files
 * of Kuberpult's manifest repository are its Go structs instead: {@code argocdConfigs} with {@code
 * ArgoCdConfigurations} (each cluster's name in {@code name}) and {@code CommonEnvPrefix}; read as {@code argoConfigs}.
 */
final class KuberpultConfigJson {
    /** Fields whose keys are data (annotation keys, value names, policy rules), not field names. */
    private static final Set<String> FREE_KEYS = Set.of("applicationAnnotations", "values", "policies");
    /** Kuberpult's repository name of the Argo CD configs (its Go struct's JSON name). */
    static final String REPOSITORY_CONFIGS = "argocdConfigs";

    private KuberpultConfigJson() {}

    static String normalize(String json) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw Json.invalid(e, ErrorCode.INVALID_ENVIRONMENT_CONFIG, "environment config");
        }
        if (!(tree instanceof ObjectNode root)) {
            // Not an object: the typed reading gives the error.
            return json;
        }
        camelCase(root);
        fromRepositoryForm(root);
        JsonNode activeActive = root.get("isActiveActive");
        if (activeActive != null && activeActive.isBoolean()) {
            JsonNode argoConfigs = root.get("argoConfigs");
            if (argoConfigs instanceof ObjectNode configs) {
                if (!configs.has("isActiveActive")) {
                    configs.set("isActiveActive", activeActive);
                }
                root.remove("isActiveActive");
            } else if (!activeActive.booleanValue()) {
                root.remove("isActiveActive");
            }
        }
        return Json.write(root);
    }

    /** Kuberpult's repository form of the Argo CD configs ({@code argocdConfigs}) as the API's {@code argoConfigs}. */
    private static void fromRepositoryForm(ObjectNode root) {
        JsonNode repository = root.get(REPOSITORY_CONFIGS);
        if (!(repository instanceof ObjectNode configs) || root.has("argoConfigs")) {
            return;
        }
        root.remove(REPOSITORY_CONFIGS);
        JsonNode list = configs.get("ArgoCdConfigurations");
        if (list == null || !list.isArray() || list.isEmpty()) {
            // Kuberpult writes the field for environments that use the single argocd object, with nothing in it.
            return;
        }
        ObjectNode converted = Json.mapper().createObjectNode();
        JsonNode prefix = configs.get("CommonEnvPrefix");
        if (prefix != null && !prefix.isNull()) {
            converted.set("commonEnvPrefix", prefix);
        }
        ArrayNode items = converted.putArray("configs");
        for (JsonNode item : list) {
            if (item instanceof ObjectNode object) {
                ObjectNode copy = object.deepCopy();
                JsonNode name = copy.remove("name");
                if (name != null && !name.isNull() && !name.asText().isEmpty()) {
                    copy.set("concreteEnvName", name);
                }
                items.add(copy);
            } else {
                items.add(item);
            }
        }
        root.set("argoConfigs", converted);
    }

    private static void camelCase(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            object.removeAll();
            for (Map.Entry<String, JsonNode> field : fields) {
                String name = camel(field.getKey());
                if (!FREE_KEYS.contains(name)) {
                    camelCase(field.getValue());
                }
                if (!object.has(name) || name.equals(field.getKey())) {
                    object.set(name, field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(KuberpultConfigJson::camelCase);
        }
    }

    /** protobuf's JSON name of a proto field name: {@code json_pointers} is {@code jsonPointers}. */
    static String camel(String name) {
        if (name.indexOf('_') < 0) {
            return name;
        }
        StringBuilder camel = new StringBuilder(name.length());
        boolean upper = false;
        for (int index = 0; index < name.length(); index++) {
            char character = name.charAt(index);
            if (character == '_') {
                upper = true;
            } else if (upper) {
                camel.append(String.valueOf(character).toUpperCase(Locale.ROOT));
                upper = false;
            } else {
                camel.append(character);
            }
        }
        return camel.toString();
    }
}
