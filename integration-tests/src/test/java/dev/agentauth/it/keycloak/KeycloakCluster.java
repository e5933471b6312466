package dev.agentauth.it.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.agentauth.test.Eventually;

/**
 * A Keycloak cluster on this machine, as production runs one: N nodes of Keycloak 26.7.3 with our provider, in
 * production mode ({@code start --optimized}, HTTP on loopback, {@code --hostname-strict=false}), embedded
 * Infinispan ({@code --cache=ispn}) discovering each other with the JDBC-ping stack on the machine's PostgreSQL
 * (schema {@code agentauth_cluster}, recreated empty), each node with its own HTTP, management and JGroups ports.
 * In front of them, nginx: one listener that balances round-robin and one per node; all of them send the
 * round-robin listener's {@code Host}, so every node issues tokens with the same issuer, and a test can pick the
 * node a request goes to.
 * <p>
 * The same harness serves the cluster tests, a benchmark and a manual run (docs/operations.md).
 */
public final class KeycloakCluster implements AutoCloseable {

	/** The nodes' agent provider min-refresh (seconds). */
	public static final int PROVIDER_MIN_REFRESH_SECONDS = 3;

	/** How often each node looks for due agent providers (seconds); also how long the cluster task lock lasts. */
	public static final int PROVIDER_CHECK_INTERVAL_SECONDS = 2;

	/** The PostgreSQL schema the cluster shares. */
	public static final String SCHEMA = KeycloakServer.schema("agentauth_cluster");

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	private final Path base;

	private final List<KeycloakServer> nodes = new ArrayList<>();

	private final java.util.Set<Integer> ports = new java.util.HashSet<>();

	private final List<Integer> nodeHttpPorts = new ArrayList<>();

	private final List<Integer> nodeProxyPorts = new ArrayList<>();

	private int proxyPort;

	private Process nginx;

	private KeycloakCluster(Path base) {
		this.base = base;
	}

	/** Builds the production distribution once, starts {@code size} nodes (the first imports the realms) and nginx. */
	public static KeycloakCluster start(int size) {
		Path home = Path.of(System.getProperty("agentauth.keycloak.home", "target/keycloak/keycloak-26.7.3"));
		KeycloakServer.requireDistribution(home);
		if (!Files.isExecutable(NGINX)) {
			throw new IllegalStateException("nginx is not installed at " + NGINX + " (apt-get install nginx)");
		}
		KeycloakCluster cluster = new KeycloakCluster(Path.of("target", "keycloak-cluster").toAbsolutePath());
		try {
			KeycloakServer.deleteRecursively(cluster.base);
			Files.createDirectories(cluster.base);
			Path first = cluster.base.resolve("node-0");
			run(List.of("cp", "-a", home.toAbsolutePath().toString(), first.toString()));
			KeycloakServer.deleteRecursively(first.resolve("data"));
			// build-time options once (Quarkus augmentation), then every node starts --optimized from a copy
			run(List.of(first.resolve("bin/kc.sh").toString(), "build", "--db=postgres", "--cache=ispn",
					"--cache-stack=jdbc-ping", "--health-enabled=true"), cluster.base.resolve("build.log"));
			for (int i = 1; i < size; i++) {
				run(List.of("cp", "-a", first.toString(), cluster.base.resolve("node-" + i).toString()));
			}
			KeycloakServer.resetPostgresSchema(SCHEMA);
			for (int i = 0; i < size; i++) {
				cluster.nodeHttpPorts.add(cluster.port());
				cluster.nodeProxyPorts.add(cluster.port());
			}
			cluster.proxyPort = cluster.port();
			KeycloakServer.importRealms(first);
			for (int i = 0; i < size; i++) {
				cluster.nodes.add(cluster.startNode(i));
			}
			cluster.startNginx();
			return cluster;
		}
		catch (IOException | RuntimeException ex) {
			cluster.close();
			throw (ex instanceof IOException io) ? new UncheckedIOException(io) : (RuntimeException) ex;
		}
	}

	/** Keycloak through the round-robin listener: consecutive requests go to consecutive nodes. */
	public KeycloakServer proxy() {
		return KeycloakServer.at(URI.create("http://127.0.0.1:" + this.proxyPort));
	}

	/** Keycloak through node {@code index}'s own listener (same {@code Host}, hence the same issuer). */
	public KeycloakServer node(int index) {
		return KeycloakServer.at(URI.create("http://127.0.0.1:" + this.nodeProxyPorts.get(index)));
	}

	public int size() {
		return this.nodes.size();
	}

	/** SIGKILL of node {@code index}: no shutdown, as a crash. */
	public void kill(int index) {
		this.nodes.get(index).kill();
	}

	/** Starts node {@code index} again (after {@link #kill}); it rejoins the cluster. */
	public void restart(int index) throws IOException {
		this.nodes.set(index, startNode(index));
	}

	/** This node's log. */
	public Path log(int index) {
		return this.base.resolve("node-" + index + ".log");
	}

	@Override
	public void close() {
		if (this.nginx != null) {
			this.nginx.destroy();
		}
		for (KeycloakServer node : this.nodes) {
			node.stop();
		}
	}

