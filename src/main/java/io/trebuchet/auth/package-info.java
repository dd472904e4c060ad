/**
 * Who may do what. Identities (API tokens stored as hashes, OIDC bearer tokens, web sessions after OIDC sign-in), the
 * RBAC decision over Kuberpult's policy format ({@code p, role:developer, CreateLock, production:prod-de, *, allow},
 * {@code g, <group>, role:<role>}) and its team permissions, the rate limit on failed sign-ins, and the PGP keyring
 * that checks Kuberpult's signed releases, locks and environment deletions. The decisions are pure; the HTTP edge
 * ({@code api}) authenticates each request and asks them.
 */
package io.trebuchet.auth;
