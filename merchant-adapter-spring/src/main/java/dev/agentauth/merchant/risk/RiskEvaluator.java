// Longer than ~400 lines on purpose: request and purchase scoring go through this one path (decision, enforcement,
// decision log, metrics, signals to Keycloak, audit fields), so that the two cannot drift apart again.
package dev.agentauth.merchant.risk;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.AntPathMatcher;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.net.Networks;
import dev.agentauth.core.risk.AnomalyModel;
import dev.agentauth.core.risk.RiskAction;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskFeatures;
import dev.agentauth.core.risk.RiskMode;
import dev.agentauth.core.risk.RiskObservation;
import dev.agentauth.merchant.delegation.Delegation;

/**
 * Layer 3 for one request that passed layers 1 and 2: records it in the {@link RiskFeatureStore}, runs the
 * {@link RiskEngine} and returns the decision (also set as request attribute {@link #REQUEST_ATTRIBUTE}). When the
 * store fails or is slower than its timeout, the decision is made without counters and marked degraded: the risk
 * layer fails <em>open</em>, because its counters only add suspicion — unlike nonces and budgets, whose loss would
 * let a replay or an overspend through and which therefore fail closed. Refusals of layers 1 and 2 are recorded
 * for {@code auth.failure_burst} and {@code scope.denied_attempts}; purchases through {@link RiskPurchases}.
 *
 * @since 0.1.0
 */
public final class RiskEvaluator implements AutoCloseable {

	/** The request attribute holding the request's {@link RiskDecision}. */
	public static final String REQUEST_ATTRIBUTE = RiskDecision.class.getName();

	private static final Logger logger = LoggerFactory.getLogger(RiskEvaluator.class);

	private static final Logger audit = LoggerFactory.getLogger("agentauth.audit");

	private static final RiskDecisionListener NO_OP = new RiskDecisionListener() {
		@Override
		public void decided(RiskDecision decision, Duration elapsed) {
		}

		@Override
		public void degraded() {
		}

		@Override
		public void ruleFailed(String ruleId) {
		}
	};

	private volatile RiskEngine engine;

	private final Map<RiskAction, LongAdder> wouldBe = counters();

	private final Map<RiskAction, LongAdder> applied = counters();

	private final RiskFeatureStore store;

	private final Clock clock;

	private final AntPathMatcher matcher = new AntPathMatcher();

	private List<String> cartPaths = List.of("/**/cart", "/**/cart/**", "/**/quote", "/**/quote/**");

	private List<String> checkoutPaths = List.of("/**/checkout", "/**/checkout/**");

	private @Nullable String skuParameter;

	private RiskDecisionListener listener = NO_OP;

	private @Nullable BufferedWriter decisionLog;

	private volatile @Nullable AnomalyModel anomalyModel;

	private final AtomicLong degradedCount = new AtomicLong();

	private volatile @Nullable Instant lastDegraded;

	private volatile @Nullable String lastDegradedReason;

