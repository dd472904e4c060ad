/**
 * Stacks: named groups of applications (a data-cube platform: database, pub/sub emulator, API server, workers,
 * autoscaler) that are deployed to an environment, removed from it, trained and locked together. A stack also carries
 * a layer of template values shared by its applications.
 */
package io.trebuchet.stack;
