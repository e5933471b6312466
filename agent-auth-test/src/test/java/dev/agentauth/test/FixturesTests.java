package dev.agentauth.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The shared fixtures themselves. */
class FixturesTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void mutableClockMovesOnlyWhenAdvancedOrSet() {
		MutableClock clock = new MutableClock(Instant.EPOCH);
		assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
		clock.advance(Duration.ofSeconds(5));
		assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(5));
		clock.set(Instant.ofEpochSecond(100));
		assertThat(clock.millis()).isEqualTo(100_000);
	}

	@Test
	void fakeKeyRegistryServesRegisteredKidsWithCacheControlAndCountsLookups() throws Exception {
		try (FakeKeyRegistry registry = FakeKeyRegistry.start("test")) {
			registry.register("kid-1", "{\"agent_id\":\"a\"}");
			HttpResponse<String> found = get(registry.issuer() + "/agents/keys/kid-1");
			assertThat(found.statusCode()).isEqualTo(200);
			assertThat(found.body()).isEqualTo("{\"agent_id\":\"a\"}");
			assertThat(found.headers().firstValue("Cache-Control")).hasValue("max-age=60");
			registry.cacheControl("no-store");
			assertThat(get(registry.issuer() + "/agents/keys/kid-1").headers().firstValue("Cache-Control"))
				.hasValue("no-store");
			assertThat(get(registry.issuer() + "/agents/keys/kid-2").statusCode()).isEqualTo(404);
			registry.remove("kid-1");
			assertThat(get(registry.issuer() + "/agents/keys/kid-1").statusCode()).isEqualTo(404);
			assertThat(registry.requests()).isEqualTo(4);
		}
	}

	@Test
	void tokenExchangeFormKeepsTheOrderSet() {
		assertThat(TokenExchangeForm.subject("s", "urn:s").actor("a", "urn:a").audience("shop").build())
			.containsExactly(org.assertj.core.api.Assertions.entry("grant_type", TokenExchangeForm.GRANT_TYPE),
					org.assertj.core.api.Assertions.entry("subject_token", "s"),
					org.assertj.core.api.Assertions.entry("subject_token_type", "urn:s"),
					org.assertj.core.api.Assertions.entry("actor_token", "a"),
					org.assertj.core.api.Assertions.entry("actor_token_type", "urn:a"),
					org.assertj.core.api.Assertions.entry("audience", "shop"));
	}

	@Test
	void eventuallyReturnsTheFirstAcceptedAnswerOrTheLastOneAtTheDeadline() {
		AtomicInteger probes = new AtomicInteger();
		assertThat(Eventually.poll(Duration.ofSeconds(5), Duration.ofMillis(10), probes::incrementAndGet,
				(n) -> n == 3)).isEqualTo(3);
		AtomicInteger more = new AtomicInteger();
		assertThat(Eventually.poll(Duration.ofMillis(200), Duration.ofMillis(20), more::incrementAndGet,
				(n) -> false)).isEqualTo(more.get()).isPositive();
	}

	@Test
	void eventuallyStopsAtTheProbesException() {
		assertThatIllegalStateException().isThrownBy(() -> Eventually.poll(Duration.ofSeconds(5),
				Duration.ofMillis(10), () -> {
					throw new IllegalStateException("exited");
				}, (answer) -> true)).withMessageContaining("exited");
	}

	private HttpResponse<String> get(String uri) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
