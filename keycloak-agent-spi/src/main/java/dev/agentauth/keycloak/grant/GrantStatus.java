package dev.agentauth.keycloak.grant;

/**
 * Stored status of a grant; expiry is computed from {@code expires}.
 *
 * @since 0.1.0
 */
public enum GrantStatus {

	ACTIVE, REVOKED

}
