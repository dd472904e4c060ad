/**
 * The web UI: server-rendered pages (jte templates under {@code src/main/jte}, compiled at build time into this
 * package) with htmx for partial updates, served by the same server as the API and calling the same feature services
 * in-process. Every asset is served from the classpath, so the UI works without internet access. Page classes
 * ({@code *Page}) read a request, call the services, build a view (records) and render it; pure decisions (which rows
 * to show, which actions can work and why not, how a lock, a blocker or a train outcome reads) are separate and
 * table-tested; what deserves a warning and what blocks a change are decided once, by the features ({@code overview},
 * {@code deploy.Blockers}, {@code train}), never again here. Mutating forms carry a per-browser token checked against a
 * cookie (see {@link Csrf}); templates escape every value.
 */
package io.trebuchet.web;
