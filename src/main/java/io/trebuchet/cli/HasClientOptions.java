package io.trebuchet.cli;

/** A command that carries {@link ClientOptions}: the root command and every client command. */
interface HasClientOptions {
    ClientOptions clientOptions();
}
