/**
 * Deploy-freeze windows: whether automation may change an environment at a given instant, from the environment's
 * {@code deny} and {@code allow} windows. Pure; the deploy and train features ask it before every automated change.
 */
package io.trebuchet.freeze;
