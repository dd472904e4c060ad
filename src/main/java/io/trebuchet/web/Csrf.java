package io.trebuchet.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Protection against cross-site request forgery for the UI's forms, with the double-submit pattern: each browser gets
 * a random token in a {@code SameSite=Strict}, {@code HttpOnly} cookie, every page puts the same token into its forms,
 * and a form post is accepted only when the field matches the cookie. Another site can make the browser send the
 * cookie but cannot read it, so it cannot fill in the field. Browsers that say where a request comes from ({@code
 * Sec-Fetch-Site}) are also refused when it is another site. The token needs no server-side state, so it works the
 * same with several replicas; see {@code docs/adr/0007-web-ui-csrf.md}.
 */
final class Csrf {
    static final String COOKIE = "trebuchet_csrf";
    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();

    /** The token of the browser that sent {@code context}, given to it as a cookie when it has none yet. */
    String token(Context context) {
        Optional<String> existing = cookie(context);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        context.cookie(new Cookie(COOKIE, token, "/", -1, secure(context), true, null, SameSite.STRICT));
        return token;
    }

    /** Refuses a form post that another site sent, or that does not carry this browser's token. */
    void check(Context context) {
        String site = context.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw refused("the form was sent from another site (%s)".formatted(site));
        }
        Optional<String> expected = cookie(context);
        if (expected.isEmpty()) {
            throw refused("this browser has no form token yet");
        }
        String sent = Optional.ofNullable(context.header(HEADER)).orElseGet(() -> context.formParam(FIELD));
        if (sent == null || sent.isEmpty()) {
            throw refused("the form carries no token");
        }
        if (!MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.US_ASCII), expected.get().getBytes(StandardCharsets.US_ASCII))) {
            throw refused("the form's token does not match this browser's");
        }
    }

    private static Optional<String> cookie(Context context) {
        return Optional.ofNullable(context.cookie(COOKIE))
                .filter(value -> TOKEN.matcher(value).matches());
    }

    private static boolean secure(Context context) {
        return context.scheme().equals("https") || "https".equalsIgnoreCase(context.header("X-Forwarded-Proto"));
    }

    private static TrebuchetException refused(String why) {
        return new TrebuchetException(
                ErrorCode.CSRF_TOKEN_INVALID,
                "The action was refused because %s. Reload the page and try again.".formatted(why));
    }
}
