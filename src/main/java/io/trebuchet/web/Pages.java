package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.trebuchet.api.Guard;
import io.trebuchet.auth.Identity;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.lock.LockId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every page shares: the compiled templates, the form token, the clock, the security headers, and how a failure
 * is shown: a whole error page for a page load, a message in the page's alert area for an htmx request.
 */
final class Pages {
    private static final Logger log = LoggerFactory.getLogger(Pages.class);

    /**
     * Only this server's scripts and styles, no inline script or style, no framing, forms only to this server. htmx is
     * configured (in the layout) not to insert its own style element and never to evaluate code.
     */
    private static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'");

    private final TemplateEngine templates =
            TemplateEngine.createPrecompiled(null, ContentType.Html, Pages.class.getClassLoader(), "io.trebuchet.web");
    private final Csrf csrf = new Csrf();
    private final Clock clock;

    Pages(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Whether the template's compiled class is on the classpath. */
    boolean has(Template template) {
        return templates.hasTemplate(template.file());
    }

    Instant now() {
        return clock.instant();
    }

    /** A fresh id for a lock put from the UI: {@code ui-} and ten random letters and digits. */
    LockId newLockId() {
        return LockId.generate("ui-");
    }

    Chrome chrome(Context context, String title, Nav active) {
        return new Chrome(
                title, active, csrf.token(context), Guard.of(context).identity().map(Identity::describe));
    }

    /** Refuses the request unless it carries this browser's form token; see {@link Csrf}. */
    void checkForm(Context context) {
        csrf.check(context);
    }

    /** Whether htmx sent the request and wants a part of a page (not a history restore, which wants all of it). */
    static boolean partial(Context context) {
        return "true".equals(context.header("HX-Request"))
                && !"true".equals(context.header("HX-History-Restore-Request"));
    }

    void render(Context context, int status, Template template, Object view) {
        StringOutput output = new StringOutput();
        templates.render(template.file(), view, output);
        context.status(status).contentType("text/html; charset=utf-8").result(output.toString());
    }

    /**
     * Wraps a page handler: sets the security headers and shows a refused request in plain words, as a page or, for
     * htmx, in the page's alert area. Anything unexpected is logged once here and shown as an internal error.
     */
    Handler handler(Handler handler) {
        return context -> {
            context.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            context.header("X-Content-Type-Options", "nosniff");
            context.header("Referrer-Policy", "same-origin");
            context.header("Cache-Control", "no-store");
            // Pages with and without htmx share URLs: caches must keep them apart.
            context.header("Vary", "HX-Request");
            try {
                handler.handle(context);
            } catch (TrebuchetException e) {
                showError(context, e);
            } catch (Exception e) {
                log.error("Unexpected error on page {} {}", context.method(), context.path(), e);
                showError(
                        context,
                        new TrebuchetException(
                                ErrorCode.INTERNAL_ERROR, "Internal error; the server log has the details."));
            }
        };
    }

    private void showError(Context context, TrebuchetException error) {
        int status = error.code().httpStatus();
        if (partial(context)) {
            context.header("HX-Retarget", "#page-error");
            context.header("HX-Reswap", "innerHTML");
            render(context, status, Template.MESSAGE, Message.error(ErrorSentences.of(error, Map.of())));
            return;
        }
        render(
                context,
                status,
                Template.ERROR,
                new ErrorView(
                        chrome(context, "Error", Nav.OVERVIEW),
                        status,
                        error.code().name(),
                        ErrorSentences.of(error, Map.of())));
    }

    /** A refused request shown as a page. */
    record ErrorView(Chrome chrome, int status, String code, String message) {
        ErrorView {
            requireNonNull(chrome, "chrome is null");
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }
}
