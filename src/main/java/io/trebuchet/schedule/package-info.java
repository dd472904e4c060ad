/**
 * Time windows from cron schedules: five-field cron expressions (as Argo CD sync windows use them), durations such
 * as {@code 1h30m}, and windows that open at each cron time in a time zone and stay open for a duration. Freeze
 * windows, scheduled locks and scheduled release trains are built on these pure functions of an {@code Instant}.
 */
package io.trebuchet.schedule;
