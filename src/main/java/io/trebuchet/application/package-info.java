/**
 * The application registry: applications with their team, stack, template and values, declared through the API or
 * configuration as code, archived rather than deleted, and the per-application row lock under which releases and
 * deployments of one application are decided.
 */
package io.trebuchet.application;
