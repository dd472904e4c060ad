/**
 * The shared vocabulary of every feature: validated names ({@link io.trebuchet.core.AppName}, {@link
 * io.trebuchet.core.EnvName}, {@link io.trebuchet.core.Version}), the {@link io.trebuchet.core.Actor} behind each
 * change, the one error type {@link io.trebuchet.core.TrebuchetException} with its {@link
 * io.trebuchet.core.ErrorCode}, and the JSON conventions of the API.
 */
package io.trebuchet.core;
