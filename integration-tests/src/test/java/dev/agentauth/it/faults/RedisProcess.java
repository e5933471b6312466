package dev.agentauth.it.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.agentauth.test.Eventually;

/**
 * A Redis server of a fault test's own (Debian's {@code redis-server}, on a free loopback port, nothing kept on
 * disk), so the test can kill and restart it without touching the machine's Redis at 6379.
 */
public final class RedisProcess implements AutoCloseable {

	private final int port;

	private final Path log;

	private Process process;

	private RedisProcess(int port, Path log) {
		this.port = port;
		this.log = log;
	}

	/** Starts {@code redis-server} on a free port, logging to {@code target/<name>.log}. */
	public static RedisProcess start(String name) {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			RedisProcess redis = new RedisProcess(probe.getLocalPort(), Path.of("target", name + ".log"));
			probe.close();
			redis.restart();
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** Kills the server at once (SIGKILL): its data is gone, as after a crash of a Redis without persistence. */
	public void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/** Starts the server (again, empty) on the same port and waits until it answers PING. */
	public void restart() {
		kill();
		try {
			this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
			Process started = this.process;
			Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start redis-server (Debian package redis-server)", ex);
		}
		if (Eventually.poll(Duration.ofSeconds(30), Duration.ofMillis(100), this::ping, Boolean::booleanValue)) {
			return;
		}
		throw new IllegalStateException("redis-server did not answer on port " + this.port + "; see " + this.log);
	}

	private boolean ping() {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(1000);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.read(answer);
			return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		kill();
	}

}
