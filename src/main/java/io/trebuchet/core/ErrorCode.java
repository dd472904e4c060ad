package io.trebuchet.core;

/**
 * Every cause the API can refuse a request for. The names are the stable {@code code} of the error response: clients
 * match on them, so a name never changes once released.
 */
public enum ErrorCode {
    INVALID_REQUEST(400),
    INVALID_JSON(400),
    INVALID_APPLICATION_NAME(400),
    INVALID_ENVIRONMENT_NAME(400),
    INVALID_GROUP_NAME(400),
    INVALID_TEAM_NAME(400),
    INVALID_VERSION(400),
    INVALID_MANIFEST(400),
    MISSING_MANIFEST(400),
    UNKNOWN_ENVIRONMENT(400),
    INVALID_ENVIRONMENT_CONFIG(400),
    INVALID_SCHEDULE(400),
    INVALID_LOCK(400),
    INVALID_STACK_NAME(400),
    INVALID_TEMPLATE(400),
    INVALID_VALUES(400),
    MISSING_PARAMETERS(400),
    POLICY_VIOLATION(400),
    UNKNOWN_UPSTREAM(400),
    UPSTREAM_CYCLE(400),
    NO_MANIFEST_FOR_ENVIRONMENT(400),
    INVALID_PLATFORM_CONFIG(400),
    /**
     * A Kuberpult option that Trebuchet does not implement (or that is switched off, as in Kuberpult's default
     * configuration); refused rather than ignored. {@code details.option} names it.
     */
    UNSUPPORTED_OPTION(400),
    /**
     * An environment's Argo CD destination names both a cluster {@code name} and a {@code server}: Argo CD refuses an
     * Application with both, so the export could not write one. {@code details.environment} names the environment.
     */
    ARGOCD_DESTINATION_AMBIGUOUS(400),
    CSRF_TOKEN_INVALID(403),
    CROSS_SITE_REQUEST(403),
    ROUTE_NOT_FOUND(404),
    ENVIRONMENT_NOT_FOUND(404),
    APPLICATION_NOT_FOUND(404),
    RELEASE_NOT_FOUND(404),
    NOT_DEPLOYED(404),
    LOCK_NOT_FOUND(404),
    ENVIRONMENT_GROUP_NOT_FOUND(404),
    STACK_NOT_FOUND(404),
    TEMPLATE_NOT_FOUND(404),
    COMMIT_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    RELEASE_CONFLICT(409),
    DEPLOYMENT_BLOCKED(409),
    STACK_IN_USE(409),
    ENVIRONMENT_IN_USE(409),
    ENVIRONMENT_NOT_EMPTY(409),
    APPLICATION_IN_USE(409),
    CONCURRENT_CHANGE(409),
    EXPORT_DIVERGED(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL_ERROR(500),
    /** The server takes on no more work right now; the answer carries {@code Retry-After}. */
    OVERLOADED(503),
    STORE_UNAVAILABLE(503),
    EXPORT_UNAVAILABLE(503),
    HEADERS_TOO_LARGE(431),
    URI_TOO_LONG(414),
    EXPECTATION_FAILED(417),
    HTTP_VERSION_NOT_SUPPORTED(505),
    HOST_NOT_ALLOWED(421),
    /** The request carries no credentials, or credentials that are not valid (expired, revoked, foreign). */
    UNAUTHENTICATED(401),
    /** The identity is known but the policy does not allow the action. */
    FORBIDDEN(403),
    /** Too many failed sign-ins from this client; the answer carries {@code Retry-After}. */
    RATE_LIMITED(429),
    INVALID_RBAC_POLICY(400),
    /** A signature is required for this environment (its keyring is configured) and the request has none. */
    SIGNATURE_REQUIRED(400),
    /** A signature does not verify against the configured keyring. */
    SIGNATURE_INVALID(400),
    TOKEN_NOT_FOUND(404),
    /** The OIDC provider's discovery document or keys cannot be fetched now. */
    IDENTITY_PROVIDER_UNAVAILABLE(503),
    /** A YAML or JSON document over one of the {@link DocumentLimits}; {@code details.limit} says which. */
    DOCUMENT_TOO_COMPLEX(400),
    /** An image source's tag policy is not valid: a pattern, an extract template, a semver range or an order. */
    INVALID_IMAGE_POLICY(400),
    /** An image source is not valid: its image reference, credentials, interval or parameters. */
    INVALID_IMAGE_SOURCE(400),
    IMAGE_SOURCE_NOT_FOUND(404),
    HOLD_NOT_FOUND(404),
    /** A registry refused or failed a request of image automation; {@code details} names the registry and status. */
    REGISTRY_ERROR(502),
    /** A chart reference, version or archive that is not valid (not a gzipped tar with a Chart.yaml, say). */
    INVALID_CHART(400),
    /** A chart archive over {@link DocumentLimits#MAX_CHART_ARCHIVE_BYTES}, packed or unpacked. */
    CHART_TOO_LARGE(413),
    /** Helm could not render the chart; {@code details} name the chart, the template and the line. */
    CHART_RENDER_FAILED(422),
    /** The chart could not be fetched from its OCI registry or chart repository. */
    CHART_NOT_FOUND(422),
    /** A chart reference names a host the server does not fetch charts from ({@code serve --chart-source}). */
    CHART_SOURCE_NOT_ALLOWED(403),
    /** A chart subscription is not valid: its chart reference, version range, interval or a field it does not have. */
    INVALID_CHART_SUBSCRIPTION(400),
    CHART_SUBSCRIPTION_NOT_FOUND(404),
    /**
     * The release was rendered from a pre-release chart version and the environment does not allow pre-release
     * charts ({@code allowPrereleaseCharts} in its config).
     */
    PRERELEASE_CHART_NOT_ALLOWED(409);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
