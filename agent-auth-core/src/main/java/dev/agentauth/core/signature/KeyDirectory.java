package dev.agentauth.core.signature;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;

/**
 * The key sets an agent provider publishes, read by a registry that brokers them: a Web Bot Auth key directory
 * (draft-meunier-http-message-signatures-directory, media type {@value #MEDIA_TYPE}), whose response must be
 * signed by one of the keys it lists, or a JSON Web Key Set (RFC 7517 §5) whose keys carry a {@code kid}.
 * <p>
 * A directory response signature (the draft's "Directory response"): tag {@value #TAG}, {@code keyid} the
 * RFC 7638 thumbprint of a key of the directory, {@code created} and {@code expires}, and
 * {@code "@authority";req} covered; it is verified against that key with the verifier's own crypto.
 * <p>
 * Keys that cannot sign here (an unsupported type, an RSA key under 2048 bits, {@code "use": "enc"}) are skipped and
 * counted, so one odd key does not take the whole provider down; a key set without any usable key is refused.
 *
 * @since 0.1.0
 */
public final class KeyDirectory {

	/** Media type of a key directory. */
	public static final String MEDIA_TYPE = "application/http-message-signatures-directory+json";

	/** The tag of a directory response signature. */
	public static final String TAG = "http-message-signatures-directory";

	/** Keys beyond this many are refused (a directory is a handful of keys; a scheme JWKS a few hundred). */
	public static final int MAX_KEYS = 1000;

	private static final CoveredComponent AUTHORITY_REQ = CoveredComponent.of("@authority", Map.of("req", true));

	private KeyDirectory() {
	}

	/**
	 * One key of a set.
	 * @param keyId how the provider names it: the thumbprint (directory) or the {@code kid} (JWKS)
	 */
	public record Entry(String keyId, AgentKey key) {

		public Entry {
			Objects.requireNonNull(keyId, "keyId cannot be null");
			Objects.requireNonNull(key, "key cannot be null");
		}

	}

	/**
	 * The usable keys of a set and how many were skipped.
	 * @param keys by provider key id, in the order published
	 */
	public record Keys(List<Entry> keys, int skipped) {

		public Keys {
			keys = List.copyOf(keys);
		}

	}

	/**
	 * Parses a JSON Web Key Set; every usable key needs a unique {@code kid}.
	 * @throws AgentAuthException {@code key_malformed} (not a key set, a key without or with a duplicate
	 * {@code kid}, too many keys, no usable key)
	 */
	public static Keys parseJwks(String body) throws AgentAuthException {
		List<Entry> entries = new ArrayList<>();
		int skipped = 0;
		Map<String, Boolean> seen = new LinkedHashMap<>();
		for (Map<String, Object> jwk : keys(body)) {
			Object kid = jwk.get("kid");
			if (!(kid instanceof String keyId) || keyId.isEmpty() || keyId.length() > 255) {
				throw malformed("Every key of the JWKS needs a 'kid' (1 to 255 characters)");
			}
			if (seen.put(keyId, Boolean.TRUE) != null) {
				throw malformed("The JWKS has two keys with 'kid' " + keyId);
			}
			AgentKey key = usable(jwk);
			if (key == null) {
				skipped++;
			}
			else {
				entries.add(new Entry(keyId, key));
			}
		}
		return nonEmpty(new Keys(entries, skipped));
	}

	/**
	 * Parses a key directory and verifies its response signature.
	 * @param body the response body
	 * @param response the response (its {@code Signature-Input} and {@code Signature})
	 * @param request the request that fetched it (for {@code "@authority";req})
	 * @param now the current time
	 * @param clockSkew how far {@code created} may be ahead of {@code now}, and {@code expires} behind it
	 * @throws AgentAuthException {@code key_malformed} (the body), {@code signature_missing},
	 * {@code signature_malformed}, {@code signature_tag_not_allowed}, {@code component_missing},
	 * {@code unknown_key} (signed by a key the directory does not list), {@code signature_expired},
	 * {@code signature_not_yet_valid}, {@code signature_invalid}
	 */
	public static Keys verifiedDirectory(String body, HttpResponseView response, HttpRequestView request,
			Instant now, Duration clockSkew) throws AgentAuthException {
		List<Entry> entries = new ArrayList<>();
		int skipped = 0;
		Map<String, Entry> byThumbprint = new LinkedHashMap<>();
		for (Map<String, Object> jwk : keys(body)) {
			AgentKey key = usable(jwk);
			if (key == null) {
				skipped++;
			}
			else if (!byThumbprint.containsKey(key.thumbprint())) {
				Entry entry = new Entry(key.thumbprint(), key);
				byThumbprint.put(key.thumbprint(), entry);
				entries.add(entry);
			}
		}
		Keys keys = nonEmpty(new Keys(entries, skipped));
		verifySignature(response, request, byThumbprint, now, clockSkew);
		return keys;
	}

