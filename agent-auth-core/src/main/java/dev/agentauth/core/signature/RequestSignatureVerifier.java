package dev.agentauth.core.signature;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.digest.ContentDigest;
import dev.agentauth.core.key.AgentIdentifiers;
import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.key.KnownTestKeys;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.key.SignatureAlgorithm;
import dev.agentauth.core.replay.NonceStore;

/**
 * Verifies RFC 9421 request signatures against the agent key registry, a {@link VerificationPolicy} and a
 * {@link NonceStore}. Thread-safe.
 * <p>
 * Verification is staged so a server can refuse a request before reading its body:
 * {@link #verifySignature(HttpRequestView, boolean)} checks, cheapest first, the headers' syntax, the
 * parameters and time window, the covered components, the key (lookup, then
 * {@link RegisteredKey#checkUsable(Instant)}) and the signature itself;
 * {@link #verifyBodyAndConsumeNonce(VerifiedSignature, byte[])} then checks the {@code Content-Digest} against
 * the body and records the nonce. A nonce is only consumed after the signature verified, so unsigned junk can
 * neither burn nor flood the nonce store.
 * <p>
 * When a request carries several signatures, the first one (in {@code Signature-Input} order) whose
 * {@code tag} the policy accepts is verified and the others are ignored; with a single signature, that one is
 * verified (and refused if its tag is not accepted).
 * <p>
 * What is required comes from a {@link SignatureProfile}: the one built from the constructor's
 * {@link VerificationPolicy} ({@code agent-auth}) unless the caller names another for the request
 * ({@link #verifySignature(HttpRequestView, boolean, SignatureProfile)}), or has the signing key choose it
 * ({@link #verifySignature(HttpRequestView, boolean, SignatureProfileSelector)}: the key is then looked up before
 * the profile's parameter, time window and component checks). Published test keys ({@link KnownTestKeys}) are
 * refused unless the profile's policy allows them.
 *
 * @since 0.1.0
 */
public final class RequestSignatureVerifier {

	// decoded public keys by thumbprint (a SHA-256 of the key, so the key is identified by it); bounded
	private static final int KEY_CACHE_SIZE = 10_000;

	private static final int MAX_NONCE_LENGTH = 256;

	private final VerificationPolicy policy;

	private final SignatureProfile profile;

	private final KeyResolver keyResolver;

	private final NonceStore nonceStore;

	private final Clock clock;

	private final VerificationProviders providers;

	private final Map<String, VerificationKey> verificationKeys = new ConcurrentHashMap<>();

	/** A verifier with {@link VerificationProviders#defaults()} (native Ed25519 when it is available). */
	public RequestSignatureVerifier(VerificationPolicy policy, KeyResolver keyResolver, NonceStore nonceStore,
			Clock clock) {
		this(policy, keyResolver, nonceStore, clock, VerificationProviders.defaults());
	}

