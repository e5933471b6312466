package dev.agentauth.core.delegation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DelegationTokenTests {

	static Map<String, Object> claims() throws Exception {
		Map<String, Object> claims = new HashMap<>();
		claims.put("sub", "alice");
		claims.put("act", Map.of("sub", "agent-1"));
		claims.put("cnf", Map.of("jkt", "kid-1"));
		claims.put("aud", "shop");
		claims.put("scope", "products:read checkout:create");
		claims.put("agent_grant", "g-1");
		claims.put("exp", 1_800_000_000L);
		claims.put("authorization_details", DelegationDetails.parse(
				"[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50\",\"currency\":\"EUR\"},"
						+ "\"budget\":{\"value\":\"100\",\"currency\":\"EUR\",\"period\":\"month\"}}]")
			.toJsonArray());
		return claims;
	}

	@Test
	void fromClaimsReadsTheDelegation() throws Exception {
		DelegationToken token = DelegationToken.fromClaims(claims());
		assertThat(token.subject()).isEqualTo("alice");
		assertThat(token.agentId()).isEqualTo("agent-1");
		assertThat(token.keyThumbprint()).isEqualTo("kid-1");
		assertThat(token.audience()).containsExactly("shop");
		assertThat(token.scopes()).containsExactly("products:read", "checkout:create");
		assertThat(token.grantId()).isEqualTo("g-1");
		assertThat(token.expires()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
	}

	@Test
	void fromClaimsWhenActHasTheShapeOfKeycloaksDelegationThenTheOutermostActorIsTheAgent() throws Exception {
		// RFC 8693 §4.1: the outermost act is the current actor; a nested act is a prior one, not used for access
		Map<String, Object> claims = claims();
		claims.put("act", Map.of("sub", "agent-1", "client_id", "operator-app", "act",
				Map.of("sub", "earlier-actor", "client_id", "earlier-client")));
		assertThat(DelegationToken.fromClaims(claims).agentId()).isEqualTo("agent-1");
	}

	@Test
	void fromClaimsWhenExpIsBeyondInstantThenTokenMalformed() throws Exception {
		Map<String, Object> claims = new HashMap<>(claims());
		claims.put("exp", Long.MAX_VALUE);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> DelegationToken.fromClaims(claims))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.TOKEN_MALFORMED));
	}

	@Test
	void fromClaimsWhenAClaimIsMissingThenTokenMalformed() throws Exception {
		for (String claim : List.of("sub", "act", "cnf", "agent_grant", "authorization_details", "exp")) {
			Map<String, Object> claims = claims();
			claims.remove(claim);
			assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> DelegationToken.fromClaims(claims))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.TOKEN_MALFORMED));
		}
	}

	@Test
	void checkBindingRefusesAnotherKeyOrAgent() throws Exception {
		// RFC 7800 §3.1 cnf, RFC 8693 §4.1 act
		DelegationToken token = DelegationToken.fromClaims(claims());
		token.checkBinding("agent-1", "kid-1");
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> token.checkBinding("agent-1", "kid-2"))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.TOKEN_BINDING_MISMATCH));
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> token.checkBinding("agent-2", "kid-1"))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.TOKEN_ACTOR_MISMATCH));
	}

	@Test
	void spendLimiterChecksCurrencyMaxAmountAndTheBudgetOfThePeriod() throws Exception {
		AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T10:00:00Z"));
		Clock clock = new Clock() {
			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now.get();
			}
		};
		SpendLimiter limiter = new SpendLimiter(new InMemoryBudgetStore(clock), clock);
		DelegationDetails details = DelegationToken.fromClaims(claims()).details();
		exceeded(() -> limiter.reserve("g-1", details, new BigDecimal("10"), "USD"), "EUR only");
		exceeded(() -> limiter.reserve("g-1", details, new BigDecimal("50.01"), "EUR"), "per purchase");
		SpendLimiter.Reservation first = limiter.reserve("g-1", details, new BigDecimal("50"), "EUR");
		limiter.reserve("g-1", details, new BigDecimal("50"), "EUR");
		exceeded(() -> limiter.reserve("g-1", details, new BigDecimal("0.01"), "EUR"), "budget");
		limiter.release(first);
		limiter.reserve("g-1", details, new BigDecimal("49.99"), "EUR");
		now.set(Instant.parse("2026-12-01T00:00:01Z"));
		limiter.reserve("g-1", details, new BigDecimal("50"), "EUR");
	}

	@Test
	void concurrentReservationsNeverExceedTheBudget() throws Exception {
		SpendLimiter limiter = new SpendLimiter(new InMemoryBudgetStore(Clock.systemUTC()), Clock.systemUTC());
		DelegationDetails details = DelegationToken.fromClaims(claims()).details();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<Boolean>> results = new java.util.ArrayList<>();
		for (int i = 0; i < 200; i++) {
			results.add(pool.submit(() -> {
				try {
					limiter.reserve("g-2", details, new BigDecimal("3"), "EUR");
					return true;
				}
				catch (AgentAuthException ex) {
					return false;
				}
			}));
		}
		int accepted = 0;
		for (Future<Boolean> result : results) {
			accepted += result.get() ? 1 : 0;
		}
		pool.shutdown();
		assertThat(accepted).isEqualTo(33); // 33 x 3 = 99 <= 100
	}

	private static void exceeded(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SPEND_LIMIT_EXCEEDED))
			.withMessageContaining(reason);
	}

}
