package io.trebuchet.gitexport;

/**
 * The annotation keys Kuberpult puts on the Argo CD Applications it renders, which the export writes the same way so
 * that tools reading Kuberpult's repositories read Trebuchet's, and which an import reads back.
 */
public final class KuberpultAnnotations {
    /** Kuberpult v13.46 and later: the application's team, {@code ""} for none (label and annotation). */
    public static final String TEAMS = "com.freiheit.kuberpult/teams";
    /** Kuberpult before v13.46: the application's team, {@code ""} for none (label and annotation). */
    public static final String TEAM = "com.freiheit.kuberpult/team";

    public static final String APPLICATION = "com.freiheit.kuberpult/application";
    public static final String ENVIRONMENT = "com.freiheit.kuberpult/environment";
    public static final String PARENT_ENVIRONMENT = "com.freiheit.kuberpult/aa-parent-environment";

    private KuberpultAnnotations() {}
}
