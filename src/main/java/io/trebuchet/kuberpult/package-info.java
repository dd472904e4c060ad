/**
 * Kuberpult compatibility that is more than routing: reading a Kuberpult manifest repository ({@link
 * io.trebuchet.kuberpult.KuberpultRepository}, {@code KuberpultLayout}, a pure function of its files) and putting
 * what it holds into the store through the environment, release, deploy and lock services ({@link
 * io.trebuchet.kuberpult.KuberpultImporter}), for {@code trebuchet import-kuberpult}. Kuberpult's authors and times
 * are kept: a migrated history that starts on the day of the move would tell nobody when a lock was set or a version
 * deployed.
 */
package io.trebuchet.kuberpult;
