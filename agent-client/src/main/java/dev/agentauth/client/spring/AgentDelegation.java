package dev.agentauth.client.spring;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which consumer's delegation a request carries: the grant and the merchant (token audience), optionally a
 * narrower scope. Attach it to a request as the attribute {@link #ATTRIBUTE}
 * ({@code restClient.post().attribute(AgentDelegation.ATTRIBUTE, delegation)}, the same on {@code WebClient}),
 * or bind it to a client with {@code withDelegation(...)} on the interceptor or filter.
 *
 * @param grantId the consumer's grant, as returned by
 * {@link dev.agentauth.client.DelegationTokenManager#addConsumer}
 * @param audience the merchant's client id in the realm (the delegation token's {@code aud})
 * @param scope the scopes to ask for, or {@code null} for all granted
 * @since 0.1.0
 */
public record AgentDelegation(String grantId, String audience, @Nullable String scope) {

	/** The request attribute holding an {@link AgentDelegation}. */
	public static final String ATTRIBUTE = AgentDelegation.class.getName();

	public AgentDelegation {
		Objects.requireNonNull(grantId, "grantId cannot be null");
		Objects.requireNonNull(audience, "audience cannot be null");
	}

	/** All granted scopes. */
	public static AgentDelegation of(String grantId, String audience) {
		return new AgentDelegation(grantId, audience, null);
	}

}
