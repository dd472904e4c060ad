/**
 * Environments: the deployment targets, their upstream links (which form a forest: each chain ends in an environment
 * that follows {@code latest}), their groups and their Argo CD settings, in the configuration format Kuberpult users
 * already have. Created through Kuberpult's {@code POST /api/environments/<env>/} as well as the native API.
 */
package io.trebuchet.environment;
