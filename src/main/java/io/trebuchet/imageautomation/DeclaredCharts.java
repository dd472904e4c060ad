package io.trebuchet.imageautomation;

import io.trebuchet.core.AppName;
import io.trebuchet.release.ReleaseOutcome;
import io.trebuchet.store.Transaction;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The applications that declare a Helm chart, whose releases are rendered from it rather than from a template. Charts
 * build on image automation (semver ranges, registry budgets), so they plug in here instead of image automation
 * depending on them.
 */
public interface DeclaredCharts {
    /** Whether {@code application} declares a chart. */
    boolean declares(AppName application);

    /**
     * Releases the chart {@code application} declares with {@code values} (dotted names, as an image source's
     * parameters) as the release's own values, as {@code image-automation}; unless {@code proceed}, asked inside the
     * release's transaction, says no, which answers empty. {@code after} runs in the same transaction.
     */
    Optional<ReleaseOutcome> release(
            AppName application,
            Map<String, Object> values,
            Optional<String> displayVersion,
            String message,
            Predicate<Transaction> proceed,
            BiConsumer<Transaction, ReleaseOutcome> after);
}