	/** A verifier that verifies through {@code providers}. */
	public RequestSignatureVerifier(VerificationPolicy policy, KeyResolver keyResolver, NonceStore nonceStore,
			Clock clock, VerificationProviders providers) {
		this.policy = Objects.requireNonNull(policy, "policy cannot be null");
		this.profile = SignatureProfile.agentAuth(policy);
		this.keyResolver = Objects.requireNonNull(keyResolver, "keyResolver cannot be null");
		this.nonceStore = Objects.requireNonNull(nonceStore, "nonceStore cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.providers = Objects.requireNonNull(providers, "providers cannot be null");
	}

	/** The policy of the default ({@code agent-auth}) profile. */
	public VerificationPolicy policy() {
		return this.policy;
	}

	/** The profile applied when the caller names none: {@code agent-auth} with {@link #policy()}. */
	public SignatureProfile profile() {
		return this.profile;
	}

	/**
	 * Verifies the signature and both stages' checks in one call.
	 * @param body the request body, {@code null} or empty if there is none
	 * @throws AgentAuthException see {@link #verifySignature} and {@link #verifyBodyAndConsumeNonce}
	 */
	public VerifiedSignature verify(HttpRequestView request, byte @Nullable [] body) throws AgentAuthException {
		return verify(request, body, this.profile);
	}

	/**
	 * Verifies the signature and both stages' checks in one call, under {@code profile}.
	 * @param body the request body, {@code null} or empty if there is none
	 * @throws AgentAuthException see {@link #verifySignature} and {@link #verifyBodyAndConsumeNonce}
	 */
	public VerifiedSignature verify(HttpRequestView request, byte @Nullable [] body, SignatureProfile profile)
			throws AgentAuthException {
		VerifiedSignature verified = verifySignature(request, body != null && body.length > 0, profile);
		verifyBodyAndConsumeNonce(verified, body);
		return verified;
	}

	/**
	 * Verifies like {@link #verify(HttpRequestView, byte[], SignatureProfile)} and records the outcome as a value
	 * instead of throwing: verified, invalid or unverified (draft-meunier-webbotauth-httpsig-protocol, "Verifier
	 * Outcomes").
	 */
	public VerificationOutcome evaluate(HttpRequestView request, byte @Nullable [] body, SignatureProfile profile) {
		try {
			return VerificationOutcome.verified(profile.name(), verify(request, body, profile));
		}
		catch (AgentAuthException ex) {
			return VerificationOutcome.refused(profile.name(), ex);
		}
	}

	/**
	 * Verifies everything but the body digest and the nonce.
	 * @param hasBody whether the caller knows the request has a body; a {@code Content-Length} above zero or a
	 * {@code Transfer-Encoding} header also count
	 * @throws AgentAuthException {@code signature_missing}, {@code signature_malformed},
	 * {@code signature_tag_not_allowed}, {@code algorithm_not_allowed}, {@code keyid_not_thumbprint},
	 * {@code signature_lifetime_too_long}, {@code signature_not_yet_valid}, {@code signature_expired},
	 * {@code nonce_required}, {@code component_missing}, the {@link KeyResolver}'s codes ({@code unknown_key},
	 * {@code registry_unavailable}), {@code test_key_not_allowed}, {@link RegisteredKey#checkUsable(Instant)}'s
	 * codes, {@code signature_invalid}
	 */
	public VerifiedSignature verifySignature(HttpRequestView request, boolean hasBody) throws AgentAuthException {
		return verifySignature(request, hasBody, this.profile);
	}

	/**
	 * Verifies everything but the body digest and the nonce, under {@code profile} (chosen once for this request).
	 * @throws AgentAuthException see {@link #verifySignature(HttpRequestView, boolean)}, and the profile's own
	 * refusals
	 */
	public VerifiedSignature verifySignature(HttpRequestView request, boolean hasBody, SignatureProfile profile)
			throws AgentAuthException {
		Objects.requireNonNull(request, "request cannot be null");
		Objects.requireNonNull(profile, "profile cannot be null");
		Instant now = this.clock.instant();
		boolean bodyPresent = hasBody || hasBodyHeaders(request);

		// 1. headers
		MessageSignature signature = select(parseSignatures(request), profile.policy().acceptedTags());

		// 2. to 4. parameters, time window, covered components: before the key lookup, cheapest first
		Checked checked = checkBeforeKey(profile, signature, request, bodyPresent, now);

		// 5. key
		String keyId = signature.parameters().keyId();
		RegisteredKey registeredKey = resolve(keyId);
		try {
			profile.checkKeyId(keyId, registeredKey);
			profile.checkKeySource(signature.parameters(), request, registeredKey);
			return verifyWithKey(profile, registeredKey, checked, signature, request, bodyPresent, now);
		}
		catch (AgentAuthException ex) {
			throw ex.withKey(registeredKey.agentId(), registeredKey.keyId());
		}
	}

	/**
	 * Verifies everything but the body digest and the nonce, under the profile {@code profiles} chooses for the
	 * signing key (e.g. from the key's agent provider): the profile is chosen once, from the key the signature's
	 * {@code keyid} names, so the key is looked up first and the profile's checks (tag, parameters, time window,
	 * covered components, {@code keyid}, the key's source) follow. A signature whose tag does not fit the key's
	 * profile is refused ({@code signature_tag_not_allowed}).
	 * @throws AgentAuthException see {@link #verifySignature(HttpRequestView, boolean)}, the selector's refusals
	 * (e.g. {@code profile_not_supported}) and the chosen profile's own
	 * @since 0.1.0
	 */
	public VerifiedSignature verifySignature(HttpRequestView request, boolean hasBody, SignatureProfileSelector profiles)
			throws AgentAuthException {
		Objects.requireNonNull(request, "request cannot be null");
		Objects.requireNonNull(profiles, "profiles cannot be null");
		Instant now = this.clock.instant();
		boolean bodyPresent = hasBody || hasBodyHeaders(request);

		// 1. headers, and what every profile requires before a key may be looked up
		MessageSignature signature = select(parseSignatures(request), profiles.acceptedTags());
		String keyId = signature.parameters().keyId();
		if (keyId == null) {
			throw malformed("The signature has no 'keyid'");
		}
		if (signature.parameters().created() == null) {
			throw malformed("The signature has no 'created'");
		}

		// 2. the key, then its profile (chosen once)
		RegisteredKey registeredKey = resolve(keyId);
		try {
			SignatureProfile profile = profiles.select(registeredKey);
			Checked checked = checkBeforeKey(profile, signature, request, bodyPresent, now);
			profile.checkKeyId(keyId, registeredKey);
			profile.checkKeySource(signature.parameters(), request, registeredKey);
			return verifyWithKey(profile, registeredKey, checked, signature, request, bodyPresent, now);
		}
		catch (AgentAuthException ex) {
			throw ex.withKey(registeredKey.agentId(), registeredKey.keyId());
		}
	}

	private static Map<String, MessageSignature> parseSignatures(HttpRequestView request) throws AgentAuthException {
		return MessageSignature.parse(request.headerValues(MessageSignature.SIGNATURE_INPUT),
				request.headerValues(MessageSignature.SIGNATURE));
	}

	private RegisteredKey resolve(@Nullable String keyId) throws AgentAuthException {
		if (keyId == null) {
			throw malformed("The signature has no 'keyid'");
		}
		RegisteredKey registeredKey = this.keyResolver.resolve(keyId);
		if (registeredKey == null) {
			throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "The signing key is not registered");
		}
		return registeredKey;
	}

