package dev.agentauth.it.provider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Web Bot Auth key directory served by a node process ({@code src/test/node/web-bot-auth-directory}) that signs
 * its responses with Cloudflare's npm {@code web-bot-auth} package: two fresh Ed25519 keys per process, on a free
 * port of 127.0.0.1. Shared by the tests that need a real directory (REST and browser).
 */
public final class WebBotAuthDirectory implements AutoCloseable {

	private static final Path NODE_DIR = Path.of("src/test/node/web-bot-auth-directory");

	private final Process process;

	private final int port;

	private final List<Map<String, Object>> keys;

	@SuppressWarnings("unchecked")
	private WebBotAuthDirectory(Process process, Map<String, Object> started) {
		this.process = process;
		this.port = ((Number) started.get("port")).intValue();
		this.keys = (List<Map<String, Object>>) started.get("keys");
	}

	/** Installs the package once ({@code npm ci}), then starts a directory and waits for its first line. */
	public static WebBotAuthDirectory start() throws IOException, InterruptedException {
		if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
			Process ci = new ProcessBuilder("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund")
				.directory(NODE_DIR.toFile())
				.redirectErrorStream(true)
				.redirectOutput(Path.of("target", "web-bot-auth-npm-ci.log").toFile())
				.start();
			assertThat(ci.waitFor(180, TimeUnit.SECONDS) && ci.exitValue() == 0)
				.as("npm ci in " + NODE_DIR + " (see target/web-bot-auth-npm-ci.log)").isTrue();
		}
		Process process = new ProcessBuilder("node", "server.mjs", "0").directory(NODE_DIR.toFile())
			.redirectError(Path.of("target", "web-bot-auth-directory.log").toFile())
			.start();
		String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
			.readLine();
		if (line == null) {
			process.destroy();
		}
		assertThat(line).as("the directory server's first line (see target/web-bot-auth-directory.log)").isNotNull();
		return new WebBotAuthDirectory(process, KeycloakServer.json(line));
	}

	public int port() {
		return this.port;
	}

	/** The directory's address, as an admin gives it to Keycloak. */
	public String url() {
		return "http://127.0.0.1:" + this.port + "/.well-known/http-message-signatures-directory";
	}

	/** The public JWKs it started with (the first one signs the directory). */
	public List<Map<String, Object>> keys() {
		return this.keys;
	}

	/** Removes its last key: a key leaving the directory. */
	public void drop() throws IOException, InterruptedException {
		HttpResponse<Void> dropped = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/drop"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(dropped.statusCode()).isEqualTo(204);
	}

	@Override
	public void close() {
		this.process.destroy();
	}

}
