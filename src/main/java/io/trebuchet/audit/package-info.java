/**
 * The event log: every accepted change appends one event (time, actor, kind, application, environment, payload) in
 * the same transaction as the state it changes. The log is the audit trail and the order in which the git export
 * replays changes; nothing is ever deleted from it.
 */
package io.trebuchet.audit;