	/**
	 * A free port none of this cluster's processes was given yet: the proxy's ports are chosen before the nodes start
	 * but bound after, so a plain free port for a node's management interface could be one of them (it was, once: the
	 * proxy could not bind and requests for node A reached its management interface).
	 */
	private synchronized int port() {
		while (true) {
			int port;
			try {
				port = KeycloakServer.freePort();
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			if (this.ports.add(port)) {
				return port;
			}
		}
	}

	private KeycloakServer startNode(int index) throws IOException {
		Path home = this.base.resolve("node-" + index);
		int httpPort = this.nodeHttpPorts.get(index);
		int jgroupsPort = port();
		List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
				"--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
				"--http-management-port=" + port(), "--hostname-strict=false",
				"--db-url=jdbc:postgresql://127.0.0.1:5432/test", "--db-username=postgres", "--db-password=unused",
				"--db-schema=" + SCHEMA,
				"--spi-realm-restapi-extension--agents--max-age=" + KeycloakServer.PUBLIC_MAX_AGE_SECONDS,
				"--spi-agent-registry--jpa--rotation-overlap=" + KeycloakServer.ROTATION_OVERLAP_SECONDS,
				// agent providers: scheduled fetches within seconds, so a test sees several
				"--spi-agent-provider--jpa--min-refresh=" + PROVIDER_MIN_REFRESH_SECONDS,
				"--spi-agent-provider--jpa--check-interval=" + PROVIDER_CHECK_INTERVAL_SECONDS));
		if (index == 0) {
			command.add("--import-realm");
		}
		String jgroups = "-Djgroups.bind.address=127.0.0.1 -Djgroups.bind.port=" + jgroupsPort;
		return KeycloakServer.launch(command, httpPort, log(index), Map.of("JAVA_OPTS_APPEND", jgroups));
	}

	private void startNginx() throws IOException {
		Path prefix = Files.createDirectories(this.base.resolve("nginx"));
		Files.createDirectories(prefix.resolve("logs"));
		String host = "127.0.0.1:" + this.proxyPort;
		StringBuilder servers = new StringBuilder();
		StringBuilder upstream = new StringBuilder("    upstream keycloak {\n");
		for (int i = 0; i < this.nodes.size(); i++) {
			upstream.append("        server 127.0.0.1:").append(this.nodeHttpPorts.get(i)).append(" max_fails=1 fail_timeout=5s;\n");
			servers.append(server(this.nodeProxyPorts.get(i), "http://127.0.0.1:" + this.nodeHttpPorts.get(i), host));
		}
		upstream.append("    }\n");
		servers.append(server(this.proxyPort, "http://keycloak", host));
		String config = "worker_processes 1;\nevents { worker_connections 256; }\nhttp {\n    access_log "
				+ prefix.resolve("logs/access.log") + ";\n    client_body_temp_path " + prefix.resolve("client_body")
				+ ";\n    proxy_temp_path " + prefix.resolve("proxy") + ";\n    fastcgi_temp_path "
				+ prefix.resolve("fastcgi") + ";\n    uwsgi_temp_path " + prefix.resolve("uwsgi")
				+ ";\n    scgi_temp_path " + prefix.resolve("scgi") + ";\n" + upstream + servers + "}\n";
		Path conf = prefix.resolve("nginx.conf");
		Files.writeString(conf, config);
		Path errorLog = prefix.resolve("logs/error.log");
		this.nginx = new ProcessBuilder(List.of(NGINX.toString(), "-p", prefix.toString(), "-c", conf.toString(), "-e",
				errorLog.toString(), "-g", "daemon off; master_process on; pid " + prefix.resolve("nginx.pid") + ";"))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(prefix.resolve("logs/stdout.log").toFile()))
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this.nginx::destroy));
		awaitListening(this.proxyPort);
	}

	// every listener sends the round-robin listener's Host: one issuer for the whole cluster; a dead node is
	// skipped (proxy_next_upstream) on the round-robin listener; long polls may wait 60 s
	private static String server(int port, String target, String host) {
		return "    server {\n        listen 127.0.0.1:" + port + ";\n        location / {\n            proxy_pass "
				+ target + ";\n            proxy_set_header Host " + host + ";\n"
				+ "            proxy_http_version 1.1;\n            proxy_set_header Connection \"\";\n"
				+ "            proxy_connect_timeout 2s;\n            proxy_read_timeout 90s;\n"
				+ "            proxy_next_upstream error timeout http_502 http_503;\n"
				+ "            proxy_buffer_size 64k;\n            proxy_buffers 8 64k;\n        }\n    }\n";
	}

	private void awaitListening(int port) {
		boolean listening = Eventually.poll(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
			if (!this.nginx.isAlive()) {
				throw new IllegalStateException("nginx exited at start-up; see " + this.base.resolve("nginx/logs"));
			}
			// nginx writes its pid file once every listener is bound (it retries a taken port for a few seconds
			// while the others already accept connections, then exits)
			if (!Files.exists(this.base.resolve("nginx/nginx.pid"))) {
				return false;
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}, Boolean::booleanValue);
		if (!listening) {
			throw new IllegalStateException("nginx did not listen within 20 s");
		}
	}

	private static void run(List<String> command) throws IOException {
		run(command, null);
	}

	private static void run(List<String> command, Path log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		if (log != null) {
			builder.redirectOutput(log.toFile());
		}
		Process process = builder.start();
		try {
			if (log == null) {
				process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
			}
			if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed" + ((log != null)
						? ":\n" + Files.readString(log) : ""));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
