/**
 * Best-practice policies on every rendered or uploaded manifest: pinned image tags, resource requests and limits,
 * running as non-root without privilege, unprivileged ports, no plain-text Secrets in git. {@link
 * io.trebuchet.policy.PolicyCheck} finds violations (pure); each environment sets a {@link
 * io.trebuchet.policy.Severity} per rule: {@code error} refuses, {@code warn} shows, {@code off} ignores.
 */
package io.trebuchet.policy;
