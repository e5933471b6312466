package dev.agentauth.client.spring;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationRevokedException;
import dev.agentauth.client.DelegationTokenManager;
import dev.agentauth.client.SignatureHeaders;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.signature.SimpleHttpRequest;

/**
 * What {@link AgentSigningInterceptor} and {@link AgentSigningExchangeFilter} do alike to Spring's
 * {@link HttpHeaders}: clear an earlier attempt's signature, attach the delegation token, sign, and end a grant a
 * merchant refused as revoked.
 */
final class SpringSigning {

	private static final List<String> SIGNATURE_FIELDS = List.of("Signature", "Signature-Input", "Content-Digest");

	private SpringSigning() {
	}

	/** Removes the signature fields of an earlier attempt and sets {@code Authorization: Agent} for a token. */
	static void prepare(HttpHeaders headers, @Nullable String token) {
		SIGNATURE_FIELDS.forEach(headers::remove);
		if (token != null) {
			headers.set(HttpHeaders.AUTHORIZATION, "Agent " + token);
		}
	}

	/** Signs the request (method, URI, {@code headers}, {@code body}) and adds the signature fields to its headers. */
	static void sign(AgentRequestSigner signer, String method, URI uri, HttpHeaders headers, byte @Nullable [] body)
			throws AgentAuthException {
		SimpleHttpRequest.Builder view = SimpleHttpRequest.builder().method(method).uri(uri);
		for (String name : headers.headerNames()) {
			List<String> values = headers.get(name);
			if (values != null) {
				values.forEach((value) -> view.header(name, value));
			}
		}
		SignatureHeaders signature = signer.signatureHeaders(view.build(), body);
		signature.asMap().forEach(headers::set);
	}

	/**
	 * Ends {@code delegation}'s grant in {@code tokens} after the merchant at {@code authority} answered
	 * {@code grant_revoked}; the exception to throw.
	 */
	static DelegationRevokedException revoked(DelegationTokenManager tokens, AgentDelegation delegation,
			@Nullable String authority) {
		tokens.revoked(delegation.grantId(), AgentRefusals.GRANT_REVOKED,
				"the merchant " + authority + " refused the delegation as revoked");
		return new DelegationRevokedException(delegation.grantId(), AgentRefusals.GRANT_REVOKED,
				"The consumer revoked grant " + delegation.grantId() + " (answer of " + authority + ")");
	}

}