	// what steps 2 to 4 found: the declared algorithm, the end of the window and the signature base
	private record Checked(@Nullable SignatureAlgorithm declared, Instant notAfter, SignatureBase base) {
	}

	// steps 2 (parameters), 3 (time window) and 4 (covered components, signature base) under profile
	private static Checked checkBeforeKey(SignatureProfile profile, MessageSignature signature, HttpRequestView request,
			boolean bodyPresent, Instant now) throws AgentAuthException {
		VerificationPolicy policy = profile.policy();
		SignatureParameters parameters = signature.parameters();
		String keyId = parameters.keyId();
		Instant created = parameters.created();
		Instant expires = parameters.expires();
		if (keyId == null) {
			throw malformed("The signature has no 'keyid'");
		}
		if (created == null) {
			throw malformed("The signature has no 'created'");
		}
		if (expires == null && policy.isExpiresRequired()) {
			throw malformed("The signature has no 'expires'");
		}
		String tag = parameters.tag();
		if (policy.isTagRequired() && (tag == null || !policy.acceptedTags().contains(tag))) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_TAG_NOT_ALLOWED, "The signature 'tag' must be one of "
					+ policy.acceptedTags() + " (the " + profile.name() + " profile)");
		}
		SignatureAlgorithm declared = declaredAlgorithm(parameters, policy);
		if (policy.isThumbprintKeyIdRequired()) {
			AgentIdentifiers.requireThumbprint(keyId);
		}
		String nonce = parameters.nonce();
		if (nonce != null && (nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH)) {
			throw malformed("The 'nonce' must have 1 to " + MAX_NONCE_LENGTH + " characters");
		}
		if (nonce == null && policy.requiresNonce(request.method())) {
			throw new AgentAuthException(ErrorCode.NONCE_REQUIRED,
					"A 'nonce' is required for " + (request.method().length() <= 16 ? request.method() : "this method"));
		}
		profile.checkParameters(parameters, request);
		Instant notAfter = checkTimeWindow(created, expires, now, policy);
		profile.checkComponents(parameters, request, bodyPresent);
		return new Checked(declared, notAfter, SignatureBase.of(request, parameters));
	}

	// steps 5 (usability, algorithm) and 6 (signature) once the key is known
	private VerifiedSignature verifyWithKey(SignatureProfile profile, RegisteredKey registeredKey, Checked checked,
			MessageSignature signature, HttpRequestView request, boolean bodyPresent, Instant now)
			throws AgentAuthException {
		SignatureAlgorithm declared = checked.declared();
		SignatureParameters parameters = signature.parameters();
		VerificationPolicy policy = profile.policy();
		if (!policy.isTestKeysAllowed() && KnownTestKeys.isTestKey(registeredKey.keyId())) {
			throw new AgentAuthException(ErrorCode.TEST_KEY_NOT_ALLOWED,
					"The signing key is a published test key (" + KnownTestKeys.source(registeredKey.keyId()).orElse("")
							+ "); test keys are not allowed");
		}
		registeredKey.checkUsable(now);
		SignatureAlgorithm keyAlgorithm = registeredKey.key().algorithm();
		if ((declared != null && declared != keyAlgorithm) || !policy.algorithms().contains(keyAlgorithm)) {
			throw new AgentAuthException(ErrorCode.ALGORITHM_NOT_ALLOWED,
					"The signature algorithm is not allowed for this key");
		}

		// 6. signature
		VerificationKey verificationKey = verificationKey(registeredKey);
		if (!verificationKey.verify(checked.base().toBytes(), signature.unsafeSignature())) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_INVALID, "The signature does not verify");
		}
		return new VerifiedSignature(signature.label(), parameters, registeredKey, bodyPresent,
				request.headerValues("content-digest"), checked.notAfter().plus(policy.clockSkew()), profile);
	}

	/**
	 * Checks the body against the signed {@code Content-Digest}, then records the nonce (until {@code expires}
	 * plus the clock skew).
	 * @param body the request body, {@code null} or empty if there is none
	 * @throws AgentAuthException {@code digest_missing} (a body without {@code Content-Digest}),
	 * {@code component_missing} (a body whose digest the signature does not cover), {@code digest_malformed},
	 * {@code digest_algorithm_not_allowed}, {@code digest_mismatch}, and the {@link NonceStore}'s codes
	 * ({@code nonce_replayed}, {@code nonce_store_full}, {@code nonce_store_unavailable})
	 */
	public void verifyBodyAndConsumeNonce(VerifiedSignature verified, byte @Nullable [] body)
			throws AgentAuthException {
		Objects.requireNonNull(verified, "verified cannot be null");
		try {
			checkBodyAndConsumeNonce(verified, body);
		}
		catch (AgentAuthException ex) {
			throw ex.withKey(verified.agentId(), verified.keyId());
		}
	}

	/**
	 * For a verifier that does not see the body (an nginx {@code auth_request} subrequest): when the request has a
	 * body ({@code hasBody} of {@link #verifySignature}), its {@code Content-Digest} must be covered by the
	 * signature (already checked there) and well-formed ({@link ContentDigest#checkForm}); then the nonce is
	 * consumed. The digest's match with the body is NOT checked: whoever has the body must do that (e.g. the
	 * upstream, or a gateway that proxies the request).
	 * @throws AgentAuthException {@code digest_missing}, {@code digest_malformed},
	 * {@code digest_algorithm_not_allowed}, and the {@link NonceStore}'s codes
	 */
	public void verifyDigestFieldAndConsumeNonce(VerifiedSignature verified) throws AgentAuthException {
		Objects.requireNonNull(verified, "verified cannot be null");
		try {
			if (verified.hasBody() || !verified.contentDigestLines().isEmpty()) {
				ContentDigest.checkForm(verified.contentDigestLines());
			}
			String nonce = verified.parameters().nonce();
			if (nonce != null) {
				this.nonceStore.consume(verified.keyId(), nonce, verified.nonceExpiresAt());
			}
		}
		catch (AgentAuthException ex) {
			throw ex.withKey(verified.agentId(), verified.keyId());
		}
	}

	private void checkBodyAndConsumeNonce(VerifiedSignature verified, byte @Nullable [] body)
			throws AgentAuthException {
		boolean bodyPresent = body != null && body.length > 0;
		boolean digestCovered = verified.parameters().covers(CoveredComponent.CONTENT_DIGEST);
		if (bodyPresent && verified.contentDigestLines().isEmpty()) {
			throw new AgentAuthException(ErrorCode.DIGEST_MISSING, "A request with a body needs a Content-Digest");
		}
		if (bodyPresent && !digestCovered && verified.profile().policy().isComponentsRequired()) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "The signature must cover content-digest");
		}
		if (digestCovered) {
			ContentDigest.verify(verified.contentDigestLines(), (body != null) ? body : new byte[0]);
		}
		String nonce = verified.parameters().nonce();
		if (nonce != null) {
			Instant created = verified.parameters().created();
			if (created != null) {
				this.nonceStore.consume(verified.keyId(), nonce, created, verified.nonceExpiresAt());
			}
			else {
				this.nonceStore.consume(verified.keyId(), nonce, verified.nonceExpiresAt());
			}
		}
	}

	private static MessageSignature select(Map<String, MessageSignature> signatures, Set<String> acceptedTags) {
		if (signatures.size() > 1) {
			for (MessageSignature candidate : signatures.values()) {
				String tag = candidate.parameters().tag();
				if (tag != null && acceptedTags.contains(tag)) {
					return candidate;
				}
			}
		}
		return signatures.values().iterator().next();
	}

	private static @Nullable SignatureAlgorithm declaredAlgorithm(SignatureParameters parameters,
			VerificationPolicy policy) throws AgentAuthException {
		String alg = parameters.algorithm();
		if (alg == null) {
			return null;
		}
		Optional<SignatureAlgorithm> algorithm = SignatureAlgorithm.fromIdentifier(alg);
		if (algorithm.isEmpty() || !policy.algorithms().contains(algorithm.get())) {
			throw new AgentAuthException(ErrorCode.ALGORITHM_NOT_ALLOWED, "The signature algorithm is not allowed");
		}
		return algorithm.get();
	}

	// returns the instant the signature stops being valid (expires, or created + max lifetime)
	private static Instant checkTimeWindow(Instant created, @Nullable Instant expires, Instant now,
			VerificationPolicy policy) throws AgentAuthException {
		Instant end;
		if (expires != null) {
			if (!expires.isAfter(created)) {
				throw malformed("The signature 'expires' must be after 'created'");
			}
			if (expires.getEpochSecond() - created.getEpochSecond() > policy.maxLifetime().toSeconds()) {
				throw new AgentAuthException(ErrorCode.SIGNATURE_LIFETIME_TOO_LONG,
						"The signature lifetime exceeds " + policy.maxLifetime().toSeconds() + " s");
			}
			end = expires;
		}
		else {
			end = created.plus(policy.maxLifetime());
		}
		if (created.isAfter(now.plus(policy.clockSkew()))) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_NOT_YET_VALID, "The signature 'created' is in the future");
		}
		if (end.isBefore(now.minus(policy.clockSkew()))) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_EXPIRED, "The signature has expired");
		}
		return end;
	}

	private VerificationKey verificationKey(RegisteredKey registeredKey) throws AgentAuthException {
		String thumbprint = registeredKey.keyId();
		VerificationKey key = this.verificationKeys.get(thumbprint);
		if (key == null) {
			key = VerificationKey.of(registeredKey.key(), this.providers);
			if (this.verificationKeys.size() >= KEY_CACHE_SIZE) {
				this.verificationKeys.clear();
			}
			this.verificationKeys.put(thumbprint, key);
		}
		return key;
	}

	private static boolean hasBodyHeaders(HttpRequestView request) {
		if (request.hasHeader("transfer-encoding")) {
			return true;
		}
		for (String length : request.headerValues("content-length")) {
			String trimmed = length.trim();
			if (!trimmed.isEmpty() && !trimmed.chars().allMatch((c) -> c == '0')) {
				return true;
			}
		}
		return false;
	}

	private static AgentAuthException malformed(String message) {
		return new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED, message);
	}

}
