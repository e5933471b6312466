package dev.agentauth.risklab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.net.Networks;
import dev.agentauth.core.risk.AnomalyModel;
import dev.agentauth.core.risk.RiskAction;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskFeatures;
import dev.agentauth.core.risk.RiskObservation;

/**
 * Runs one scenario's requests, in time order, through a {@link RiskEngine} and a {@link RiskFeatureStore} the way
 * the merchant starter does: a request that passed layers 1 and 2 is observed and decided; a checkout the decision
 * allows is re-decided with its amount ({@code RiskPurchases.assess}) and, unless stepped up or denied, recorded as
 * a purchase; refusals of layers 1 and 2 are recorded. Sessions do not react to refusals (open loop).
 */
final class Simulation {

	/** When every scenario's background traffic starts (virtual time). */
	static final Instant EPOCH = Instant.parse("2026-11-27T08:00:00Z");

	/** The merchant's usual traffic before and during every scenario: two shopping sessions a minute (at scale 1). */
	static final int BACKGROUND_PER_MINUTE = 2;

	static final Duration WARM_UP = Duration.ofMinutes(30);

	private final RiskEngine engine;

	private final int within;

	private final @Nullable Consumer<RiskDecision> decisions;

	private @Nullable AnomalyModel model;

	private double threshold = Double.POSITIVE_INFINITY;

	/**
	 * @param within an attack session counts as detected when one of its first {@code within} scored requests is
	 * throttled, stepped up or denied
	 * @param decisions told about every decision (e.g. the decision log), or null
	 */
	Simulation(RiskEngine engine, int within, @Nullable Consumer<RiskDecision> decisions) {
		this.engine = Objects.requireNonNull(engine, "engine cannot be null");
		this.within = within;
		this.decisions = decisions;
	}

	/**
	 * Scores every request with {@code model} too (shadow: it never changes a decision); a session counts as flagged
	 * by the model when a request scores at least {@code threshold}.
	 */
	Simulation withModel(AnomalyModel model, double threshold) {
		this.model = model;
		this.threshold = threshold;
		return this;
	}

	/** The requests of {@code scenario} at {@code scale}, with background traffic, sorted by time. */
	static List<LabRequest> requests(Scenario scenario, double scale, long seed) {
		Random random = new Random(seed ^ scenario.name().hashCode());
		List<LabRequest> requests = new ArrayList<>();
		Instant start = EPOCH.plus(WARM_UP);
		// scaled with the scenario, so that a smaller run keeps the same ratio of scenario to usual traffic
		long background = Math.max(1, Math.round(
				(WARM_UP.toMinutes() + scenario.window().toMinutes()) * BACKGROUND_PER_MINUTE * scale));
		for (int i = 1; i <= background; i++) {
			Instant at = EPOCH.plusMillis((long) (random.nextDouble() * (WARM_UP.toMillis() + scenario.window().toMillis())));
			Scenarios.shopping(requests, -i, random, at, true, 1, 20);
		}
		int sessions = Math.max(1, (int) Math.round(scenario.sessions() * scale));
		for (int id = 0; id < sessions; id++) {
			Instant at = start.plusMillis((long) (random.nextDouble() * scenario.window().toMillis()));
			scenario.script().write(requests, id, random, at);
		}
		requests.sort(Comparator.comparing(LabRequest::at));
		return requests;
	}

	/** Runs {@code requests} through {@code store}; the outcome of every reported session. */
	List<SessionOutcome> run(List<LabRequest> requests, RiskFeatureStore store, boolean attack) {
		Map<Integer, SessionOutcome> sessions = new HashMap<>();
		long decisionId = 0;
		for (LabRequest request : requests) {
			String network = Networks.network(request.clientAddress());
			switch (request.kind()) {
				case PAST_PURCHASE -> store.recordPurchase(null, request.consumer(),
						Objects.requireNonNull(request.amount()).doubleValue(), request.at());
				case REFUSED -> store.recordRefusal(request.keyId(), request.agentId(), network, request.at());
				case DENIED -> store.recordDenied(Objects.requireNonNull(request.grantId()), request.at());
				case SCORED -> {
					Decided decided = decide(request, network, store, Long.toString(++decisionId));
					if (request.session() >= 0) {
						sessions.computeIfAbsent(request.session(), (id) -> new SessionOutcome(id, attack))
							.scored(request.at(), decided.action(), decided.anomaly() >= this.threshold, this.within);
					}
				}
			}
		}
		return sessions.values().stream().sorted(Comparator.comparingInt(SessionOutcome::id)).toList();
	}

