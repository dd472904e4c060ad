/**
 * The web UI: server-rendered pages (jte templates under {@code src/main/jte}, compiled at build time into this
 * package) with htmx for partial updates, served by the same server as the API and calling the same feature services
 * in-process. Every asset is served from the classpath, so the UI works without internet access. Page classes
 * ({@code *Page}) read a request, call the services, build a view (records) and render it; pure decisions (which rows
 * to show, which actions can work and why not, the warnings of a cell) are separate and table-tested. Mutating forms
 * carry a per-browser token checked against a cookie (see {@link Csrf}); templates escape every value.
 */
package io.trebuchet.web;
