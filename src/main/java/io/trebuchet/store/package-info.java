/**
 * The data source, its migrations and transactions, for both backends: the embedded H2 file database (the default,
 * under the data directory) and PostgreSQL. Features bring their own SQL; this package only runs it, one transaction
 * per command, retrying transient conflicts.
 */
package io.trebuchet.store;
