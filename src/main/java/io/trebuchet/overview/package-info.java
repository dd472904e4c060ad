/**
 * The overview: every environment group and environment in upstream order, and every application with the version
 * each environment runs. One consistent read for the API, the CLI's status table and the web UI.
 */
package io.trebuchet.overview;
