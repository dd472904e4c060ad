/**
 * {@code trebuchet bench}: the performance figures Trebuchet is judged by, measured apart from the tests. Each scenario
 * starts what it needs itself (servers as child JVMs, so that their peak resident memory can be read from {@code
 * /proc}; the embedded store; a PostgreSQL cluster from the machine's binaries; bare git repositories), drives the
 * server over HTTP as CI and people would, and measures a baseline in the same run on the same machine: a raw insert
 * rate ({@code pgbench} or a JDBC loop), one git commit and push per event, single deploys, a raw SQL read. Shared
 * machines are noisy, so the figures that count are the ratios against those baselines, not the absolute times.
 *
 * <p>{@link io.trebuchet.bench.BenchCommand} parses the command line and prints the table; each {@code *Bench} class
 * is one scenario; {@link io.trebuchet.bench.BenchReport} writes the table and the JSON under {@code target/bench}.
 */
package io.trebuchet.bench;
