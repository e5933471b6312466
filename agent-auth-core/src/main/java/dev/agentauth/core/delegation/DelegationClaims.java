package dev.agentauth.core.delegation;

/**
 * Names of the wire protocol of layer 2 (DESIGN.md, "Delegation"): token types and the claims of a delegation
 * token.
 *
 * @since 0.1.0
 */
public final class DelegationClaims {

	/**
	 * The {@code actor_token_type} of our token exchange: a JWT signed by the agent's registered key (see
	 * {@link ActorTokenVerifier}). Keycloak's standard exchange does not understand it, so requests carrying
	 * it go to the Agent Auth exchange.
	 */
	public static final String ACTOR_TOKEN_TYPE = "urn:agentauth:params:oauth:token-type:agent-actor-jwt";

	/**
	 * RFC 8693 {@code act}: {@code {"sub": agent id, "client_id": operator client}}, the shape Keycloak's own
	 * token-exchange delegation uses. The outermost {@code act} is the current actor (RFC 8693 §4.1); a nested
	 * {@code act} names a prior actor and is not used for access decisions. Agent Auth issues no chains (a
	 * delegation token cannot be exchanged again), but reads a token that has one.
	 */
	public static final String ACT = "act";

	/** Member of {@code act}: the client that performed the exchange (the agent's operator). */
	public static final String ACT_CLIENT_ID = "client_id";

	/** RFC 7800 {@code cnf}: {@code {"jkt": RFC 7638 thumbprint of the agent key}}. */
	public static final String CNF = "cnf";

	/** Member of {@code cnf} holding the thumbprint (RFC 9449 §6.1). */
	public static final String JKT = "jkt";

	/** The grant id the consumer approved. */
	public static final String AGENT_GRANT = "agent_grant";

	/** RFC 9396 {@code authorization_details}. */
	public static final String AUTHORIZATION_DETAILS = "authorization_details";

	/** RFC 8693 §3 access token type, returned as {@code issued_token_type}. */
	public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	private DelegationClaims() {
	}

}
