package dev.agentauth.core;

/**
 * Stable, machine-readable reasons for refusing a request or an input. The {@link #code()} string is part of
 * the wire contract (problem+json {@code code}, metrics tags, audit events) and never changes once released.
 *
 * @since 0.1.0
 */
public enum ErrorCode {

	// RFC 9421 request signatures (layer 1)
	SIGNATURE_MISSING("signature_missing"),
	SIGNATURE_MALFORMED("signature_malformed"),
	SIGNATURE_EXPIRED("signature_expired"),
	SIGNATURE_NOT_YET_VALID("signature_not_yet_valid"),
	SIGNATURE_LIFETIME_TOO_LONG("signature_lifetime_too_long"),
	SIGNATURE_TAG_NOT_ALLOWED("signature_tag_not_allowed"),
	ALGORITHM_NOT_ALLOWED("algorithm_not_allowed"),
	COMPONENT_MISSING("component_missing"),
	UNKNOWN_KEY("unknown_key"),
	KEYID_NOT_THUMBPRINT("keyid_not_thumbprint"),
	/** An agent id (the simple header profile's {@code Agent-ID}) that is not of the agent id syntax. */
	AGENT_ID_MALFORMED("agent_id_malformed"),
	SIGNATURE_INVALID("signature_invalid"),
	DIGEST_MISSING("digest_missing"),
	DIGEST_MISMATCH("digest_mismatch"),
	DIGEST_ALGORITHM_NOT_ALLOWED("digest_algorithm_not_allowed"),
	DIGEST_MALFORMED("digest_malformed"),
	NONCE_REQUIRED("nonce_required"),
	NONCE_REPLAYED("nonce_replayed"),
	NONCE_STORE_FULL("nonce_store_full"),
	NONCE_STORE_UNAVAILABLE("nonce_store_unavailable"),
	BODY_TOO_LARGE("body_too_large"),

	// registry state of the signing key
	KEY_REVOKED("key_revoked"),
	KEY_EXPIRED("key_expired"),
	KEY_NOT_YET_VALID("key_not_yet_valid"),
	AGENT_SUSPENDED("agent_suspended"),
	AGENT_REVOKED("agent_revoked"),
	REGISTRY_UNAVAILABLE("registry_unavailable"),
	/** The keyid is registered in more than one trusted registry (for different agents or the same agent id). */
	KEY_AMBIGUOUS("key_ambiguous"),
	/**
	 * The signing key is a published test key (RFC 9421 Appendix B, the Web Bot Auth drafts' examples) and test keys
	 * are not allowed.
	 */
	TEST_KEY_NOT_ALLOWED("test_key_not_allowed"),
	/**
	 * The signing key's agent provider names a verification profile this verifier does not know (it refuses rather
	 * than guess).
	 */
	PROFILE_NOT_SUPPORTED("profile_not_supported"),
	/**
	 * Web Bot Auth: the signed {@code Signature-Agent} names a key directory that is not the one the signing key
	 * comes from.
	 */
	SIGNATURE_AGENT_MISMATCH("signature_agent_mismatch"),

	// compact JWS signed by an agent key (proof of possession, actor token)
	JWS_MALFORMED("jws_malformed"),
	JWS_INVALID("jws_invalid"),

	// delegation (layer 2): actor tokens and authorization_details of type agent_delegation
	ACTOR_TOKEN_INVALID("actor_token_invalid"),
	AUTHORIZATION_DETAILS_INVALID("authorization_details_invalid"),
	AUTHORIZATION_DETAILS_EXCEEDED("authorization_details_exceeded"),
	REVOCATION_EVENT_INVALID("revocation_event_invalid"),

	// delegation tokens at the merchant (layer 2)
	TOKEN_SCHEME_INVALID("token_scheme_invalid"),
	TOKEN_MALFORMED("token_malformed"),
	TOKEN_INVALID("token_invalid"),
	TOKEN_EXPIRED("token_expired"),
	TOKEN_AUDIENCE_MISMATCH("token_audience_mismatch"),
	/** The delegation token was issued by another registry than the one that registered the signing key. */
	TOKEN_ISSUER_MISMATCH("token_issuer_mismatch"),
	TOKEN_ACTOR_MISMATCH("token_actor_mismatch"),
	TOKEN_BINDING_MISMATCH("token_binding_mismatch"),
	GRANT_REVOKED("grant_revoked"),
	INSUFFICIENT_SCOPE("insufficient_scope"),
	SPEND_LIMIT_EXCEEDED("spend_limit_exceeded"),
	SPEND_STORE_UNAVAILABLE("spend_store_unavailable"),
	REVOCATION_FEED_UNAVAILABLE("revocation_feed_unavailable"),

	// behaviour (layer 3): risk scoring at the merchant
	FRESH_DELEGATION_REQUIRED("fresh_delegation_required"),
	RISK_TOO_HIGH("risk_too_high"),
	RATE_LIMITED("rate_limited"),

	// JWK input (registration, key files)
	KEY_MALFORMED("key_malformed"),
	KEY_PRIVATE_MATERIAL("key_private_material"),
	KEY_UNSUPPORTED("key_unsupported"),
	KEY_TOO_SMALL("key_too_small"),
	KEY_ID_MISMATCH("key_id_mismatch");

	private final String code;

	ErrorCode(String code) {
		this.code = code;
	}

	/**
	 * The stable wire value, e.g. {@code nonce_replayed}.
	 */
	public String code() {
		return this.code;
	}

	@Override
	public String toString() {
		return this.code;
	}

}
