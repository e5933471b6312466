// Longer than ~400 lines on purpose: one immutable snapshot of every feature the rules read, with its builder;
// each feature is an accessor, a builder method and their documentation, and the set belongs together.
package dev.agentauth.core.risk;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the rules see of one request: the request itself (method, path, agent, delegation, client address) and,
 * when the {@link RiskFeatureStore} answered ({@link #stateAvailable()}), the counters and baselines kept for its
 * agent key, delegation, consumer and network. Counts include the current request. Immutable; built with
 * {@link #builder()}, or {@link #toBuilder()} to add a purchase's amount.
 *
 * @since 0.1.0
 */
public final class RiskFeatures implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	/** What kind of endpoint a request is, for the sequence rules. */
	public enum Endpoint {

		/** a cart or quote call */
		CART,
		/** a checkout (purchase) call */
		CHECKOUT,
		/** anything else */
		OTHER

	}

	private final Instant now;

	private final String method;

	private final String path;

	private final Endpoint endpoint;

	private final String agentId;

	private final String keyId;

	private final @Nullable String consumer;

	private final @Nullable String grantId;

	private final @Nullable String clientAddress;

	private final List<String> allowedNetworks;

	private final @Nullable Duration delegationAge;

	private final boolean stateAvailable;

	private final long agentRequests;

	private final double agentRequestsBaseline;

	private final long delegationPurchases;

	private final double delegationPurchasesBaseline;

	private final long delegationPurchasesTotal;

	private final long consumerAgents;

	private final long agentNetworks;

	private final double agentNetworksBaseline;

	private final long agentResources;

	private final @Nullable Instant lastCart;

	private final long keyFailures;

	private final long networkFailures;

	private final long deniedAttempts;

	private final @Nullable Instant keyFirstSeen;

	private final long keyCleanRequests;

	private final long merchantPurchases;

	private final double merchantPurchasesBaseline;

	private final @Nullable BigDecimal amount;

	private final List<Double> consumerAmounts;

	private final @Nullable BigDecimal remainingBudget;

	private RiskFeatures(Builder b) {
		this.now = Objects.requireNonNull(b.now, "now cannot be null");
		this.method = Objects.requireNonNull(b.method, "method cannot be null").toUpperCase(Locale.ROOT);
		this.path = Objects.requireNonNull(b.path, "path cannot be null");
		this.endpoint = b.endpoint;
		this.agentId = Objects.requireNonNull(b.agentId, "agentId cannot be null");
		this.keyId = Objects.requireNonNull(b.keyId, "keyId cannot be null");
		this.consumer = b.consumer;
		this.grantId = b.grantId;
		this.clientAddress = b.clientAddress;
		this.allowedNetworks = List.copyOf(b.allowedNetworks);
		this.delegationAge = b.delegationAge;
		this.stateAvailable = b.stateAvailable;
		this.agentRequests = b.agentRequests;
		this.agentRequestsBaseline = b.agentRequestsBaseline;
		this.delegationPurchases = b.delegationPurchases;
		this.delegationPurchasesBaseline = b.delegationPurchasesBaseline;
		this.delegationPurchasesTotal = b.delegationPurchasesTotal;
		this.consumerAgents = b.consumerAgents;
		this.agentNetworks = b.agentNetworks;
		this.agentNetworksBaseline = b.agentNetworksBaseline;
		this.agentResources = b.agentResources;
		this.lastCart = b.lastCart;
		this.keyFailures = b.keyFailures;
		this.networkFailures = b.networkFailures;
		this.deniedAttempts = b.deniedAttempts;
		this.keyFirstSeen = b.keyFirstSeen;
		this.keyCleanRequests = b.keyCleanRequests;
		this.merchantPurchases = b.merchantPurchases;
		this.merchantPurchasesBaseline = b.merchantPurchasesBaseline;
		this.amount = b.amount;
		this.consumerAmounts = List.copyOf(b.consumerAmounts);
		this.remainingBudget = b.remainingBudget;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding these features, e.g. to add a purchase's amount. */
	public Builder toBuilder() {
		return fromJson(toJson());
	}

	/** When the request was seen. */
	public Instant now() {
		return this.now;
	}

	/** The HTTP method, upper case. */
	public String method() {
		return this.method;
	}

	/** Whether the method is read-only (GET, HEAD, OPTIONS): never denied or stepped up on score. */
	public boolean safe() {
		return this.method.equals("GET") || this.method.equals("HEAD") || this.method.equals("OPTIONS");
	}

	public String path() {
		return this.path;
	}

	public Endpoint endpoint() {
		return this.endpoint;
	}

	public String agentId() {
		return this.agentId;
	}

	public String keyId() {
		return this.keyId;
	}

	/** The consumer of the request's delegation, if it carried one. */
	public @Nullable String consumer() {
		return this.consumer;
	}

	/** The grant of the request's delegation, if it carried one. */
	public @Nullable String grantId() {
		return this.grantId;
	}

	public @Nullable String clientAddress() {
		return this.clientAddress;
	}

	/** The networks the agent declared in the registry (CIDR); empty when it declared none. */
	public List<String> allowedNetworks() {
		return this.allowedNetworks;
	}

	/** Time since the delegation token was issued, if the request carried one and it says. */
	public @Nullable Duration delegationAge() {
		return this.delegationAge;
	}

	/** Whether the counters below were read; false when the store was unreachable (fail open). */
	public boolean stateAvailable() {
		return this.stateAvailable;
	}

	/** Requests of this agent key in the current 10-second window. */
	public long agentRequests() {
		return this.agentRequests;
	}

	/** EWMA of the agent key's requests per 10-second window before this one. */
	public double agentRequestsBaseline() {
		return this.agentRequestsBaseline;
	}

	/** Purchases recorded for this delegation in the current hour. */
	public long delegationPurchases() {
		return this.delegationPurchases;
	}

	/** EWMA of the delegation's purchases per hour before this one. */
	public double delegationPurchasesBaseline() {
		return this.delegationPurchasesBaseline;
	}

	/** Purchases recorded for this delegation so far. */
	public long delegationPurchasesTotal() {
		return this.delegationPurchasesTotal;
	}

	/** Distinct agents seen for this consumer in the current hour. */
	public long consumerAgents() {
		return this.consumerAgents;
	}

	/** Distinct client networks (/24, /48) of this agent in the current hour. */
	public long agentNetworks() {
		return this.agentNetworks;
	}

	/** EWMA of the agent's distinct networks per hour before this one. */
	public double agentNetworksBaseline() {
		return this.agentNetworksBaseline;
	}

	/** Distinct resources (SKUs or paths) this agent fetched in the current hour. */
	public long agentResources() {
		return this.agentResources;
	}

	/** The last cart or quote call of this delegation (or of the agent key without one), if any. */
	public @Nullable Instant lastCart() {
		return this.lastCart;
	}

	/** Layer-1/2 refusals of this agent key in the current 5 minutes. */
	public long keyFailures() {
		return this.keyFailures;
	}

	/** Layer-1/2 refusals from this client network in the current 5 minutes. */
	public long networkFailures() {
		return this.networkFailures;
	}

	/** {@code insufficient_scope} / {@code spend_limit_exceeded} refusals of this delegation in the current hour. */
	public long deniedAttempts() {
		return this.deniedAttempts;
	}

	/** When this merchant first saw the agent key. */
	public @Nullable Instant keyFirstSeen() {
		return this.keyFirstSeen;
	}

	/** Requests of this key that passed layers 1 and 2 before this one. */
	public long keyCleanRequests() {
		return this.keyCleanRequests;
	}

	/** Purchases at this merchant (all agents) in the current minute. */
	public long merchantPurchases() {
		return this.merchantPurchases;
	}

	/** EWMA of the merchant's purchases per minute before this one. */
	public double merchantPurchasesBaseline() {
		return this.merchantPurchasesBaseline;
	}

	/** The amount of the purchase being assessed, if this is one. */
	public @Nullable BigDecimal amount() {
		return this.amount;
	}

	/** The consumer's last purchase amounts (up to 50, newest first), read for checkout calls. */
	public List<Double> consumerAmounts() {
		return this.consumerAmounts;
	}

	/** What the delegation's budget allows, when it has one. */
	public @Nullable BigDecimal remainingBudget() {
		return this.remainingBudget;
	}

	/** The features as JSON members (for the decision log and replay). */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("now", this.now.toEpochMilli());
		json.put("method", this.method);
		json.put("path", this.path);
		json.put("endpoint", this.endpoint.name());
		json.put("agent", this.agentId);
		json.put("kid", this.keyId);
		putIf(json, "consumer", this.consumer);
		putIf(json, "grant", this.grantId);
		putIf(json, "client", this.clientAddress);
		if (!this.allowedNetworks.isEmpty()) {
			json.put("allowed_networks", this.allowedNetworks);
		}
		putIf(json, "delegation_age_ms", (this.delegationAge != null) ? this.delegationAge.toMillis() : null);
		json.put("state", this.stateAvailable);
		json.put("agent_requests", this.agentRequests);
		json.put("agent_requests_ewma", this.agentRequestsBaseline);
		json.put("delegation_purchases", this.delegationPurchases);
		json.put("delegation_purchases_ewma", this.delegationPurchasesBaseline);
		json.put("delegation_purchases_total", this.delegationPurchasesTotal);
		json.put("consumer_agents", this.consumerAgents);
		json.put("agent_networks", this.agentNetworks);
		json.put("agent_networks_ewma", this.agentNetworksBaseline);
		json.put("agent_resources", this.agentResources);
		putIf(json, "last_cart", (this.lastCart != null) ? this.lastCart.toEpochMilli() : null);
		json.put("key_failures", this.keyFailures);
		json.put("network_failures", this.networkFailures);
		json.put("denied_attempts", this.deniedAttempts);
		putIf(json, "key_first_seen", (this.keyFirstSeen != null) ? this.keyFirstSeen.toEpochMilli() : null);
		json.put("key_clean_requests", this.keyCleanRequests);
		json.put("merchant_purchases", this.merchantPurchases);
		json.put("merchant_purchases_ewma", this.merchantPurchasesBaseline);
		putIf(json, "amount", (this.amount != null) ? this.amount.toPlainString() : null);
		if (!this.consumerAmounts.isEmpty()) {
			json.put("consumer_amounts", this.consumerAmounts);
		}
		putIf(json, "remaining_budget", (this.remainingBudget != null) ? this.remainingBudget.toPlainString() : null);
		return json;
	}

	/**
	 * Features from {@link #toJson()} members (as a JSON parser returns them).
	 * @throws IllegalArgumentException if a required member is missing or of the wrong type
	 */
	public static Builder fromJson(Map<String, ?> json) {
		try {
			Builder b = builder().now(Instant.ofEpochMilli(number(json, "now").longValue()))
				.method((String) json.get("method"))
				.path((String) json.get("path"))
				.endpoint(Endpoint.valueOf((String) json.get("endpoint")))
				.agent((String) json.get("agent"), (String) json.get("kid"))
				.delegation((String) json.get("consumer"), (String) json.get("grant"),
						(json.get("delegation_age_ms") instanceof Number age) ? Duration.ofMillis(age.longValue())
								: null)
				.clientAddress((String) json.get("client"));
			if (json.get("allowed_networks") instanceof List<?> networks) {
				b.allowedNetworks(networks.stream().map(String::valueOf).toList());
			}
			b.stateAvailable = Boolean.TRUE.equals(json.get("state"));
			b.agentRequests = number(json, "agent_requests").longValue();
			b.agentRequestsBaseline = number(json, "agent_requests_ewma").doubleValue();
			b.delegationPurchases = number(json, "delegation_purchases").longValue();
			b.delegationPurchasesBaseline = number(json, "delegation_purchases_ewma").doubleValue();
			b.delegationPurchasesTotal = number(json, "delegation_purchases_total").longValue();
			b.consumerAgents = number(json, "consumer_agents").longValue();
			b.agentNetworks = number(json, "agent_networks").longValue();
			b.agentNetworksBaseline = number(json, "agent_networks_ewma").doubleValue();
			b.agentResources = number(json, "agent_resources").longValue();
			b.lastCart = (json.get("last_cart") instanceof Number cart) ? Instant.ofEpochMilli(cart.longValue()) : null;
			b.keyFailures = number(json, "key_failures").longValue();
			b.networkFailures = number(json, "network_failures").longValue();
			b.deniedAttempts = number(json, "denied_attempts").longValue();
			b.keyFirstSeen = (json.get("key_first_seen") instanceof Number seen)
					? Instant.ofEpochMilli(seen.longValue()) : null;
			b.keyCleanRequests = number(json, "key_clean_requests").longValue();
			b.merchantPurchases = number(json, "merchant_purchases").longValue();
			b.merchantPurchasesBaseline = number(json, "merchant_purchases_ewma").doubleValue();
			b.amount = (json.get("amount") != null) ? new BigDecimal(String.valueOf(json.get("amount"))) : null;
			if (json.get("consumer_amounts") instanceof List<?> amounts) {
				List<Double> values = new ArrayList<>();
				for (Object amount : amounts) {
					values.add(((Number) amount).doubleValue());
				}
				b.consumerAmounts = values;
			}
			b.remainingBudget = (json.get("remaining_budget") != null)
					? new BigDecimal(String.valueOf(json.get("remaining_budget"))) : null;
			return b;
		}
		catch (ClassCastException | NullPointerException ex) {
			throw new IllegalArgumentException("Malformed risk features: " + ex.getMessage(), ex);
		}
	}

	private static Number number(Map<String, ?> json, String name) {
		if (json.get(name) instanceof Number number) {
			return number;
		}
		throw new IllegalArgumentException("Malformed risk features: '" + name + "' is not a number");
	}

	private static void putIf(Map<String, Object> json, String name, @Nullable Object value) {
		if (value != null) {
			json.put(name, value);
		}
	}

	@Override
	public String toString() {
		return toJson().toString();
	}

	/** Builds {@link RiskFeatures}; the request members first, then what a store knows. */
	public static final class Builder {

		private @Nullable Instant now;

		private @Nullable String method;

		private @Nullable String path;

		private Endpoint endpoint = Endpoint.OTHER;

		private @Nullable String agentId;

		private @Nullable String keyId;

		private @Nullable String consumer;

		private @Nullable String grantId;

		private @Nullable String clientAddress;

		private List<String> allowedNetworks = List.of();

		private @Nullable Duration delegationAge;

		private boolean stateAvailable;

		private long agentRequests;

		private double agentRequestsBaseline;

		private long delegationPurchases;

		private double delegationPurchasesBaseline;

		private long delegationPurchasesTotal;

		private long consumerAgents;

		private long agentNetworks;

		private double agentNetworksBaseline;

		private long agentResources;

		private @Nullable Instant lastCart;

		private long keyFailures;

		private long networkFailures;

		private long deniedAttempts;

		private @Nullable Instant keyFirstSeen;

		private long keyCleanRequests;

		private long merchantPurchases;

		private double merchantPurchasesBaseline;

		private @Nullable BigDecimal amount;

		private List<Double> consumerAmounts = List.of();

		private @Nullable BigDecimal remainingBudget;

		private Builder() {
		}

		public Builder now(Instant now) {
			this.now = now;
			return this;
		}

		public Builder method(String method) {
			this.method = method;
			return this;
		}

		public Builder path(String path) {
			this.path = path;
			return this;
		}

		public Builder endpoint(Endpoint endpoint) {
			this.endpoint = Objects.requireNonNull(endpoint, "endpoint cannot be null");
			return this;
		}

		public Builder agent(String agentId, String keyId) {
			this.agentId = agentId;
			this.keyId = keyId;
			return this;
		}

		public Builder delegation(@Nullable String consumer, @Nullable String grantId, @Nullable Duration age) {
			this.consumer = consumer;
			this.grantId = grantId;
			this.delegationAge = age;
			return this;
		}

		public Builder clientAddress(@Nullable String clientAddress) {
			this.clientAddress = clientAddress;
			return this;
		}

		public Builder allowedNetworks(List<String> allowedNetworks) {
			this.allowedNetworks = List.copyOf(allowedNetworks);
			return this;
		}

		/** Marks the store's counters as read. */
		public Builder stateAvailable(boolean stateAvailable) {
			this.stateAvailable = stateAvailable;
			return this;
		}

		public Builder agentRequests(long count, double baseline) {
			this.agentRequests = count;
			this.agentRequestsBaseline = baseline;
			return this;
		}

		public Builder delegationPurchases(long count, double baseline, long total) {
			this.delegationPurchases = count;
			this.delegationPurchasesBaseline = baseline;
			this.delegationPurchasesTotal = total;
			return this;
		}

		public Builder consumerAgents(long count) {
			this.consumerAgents = count;
			return this;
		}

		public Builder agentNetworks(long count, double baseline) {
			this.agentNetworks = count;
			this.agentNetworksBaseline = baseline;
			return this;
		}

		public Builder agentResources(long count) {
			this.agentResources = count;
			return this;
		}

		public Builder lastCart(@Nullable Instant lastCart) {
			this.lastCart = lastCart;
			return this;
		}

		public Builder failures(long key, long network) {
			this.keyFailures = key;
			this.networkFailures = network;
			return this;
		}

		public Builder deniedAttempts(long count) {
			this.deniedAttempts = count;
			return this;
		}

		public Builder keyHistory(@Nullable Instant firstSeen, long cleanRequests) {
			this.keyFirstSeen = firstSeen;
			this.keyCleanRequests = cleanRequests;
			return this;
		}

		public Builder merchantPurchases(long count, double baseline) {
			this.merchantPurchases = count;
			this.merchantPurchasesBaseline = baseline;
			return this;
		}

		/** The purchase being assessed: its amount and the delegation's budget, if any. */
		public Builder purchase(@Nullable BigDecimal amount, @Nullable BigDecimal remainingBudget) {
			this.amount = amount;
			this.remainingBudget = remainingBudget;
			return this;
		}

		/** The consumer's last purchase amounts, newest first. */
		public Builder consumerAmounts(List<Double> amounts) {
			this.consumerAmounts = List.copyOf(amounts);
			return this;
		}

		// read by the feature stores
		@Nullable String keyId() {
			return this.keyId;
		}

		public RiskFeatures build() {
			return new RiskFeatures(this);
		}

	}

}
