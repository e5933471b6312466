package dev.agentauth.keycloak.provider;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A trusted external agent provider of a realm (a Web Bot Auth key directory or a JWKS), with the state of its
 * last fetch.
 *
 * @param alias the realm-unique name, also the {@code provider} of its brokered agents and keys
 * @param type where its keys come from
 * @param url the directory or JWKS address
 * @param profile the verification profile merchants apply to its keys ({@code agent-auth}, {@code web-bot-auth},
 * {@code visa-tap})
 * @param lastFetch when a fetch last ran, or null
 * @param lastSuccess when a fetch last succeeded, or null; its keys are served until this plus the fail-closed
 * bound
 * @param lastResult {@code ok} or the error code of the last fetch, null before the first
 * @param lastError what went wrong in the last fetch, or null
 * @param keyCount how many keys the last successful fetch found
 * @param nextFetch when the next scheduled fetch is due
 * @since 0.1.0
 */
public record AgentProviderModel(String id, String realmId, String alias, String displayName, ProviderType type,
		String url, String profile, boolean enabled, Instant created, Instant updated, @Nullable Instant lastFetch,
		@Nullable Instant lastSuccess, @Nullable String lastResult, @Nullable String lastError, int keyCount,
		Instant nextFetch) {

}
