/**
 * The data source, its migrations and transactions: PostgreSQL, either run by Trebuchet itself in its data directory
 * (the embedded store, the default) or the operator's. Features bring their own SQL; this package only runs it, one
 * transaction per command, retrying transient conflicts.
 */
package io.trebuchet.store;
