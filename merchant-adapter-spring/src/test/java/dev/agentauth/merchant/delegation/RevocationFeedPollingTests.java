package dev.agentauth.merchant.delegation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.revocation.InMemoryRevocationSet;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed's polling against a stub feed that holds a long poll for 5 s, as Agent Auth's Keycloak feed does when
 * no event comes (RFC 8936 §2.4): a {@code maxLag} shorter than that must not make the feed look lagging between
 * two quiet polls.
 */
class RevocationFeedPollingTests {

	private HttpServer server;

	private final List<Boolean> returnImmediately = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.createContext("/realms/r/protocol/openid-connect/token",
				(exchange) -> answer(exchange, "{\"access_token\":\"t\",\"expires_in\":300}"));
		this.server.createContext("/realms/r/agents/events", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			boolean immediately = body.contains("\"returnImmediately\":true");
			this.returnImmediately.add(immediately);
			if (!immediately) {
				try {
					Thread.sleep(RevocationFeed.FEED_LONG_POLL);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			answer(exchange, "{\"sets\":{},\"moreAvailable\":false}");
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void maxLagShorterThanTheLongPollThenShortPollsAndNeverLaggingWhileTheFeedAnswers() throws Exception {
		RevocationFeed feed = feed(Duration.ofSeconds(3));
		feed.start();
		try {
			awaitFirstPoll(feed);
			// two long polls' worth of time: with long polls the feed would be 5 s old before each answer
			long until = System.nanoTime() + Duration.ofSeconds(7).toNanos();
			while (System.nanoTime() < until) {
				assertThat(feed.isLagging()).as("lagging at %s", feed.lag()).isFalse();
				Thread.sleep(50);
			}
			assertThat(this.returnImmediately).hasSizeGreaterThan(3).containsOnly(true);
		}
		finally {
			feed.stop();
		}
	}

	@Test
	void maxLagOfTheDefaultKindThenLongPolls() throws Exception {
		RevocationFeed feed = feed(Duration.ofSeconds(30));
		feed.start();
		try {
			awaitFirstPoll(feed);
			Eventually.poll(Duration.ofSeconds(2), Duration.ofMillis(20), this.returnImmediately::size,
					(size) -> size >= 2);
			// the first poll answers at once, the next ones wait for events
			assertThat(this.returnImmediately).startsWith(true, false);
		}
		finally {
			feed.stop();
		}
	}

	private RevocationFeed feed(Duration maxLag) {
		URI issuer = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/realms/r");
		return new RevocationFeed(issuer, "merchant", "secret", "merchant-1", false, new InMemoryRevocationSet(Duration.ofHours(24), Clock.systemUTC()),
				(event) -> {
				}, maxLag, Clock.systemUTC());
	}

	private static void awaitFirstPoll(RevocationFeed feed) {
		assertThat(Eventually.poll(Duration.ofSeconds(10), Duration.ofMillis(20), feed::lastSuccess,
				(last) -> last != null)).as("first poll").isNotNull();
	}

	private static void answer(HttpExchange exchange, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
