package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What every page's frame shows: its title, the active section, and the form token of this browser. */
record Chrome(String title, Nav active, String csrfToken) {
    Chrome {
        requireNonNull(title, "title is null");
        requireNonNull(active, "active is null");
        requireNonNull(csrfToken, "csrfToken is null");
    }

    List<Nav> sections() {
        return List.of(Nav.values());
    }

    String csrfField() {
        return Csrf.FIELD;
    }
}
