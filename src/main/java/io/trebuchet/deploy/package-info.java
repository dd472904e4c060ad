/**
 * Deployments: which version of an application should run in an environment, who put it there and why (manual,
 * auto, train, image policy), with an append-only history. Auto-deploy puts each new release into the environments
 * that follow {@code latest}; engineers deploy any version anywhere, remove an application from an environment or
 * undeploy it everywhere.
 */
package io.trebuchet.deploy;
