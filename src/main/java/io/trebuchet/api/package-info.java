/**
 * HTTP plumbing shared by every feature's resource: the server with its size limits and the checks every request
 * passes before its route (the host it was sent to, the origin of a change, the content types each endpoint reads),
 * the one error model ({@code {"code","message","details"}}, mapped here and nowhere else), request parsing helpers
 * that validate at the edge, and the OpenAPI document of the native API.
 */
package io.trebuchet.api;
