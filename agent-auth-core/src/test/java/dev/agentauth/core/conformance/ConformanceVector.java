package dev.agentauth.core.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.InMemoryKeyResolver;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SignatureProfile;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.VerificationOutcome;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.profile.VerificationProfiles;
import dev.agentauth.core.signature.profile.WebBotAuthProfile;

/**
 * One vector of {@code conformance/vectors} (format in {@code conformance/README.md}), and how it runs against the
 * core verifier: a fixed clock at {@code now}, a key resolver over the vector's directory (by RFC 7638 thumbprint)
 * or JWKS (by {@code kid}), a fresh nonce store, and the profile the vector names.
 */
record ConformanceVector(Path file, String id, String description, String spec, String source, String profile,
		boolean allowTestKeys, @Nullable Long maxLifetimeSeconds, long now, SimpleHttpRequest request,
		byte @Nullable [] body, String keysType, @Nullable String keysUrl, List<Map<String, Object>> keys,
		boolean replay, String expectedOutcome, @Nullable String expectedCode) {

	static final Path ROOT = Path.of("..", "conformance", "vectors");

	static List<ConformanceVector> all() {
		try (Stream<Path> files = Files.walk(ROOT)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().map(ConformanceVector::read).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ConformanceVector read(Path file) {
		try {
			Map<String, Object> json = JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
			Map<String, Object> request = JSONObjectUtils.getJSONObject(json, "request");
			SimpleHttpRequest.Builder builder = SimpleHttpRequest.builder()
				.method(JSONObjectUtils.getString(request, "method"))
				.uri(JSONObjectUtils.getString(request, "uri"));
			JSONObjectUtils.getJSONObject(request, "headers").forEach((name, value) -> builder.header(name, (String) value));
			String body = JSONObjectUtils.getString(request, "body");
			Map<String, Object> keys = JSONObjectUtils.getJSONObject(json, "keys");
			Map<String, Object> expected = JSONObjectUtils.getJSONObject(json, "expected");
			return new ConformanceVector(file, JSONObjectUtils.getString(json, "id"),
					JSONObjectUtils.getString(json, "description"), JSONObjectUtils.getString(json, "spec"),
					JSONObjectUtils.getString(json, "source"), JSONObjectUtils.getString(json, "profile"),
					JSONObjectUtils.getBoolean(json, "allowTestKeys"),
					json.get("maxLifetimeSeconds") != null ? JSONObjectUtils.getLong(json, "maxLifetimeSeconds") : null,
					JSONObjectUtils.getLong(json, "now"), builder.build(),
					body != null ? body.getBytes(StandardCharsets.UTF_8) : null, JSONObjectUtils.getString(keys, "type"),
					JSONObjectUtils.getString(keys, "url"), List.of(JSONObjectUtils.getJSONObjectArray(keys, "keys")),
					JSONObjectUtils.getBoolean(json, "replay"), JSONObjectUtils.getString(expected, "outcome"),
					JSONObjectUtils.getString(expected, "code"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParseException | RuntimeException ex) {
			throw new IllegalStateException("Malformed conformance vector " + file + ": " + ex.getMessage(), ex);
		}
	}

	SignatureProfile signatureProfile() {
		SignatureProfile profile = VerificationProfiles.byName(this.profile,
				VerificationPolicy.builder().allowTestKeys(this.allowTestKeys).build());
		if (this.maxLifetimeSeconds != null) {
			if (!(profile instanceof WebBotAuthProfile webBotAuth)) {
				throw new IllegalStateException("maxLifetimeSeconds is only for web-bot-auth vectors");
			}
			profile = webBotAuth.maxLifetime(Duration.ofSeconds(this.maxLifetimeSeconds));
		}
		return profile;
	}

	/** Runs the vector (twice when it is a replay vector) and returns the last outcome. */
	VerificationOutcome run() throws AgentAuthException {
		Clock clock = Clock.fixed(Instant.ofEpochSecond(this.now), ZoneOffset.UTC);
		// a store whose memory began before the vector's signatures were created
		InMemoryNonceStore nonces = new InMemoryNonceStore(1000, 100,
				Clock.fixed(Instant.ofEpochSecond(this.now).minus(Duration.ofDays(1)), ZoneOffset.UTC));
		InMemoryKeyResolver byKeyId = new InMemoryKeyResolver();
		for (Map<String, Object> jwk : this.keys) {
			Map<String, Object> members = new LinkedHashMap<>(jwk);
			// a TAP kid is an operator's label, not a thumbprint: the provider's lookup is by kid, the key keeps none
			Object kid = members.remove("kid");
			AgentKey key = AgentKey.from(members);
			String lookup = "jwks".equals(this.keysType) ? (String) kid : key.thumbprint();
			byKeyId.register(lookup, new RegisteredKey(this.keysType + ":" + this.keysUrl, AgentStatus.ACTIVE, null,
					KeyStatus.ACTIVE, null, null, key).withProvider(provider(lookup)));
		}
		RequestSignatureVerifier verifier = new RequestSignatureVerifier(VerificationPolicy.defaults(), byKeyId, nonces,
				clock);
		SignatureProfile profile = signatureProfile();
		VerificationOutcome outcome = verifier.evaluate(this.request, this.body, profile);
		if (this.replay) {
			if (!outcome.isVerified()) {
				throw new IllegalStateException(this.id + ": the first request of a replay vector must verify, got "
						+ outcome);
			}
			outcome = verifier.evaluate(this.request, this.body, profile);
		}
		return outcome;
	}

	/**
	 * The agent provider the vector's keys are brokered from, as the registry's key lookup names it: a Web Bot Auth
	 * directory ({@code keys.type} {@code directory}, key id = thumbprint) or a JWKS (key id = {@code kid}).
	 */
	AgentProvider provider(String keyId) {
		boolean jwks = "jwks".equals(this.keysType);
		return new AgentProvider("vector-" + this.keysType, "Conformance vector " + this.keysType,
				jwks ? AgentProvider.TYPE_JWKS : AgentProvider.TYPE_WEB_BOT_AUTH, this.profile,
				(this.keysUrl != null) ? this.keysUrl : "https://vector.invalid/", keyId);
	}

	String expectedOutcomeText() {
		return (this.expectedCode != null) ? this.expectedOutcome + " (`" + this.expectedCode + "`)"
				: this.expectedOutcome;
	}

}
