package dev.agentauth.it.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.test.Eventually;

/**
 * One real Keycloak 26.7.3 per test JVM: the distribution unpacked by Maven into {@code target/keycloak}, our
 * provider jar in {@code providers/}, the realms of {@code realm-config/} imported. Started on first use on free
 * ports, stopped when the JVM exits. With {@code AGENTAUTH_TEST_KC_DB=postgres} (CI) it runs on the machine's
 * PostgreSQL ({@code 127.0.0.1:5432/test}, schema {@code agentauth_it}, recreated empty at every start), else on
 * Keycloak's dev database.
 * <p>
 * {@link #stock()} is a second one, for the compatibility suite: Keycloak as distributed (its own copy of the
 * distribution in {@code target/keycloak-stock}, no provider jar, no realm imported, no option of ours), on its
 * own free ports and its own dev database.
 */
public final class KeycloakServer {

	public static final String ADMIN_USER = "admin";

	public static final String ADMIN_PASSWORD = "admin";

	/** {@code Cache-Control: max-age} the server is started with for the registry's public lookups. */
	public static final int PUBLIC_MAX_AGE_SECONDS = 30;

	/** Rotation overlap window the server is started with (default is 48 h), short so tests see it end. */
	public static final int ROTATION_OVERLAP_SECONDS = 10;

	/** The shortest time between two scheduled fetches of an agent provider the server is started with. */
	public static final int PROVIDER_MIN_REFRESH_SECONDS = 2;

	// a first start also runs Keycloak's build step (Quarkus augmentation); on a busy 2-core machine the two took
	// 270 s and more; -Dagentauth.keycloak.startup-timeout=<seconds> for an even busier one
	private static final Duration STARTUP_TIMEOUT = Duration
		.ofSeconds(Long.getLong("agentauth.keycloak.startup-timeout", 600));

	private static KeycloakServer instance;

	private static KeycloakServer stock;

	private static final Object STOCK_LOCK = new Object();

	private final URI baseUri;

	private final Process process;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private KeycloakServer(URI baseUri, Process process) {
		this.baseUri = baseUri;
		this.process = process;
	}

	/** The shared server, started on first call. */
	public static synchronized KeycloakServer get() {
		if (instance == null) {
			instance = start();
		}
		return instance;
	}

	/**
	 * Keycloak 26.7.3 as distributed, without our provider jar, started on first call; for comparing Keycloak's own
	 * behaviour with and without the extension. Its realms are created by the tests (admin REST).
	 */
	public static KeycloakServer stock() {
		// its own lock: it may start while the other one does
		synchronized (STOCK_LOCK) {
			if (stock == null) {
				stock = startStock();
			}
			return stock;
		}
	}

