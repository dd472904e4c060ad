package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.optionalLabel;
import static io.trebuchet.environment.ConfigChecks.optionalText;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/** The cluster and namespaces an environment's Argo CD applications deploy to. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Destination(
        Optional<String> name,
        Optional<String> server,
        Optional<String> namespace,
        Optional<String> appProjectNamespace,
        Optional<String> applicationNamespace) {
    /** The cluster Argo CD (or Flux) runs in, where an environment without Argo CD settings deploys. */
    public static final String IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

    public Destination {
        name = optionalText(name, "argocd.destination.name");
        server = optionalText(server, "argocd.destination.server");
        namespace = ConfigChecks.optionalNamespacePattern(namespace, "argocd.destination.namespace");
        appProjectNamespace =
                ConfigChecks.optionalNamespacePattern(appProjectNamespace, "argocd.destination.appProjectNamespace");
        applicationNamespace = optionalLabel(applicationNamespace, "argocd.destination.applicationNamespace");
        if (name.filter(text -> !text.isBlank()).isEmpty()
                && server.filter(text -> !text.isBlank()).isEmpty()) {
            throw invalid("argocd.destination", "needs a cluster 'name' or a 'server' URL");
        }
        server.filter(url -> !url.isBlank()).ifPresent(url -> {
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw invalid("argocd.destination.server", "must be an http(s) URL, got '%s'".formatted(url));
            }
        });
    }
}
