package dev.agentauth.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The header fields an agent adds to sign one request, for HTTP clients other than {@code java.net.http}.
 *
 * @param contentDigest the {@code Content-Digest} value, or {@code null} when the request has no body
 * @param signatureInput the {@code Signature-Input} value
 * @param signature the {@code Signature} value
 * @since 0.1.0
 */
public record SignatureHeaders(@Nullable String contentDigest, String signatureInput, String signature) {

	public SignatureHeaders {
		Objects.requireNonNull(signatureInput, "signatureInput cannot be null");
		Objects.requireNonNull(signature, "signature cannot be null");
	}

	/** Field name to value, in the order to add them. */
	public Map<String, String> asMap() {
		Map<String, String> headers = new LinkedHashMap<>();
		if (this.contentDigest != null) {
			headers.put("Content-Digest", this.contentDigest);
		}
		headers.put("Signature-Input", this.signatureInput);
		headers.put("Signature", this.signature);
		return headers;
	}

}
