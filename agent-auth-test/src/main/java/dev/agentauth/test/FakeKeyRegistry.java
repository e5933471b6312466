package dev.agentauth.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The agent registry's key lookup ({@code GET /realms/{realm}/agents/keys/{kid}}) on the JDK's HTTP server, for
 * tests that need no Keycloak: answers 200 with the JSON registered for the kid (a {@code RegisteredKey.toJson()})
 * and the {@link #cacheControl(String) Cache-Control} set (max-age=60 by default), 404 for any other kid.
 * Either {@link #start(String) on a loopback port of its own} or {@link #on(HttpServer, String) on a server the
 * test owns} (beside its other contexts).
 */
public final class FakeKeyRegistry implements AutoCloseable {

	private final HttpServer server;

	private final boolean ownsServer;

	private final String realm;

	private final Map<String, String> keys = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	private static final String AMBIGUOUS = "\u0000ambiguous";

	private static final String PROVIDER_UNAVAILABLE = "\u0000provider_unavailable";

	private volatile String cacheControl = "max-age=60";

	private FakeKeyRegistry(HttpServer server, boolean ownsServer, String realm) {
		this.server = server;
		this.ownsServer = ownsServer;
		this.realm = Objects.requireNonNull(realm, "realm cannot be null");
		server.createContext(lookupPath(), this::lookup);
	}

	/** Starts a registry for {@code realm} on a free loopback port. */
	public static FakeKeyRegistry start(String realm) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakeKeyRegistry registry = new FakeKeyRegistry(server, true, realm);
			server.start();
			return registry;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Serves the key lookup for {@code realm} on {@code server}, which the caller starts and stops. */
	public static FakeKeyRegistry on(HttpServer server, String realm) {
		return new FakeKeyRegistry(server, false, realm);
	}

	/** Registers (or replaces) the key-lookup JSON answered for {@code keyId}. */
	public FakeKeyRegistry register(String keyId, String json) {
		this.keys.put(Objects.requireNonNull(keyId, "keyId cannot be null"),
				Objects.requireNonNull(json, "json cannot be null"));
		return this;
	}

	/**
	 * Makes {@code keyId} ambiguous: its lookup answers 409 problem+json {@code key_ambiguous}, as the registry
	 * does for a keyid known to two sources (the registry and an agent provider, or two providers).
	 */
	public FakeKeyRegistry ambiguous(String keyId) {
		return register(keyId, AMBIGUOUS);
	}

	/**
	 * Makes {@code keyId}'s provider unavailable: its lookup answers 503 problem+json {@code provider_unavailable},
	 * as the registry does for a brokered key whose provider is past its fail-closed bound.
	 */
	public FakeKeyRegistry providerUnavailable(String keyId) {
		return register(keyId, PROVIDER_UNAVAILABLE);
	}

	/** Forgets {@code keyId}: its lookup answers 404 from now on. */
	public void remove(String keyId) {
		this.keys.remove(keyId);
	}

	/** The {@code Cache-Control} of the 200 answers from now on. */
	public void cacheControl(String cacheControl) {
		this.cacheControl = Objects.requireNonNull(cacheControl, "cacheControl cannot be null");
	}

	/** How many lookups (of any kid) the registry answered. */
	public int requests() {
		return this.requests.get();
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** {@code http://127.0.0.1:{port}/realms/{realm}}: the issuer URI a key resolver is configured with. */
	public String issuer() {
		return "http://127.0.0.1:" + port() + "/realms/" + this.realm;
	}

	public URI issuerUri() {
		return URI.create(issuer());
	}

	/** Stops the server if the registry started it (an {@link #on(HttpServer, String)} registry does not). */
	@Override
	public void close() {
		if (this.ownsServer) {
			this.server.stop(0);
		}
	}

	private String lookupPath() {
		return "/realms/" + this.realm + "/agents/keys/";
	}

	private void lookup(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.requests.incrementAndGet();
			String kid = exchange.getRequestURI().getPath().substring(lookupPath().length());
			String json = this.keys.get(kid);
			if (json == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			if (json.equals(AMBIGUOUS) || json.equals(PROVIDER_UNAVAILABLE)) {
				boolean ambiguous = json.equals(AMBIGUOUS);
				int status = ambiguous ? 409 : 503;
				byte[] problem = ("{\"type\":\"about:blank\",\"title\":\"" + (ambiguous ? "Conflict" : "Service Unavailable")
						+ "\",\"status\":" + status + ",\"code\":\"" + (ambiguous ? "key_ambiguous" : "provider_unavailable")
						+ "\"}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
				exchange.sendResponseHeaders(status, problem.length);
				exchange.getResponseBody().write(problem);
				return;
			}
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("Cache-Control", this.cacheControl);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
		}
	}

}
