/**
 * Locks stop automation (auto-deploy, release trains, image automation) where people need calm: an environment, an
 * environment group (one environment lock per member, same id), an application in an environment, or a team in an
 * environment. A lock may expire, or apply only inside a recurring window. Created through Kuberpult's paths and
 * the native API; every change is an event.
 */
package io.trebuchet.lock;
