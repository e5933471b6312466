package dev.agentauth.merchant.signature;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

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
			InputStream in = super.getInputStream();
			byte[] read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
			if (read.length > maxBytes) {
				throw new AgentAuthenticationException(ErrorCode.BODY_TOO_LARGE, "The request body is too large");
			}
			this.body = read;
		}
		return this.body;
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
