package dev.agentauth.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An upstream as simple as Python's {@code http.server} or a plain WSGI stack: it reads the request head and then
 * exactly {@code Content-Length} bytes of body, and nothing else (no chunked decoding, no upgrade). It records the
 * request line, the header fields as sent (names unchanged) and the body, and answers 200 {@code {"ok":true}}
 * with {@code Connection: close}.
 */
final class ContentLengthUpstream {

	private final ServerSocket server;

	private final BlockingQueue<Raw> received = new LinkedBlockingQueue<>();

	private ContentLengthUpstream(ServerSocket server) {
		this.server = server;
	}

	static ContentLengthUpstream start() {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			ContentLengthUpstream upstream = new ContentLengthUpstream(server);
			Thread thread = new Thread(upstream::serve, "content-length-upstream");
			thread.setDaemon(true);
			thread.start();
			return upstream;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** The next request received (waits up to 5 s), or null. */
	Raw next() throws InterruptedException {
		return this.received.poll(5, TimeUnit.SECONDS);
	}

	void stop() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				socket.setSoTimeout(5000);
				InputStream in = socket.getInputStream();
				List<String> lines = new ArrayList<>();
				for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
					lines.add(line);
				}
				if (lines.isEmpty()) {
					continue;
				}
				Raw head = new Raw(lines.get(0), lines.subList(1, lines.size()), new byte[0]);
				String length = head.header("Content-Length");
				byte[] body = (length != null) ? in.readNBytes(Integer.parseInt(length.trim())) : new byte[0];
				this.received.add(new Raw(head.requestLine(), head.fields(), body));
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
						+ "Connection: close\r\n\r\n{\"ok\":true}").getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException | RuntimeException ex) {
				// a broken request: the next one
			}
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b >= 0; b = in.read()) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

	/** One request as it arrived: the request line, the header field lines as sent, and the body. */
	record Raw(String requestLine, List<String> fields, byte[] body) {

		/** The first value of a field (name compared ignoring case, exactly as spelled otherwise), or null. */
		String header(String name) {
			List<String> values = headers(name);
			return values.isEmpty() ? null : values.get(0);
		}

		List<String> headers(String name) {
			List<String> values = new ArrayList<>();
			for (String field : this.fields) {
				int colon = field.indexOf(':');
				if (colon > 0 && field.substring(0, colon).equalsIgnoreCase(name)) {
					values.add(field.substring(colon + 1).trim());
				}
			}
			return values;
		}

		/** The field names in lower case, as a WSGI server sees them ({@code _} read as {@code -}). */
		List<String> wsgiNames() {
			return this.fields.stream()
				.map((field) -> field.substring(0, Math.max(0, field.indexOf(':'))).toLowerCase(Locale.ROOT).replace('_', '-'))
				.toList();
		}

	}

}