	private static void verifySignature(HttpResponseView response, HttpRequestView request,
			Map<String, Entry> byThumbprint, Instant now, Duration clockSkew) throws AgentAuthException {
		List<String> inputs = response.headerValues(MessageSignature.SIGNATURE_INPUT);
		List<String> signatures = response.headerValues(MessageSignature.SIGNATURE);
		if (inputs.isEmpty() || signatures.isEmpty()) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_MISSING, "The directory response is not signed");
		}
		AgentAuthException last = null;
		for (MessageSignature signature : MessageSignature.parse(inputs, signatures).values()) {
			if (!TAG.equals(signature.parameters().tag())) {
				continue;
			}
			try {
				verifyOne(signature, response, request, byThumbprint, now, clockSkew);
				return;
			}
			catch (AgentAuthException ex) {
				last = ex;
			}
		}
		if (last != null) {
			throw last;
		}
		throw new AgentAuthException(ErrorCode.SIGNATURE_TAG_NOT_ALLOWED,
				"The directory response has no signature tagged " + TAG);
	}

	private static void verifyOne(MessageSignature signature, HttpResponseView response, HttpRequestView request,
			Map<String, Entry> byThumbprint, Instant now, Duration clockSkew) throws AgentAuthException {
		SignatureParameters parameters = signature.parameters();
		if (!parameters.covers(AUTHORITY_REQ)) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING,
					"The directory response signature must cover \"@authority\";req");
		}
		Instant created = parameters.created();
		Instant expires = parameters.expires();
		if (created == null || expires == null) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED,
					"The directory response signature needs 'created' and 'expires'");
		}
		if (created.isAfter(now.plus(clockSkew))) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_NOT_YET_VALID,
					"The directory response signature is created in the future");
		}
		if (expires.isBefore(now.minus(clockSkew))) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_EXPIRED, "The directory response signature has expired");
		}
		Entry entry = (parameters.keyId() != null) ? byThumbprint.get(parameters.keyId()) : null;
		if (entry == null) {
			throw new AgentAuthException(ErrorCode.UNKNOWN_KEY,
					"The directory response is signed with a key the directory does not list");
		}
		String alg = parameters.algorithm();
		if (alg != null && !alg.equals(entry.key().algorithm().identifier())) {
			throw new AgentAuthException(ErrorCode.ALGORITHM_NOT_ALLOWED,
					"The directory response signature 'alg' does not match its key");
		}
		SignatureBase base = SignatureBase.of(response, request, parameters);
		if (!VerificationKey.of(entry.key()).verify(base.toBytes(), signature.unsafeSignature())) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_INVALID, "The directory response signature does not verify");
		}
	}

	private static List<Map<String, Object>> keys(String body) throws AgentAuthException {
		Objects.requireNonNull(body, "body cannot be null");
		try {
			Map<String, Object> object = JSONObjectUtils.parse(body);
			Object keys = object.get("keys");
			if (!(keys instanceof List<?> list)) {
				throw malformed("The key set has no 'keys' array");
			}
			if (list.size() > MAX_KEYS) {
				throw malformed("The key set has more than " + MAX_KEYS + " keys");
			}
			List<Map<String, Object>> result = new ArrayList<>();
			for (Object key : list) {
				if (!(key instanceof Map<?, ?> map)) {
					throw malformed("The key set's 'keys' holds a non-object");
				}
				@SuppressWarnings("unchecked")
				Map<String, Object> jwk = (Map<String, Object>) map;
				result.add(jwk);
			}
			return result;
		}
		catch (ParseException ex) {
			throw malformed("The key set is not a JSON object");
		}
	}

	private static @Nullable AgentKey usable(Map<String, Object> jwk) throws AgentAuthException {
		if ("enc".equals(jwk.get("use"))) {
			return null;
		}
		// the provider's kid names the key in the set; our AgentKey is named by its thumbprint
		Map<String, Object> members = new LinkedHashMap<>(jwk);
		members.remove("kid");
		try {
			return AgentKey.from(members);
		}
		catch (AgentAuthException ex) {
			if (ex.errorCode() == ErrorCode.KEY_PRIVATE_MATERIAL) {
				// a provider publishing a private key is broken; refuse the whole set
				throw ex;
			}
			return null;
		}
	}

	private static Keys nonEmpty(Keys keys) throws AgentAuthException {
		if (keys.keys().isEmpty()) {
			throw malformed("The key set has no usable signing key (" + keys.skipped() + " skipped)");
		}
		return keys;
	}

	private static AgentAuthException malformed(String message) {
		return new AgentAuthException(ErrorCode.KEY_MALFORMED, message);
	}

}