	public RiskEvaluator(RiskEngine engine, RiskFeatureStore store, Clock clock) {
		this.engine = Objects.requireNonNull(engine, "engine cannot be null");
		this.store = Objects.requireNonNull(store, "store cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.engine.setRuleErrorHandler((rule, ex) -> {
			logger.warn("Risk rule {} failed and was skipped", rule.id(), ex);
			this.listener.ruleFailed(rule.id());
		});
	}

	/** Ant-style patterns of cart or quote calls (any method). */
	public void setCartPaths(List<String> cartPaths) {
		this.cartPaths = List.copyOf(cartPaths);
	}

	/** Ant-style patterns of checkout calls (unsafe methods only). */
	public void setCheckoutPaths(List<String> checkoutPaths) {
		this.checkoutPaths = List.copyOf(checkoutPaths);
	}

	/** The query parameter naming a SKU for {@code behavior.sku_scrape}; null: the path counts. */
	public void setSkuParameter(@Nullable String skuParameter) {
		this.skuParameter = skuParameter;
	}

	public void setListener(RiskDecisionListener listener) {
		this.listener = Objects.requireNonNull(listener, "listener cannot be null");
	}

	/**
	 * Tells {@code extra} about every decision too, after the current listener (e.g. the signals back to Keycloak
	 * next to the metrics).
	 * @since 0.1.0
	 */
	public void addListener(RiskDecisionListener extra) {
		Objects.requireNonNull(extra, "extra cannot be null");
		RiskDecisionListener first = this.listener;
		this.listener = new RiskDecisionListener() {
			@Override
			public void decided(RiskDecision decision, Duration elapsed) {
				first.decided(decision, elapsed);
				extra.decided(decision, elapsed);
			}

			@Override
			public void degraded() {
				first.degraded();
				extra.degraded();
			}

			@Override
			public void ruleFailed(String ruleId) {
				first.ruleFailed(ruleId);
				extra.ruleFailed(ruleId);
			}
		};
	}

	/**
	 * Appends every decision with its features as one JSON line to {@code file} (for replay); null: none.
	 * @throws IOException if the file cannot be opened for appending
	 */
	public void setDecisionLog(@Nullable Path file) throws IOException {
		this.decisionLog = (file != null) ? Files.newBufferedWriter(file, StandardCharsets.UTF_8,
				StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE) : null;
	}

	/**
	 * An anomaly model beside the rules, in shadow only: its score is written to the decision log as
	 * {@code anomaly_score} and never changes a decision; null: none (the default).
	 */
	public void setAnomalyModel(@Nullable AnomalyModel anomalyModel) {
		this.anomalyModel = anomalyModel;
	}

	public RiskEngine engine() {
		return this.engine;
	}

	/** Switches the mode at run time (e.g. from shadow to enforce once the shadow numbers look right). */
	public void setMode(RiskMode mode) {
		this.engine = this.engine.withMode(mode);
		logger.info("Risk mode is now {}", mode.value());
	}

	/** Decisions since start by the action the score called for ({@code wouldBe}) and by the one taken. */
	public Map<String, Map<String, Long>> decisionCounts() {
		Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
		counts.put("wouldBe", snapshot(this.wouldBe));
		counts.put("applied", snapshot(this.applied));
		return counts;
	}

	private static Map<RiskAction, LongAdder> counters() {
		Map<RiskAction, LongAdder> counters = new EnumMap<>(RiskAction.class);
		for (RiskAction action : RiskAction.values()) {
			counters.put(action, new LongAdder());
		}
		return counters;
	}

	private static Map<String, Long> snapshot(Map<RiskAction, LongAdder> counters) {
		Map<String, Long> snapshot = new LinkedHashMap<>();
		counters.forEach((action, count) -> snapshot.put(action.value(), count.sum()));
		return snapshot;
	}

	public RiskFeatureStore store() {
		return this.store;
	}

	/**
	 * The decision on a verified request, or null with {@code agentauth.risk.mode=off}. Never throws for a rule or
	 * store failure.
	 */
	public @Nullable RiskDecision evaluate(HttpServletRequest request, String agentId, String keyId,
			List<String> allowedNetworks, @Nullable Delegation delegation) {
		if (this.engine.policy().mode() == RiskMode.OFF) {
			return null;
		}
		long start = System.nanoTime();
		Instant now = this.clock.instant();
		String path = request.getRequestURI();
		String method = request.getMethod();
		RiskFeatures.Endpoint endpoint = endpoint(method, path);
		String client = request.getRemoteAddr();
		Duration age = (delegation != null && delegation.issuedAt() != null)
				? Duration.between(delegation.issuedAt(), now) : null;
		RiskFeatures.Builder features = RiskFeatures.builder()
			.now(now)
			.method(method)
			.path(path)
			.endpoint(endpoint)
			.agent(agentId, keyId)
			.delegation((delegation != null) ? delegation.consumer() : null,
					(delegation != null) ? delegation.grantId() : null, age)
			.clientAddress(client)
			.allowedNetworks(allowedNetworks);
		String sku = (this.skuParameter != null) ? request.getParameter(this.skuParameter) : null;
		try {
			this.store.observe(new RiskObservation(now, agentId, keyId,
					(delegation != null) ? delegation.grantId() : null,
					(delegation != null) ? delegation.consumer() : null, Networks.network(client),
					(sku != null) ? "sku:" + sku : path, endpoint), features);
		}
		catch (RuntimeException ex) {
			features.stateAvailable(false);
			degraded(ex);
		}
		RiskDecision decision = this.engine.evaluate(features.build(), decisionId());
		this.wouldBe.get(decision.wouldBe()).increment();
		this.applied.get(decision.action()).increment();
		request.setAttribute(REQUEST_ATTRIBUTE, decision);
		this.listener.decided(decision, Duration.ofNanos(System.nanoTime() - start));
		log(decision);
		return decision;
	}

	/**
	 * Re-decides {@code decision} for a purchase of {@code amount} (rules {@code behavior.amount_outlier} and
	 * {@code behavior.budget_drain} then see it), on the same path as a request's decision: the listeners (metrics,
	 * signals), an audit line ({@code outcome=assessed}) and the decision log (same decision id: the replay keeps
	 * the last line of an id). The decision counters move from the request's actions to the purchase's: one
	 * checkout counts once.
	 */
	public RiskDecision reassess(RiskDecision decision, BigDecimal amount, @Nullable BigDecimal budget) {
		long start = System.nanoTime();
		RiskFeatures features = decision.features().toBuilder().purchase(amount, budget).build();
		RiskDecision reassessed = this.engine.evaluate(features, decision.decisionId());
		this.wouldBe.get(decision.wouldBe()).decrement();
		this.wouldBe.get(reassessed.wouldBe()).increment();
		this.applied.get(decision.action()).decrement();
		this.applied.get(reassessed.action()).increment();
		this.listener.decided(reassessed, Duration.ofNanos(System.nanoTime() - start));
		if (audit.isInfoEnabled()) {
			audit.atInfo()
				.addKeyValue("agentauth.agent_id", features.agentId())
				.addKeyValue("agentauth.keyid", features.keyId())
				.addKeyValue("agentauth.risk.decision_id", reassessed.decisionId())
				.addKeyValue("agentauth.risk.score", reassessed.score())
				.addKeyValue("agentauth.risk.action", reassessed.wouldBe().value())
				.log("outcome=assessed agent={} keyid={} path={} amount={} {}", features.agentId(), features.keyId(),
						features.path(), amount.toPlainString(),
						RiskAuditFields.of(reassessed));
		}
		log(reassessed);
		return reassessed;
	}

	/** Records a purchase that happened; never throws (the risk layer fails open). */
	public void recordPurchase(@Nullable Delegation delegation, BigDecimal amount) {
		try {
			this.store.recordPurchase((delegation != null) ? delegation.grantId() : null,
					(delegation != null) ? delegation.consumer() : null, amount.doubleValue(), this.clock.instant());
		}
		catch (RuntimeException ex) {
			degraded(ex);
		}
	}

	/**
	 * Records a refusal of layer 1 or 2: scope and spend-limit refusals count for the delegation, the others for
	 * the key and the client network. Never throws.
	 */
	public void refused(HttpServletRequest request, ErrorCode code, @Nullable String agentId, @Nullable String keyId,
			@Nullable Delegation delegation) {
		if (this.engine.policy().mode() == RiskMode.OFF) {
			return;
		}
		try {
			switch (code) {
				case INSUFFICIENT_SCOPE, SPEND_LIMIT_EXCEEDED -> {
					if (delegation != null) {
						this.store.recordDenied(delegation.grantId(), this.clock.instant());
					}
				}
				// our own outages, limits and the risk layer's own refusals are not the agent's failures
				case RISK_TOO_HIGH, FRESH_DELEGATION_REQUIRED, RATE_LIMITED, REGISTRY_UNAVAILABLE,
						NONCE_STORE_UNAVAILABLE, NONCE_STORE_FULL, REVOCATION_FEED_UNAVAILABLE, SPEND_STORE_UNAVAILABLE,
						BODY_TOO_LARGE -> {
				}
				default -> this.store.recordRefusal(keyId, agentId, Networks.network(request.getRemoteAddr()),
						this.clock.instant());
			}
		}
		catch (RuntimeException ex) {
			degraded(ex);
		}
	}

	/** The most-refused networks and agents this hour (for the Actuator endpoint). */
	public RiskFeatureStore.TopFailures topFailures(int n) {
		return this.store.topFailures(n, this.clock.instant());
	}

	/** How many evaluations or records ran without the store since start. */
	public long degradedCount() {
		return this.degradedCount.get();
	}

	public @Nullable Instant lastDegraded() {
		return this.lastDegraded;
	}

	public @Nullable String lastDegradedReason() {
		return this.lastDegradedReason;
	}

	private void degraded(RuntimeException ex) {
		this.degradedCount.incrementAndGet();
		this.lastDegraded = this.clock.instant();
		this.lastDegradedReason = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		this.listener.degraded();
		logger.debug("Risk feature store unavailable; deciding without counters", ex);
	}

	private RiskFeatures.Endpoint endpoint(String method, String path) {
		for (String pattern : this.cartPaths) {
			if (this.matcher.match(pattern, path)) {
				return RiskFeatures.Endpoint.CART;
			}
		}
		boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
		if (!safe) {
			for (String pattern : this.checkoutPaths) {
				if (this.matcher.match(pattern, path)) {
					return RiskFeatures.Endpoint.CHECKOUT;
				}
			}
		}
		return RiskFeatures.Endpoint.OTHER;
	}

	private void log(RiskDecision decision) {
		BufferedWriter log = this.decisionLog;
		if (log == null) {
			return;
		}
		Map<String, Object> json = decision.toJson();
		AnomalyModel model = this.anomalyModel;
		if (model != null) {
			try {
				json.put("anomaly_score", model.score(decision.features()));
			}
			catch (RuntimeException ex) {
				logger.debug("The anomaly model failed on decision {}", decision.decisionId(), ex);
			}
		}
		String line = JSONObjectUtils.toJSONString(json);
		synchronized (log) {
			try {
				log.write(line);
				log.newLine();
				log.flush();
			}
			catch (IOException ex) {
				logger.warn("Cannot append to the risk decision log", ex);
			}
		}
	}

	/** Closes the decision log, if any. */
	@Override
	public void close() throws IOException {
		BufferedWriter log = this.decisionLog;
		if (log != null) {
			synchronized (log) {
				log.close();
			}
			this.decisionLog = null;
		}
	}

	// a correlation id, not a secret: 128 random bits, base64url
	private static String decisionId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
