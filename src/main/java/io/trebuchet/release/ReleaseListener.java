package io.trebuchet.release;

import io.trebuchet.core.Actor;
import io.trebuchet.store.Transaction;
import java.util.List;

/** Told about each new release inside the transaction that creates it: auto-deploy hooks in here. */
@FunctionalInterface
public interface ReleaseListener {
    List<AutoDeployment> released(Transaction transaction, Release release, Actor actor);
}
