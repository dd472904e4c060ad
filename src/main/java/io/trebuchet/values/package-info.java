/**
 * Layered values and releases from templates: the platform's default values, the merged values of an application in
 * an environment with where each came from, and releases that carry parameters which the server renders through the
 * application's template for every environment it is configured for.
 */
package io.trebuchet.values;
