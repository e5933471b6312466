package dev.agentauth.it.merchant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.test.Eventually;

/**
 * The demo merchant's runnable jar, started once per test JVM as a real process on a free port, pointed at the
 * shared {@link KeycloakServer}'s {@code agentic-commerce} realm.
 */
public final class MerchantServer {

	private static MerchantServer instance;

	private final URI baseUri;

	private final List<String> command;

	private final Path log;

	private Process process;

	private MerchantServer(URI baseUri, List<String> command, Path log) {
		this.baseUri = baseUri;
		this.command = command;
		this.log = log;
	}

	/** The merchant shared by the test classes (in-memory state, revocation feed on). */
	public static synchronized MerchantServer get() {
		if (instance == null) {
			instance = start("merchant", List.of());
		}
		return instance;
	}

	/**
	 * Another merchant process of its own (log {@code target/<name>.log}), e.g. with
	 * {@code --agentauth.state.store=redis}; stop it when done.
	 */
	public static MerchantServer start(String name, List<String> extraArgs) {
		return start(name, KeycloakServer.get().uri("/realms/agentic-commerce"), extraArgs);
	}

	/**
	 * Another merchant process of its own whose registry and issuer is {@code issuer} (e.g. the realm behind a
	 * proxy that a fault test breaks); stop it when done.
	 */
	public static MerchantServer start(String name, URI issuer, List<String> extraArgs) {
		return start(name, issuer, List.of(), extraArgs);
	}

	/** As {@link #start(String, URI, List)}, with options for the JVM (e.g. {@code -Xmx256m}). */
	public static MerchantServer start(String name, URI issuer, List<String> jvmArgs, List<String> extraArgs) {
		return start(name, issuer, "demo-merchant", "demo-merchant-secret", jvmArgs, extraArgs);
	}

	/** A merchant process for another realm and merchant client (revocation feed on with that client). */
	public static MerchantServer start(String name, String realm, String merchantId, String clientSecret,
			List<String> extraArgs) {
		return start(name, KeycloakServer.get().uri("/realms/" + realm), merchantId, clientSecret, List.of(),
				extraArgs);
	}

	/**
	 * A merchant process configured by {@code args} alone: the demo's {@code application.properties} is not read
	 * (so its {@code agentauth.registry.issuer-uri} does not apply), e.g. for several registries
	 * ({@code agentauth.registries[n]}); stop it when done.
	 */
	public static MerchantServer startConfigured(String name, List<String> args) {
		List<String> all = new java.util.ArrayList<>(List.of("--spring.config.name=agentauth-it-none",
				"--agentauth.protected-paths=/api/**", "--spring.application.name=" + name));
		all.addAll(args);
		return launchNew(name, List.of(), all);
	}

	private static MerchantServer start(String name, URI issuer, String merchantId, String clientSecret,
			List<String> jvmArgs, List<String> extraArgs) {
		List<String> args = new java.util.ArrayList<>(List.of("--agentauth.registry.issuer-uri=" + issuer,
				"--agentauth.merchant-id=" + merchantId, "--agentauth.revocation.client-secret=" + clientSecret));
		args.addAll(extraArgs);
		return launchNew(name, jvmArgs, args);
	}

	private static MerchantServer launchNew(String name, List<String> jvmArgs, List<String> args) {
		Path jar = Path.of(System.getProperty("agentauth.merchant.jar", "../demo/target/demo-0.1.0-SNAPSHOT.jar"));
		Path log = Path.of("target", name + ".log");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No demo merchant jar at " + jar + "; run through Maven");
		}
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			List<String> command = new java.util.ArrayList<>(List.of(java.toString()));
			command.addAll(jvmArgs);
			command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
			command.addAll(args);
			MerchantServer server = new MerchantServer(URI.create("http://127.0.0.1:" + port), List.copyOf(command), log);
			server.launch();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the process (and waits for it). */
	public void stop() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops and starts the process again on the same port with the same arguments. */
	public void restart() {
		stop();
		try {
			launch();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void launch() throws IOException {
		this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		Process started = this.process;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
		awaitReady(this.log);
	}

	private void awaitReady(Path log) {
		HttpClient http = HttpClient.newHttpClient();
		boolean ready = Eventually.poll(Duration.ofSeconds(120), Duration.ofMillis(500), () -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The demo merchant exited during start-up; see " + log);
			}
			try {
				// any answer will do: an unsigned request is refused with 401
				http.send(HttpRequest.newBuilder(uri("/api/v1/products")).build(), HttpResponse.BodyHandlers.discarding());
				return true;
			}
			catch (IOException ex) {
				// not listening yet
				return false;
			}
		}, Boolean::booleanValue);
		if (ready) {
			return;
		}
		this.process.destroy();
		throw new IllegalStateException("The demo merchant did not start within 120 s; see " + log);
	}

	/** The merchant process's id (for jcmd, /proc). */
	public long pid() {
		return this.process.pid();
	}

	/** Whether the process is running. */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	public URI uri(String path) {
		return this.baseUri.resolve(path);
	}

	/**
	 * A signed {@code GET /api/v1/products} to this merchant, as the agent with {@code key} sends it, with
	 * {@code Authorization: Agent <token>} when a delegation token is given; the caller sends it with its own
	 * client.
	 */
	public HttpRequest signedProducts(AgentKeyPair key, String delegationToken) throws AgentAuthException {
		return signedProducts(key, delegationToken, null);
	}

	/** {@link #signedProducts(AgentKeyPair, String)} with a request timeout (when not null). */
	public HttpRequest signedProducts(AgentKeyPair key, String delegationToken, Duration timeout)
			throws AgentAuthException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/products")).GET();
		if (delegationToken != null) {
			request.header("Authorization", "Agent " + delegationToken);
		}
		if (timeout != null) {
			request.timeout(timeout);
		}
		return new AgentRequestSigner(key).sign(request.build(), null);
	}

}
