package io.trebuchet.gitexport;

/**
 * What the export writes for an application whose deployed release was rendered from a chart: the manifests rendered
 * at release time (the default), or, in Flux mode, a Flux {@code HelmRelease} with its source ({@code HelmRepository}
 * or {@code OCIRepository}) and the merged values, for helm-controller to render in the cluster.
 */
public enum ChartOutput {
    RENDERED,
    HELMRELEASE
}
