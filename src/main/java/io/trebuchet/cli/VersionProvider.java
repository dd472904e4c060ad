package io.trebuchet.cli;

import io.trebuchet.server.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code trebuchet --version}: the version and the git commit the build was made from. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"trebuchet " + BuildInfo.current().describe()};
    }
}
