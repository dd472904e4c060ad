/**
 * Releases: immutable versions of an application with per-environment manifests, announced by CI through Kuberpult's
 * multipart {@code /release} endpoint or the native API. Version numbers are allocated under the application's row
 * lock ({@code application}); posting the same release again is idempotent; the deploy feature's intake accepts a
 * release here and rolls it out where {@code latest} is followed, in the same transaction.
 */
package io.trebuchet.release;
