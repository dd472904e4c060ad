/**
 * Wiring and lifecycle: reads the server settings, opens the store, builds every feature's service and resource,
 * and starts and stops the HTTP server.
 */
package io.trebuchet.server;
