package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.trebuchet.api.Guard;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.api.Requests;
import io.trebuchet.auth.Action;
import io.trebuchet.auth.Scope;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockFilter;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockState;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code /locks}: every lock of every kind in one table, filtered by environment, application, team, kind, state and
 * by words of its message, author or id (the filters live in the URL), with who put it there when and why, its expiry
 * and suggested lifetime; each can be deleted after a confirmation.
 */
final class LocksPage implements HttpResource {
    private final Pages pages;
    private final LockService locks;
    private final EnvironmentService environments;

    LocksPage(Pages pages, LockService locks, EnvironmentService environments) {
        this.pages = requireNonNull(pages, "pages is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.environments = requireNonNull(environments, "environments is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/locks", pages.handler(this::show));
        PageRoutes.post(routes, "/locks/delete", pages.handler(this::delete));
    }

    /** The filters as the person filled them in, so that a refused value can be corrected. */
    record Form(String environment, String application, String team, String text, String kind, String state) {
        /** The filters' labels by their URL parameter, for refusals that name one. */
        static final Map<String, String> LABELS = Map.of(
                "environment", "Environment",
                "application", "Application",
                "team", "Team",
                "text", "Message or author",
                "kind", "Kind",
                "state", "State");

        Form {
            requireNonNull(environment, "environment is null");
            requireNonNull(application, "application is null");
            requireNonNull(team, "team is null");
            requireNonNull(text, "text is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(state, "state is null");
        }

        static Form of(Context context) {
            return new Form(
                    QueryString.field(context, "environment"),
                    QueryString.field(context, "application"),
                    QueryString.field(context, "team"),
                    QueryString.field(context, "text"),
                    QueryString.field(context, "kind"),
                    QueryString.field(context, "state"));
        }

        /**
         * The filter the form asks for, but for the application, team and text, which {@link #matches} compares as text;
         * refuses environment names that cannot exist and unknown kinds or states.
         */
        LockFilter filter() {
            return new LockFilter(
                    optional(environment).map(EnvName::of),
                    Optional.empty(),
                    Optional.empty(),
                    optional(kind).map(value -> choice(LockKind.class, value, "kind")),
                    optional(state).map(value -> choice(LockState.class, value, "state")));
        }

        /**
         * Whether a lock's application and team contain what the person typed so far, and its message, author or id
         * contains the text, all ignoring case, so that the table narrows while they type (a person remembers "the
         * lock Jane put on for QA", not its exact id); a lock without an application (or team) does not match a typed
         * one.
         */
        boolean matches(Lock lock) {
            return contains(application, lock.application().map(AppName::value).stream())
                    && contains(team, lock.team().map(TeamName::value).stream())
                    && contains(
                            text,
                            Stream.of(
                                    lock.message(),
                                    lock.author().name(),
                                    lock.author().email(),
                                    lock.id().value()));
        }

        private static boolean contains(String typed, Stream<String> values) {
            String wanted = typed.strip().toLowerCase(Locale.ROOT);
            return wanted.isEmpty()
                    || values.anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(wanted));
        }

        /** The filters as URL parameters. */
        QueryString query() {
            return new QueryString()
                    .add("environment", environment)
                    .add("application", application)
                    .add("team", team)
                    .add("text", text)
                    .add("kind", kind)
                    .add("state", state);
        }

        String link() {
            return query().on("/locks");
        }

        /** Where a delete button posts: the filters ride along in the URL, so the table comes back the same. */
        String deletePath() {
            return query().on("/locks/delete");
        }

        boolean filtered() {
            return !query().isEmpty();
        }

        private static Optional<String> optional(String value) {
            return Optional.of(value).filter(text -> !text.isEmpty());
        }

        private static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "There is no lock %s '%s'; choose one of %s."
                                .formatted(
                                        field,
                                        value,
                                        String.join(
                                                ", ",
                                                Arrays.stream(type.getEnumConstants())
                                                        .map(constant ->
                                                                constant.name().toLowerCase(Locale.ROOT))
                                                        .toList())),
                        Map.of("field", field));
            }
        }
    }

    /** The page, or its table alone for htmx. */
    record View(
            Chrome chrome,
            Form form,
            List<EnvName> environments,
            List<String> kinds,
            List<String> states,
            List<LockRow> locks,
            Optional<Message> message,
            Map<String, String> deleteRefusals) {
        View {
            requireNonNull(chrome, "chrome is null");
            requireNonNull(form, "form is null");
            environments = List.copyOf(environments);
            kinds = List.copyOf(kinds);
            states = List.copyOf(states);
            locks = List.copyOf(locks);
            requireNonNull(message, "message is null");
            deleteRefusals = Map.copyOf(deleteRefusals);
        }

        /** Why the person may not delete {@code lock}, when the RBAC policy does not allow it. */
        Optional<String> deleteRefusal(LockRow lock) {
            return Optional.ofNullable(deleteRefusals.get(lock.key()));
        }

        long active() {
            return locks.stream().filter(LockRow::active).count();
        }
    }

    private void show(Context context) {
        Form form = Form.of(context);
        Optional<Message> message = Optional.empty();
        int status = 200;
        List<LockRow> rows = List.of();
        try {
            rows = rows(form);
        } catch (TrebuchetException e) {
            message = Optional.of(Message.error(ErrorSentences.of(e, Form.LABELS)));
            status = e.code().httpStatus();
        }
        if (Pages.partial(context)) {
            // The address bar shows the filters that are set, not every empty field of the form.
            context.header("HX-Push-Url", form.link());
        }
        render(context, status, form, rows, message);
    }

    /**
     * Deletes the lock the form names after checking the form's token, then shows the table again (same filters) with
     * what happened above it. Without htmx, a successful delete redirects (so that reloading does not repeat it).
     */
    private void delete(Context context) {
        Form form = Form.of(context);
        Message message;
        int status;
        try {
            pages.checkForm(context);
            Lock removed = locks.delete(LockForms.target(context), LockForms.id(context), Requests.actor(context));
            message = Message.done(
                    "Deleted the %s lock '%s' on %s. Automation may change it again; queued versions are not deployed by themselves."
                            .formatted(removed.kind().label(), removed.id(), LockRow.subject(removed)));
            status = 200;
        } catch (TrebuchetException e) {
            message = Message.error(ErrorSentences.of(e, Form.LABELS));
            status = e.code().httpStatus();
        }
        if (!Pages.partial(context) && status == 200) {
            context.redirect(form.link(), HttpStatus.SEE_OTHER);
            return;
        }
        List<LockRow> rows;
        try {
            rows = rows(form);
        } catch (TrebuchetException e) {
            rows = List.of();
        }
        render(context, status, form, rows, Optional.of(message));
    }

    /** The locks the policy does not let this person delete, by {@link LockRow#key()}, with the reason. */
    private static Map<String, String> deleteRefusals(Context context, List<LockRow> rows) {
        Guard guard = Guard.of(context);
        Map<String, String> refusals = new HashMap<>();
        for (LockRow row : rows) {
            Scope scope = switch (row.kind()) {
                case APPLICATION ->
                    guard.application(row.environment(), row.application().orElseThrow());
                case TEAM -> guard.team(row.environment(), row.team().orElseThrow());
                case ENVIRONMENT -> guard.environment(row.environment());
            };
            guard.refusal(Action.DELETE_LOCK, scope)
                    .ifPresent(
                            reason -> refusals.put(row.key(), "You may not delete this lock: %s.".formatted(reason)));
        }
        return refusals;
    }

    private List<LockRow> rows(Form form) {
        Instant now = pages.now();
        return locks.list(form.filter()).stream()
                .filter(lock -> form.matches(lock.lock()))
                .map(lock -> LockRow.of(lock, now))
                .toList();
    }

    private void render(Context context, int status, Form form, List<LockRow> rows, Optional<Message> message) {
        View view = new View(
                pages.chrome(context, "Locks", Nav.LOCKS),
                form,
                environments.list().stream().map(Environment::name).toList(),
                Arrays.stream(LockKind.values()).map(LockKind::label).toList(),
                Arrays.stream(LockState.values()).map(LockState::label).toList(),
                rows,
                message,
                deleteRefusals(context, rows));
        pages.render(context, status, Pages.partial(context) ? Template.LOCKS_TABLE : Template.LOCKS, view);
    }
}
