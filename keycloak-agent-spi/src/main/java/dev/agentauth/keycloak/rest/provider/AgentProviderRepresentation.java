package dev.agentauth.keycloak.rest.provider;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.agentauth.keycloak.provider.AgentProviderModel;
import dev.agentauth.keycloak.provider.ProviderFetchSettings;
import dev.agentauth.keycloak.rest.RestValues;

/**
 * An agent provider as the admin API returns it (camelCase, see {@link AgentProviderInput}); times in epoch
 * seconds. {@code status}: {@code disabled}, {@code pending} (never fetched successfully), {@code ok} (the last
 * fetch succeeded), {@code stale} (the last fetch failed, the keys of the last success are still served) or
 * {@code failed_closed} (no success within the fail-closed bound: its keys are not served).
 *
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentProviderRepresentation(@JsonProperty("alias") String alias,
		@JsonProperty("displayName") String displayName, @JsonProperty("type") String type,
		@JsonProperty("url") String url, @JsonProperty("profile") String profile,
		@JsonProperty("enabled") boolean enabled, @JsonProperty("status") String status,
		@JsonProperty("created") long created, @JsonProperty("updated") long updated,
		@JsonProperty("lastFetch") @Nullable Long lastFetch, @JsonProperty("lastSuccess") @Nullable Long lastSuccess,
		@JsonProperty("lastResult") @Nullable String lastResult, @JsonProperty("lastError") @Nullable String lastError,
		@JsonProperty("keyCount") int keyCount, @JsonProperty("nextFetch") @Nullable Long nextFetch) {

	public static AgentProviderRepresentation of(AgentProviderModel provider, ProviderFetchSettings settings,
			Instant now) {
		return new AgentProviderRepresentation(provider.alias(), provider.displayName(), provider.type().value(),
				provider.url(), provider.profile(), provider.enabled(), status(provider, settings, now),
				provider.created().getEpochSecond(), provider.updated().getEpochSecond(),
				RestValues.epochSeconds(provider.lastFetch()), RestValues.epochSeconds(provider.lastSuccess()),
				provider.lastResult(), provider.lastError(), provider.keyCount(),
				provider.enabled() ? RestValues.epochSeconds(provider.nextFetch()) : null);
	}

	static String status(AgentProviderModel provider, ProviderFetchSettings settings, Instant now) {
		if (!provider.enabled()) {
			return "disabled";
		}
		if (provider.lastSuccess() == null) {
			return "pending";
		}
		if (settings.failedClosed(provider, now)) {
			return "failed_closed";
		}
		return provider.lastSuccess().equals(provider.lastFetch()) ? "ok" : "stale";
	}

}