	private static KeycloakServer start() {
		Path home = Path.of(System.getProperty("agentauth.keycloak.home", "target/keycloak/keycloak-26.7.3"));
		Path log = logFile();
		requireDistribution(home);
		try {
			Files.deleteIfExists(log);
			importRealms(home);
			int httpPort = freePort();
			int managementPort = freePort();
			List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
					"--http-port=" + httpPort, "--http-management-port=" + managementPort, "--import-realm",
					// a non-default value, so the tests prove the setting is read
					"--spi-realm-restapi-extension--agents--max-age=" + PUBLIC_MAX_AGE_SECONDS,
					"--spi-agent-registry--jpa--rotation-overlap=" + ROTATION_OVERLAP_SECONDS,
					// agent providers: a scheduled fetch within seconds, so a test sees one
					"--spi-agent-provider--jpa--min-refresh=" + PROVIDER_MIN_REFRESH_SECONDS,
					"--spi-agent-provider--jpa--check-interval=1"));
			if ("postgres".equals(System.getenv("AGENTAUTH_TEST_KC_DB"))) {
				resetPostgresSchema("agentauth_it");
				command.addAll(List.of("--db=postgres", "--db-url=jdbc:postgresql://127.0.0.1:5432/test",
						"--db-username=postgres", "--db-password=unused", "--db-schema=agentauth_it"));
			}
			else {
				command.add("--db=dev-file");
				// a fresh dev database per run, like the PostgreSQL schema
				deleteRecursively(home.resolve("data/h2"));
			}
			return launch(command, httpPort, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static KeycloakServer startStock() {
		Path home = Path.of(System.getProperty("agentauth.keycloak.stock-home",
				"target/keycloak-stock/keycloak-26.7.3"));
		Path log = Path.of(System.getProperty("agentauth.keycloak.stock-log", "target/keycloak-stock.log"));
		requireDistribution(home);
		try (Stream<Path> providers = Files.list(home.resolve("providers"))) {
			List<Path> jars = providers.filter((file) -> file.toString().endsWith(".jar")).toList();
			if (!jars.isEmpty()) {
				throw new IllegalStateException("The stock Keycloak at " + home + " has provider jars: " + jars);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			Files.deleteIfExists(log);
			deleteRecursively(home.resolve("data/h2"));
			int httpPort = freePort();
			return launch(List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + httpPort,
					"--http-management-port=" + freePort(), "--db=dev-file"), httpPort, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void requireDistribution(Path home) {
		if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
			throw new IllegalStateException("No Keycloak distribution at " + home + "; run through Maven");
		}
	}

	private static KeycloakServer launch(List<String> command, int httpPort, Path log) {
		return launch(command, httpPort, log, Map.of());
	}

	/**
	 * Starts {@code command} (a {@code kc.sh} invocation) with the bootstrap admin, waits until the master realm
	 * answers on {@code httpPort}, and stops it when the JVM exits. {@code environment} is added to the process's,
	 * e.g. {@code JAVA_OPTS_APPEND} for a cluster node's JGroups address.
	 */
	static KeycloakServer launch(List<String> command, int httpPort, Path log, Map<String, String> environment) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
			builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
			builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
			// e.g. a JFR recording for a benchmark: -Dagentauth.keycloak.java-opts="-XX:StartFlightRecording=..."
			String javaOpts = System.getProperty("agentauth.keycloak.java-opts", "");
			if (!javaOpts.isBlank()) {
				builder.environment().merge("JAVA_OPTS_APPEND", javaOpts, (a, b) -> a + " " + b);
			}
			Process process = builder.start();
			KeycloakServer server = new KeycloakServer(URI.create("http://127.0.0.1:" + httpPort), process);
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
			try {
				server.awaitReady(log);
			}
			catch (RuntimeException ex) {
				// else the next test class starts a second Keycloak next to this one
				server.stop();
				throw ex;
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void importRealms(Path home) throws IOException {
		Path source = Path.of(System.getProperty("agentauth.realm-config", "../realm-config"));
		Path target = home.resolve("data/import");
		Files.createDirectories(target);
		try (Stream<Path> files = Files.list(source)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().endsWith("-realm.json")).toList()) {
				Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/** Drops and recreates {@code schema} in the machine's PostgreSQL ({@code 127.0.0.1:5432/test}), empty. */
	static void resetPostgresSchema(String schema) {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres",
				"unused"); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot prepare PostgreSQL schema " + schema + " at 127.0.0.1:5432/test", ex);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private void awaitReady(Path log) {
		boolean ready = Eventually.poll(STARTUP_TIMEOUT, Duration.ofSeconds(1), () -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Keycloak exited during start-up:\n" + tail(log));
			}
			try {
				return this.http.send(HttpRequest.newBuilder(this.baseUri.resolve("/realms/master")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException ex) {
				// not listening yet
				return false;
			}
		}, Boolean::booleanValue);
		if (ready) {
			return;
		}
		stop();
		throw new IllegalStateException("Keycloak not ready within " + STARTUP_TIMEOUT + ":\n" + tail(log));
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log at " + log + ")";
		}
	}

	/**
	 * The same helpers for a Keycloak reached at another address, e.g. a proxy in front of a cluster's nodes; it
	 * has no process of its own.
	 */
	public static KeycloakServer at(URI baseUri) {
		return new KeycloakServer(baseUri, null);
	}

	/** Whether the process still runs (false for a view made by {@link #at}). */
	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/** Kills the process at once (SIGKILL), as a crash would. */
	public void kill() {
		if (this.process != null) {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	void stop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Keycloak's console output (its log) of this run. */
	public static Path logFile() {
		return Path.of(System.getProperty("agentauth.keycloak.log", "target/keycloak.log"));
	}

	/** CPU time the Keycloak process and its children have used so far (for benchmarks). */
	public Duration cpuTime() {
		return Stream.concat(Stream.of(this.process.toHandle()), this.process.descendants())
			.map((handle) -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
			.reduce(Duration.ZERO, Duration::plus);
	}

	public URI baseUri() {
		return this.baseUri;
	}

	public URI uri(String path) {
		return this.baseUri.resolve(path);
	}

	public HttpClient http() {
		return this.http;
	}

	/** An access token of the master realm's bootstrap admin. */
	public String adminToken() {
		return passwordToken("master", "admin-cli", ADMIN_USER, ADMIN_PASSWORD);
	}

	/** A token from the password grant (the client must allow direct access grants). */
	public String passwordToken(String realm, String clientId, String username, String password) {
		String form = "grant_type=password&client_id=" + encode(clientId) + "&username=" + encode(username)
				+ "&password=" + encode(password);
		return token(realm, form);
	}

	/** A token from the client-credentials grant. */
	public String clientToken(String realm, String clientId, String secret) {
		return token(realm, "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret="
				+ encode(secret));
	}

	private String token(String realm, String form) {
		HttpResponse<String> response = send(HttpRequest
			.newBuilder(uri("/realms/" + realm + "/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Token request failed: " + response.statusCode() + " " + response.body());
		}
		return (String) json(response.body()).get("access_token");
	}

	/** Sends a JSON request as the admin ({@code body} may be null). */
	public HttpResponse<String> admin(String method, String path, String body) {
		return withToken(adminToken(), method, path, body);
	}

	public HttpResponse<String> withToken(String token, String method, String path, String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json");
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		builder.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body));
		return send(builder.build());
	}

	public HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The admin representation of the client {@code clientId} of {@code realm}, failing unless exactly one client
	 * has that id (Keycloak's {@code clientId} query matches exactly unless {@code search=true}).
	 */
	public Map<String, Object> client(String realm, String clientId) {
		HttpResponse<String> response = admin("GET",
				"/admin/realms/" + encode(realm) + "/clients?clientId=" + encode(clientId), null);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Client lookup failed: " + response.statusCode() + " " + response.body());
		}
		List<Object> clients;
		try {
			clients = JSONArrayUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Not a JSON array: " + response.body(), ex);
		}
		if (clients.size() != 1 || !(clients.get(0) instanceof Map<?, ?>)) {
			throw new IllegalStateException(
					"Expected one client " + clientId + " in realm " + realm + ", found " + clients.size());
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> client = (Map<String, Object>) clients.get(0);
		return client;
	}

	/** The internal id (UUID) of the client {@code clientId} of {@code realm}, as the admin REST API uses it. */
	public String clientUuid(String realm, String clientId) {
		return (String) client(realm, clientId).get("id");
	}

	public static Map<String, Object> json(String body) {
		try {
			return JSONObjectUtils.parse(body);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Not a JSON object: " + body, ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
