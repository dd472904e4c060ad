package io.trebuchet.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The one way Trebuchet reads YAML that someone else wrote: every document is held to {@link DocumentLimits} while
 * it is parsed, before a node is composed or a value built, so that an alias bomb, a deeply nested or a
 * many-document text, or a huge number is refused at once. A text that is not YAML gives snakeyaml's {@code
 * YamlEngineException} (callers say where, in their own words); a text over a limit gives a {@link
 * TrebuchetException} with {@link ErrorCode#DOCUMENT_TOO_COMPLEX}.
 */
public final class Yaml {
    private Yaml() {}

    /**
     * Strict settings to start from: duplicate keys and recursive keys are refused, and at most {@link
     * DocumentLimits#MAX_ALIASES} aliases to collections are taken (the limits refuse more first, with their code).
     */
    public static LoadSettingsBuilder settings(String label) {
        return LoadSettings.builder()
                .setLabel(label)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(DocumentLimits.MAX_ALIASES + 1);
    }

    /** Every document of {@code text} as a node graph (aliases are shared nodes, not copies). */
    public static List<Node> compose(String text, LoadSettings settings, String what) {
        Composer composer = new Composer(
                settings,
                new YamlLimits(
                        new ParserImpl(settings, new StreamReader(settings, text)),
                        settings.getSchema().getScalarResolver(),
                        what));
        List<Node> documents = new ArrayList<>();
        try {
            composer.forEachRemaining(documents::add);
        } catch (YamlEngineException | TrebuchetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed(e);
        }
        return documents;
    }

    /**
     * Every document of {@code text} as Java values: maps, lists, strings, numbers, booleans, and null for an empty
     * document. An alias gives the same object as its anchor, so nothing is copied.
     */
    public static List<Object> load(String text, LoadSettings settings, String what) {
        return construct(compose(text, settings, what), settings);
    }

    /** Builds the Java values of documents {@link #compose composed} before; duplicate keys are refused here. */
    public static List<Object> construct(List<Node> documents, LoadSettings settings) {
        StandardConstructor constructor = new StandardConstructor(settings);
        List<Object> values = new ArrayList<>();
        try {
            for (Node document : documents) {
                values.add(constructor.constructSingleDocument(Optional.of(document)));
            }
        } catch (YamlEngineException | TrebuchetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed(e);
        }
        return values;
    }

    /**
     * snakeyaml refuses some malformed texts with other exceptions than its own (a tag such as {@code !%0} gives an
     * IllegalArgumentException): they are syntax errors like the others.
     */
    private static YamlEngineException malformed(RuntimeException error) {
        return new YamlEngineException("malformed YAML: " + error.getMessage(), error);
    }
}
