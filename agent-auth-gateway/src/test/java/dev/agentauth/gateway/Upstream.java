package dev.agentauth.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.agentauth.test.FakeKeyRegistry;

/**
 * A trivial, unmodified upstream on a free loopback port (the JDK's HTTP server): records every request it gets
 * and answers 200 {@code {"ok":true}}, or the status named by a {@code status} query parameter (a redirection
 * to {@code /api/redirected} for a 3xx; after
 * {@code delay} milliseconds, if given). It also serves the
 * registry's key lookup ({@code /realms/test/agents/keys/{kid}}) from {@link #keys} and the realm's JWKS (for
 * {@link #delegationToken}), so these tests need no Keycloak.
 */
final class Upstream {

	/** The registry's key lookup on this server: register a kid's key-lookup JSON there. */
	final FakeKeyRegistry keys;

	// the realm's token-signing key, published at {issuer}/protocol/openid-connect/certs
	private final RSAKey realmKey = realmKey();

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final HttpServer server;

	private Upstream(HttpServer server) {
		this.server = server;
		this.keys = FakeKeyRegistry.on(server, "test");
	}

	static Upstream start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			Upstream upstream = new Upstream(server);
			server.createContext("/realms/test/protocol/openid-connect/certs", upstream::certs);
			server.createContext("/", upstream::record);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return upstream;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A loopback port where nothing listens. */
	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	String issuer() {
		return "http://127.0.0.1:" + port() + "/realms/test";
	}

	/** The next request the upstream received (waits up to 5 s), or null. */
	Received next() throws InterruptedException {
		return this.received.poll(5, TimeUnit.SECONDS);
	}

	/** Forgets what was received so far. */
	void clear() {
		this.received.clear();
	}

	boolean isEmpty() {
		return this.received.isEmpty();
	}

	void stop() {
		this.server.stop(0);
	}

	/**
	 * A delegation token as the realm issues it: consumer {@code alice}, agent {@code agent-1} bound to
	 * {@code keyId}, audience {@code shop}, one hour.
	 */
	String delegationToken(String keyId, String grant, String scope, Map<String, Object> authorizationDetails)
			throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer()).subject("alice").audience("shop")
			.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).jwtID(UUID.randomUUID().toString())
			.claim("act", Map.of("sub", "agent-1")).claim("cnf", Map.of("jkt", keyId))
			.claim("agent_grant", grant).claim("scope", scope)
			.claim("authorization_details", List.of(authorizationDetails))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.realmKey.getKeyID()).build(),
				claims);
		jwt.sign(new RSASSASigner(this.realmKey));
		return jwt.serialize();
	}

	private static RSAKey realmKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("realm-key").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void certs(HttpExchange exchange) throws IOException {
		byte[] body = new JWKSet(this.realmKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private void record(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
		String query = exchange.getRequestURI().getRawQuery();
		this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query,
				headers, body));
		if (query != null && query.matches("(.*&)?delay=\\d{1,5}(&.*)?")) {
			try {
				Thread.sleep(Long.parseLong(query.replaceAll("(.*&)?delay=(\\d{1,5}).*", "$2")));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		int status = 200;
		if (query != null && query.matches("(.*&)?status=\\d{3}(&.*)?")) {
			status = Integer.parseInt(query.replaceAll("(.*&)?status=(\\d{3}).*", "$2"));
		}
		byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		if (status / 100 == 3) {
			exchange.getResponseHeaders().add("Location", "/api/redirected");
		}
		exchange.sendResponseHeaders(status, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	/** One request as the upstream saw it (header names in lower case). */
	record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

		String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		boolean hasHeader(String name) {
			return this.headers.containsKey(name.toLowerCase(Locale.ROOT));
		}

	}

	/** Declares gateway route {@code [index]} {@code id} to {@code 127.0.0.1:port} for the {@code paths} pattern(s). */
	static void route(org.springframework.test.context.DynamicPropertyRegistry properties, int index, String id,
			java.util.function.IntSupplier port, String paths) {
		String route = "spring.cloud.gateway.server.webmvc.routes[" + index + "]";
		properties.add(route + ".id", () -> id);
		properties.add(route + ".uri", () -> "http://127.0.0.1:" + port.getAsInt());
		properties.add(route + ".predicates[0]", () -> "Path=" + paths);
	}

}
