/**
 * Applications and their releases: immutable versions with per-environment manifests, announced by CI through
 * Kuberpult's multipart {@code /release} endpoint or the native API. Version numbers are allocated safely under
 * concurrency; posting the same release again is idempotent; every accepted release is handed to a {@link
 * io.trebuchet.release.ReleaseListener} in the same transaction (auto-deploy).
 */
package io.trebuchet.release;
