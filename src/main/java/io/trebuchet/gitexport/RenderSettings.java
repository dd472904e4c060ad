package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The settings that shape the rendered files besides the state. A commit records their {@link #fingerprint()}: when
 * it differs on start, the whole tree is rendered again.
 */
record RenderSettings(
        ExportMode mode,
        String repoUrl,
        String branch,
        String fluxSourceName,
        String fluxNamespace,
        ChartOutput chartOutput,
        ArgoCdSources argoCdSources) {
    /**
     * Raised whenever the rendering changes what it writes for the same state, so that trees are rendered again. 2:
     * Applications as Kuberpult v13.55 writes them (teams, sources, sourceRepos).
     */
    static final int FORMAT_VERSION = 2;

    RenderSettings {
        requireNonNull(mode, "mode is null");
        requireNonNull(repoUrl, "repoUrl is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(fluxSourceName, "fluxSourceName is null");
        requireNonNull(fluxNamespace, "fluxNamespace is null");
        requireNonNull(chartOutput, "chartOutput is null");
        requireNonNull(argoCdSources, "argoCdSources is null");
    }

    /** Settings that write chart releases as their rendered manifests, in Kuberpult v13.55's Argo CD form. */
    RenderSettings(ExportMode mode, String repoUrl, String branch, String fluxSourceName, String fluxNamespace) {
        this(mode, repoUrl, branch, fluxSourceName, fluxNamespace, ChartOutput.RENDERED, ArgoCdSources.LIST);
    }

    RenderSettings(
            ExportMode mode,
            String repoUrl,
            String branch,
            String fluxSourceName,
            String fluxNamespace,
            ChartOutput chartOutput) {
        this(mode, repoUrl, branch, fluxSourceName, fluxNamespace, chartOutput, ArgoCdSources.LIST);
    }

    RenderSettings(
            ExportMode mode,
            String repoUrl,
            String branch,
            String fluxSourceName,
            String fluxNamespace,
            ArgoCdSources argoCdSources) {
        this(mode, repoUrl, branch, fluxSourceName, fluxNamespace, ChartOutput.RENDERED, argoCdSources);
    }

    static RenderSettings of(ExportSettings settings) {
        return new RenderSettings(
                settings.output().mode(),
                settings.output().applicationRepoUrl(),
                settings.remote().branch(),
                settings.output().fluxSourceName(),
                settings.output().fluxNamespace(),
                settings.output().chartOutput(),
                settings.output().argoCdSources());
    }

    /** A short hash of everything that shapes the files. */
    String fingerprint() {
        String text = String.join(
                "\n",
                Integer.toString(FORMAT_VERSION),
                mode.name(),
                repoUrl,
                branch,
                fluxSourceName,
                fluxNamespace,
                argoCdSources.name());
        // The default adds nothing, so that trees written before the setting existed are not rendered again.
        if (chartOutput != ChartOutput.RENDERED) {
            text += "\n" + chartOutput.name();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
