package dev.agentauth.client.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationTokenManager;

/**
 * Settings of an agent application ({@code agentauth.agent.*}); not to be confused with the merchant starter's
 * {@code agentauth.*} verification settings.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("agentauth.agent")
public class AgentAuthAgentProperties {

	/** The agent's id in the registry (needed for delegation tokens). */
	private @Nullable String id;

	/** The agent's private key: a private JWK (JSON) or a PKCS#8 PEM file. */
	private @Nullable Path keyFile;

	/** The registry realm, e.g. https://id.example/realms/shop (needed for delegation tokens). */
	private @Nullable URI issuerUri;

	/** Lifetime of each request signature (expires - created); at most the merchants' maximum (300 s default). */
	private Duration signatureLifetime = AgentRequestSigner.DEFAULT_LIFETIME;

	/** Whether to send the alg signature parameter. */
	private boolean includeAlgorithm;

	private final Operator operator = new Operator();

	private final Delegation delegation = new Delegation();

	public @Nullable String getId() {
		return this.id;
	}

	public void setId(@Nullable String id) {
		this.id = id;
	}

	public @Nullable Path getKeyFile() {
		return this.keyFile;
	}

	public void setKeyFile(@Nullable Path keyFile) {
		this.keyFile = keyFile;
	}

	public @Nullable URI getIssuerUri() {
		return this.issuerUri;
	}

	public void setIssuerUri(@Nullable URI issuerUri) {
		this.issuerUri = issuerUri;
	}

	public Duration getSignatureLifetime() {
		return this.signatureLifetime;
	}

	public void setSignatureLifetime(Duration signatureLifetime) {
		this.signatureLifetime = signatureLifetime;
	}

	public boolean isIncludeAlgorithm() {
		return this.includeAlgorithm;
	}

	public void setIncludeAlgorithm(boolean includeAlgorithm) {
		this.includeAlgorithm = includeAlgorithm;
	}

	public Operator getOperator() {
		return this.operator;
	}

	public Delegation getDelegation() {
		return this.delegation;
	}

	/** The operator's confidential client at the realm (consent, code redemption, token exchange). */
	public static class Operator {

		/** The operator's client id. */
		private @Nullable String clientId;

		/** The operator's client secret (client_secret_basic). */
		private @Nullable String clientSecret;

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

	}

	/** Delegation tokens. */
	public static class Delegation {

		/** Renew a delegation token (and refresh the consumer's token) once less than this is left. */
		private Duration renewBefore = DelegationTokenManager.DEFAULT_RENEW_BEFORE;

		/** Timeout of calls to the realm's token endpoint. */
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getRenewBefore() {
			return this.renewBefore;
		}

		public void setRenewBefore(Duration renewBefore) {
			this.renewBefore = renewBefore;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
