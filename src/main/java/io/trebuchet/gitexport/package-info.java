/**
 * The git export: renders the manifest repository that Argo CD (or Flux) applies from the store's state, and keeps it
 * in step with the event log. Rendering is a pure function of the state ({@link ManifestRenderer}); the {@link
 * ExportWorker} reads the events after its cursor and the state in one snapshot, writes one commit per batch with JGit
 * object writes (no working tree) and pushes it; each commit's {@code Trebuchet-Event} trailer records the cursor, so
 * a restart resumes from git alone. The only package that writes the manifest repository with JGit; it reads the
 * store's state and events, never another feature's service.
 */
package io.trebuchet.gitexport;
