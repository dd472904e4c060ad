/**
 * Configuration as code: a platform directory ({@code platform.yaml}, {@code environments/*.yaml}, {@code
 * applications/*.yaml}) that people review in git, read with file, line and field in every error; a pure planner that
 * says what would be created, changed and deleted on the server; and the plan and apply endpoints. Apply runs the
 * whole plan in one transaction through the features' own services, so each change keeps its checks and its event.
 */
package io.trebuchet.config;
