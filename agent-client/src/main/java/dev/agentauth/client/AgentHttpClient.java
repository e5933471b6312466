package dev.agentauth.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;

/**
 * A {@link HttpClient} that signs every request with an {@link AgentRequestSigner}. The body is passed as
 * bytes because a {@link HttpRequest}'s body publisher cannot be read back to compute its digest.
 *
 * <pre>
 * AgentHttpClient client = new AgentHttpClient(HttpClient.newHttpClient(), new AgentRequestSigner(keyPair));
 * HttpRequest request = HttpRequest.newBuilder(URI.create("https://shop.example/orders"))
 *     .header("Content-Type", "application/json")
 *     .header("Authorization", "Agent " + delegationToken)
 *     .POST(HttpRequest.BodyPublishers.noBody())   // replaced by the signed body
 *     .build();
 * HttpResponse&lt;String&gt; response = client.send(request, json, HttpResponse.BodyHandlers.ofString());
 * </pre>
 *
 * @since 0.1.0
 */
public final class AgentHttpClient {

	private final HttpClient httpClient;

	private final AgentRequestSigner signer;

	public AgentHttpClient(HttpClient httpClient, AgentRequestSigner signer) {
		this.httpClient = Objects.requireNonNull(httpClient, "httpClient cannot be null");
		this.signer = Objects.requireNonNull(signer, "signer cannot be null");
	}

	/**
	 * Signs and sends {@code request} with {@code body}, returning the body as bytes.
	 * @throws AgentAuthException if the request cannot be signed
	 */
	public HttpResponse<byte[]> send(HttpRequest request, byte @Nullable [] body)
			throws IOException, InterruptedException, AgentAuthException {
		return send(request, body, HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * Signs and sends {@code request} with {@code body}.
	 * @throws AgentAuthException if the request cannot be signed
	 */
	public <T> HttpResponse<T> send(HttpRequest request, byte @Nullable [] body,
			HttpResponse.BodyHandler<T> responseBodyHandler) throws IOException, InterruptedException, AgentAuthException {
		Objects.requireNonNull(responseBodyHandler, "responseBodyHandler cannot be null");
		return this.httpClient.send(this.signer.sign(request, body), responseBodyHandler);
	}

	/** The wrapped client. */
	public HttpClient httpClient() {
		return this.httpClient;
	}

	/** The signer. */
	public AgentRequestSigner signer() {
		return this.signer;
	}

}
