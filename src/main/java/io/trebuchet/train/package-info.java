/**
 * Release trains: move every eligible application of an environment (or of each environment of a group) to the
 * version its upstream runs — or, for an environment that follows {@code latest}, to its newest release. The
 * {@link io.trebuchet.train.TrainPlanner} decides, purely, what a train would do and why it skips what it skips; a
 * prognosis is that plan without side effects; a run applies it, one transaction and one event per environment.
 * Trains also run on schedules that environments declare.
 */
package io.trebuchet.train;
