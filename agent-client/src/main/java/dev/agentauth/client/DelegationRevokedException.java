package dev.agentauth.client;

import java.util.Objects;

/**
 * The agent may no longer act for this consumer: the grant was revoked (the merchant answered
 * {@code grant_revoked}), or Keycloak refused to renew the delegation ({@code invalid_grant}: grant revoked or
 * expired, consumer session ended, agent suspended, key revoked). The {@link DelegationTokenManager} remembers it
 * and refuses every later request for the grant without calling anyone; the agent needs a new consent.
 * Unchecked, so it passes unchanged through {@code RestClient}, {@code RestTemplate} and {@code WebClient}.
 *
 * @since 0.1.0
 */
public final class DelegationRevokedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The error that ended the delegation, e.g. {@code grant_revoked} or {@code invalid_grant}. */
	private final String error;

	private final String grantId;

	public DelegationRevokedException(String grantId, String error, String message) {
		super(message);
		this.grantId = Objects.requireNonNull(grantId, "grantId cannot be null");
		this.error = Objects.requireNonNull(error, "error cannot be null");
	}

	/** The consumer's grant the agent may no longer use. */
	public String grantId() {
		return this.grantId;
	}

	/** {@code grant_revoked} (said by a merchant) or {@code invalid_grant} (said by Keycloak). */
	public String error() {
		return this.error;
	}

}
