package dev.agentauth.risklab;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.risk.RiskFeatures;

/**
 * Writes the requests of one session: an agent key acting for one consumer's delegation, from one client address
 * (which may change), on a virtual clock that only moves forward. Delegation tokens live an hour (the registry's
 * default) and the agent renews them a minute before they expire, so a token's age is anywhere in [0, 59 min].
 */
final class Session {

	static final Duration TOKEN_RENEWAL = Duration.ofMinutes(59);

	private final List<LabRequest> requests;

	private final int id;

	final Random random;

	final String agentId;

	final String keyId;

	@Nullable String grantId;

	@Nullable String consumer;

	@Nullable BigDecimal budget;

	private Instant tokenEpoch;

	String clientAddress;

	List<String> allowedNetworks = List.of();

	Instant now;

	Session(List<LabRequest> requests, int id, Random random, String agentId, String keyId, Instant start) {
		this.requests = requests;
		this.id = id;
		this.random = random;
		this.agentId = agentId;
		this.keyId = keyId;
		this.now = start;
		this.clientAddress = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(250));
		this.tokenEpoch = start.minusSeconds(random.nextInt((int) TOKEN_RENEWAL.toSeconds()));
	}

	/** Acts for {@code consumer} with a delegation of {@code budget} (EUR, null: none). */
	Session delegation(String grantId, String consumer, @Nullable BigDecimal budget) {
		this.grantId = grantId;
		this.consumer = consumer;
		this.budget = budget;
		return this;
	}

	/** The token the agent holds now was issued {@code age} ago. */
	Session tokenAge(Duration age) {
		this.tokenEpoch = this.now.minus(age);
		return this;
	}

	Session waitMillis(long min, long max) {
		this.now = this.now.plusMillis(min + (long) (this.random.nextDouble() * (max - min)));
		return this;
	}

	Session waitSeconds(double min, double max) {
		return waitMillis((long) (min * 1000), (long) (max * 1000));
	}

	Session get(String path, String resource) {
		return add(LabRequest.Kind.SCORED, "GET", path, RiskFeatures.Endpoint.OTHER, resource, null);
	}

	Session product(String sku) {
		return get("/api/v1/products/" + sku, "sku:" + sku);
	}

	Session cart() {
		return add(LabRequest.Kind.SCORED, "POST", "/api/v1/cart", RiskFeatures.Endpoint.CART, "/api/v1/cart", null);
	}

	Session checkout(double amount) {
		return add(LabRequest.Kind.SCORED, "POST", "/api/v1/checkout", RiskFeatures.Endpoint.CHECKOUT,
				"/api/v1/checkout", BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP));
	}

	/** A request layer 1 or 2 refused (bad signature, replayed nonce). */
	Session refused() {
		return add(LabRequest.Kind.REFUSED, "POST", "/api/v1/cart", RiskFeatures.Endpoint.CART, "/api/v1/cart",
				null);
	}

	/** A request refused for scope or spend limit. */
	Session denied(String path) {
		return add(LabRequest.Kind.DENIED, "POST", path, RiskFeatures.Endpoint.OTHER, path, null);
	}

	/** A purchase of the consumer in the past (its amount history). */
	Session pastPurchase(Instant at, double amount) {
		this.requests.add(new LabRequest(at, -1, LabRequest.Kind.PAST_PURCHASE, this.agentId, this.keyId, null,
				this.consumer, null, this.clientAddress, this.allowedNetworks, "POST", "/api/v1/checkout",
				RiskFeatures.Endpoint.CHECKOUT, "/api/v1/checkout", BigDecimal.valueOf(amount), null));
		return this;
	}

	/**
	 * {@code count} clean requests of this key two days before the session (a known agent: not cold), outside the
	 * report.
	 */
	Session history(int count) {
		Instant at = this.now.minus(Duration.ofDays(2));
		for (int i = 0; i < count; i++) {
			this.requests.add(new LabRequest(at.plusSeconds(3L * i), -1, LabRequest.Kind.SCORED, this.agentId,
					this.keyId, null, null, null, this.clientAddress, this.allowedNetworks, "GET", "/api/v1/products",
					RiskFeatures.Endpoint.OTHER, "/api/v1/products", null, null));
		}
		return this;
	}

	private Session add(LabRequest.Kind kind, String method, String path, RiskFeatures.Endpoint endpoint,
			String resource, @Nullable BigDecimal amount) {
		Instant issued = null;
		if (this.grantId != null) {
			long renewals = Duration.between(this.tokenEpoch, this.now).toSeconds() / TOKEN_RENEWAL.toSeconds();
			issued = this.tokenEpoch.plus(TOKEN_RENEWAL.multipliedBy(Math.max(0, renewals)));
		}
		this.requests.add(new LabRequest(this.now, this.id, kind, this.agentId, this.keyId, this.grantId,
				this.consumer, issued, this.clientAddress, this.allowedNetworks, method, path, endpoint, resource,
				amount, this.budget));
		return this;
	}

	static List<LabRequest> newList() {
		return new ArrayList<>();
	}

}
