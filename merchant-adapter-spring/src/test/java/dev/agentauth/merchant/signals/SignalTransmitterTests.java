package dev.agentauth.merchant.signals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.signal.MerchantSignal;
import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.core.signal.SignalSet;
import dev.agentauth.core.signal.SignalSets;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transmitter against a stand-in receiver over real loopback HTTP (the real Keycloak receiver is exercised by
 * the integration tests): bearer token, RFC 8935 media type, dedup, retries, bounded queue, key usage.
 */
class SignalTransmitterTests {

	private static final String KID = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

	private HttpServer server;

	private URI issuer;

	private final List<String> pushes = new CopyOnWriteArrayList<>();

	private final AtomicInteger failuresToServe = new AtomicInteger();

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/realms/shop/protocol/openid-connect/token",
				(exchange) -> answer(exchange, 200, "{\"access_token\":\"t0k\",\"expires_in\":300}"));
		this.server.createContext("/realms/shop/agents/signals", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (!"Bearer t0k".equals(exchange.getRequestHeaders().getFirst("Authorization"))
					|| !SignalSets.MEDIA_TYPE.equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
				answer(exchange, 400, "{\"err\":\"invalid_request\"}");
				return;
			}
			if (this.failuresToServe.getAndDecrement() > 0) {
				answer(exchange, 503, "");
				return;
			}
			this.pushes.add(body);
			answer(exchange, 202, "");
		});
		this.server.start();
		this.issuer = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/realms/shop");
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	private SignalTransmitter transmitter(int capacity) {
		SignalTransmitter transmitter = new SignalTransmitter(this.issuer, "merchant-a", "secret", capacity,
				Duration.ofMinutes(10), Duration.ofHours(1), 4, 2, Clock.systemUTC());
		transmitter.setRetryBase(Duration.ofMillis(10));
		return transmitter;
	}

	@Test
	void reportWhenSameAgentAndLevelAgainWithinThePeriodThenQueuedOnce() throws Exception {
		SignalTransmitter transmitter = transmitter(10);
		assertThat(transmitter.report("agent-1", KID, RiskLevel.HIGH, "velocity.agent_burst")).isTrue();
		assertThat(transmitter.report("agent-1", KID, RiskLevel.HIGH, "velocity.agent_burst")).isFalse();
		assertThat(transmitter.report("agent-2", KID, RiskLevel.HIGH, null)).isTrue();
		transmitter.start();
		try {
			awaitPushes(2);
			SignalSet set = SignalSets.parse(this.pushes.get(0), "merchant-a", this.issuer.toString(), Instant.now(),
					Duration.ofMinutes(1));
			assertThat(set.events()).singleElement().isEqualTo(new MerchantSignal.RiskLevelChange("agent-1", KID,
					RiskLevel.HIGH, null, "velocity.agent_burst",
					((MerchantSignal.RiskLevelChange) set.events().get(0)).eventTime()));
		}
		finally {
			transmitter.stop();
		}
	}

	@Test
	void pushWhenReceiverFailsTwiceThenRetriedUntilAccepted() throws Exception {
		SignalTransmitter transmitter = transmitter(10);
		this.failuresToServe.set(2);
		transmitter.start();
		try {
			transmitter.report("agent-1", KID, RiskLevel.HIGH, null);
			awaitPushes(1);
			// the stand-in stores the push before the transmitter has read the 202
			Eventually.poll(Duration.ofSeconds(10), Duration.ofMillis(10), transmitter::sentCount, (sent) -> sent >= 1);
			assertThat(transmitter.sentCount()).isEqualTo(1);
			assertThat(transmitter.failedCount()).isZero();
		}
		finally {
			transmitter.stop();
		}
	}

	@Test
	void reportWhenQueueIsFullThenDroppedAndCountedWithoutBlocking() {
		SignalTransmitter transmitter = transmitter(1);
		assertThat(transmitter.report("agent-1", KID, RiskLevel.HIGH, null)).isTrue();
		assertThat(transmitter.report("agent-2", KID, RiskLevel.HIGH, null)).isFalse();
		assertThat(transmitter.droppedCount()).isEqualTo(1);
		// dropped, so not remembered: it may be reported again once there is room
		assertThat(transmitter.report("agent-2", KID, RiskLevel.HIGH, null)).isFalse();
	}

	@Test
	void flushKeyUsageSendsTheLatestUseOfEachKeyWithinTheBound() throws Exception {
		SignalTransmitter transmitter = transmitter(1);
		transmitter.start();
		try {
			Instant t = Instant.parse("2026-12-01T12:00:00Z");
			transmitter.keyUsed(KID, t);
			transmitter.keyUsed(KID, t.plusSeconds(5));
			transmitter.keyUsed(KID, t.plusSeconds(1));
			transmitter.keyUsed("BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", t);
			transmitter.keyUsed("CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", t); // over the bound of 2
			transmitter.flushKeyUsage();
			SignalSet set = SignalSets.parse(this.pushes.get(0), "merchant-a", this.issuer.toString(), Instant.now(),
					Duration.ofMinutes(1));
			assertThat(((MerchantSignal.KeyUsage) set.events().get(0)).lastUsed()).containsOnlyKeys(KID,
					"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB").containsEntry(KID, t.plusSeconds(5));
		}
		finally {
			transmitter.stop();
		}
	}

	private void awaitPushes(int count) {
		Eventually.poll(Duration.ofSeconds(10), Duration.ofMillis(20), this.pushes::size, (size) -> size >= count);
		assertThat(this.pushes).hasSizeGreaterThanOrEqualTo(count);
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

}
