/**
 * Kuberpult compatibility that is more than routing: reading a Kuberpult manifest repository ({@link
 * io.trebuchet.kuberpult.KuberpultRepository}, {@code KuberpultLayout}, a pure function of its files) and putting
 * what it holds into the store through the environment, release and deploy services ({@link
 * io.trebuchet.kuberpult.KuberpultImporter}), for {@code trebuchet import-kuberpult}.
 */
package io.trebuchet.kuberpult;
