/**
 * Helm charts as a release source: a release names a chart (an archive uploaded with it, an OCI reference or a chart
 * repository and name) and an exact version; the server renders it once per environment with the application's
 * layered values plus the release's own, checks the chart against the chart practices, and stores the rendered
 * manifests as an ordinary release beside the chart's reference, digest and merged values, so that the release is
 * reproducible and exported as plain YAML.
 */
package io.trebuchet.chart;
