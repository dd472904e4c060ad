package io.trebuchet.web;

/** The templates the pages render, each a file under {@code src/main/jte} compiled into this package. */
enum Template {
    OVERVIEW("overview.jte"),
    OVERVIEW_TABLE("overviewTable.jte"),
    APPLICATION("application.jte"),
    APPLICATION_MAIN("applicationMain.jte"),
    ENVIRONMENTS("environments.jte"),
    ENVIRONMENTS_MAIN("environmentsMain.jte"),
    TRAIN("train.jte"),
    TRAIN_PANEL("trainPanel.jte"),
    LOCKS("locks.jte"),
    LOCKS_TABLE("locksTable.jte"),
    HISTORY("history.jte"),
    ERROR("error.jte"),
    MESSAGE("message.jte"),
    TOKENS("tokens.jte");

    private final String file;

    Template(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }
}
