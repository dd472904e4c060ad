package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.release.AutoDeployment;
import io.trebuchet.release.ReleaseIntake;
import io.trebuchet.release.ReleaseOutcome;
import io.trebuchet.release.ReleaseRequest;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import java.util.List;

/**
 * Takes a new release in and rolls it out where {@code latest} is followed, in one transaction: the release feature
 * accepts it, then the deploy decides each such environment on what the acceptance already read.
 */
public final class ReleaseIntakeService implements ReleaseIntake {
    private final Database database;
    private final ReleaseService releases;
    private final DeployService deploys;

    public ReleaseIntakeService(Database database, ReleaseService releases, DeployService deploys) {
        this.database = requireNonNull(database, "database is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.deploys = requireNonNull(deploys, "deploys is null");
    }

    /**
     * Creates the release (or finds the same one again) and deploys a new one where {@code latest} is followed; refuses
     * a different release under an existing version.
     */
    @Override
    public ReleaseOutcome release(ReleaseRequest request, Actor actor) {
        requireNonNull(request, "request is null");
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> release(transaction, request, actor));
    }

    /** The same inside the caller's transaction. */
    public ReleaseOutcome release(Transaction transaction, ReleaseRequest request, Actor actor) {
        return release(transaction, request, actor, created -> {});
    }

    /**
     * The same, with {@code recorded} run on a new release before it is auto-deployed: what a chart release records
     * beside its release (its chart version) is then there for the deploy decisions.
     */
    public ReleaseOutcome release(
            Transaction transaction,
            ReleaseRequest request,
            Actor actor,
            java.util.function.Consumer<io.trebuchet.release.Release> recorded) {
        ReleaseService.Accepted accepted = releases.create(transaction, request, actor);
        if (accepted.created()) {
            recorded.accept(accepted.release());
        }
        List<AutoDeployment> deployments =
                accepted.created() ? deploys.autoDeploy(transaction, accepted, actor) : List.of();
        return new ReleaseOutcome(
                accepted.release(),
                accepted.created(),
                deployments,
                ReleaseOutcome.unknown(
                        accepted.release(), accepted.environments().keySet()));
    }
}
