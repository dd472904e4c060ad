/**
 * Image automation: image sources watch a container registry, a tag policy picks the newest tag, and a newly chosen
 * tag becomes a release rendered from the application's template and follows the normal deploy path. The tag
 * policies ({@link io.trebuchet.imageautomation.TagChooser}, {@link io.trebuchet.imageautomation.SemverRange}) are
 * pure; the registry client keeps to one request budget per registry host.
 */
package io.trebuchet.imageautomation;