	/** A request's action and its anomaly score (0 without a model). */
	private record Decided(RiskAction action, double anomaly) {
	}

	// what RiskEvaluator.evaluate, RiskPurchases.assess and RiskPurchases.record do for one request
	private Decided decide(LabRequest request, @Nullable String network, RiskFeatureStore store, String id) {
		RiskFeatures.Builder features = features(request);
		store.observe(new RiskObservation(request.at(), request.agentId(), request.keyId(), request.grantId(),
				request.consumer(), network, request.resource(), request.endpoint()), features);
		RiskDecision decision = this.engine.evaluate(features.build(), id);
		double anomaly = (this.model != null) ? this.model.score(decision.features()) : 0;
		return new Decided(act(request, decision, store, id), anomaly);
	}

	private RiskAction act(LabRequest request, RiskDecision decision, RiskFeatureStore store, String id) {
		tell(decision);
		if (decision.action() != RiskAction.ALLOW || request.endpoint() != RiskFeatures.Endpoint.CHECKOUT
				|| request.amount() == null) {
			return decision.action();
		}
		RiskDecision purchase = this.engine.evaluate(
				decision.features().toBuilder().purchase(request.amount(), request.budget()).build(), id);
		tell(purchase);
		if (purchase.action() == RiskAction.STEP_UP || purchase.action() == RiskAction.DENY) {
			return purchase.action();
		}
		store.recordPurchase(request.grantId(), request.consumer(), request.amount().doubleValue(), request.at());
		return RiskAction.ALLOW;
	}

	private static RiskFeatures.Builder features(LabRequest request) {
		Duration age = (request.delegationIssuedAt() != null)
				? Duration.between(request.delegationIssuedAt(), request.at()) : null;
		return RiskFeatures.builder()
			.now(request.at())
			.method(request.method())
			.path(request.path())
			.endpoint(request.endpoint())
			.agent(request.agentId(), request.keyId())
			.delegation(request.consumer(), request.grantId(), age)
			.clientAddress(request.clientAddress())
			.allowedNetworks(request.allowedNetworks());
	}

	private void tell(RiskDecision decision) {
		if (this.decisions != null) {
			this.decisions.accept(decision);
		}
	}

	/** What happened to one session. */
	static final class SessionOutcome {

		private final int id;

		private final boolean attack;

		private @Nullable Instant first;

		private int scored;

		private @Nullable RiskAction firstAction;

		private int requestsToDetect;

		private @Nullable Duration timeToDetect;

		private boolean withModel;

		SessionOutcome(int id, boolean attack) {
			this.id = id;
			this.attack = attack;
		}

		void scored(Instant at, RiskAction action, boolean anomalous, int within) {
			if (this.first == null) {
				this.first = at;
			}
			this.scored++;
			if ((action != RiskAction.ALLOW || anomalous) && (!this.attack || this.scored <= within)) {
				this.withModel = true;
			}
			if (this.firstAction == null && action != RiskAction.ALLOW && (!this.attack || this.scored <= within)) {
				this.firstAction = action;
				this.requestsToDetect = this.scored;
				this.timeToDetect = Duration.between(this.first, at);
			}
		}

		int id() {
			return this.id;
		}

		/** Whether a request of the session was throttled, stepped up or denied (within N for an attack). */
		boolean touched() {
			return this.firstAction != null;
		}

		/** Whether the rules or the anomaly model (at its threshold) flagged a request (within N for an attack). */
		boolean touchedWithModel() {
			return this.withModel;
		}

		@Nullable RiskAction firstAction() {
			return this.firstAction;
		}

		int requestsToDetect() {
			return this.requestsToDetect;
		}

		@Nullable Duration timeToDetect() {
			return this.timeToDetect;
		}

	}

}
