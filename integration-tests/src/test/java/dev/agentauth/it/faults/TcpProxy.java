package dev.agentauth.it.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a real server, for fault tests: {@link #down()} closes the port and every
 * connection (the server looks dead: connection refused), {@link #up()} opens it again on the same port, and
 * {@link #delay(Duration)} holds every chunk the server sends back for that long (a slow server). Bytes pass
 * unchanged, so the server sees the proxy's address as its host (tokens it issues name that issuer).
 */
public final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicLong connections = new AtomicLong();

	private volatile ServerSocket server;

	private volatile long delayMillis;

	private TcpProxy(int targetPort, int port) {
		this.targetPort = targetPort;
		this.port = port;
	}

	/** A proxy on a free loopback port to {@code 127.0.0.1:targetPort}, up. */
	public static TcpProxy start(int targetPort) {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			TcpProxy proxy = new TcpProxy(targetPort, probe.getLocalPort());
			probe.close();
			proxy.up();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code http://127.0.0.1:<port><path>}. */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** Connections accepted so far. */
	public long connections() {
		return this.connections.get();
	}

	/** Opens the port (again). */
	public synchronized void up() {
		if (this.server != null) {
			return;
		}
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.server = socket;
			Thread.ofVirtual().name("tcp-proxy-" + this.port).start(() -> accept(socket));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Closes the port and every open connection. */
	public synchronized void down() {
		ServerSocket socket = this.server;
		this.server = null;
		closeQuietly(socket);
		for (Socket open : this.sockets) {
			closeQuietly(open);
		}
		this.sockets.clear();
	}

	/** Holds each chunk of the server's answers for {@code delay} (zero: none). */
	public void delay(Duration delay) {
		this.delayMillis = delay.toMillis();
	}

	@Override
	public void close() {
		down();
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				this.connections.incrementAndGet();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(upstream);
				Thread.ofVirtual().start(() -> pump(client, upstream, false));
				Thread.ofVirtual().start(() -> pump(upstream, client, true));
			}
			catch (IOException ex) {
				// closed by down(), or the target refused: the client's connection is dropped
			}
		}
	}

	private void pump(Socket from, Socket to, boolean answers) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			for (int read; (read = in.read(buffer)) >= 0;) {
				long delay = this.delayMillis;
				if (answers && delay > 0) {
					Thread.sleep(delay);
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// a side closed
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// closing
			}
		}
	}

}
