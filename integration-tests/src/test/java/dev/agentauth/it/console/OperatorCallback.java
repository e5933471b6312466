package dev.agentauth.it.console;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;

import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's redirect target for a browser consent: a loopback HTTP server on a free port that keeps the
 * authorization code. Its URI is added to the operator client's redirect URIs while it runs.
 */
final class OperatorCallback implements AutoCloseable {

	private final HttpServer server;

	private final KeycloakServer keycloak;

	private final String clientUuid;

	private final List<Object> originalRedirects;

	private volatile String code;

	private OperatorCallback(HttpServer server, KeycloakServer keycloak, String clientUuid, List<Object> redirects) {
		this.server = server;
		this.keycloak = keycloak;
		this.clientUuid = clientUuid;
		this.originalRedirects = redirects;
	}

	static OperatorCallback start(KeycloakServer keycloak, String clientId) throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		Map<?, ?> client = keycloak.client(ConsoleBrowserTests.REALM, clientId);
		String uuid = (String) client.get("id");
		List<Object> redirects = new ArrayList<>((List<?>) client.get("redirectUris"));
		OperatorCallback callback = new OperatorCallback(server, keycloak, uuid, redirects);
		server.createContext("/callback", (exchange) -> {
			String query = exchange.getRequestURI().getRawQuery();
			for (String pair : (query == null) ? new String[0] : query.split("&")) {
				if (pair.startsWith("code=")) {
					callback.code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
				}
			}
			byte[] page = "<html><body>Operator callback</body></html>".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		server.start();
		List<Object> withOurs = new ArrayList<>(redirects);
		withOurs.add(callback.uri().toString());
		callback.setRedirects(withOurs);
		return callback;
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/callback");
	}

	String code() {
		return this.code;
	}

	private void setRedirects(List<Object> redirects) {
		String body = JSONObjectUtils.toJSONString(Map.of("redirectUris", redirects));
		HttpResponse<String> updated = this.keycloak.admin("PUT",
				"/admin/realms/" + ConsoleBrowserTests.REALM + "/clients/" + this.clientUuid, body);
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
	}

	@Override
	public void close() {
		try {
			setRedirects(this.originalRedirects);
		}
		finally {
			this.server.stop(0);
		}
	}

}
