package dev.agentauth.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.agentauth.test.Eventually;

/**
 * The machine's nginx (Debian's package, {@code /usr/sbin/nginx}) started by a test with one of the configuration
 * files shipped in {@code deploy/nginx/}: only its ports are swapped for free loopback ports, and pid, log and
 * temporary paths are put under a prefix directory in {@code target/}. A missing nginx fails the test (CI installs
 * it), it is never skipped.
 */
final class Nginx {

	static final Path BINARY = Path.of("/usr/sbin/nginx");

	private final Process process;

	private final Path prefix;

	private final int port;

	private Nginx(Process process, Path prefix, int port) {
		this.process = process;
		this.prefix = prefix;
		this.port = port;
	}

	/**
	 * Starts nginx with {@code shipped}, where {@code listen 8000}, the gateway {@code 127.0.0.1:8080} and the shop
	 * {@code 127.0.0.1:9000} become the given ports.
	 */
	static Nginx start(Path shipped, int port, int gatewayPort, int shopPort) {
		if (!Files.isExecutable(BINARY)) {
			throw new IllegalStateException("nginx is not installed at " + BINARY + " (apt-get install nginx)");
		}
		try {
			Path prefix = Files.createDirectories(Path.of("target", "nginx-" + port).toAbsolutePath());
			Files.createDirectories(prefix.resolve("logs"));
			String config = Files.readString(shipped);
			config = replaceOnce(config, "listen 8000;", "listen 127.0.0.1:" + port + ";");
			config = replaceOnce(config, "server 127.0.0.1:8080;", "server 127.0.0.1:" + gatewayPort + ";");
			config = replaceOnce(config, "server 127.0.0.1:9000;", "server 127.0.0.1:" + shopPort + ";");
			config = replaceOnce(config, "http {", "http {\n    access_log " + prefix.resolve("logs/access.log")
					+ ";\n    client_body_temp_path " + prefix.resolve("client_body") + ";\n    proxy_temp_path "
					+ prefix.resolve("proxy") + ";\n    fastcgi_temp_path " + prefix.resolve("fastcgi")
					+ ";\n    uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n    scgi_temp_path "
					+ prefix.resolve("scgi") + ";");
			Path conf = prefix.resolve("nginx.conf");
			Files.writeString(conf, config);
			Path errorLog = prefix.resolve("logs/error.log");
			Process process = new ProcessBuilder(List.of(BINARY.toString(), "-p", prefix.toString(), "-c",
					conf.toString(), "-e", errorLog.toString(), "-g",
					"daemon off; master_process on; pid " + prefix.resolve("nginx.pid") + "; error_log " + errorLog
							+ " info;"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(prefix.resolve("logs/stdout.log").toFile()))
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
			Nginx nginx = new Nginx(process, prefix, port);
			nginx.awaitListening();
			return nginx;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String replaceOnce(String text, String from, String to) {
		int at = text.indexOf(from);
		if (at < 0 || text.indexOf(from, at + 1) >= 0) {
			throw new IllegalStateException("Expected '" + from + "' once in the shipped nginx configuration");
		}
		return text.replace(from, to);
	}

	private void awaitListening() {
		boolean listening = Eventually.poll(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("nginx exited at start-up; see " + this.prefix.resolve("logs"));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}, Boolean::booleanValue);
		if (!listening) {
			stop();
			throw new IllegalStateException("nginx did not listen within 20 s; see " + this.prefix.resolve("logs"));
		}
	}

	void stop() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
