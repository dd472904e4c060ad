package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What every page's frame shows: its title, the active section, the form token of this browser, and who is signed in
 * (when authentication is on).
 */
record Chrome(String title, Nav active, String csrfToken, Optional<String> signedInAs) {
    Chrome {
        requireNonNull(title, "title is null");
        requireNonNull(active, "active is null");
        requireNonNull(csrfToken, "csrfToken is null");
        requireNonNull(signedInAs, "signedInAs is null");
    }

    Chrome(String title, Nav active, String csrfToken) {
        this(title, active, csrfToken, Optional.empty());
    }

    List<Nav> sections() {
        return List.of(Nav.values());
    }

    String csrfField() {
        return Csrf.FIELD;
    }
}
