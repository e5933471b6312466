package dev.agentauth.core.risk;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link RiskFeatureStore} records of one request that passed layers 1 and 2.
 *
 * @param now when it was seen
 * @param agentId the agent
 * @param keyId the agent key
 * @param grantId the delegation's grant, if any
 * @param consumer the delegation's consumer, if any
 * @param network the client's /24 or /48, if known
 * @param resource what it fetched (a SKU or the path), for the scrape rule
 * @param endpoint cart, checkout or other
 * @since 0.1.0
 */
public record RiskObservation(Instant now, String agentId, String keyId, @Nullable String grantId,
		@Nullable String consumer, @Nullable String network, String resource, RiskFeatures.Endpoint endpoint) {

	public RiskObservation {
		Objects.requireNonNull(now, "now cannot be null");
		Objects.requireNonNull(agentId, "agentId cannot be null");
		Objects.requireNonNull(keyId, "keyId cannot be null");
		Objects.requireNonNull(resource, "resource cannot be null");
		Objects.requireNonNull(endpoint, "endpoint cannot be null");
	}

	/** The entity a cart call is remembered for: the grant, or the agent key without a delegation. */
	public String sequenceKey() {
		return (this.grantId != null) ? "g:" + this.grantId : "k:" + this.keyId;
	}

}
