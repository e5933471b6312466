package dev.agentauth.merchant.signature;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.ErrorCode;

/**
 * Reads the body once, bounded, so the signature's Content-Digest can be checked and the controller can still
 * read the same bytes afterwards.
 *
 * @since 0.1.0
 */
public final class CachedBodyRequest extends HttpServletRequestWrapper {

	private byte @Nullable [] body;

	public CachedBodyRequest(HttpServletRequest request) {
		super(request);
	}

	/**
	 * The body bytes, read at most once.
	 * @param maxBytes the most bytes accepted
	 * @throws AgentAuthenticationException {@code body_too_large} when the body is longer
	 */
	public byte[] body(long maxBytes) throws IOException {
		if (this.body == null) {
			if (getContentLengthLong() > maxBytes) {
				throw new AgentAuthenticationException(ErrorCode.BODY_TOO_LARGE, "The request body is too large");
			}
			byte[] read = read(super.getInputStream(), getContentLengthLong(), maxBytes);
			if (read.length > maxBytes) {
				throw new AgentAuthenticationException(ErrorCode.BODY_TOO_LARGE, "The request body is too large");
			}
			this.body = read;
		}
		return this.body;
	}

	// With a declared length the body is read straight into an array of that length: the one copy that is
	// kept, digested and handed to the controller (InputStream.readNBytes(int) would fill a 16 KiB buffer first
	// and copy it). A body longer than declared is read on, bounded, and then refused by the caller; without a
	// declared length (chunked) the general bounded read is used.
	static byte[] read(InputStream in, long declaredLength, long maxBytes) throws IOException {
		int bound = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
		if (declaredLength < 0 || declaredLength >= bound) {
			return in.readNBytes(bound);
		}
		byte[] body = new byte[(int) declaredLength];
		int read = in.readNBytes(body, 0, body.length);
		if (read < body.length) {
			return Arrays.copyOf(body, read);
		}
		int next = in.read();
		if (next < 0) {
			return body;
		}
		byte[] rest = in.readNBytes(bound - body.length - 1);
		byte[] longer = Arrays.copyOf(body, body.length + 1 + rest.length);
		longer[body.length] = (byte) next;
		System.arraycopy(rest, 0, longer, body.length + 1, rest.length);
		return longer;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.body == null) {
			return super.getInputStream();
		}
		ByteArrayInputStream in = new ByteArrayInputStream(this.body);
		return new ServletInputStream() {

			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return in.read(b, off, len);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("The body is already read");
			}

		};
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.body == null) {
			return super.getReader();
		}
		String encoding = getCharacterEncoding();
		Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
		return new BufferedReader(new InputStreamReader(getInputStream(), charset));
	}

}
