package dev.agentauth.core.key;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Public keys whose private halves are published in specifications, identified by their RFC 7638 SHA-256 JWK
 * thumbprint. Anyone can sign with them, so a verifier refuses them unless test keys are explicitly allowed
 * ({@code test_key_not_allowed}), and a registry refuses to register them.
 * <ul>
 * <li>RFC 9421 Appendix B.1.1 {@code test-key-rsa} (2048-bit RSA);</li>
 * <li>RFC 9421 Appendix B.1.2 {@code test-key-rsa-pss} (2048-bit RSA), also the RSASSA-PSS test vector key of
 * draft-meunier-webbotauth-httpsig-protocol ("Test Vectors") and of Cloudflare's web-bot-auth test vectors;</li>
 * <li>RFC 9421 Appendix B.1.3 {@code test-key-ecc-p256} (P-256);</li>
 * <li>RFC 9421 Appendix B.1.4 {@code test-key-ed25519} (Ed25519), also the example key of the Web Bot Auth drafts
 * (draft-meunier-http-message-signatures-directory, draft-meunier-web-bot-auth-architecture and their successors,
 * keyid {@code poqkLGiymh_W0uP6PZFw-dvez3QJT5SolqXBCW38r0U}) and of Cloudflare's test vectors.</li>
 * </ul>
 * RFC 9421 Appendix B.1 says these keys "MUST NOT be used for any purpose other than testing";
 * draft-meunier-webbotauth-httpsig-protocol, "Test and Demonstration Keys": verifiers SHOULD reject known test keys.
 * ({@code test-shared-secret}, B.1.5, is an HMAC secret: HMAC is never accepted.)
 * <p>
 * The keys of this project's conformance kit ({@code conformance/}) are listed too: their private halves are
 * derived from seeds published with it.
 *
 * @since 0.1.0
 */
public final class KnownTestKeys {

	private static final Map<String, String> KEYS = Map.of(
			"BHj8s0GPnMEQtkaULIM-PLgEhLBbuGUQ1vMxmBWZzEo", "RFC 9421 B.1.1 test-key-rsa",
			"oD0HwocPBSfpNy5W3bpJeyFGY_IQ_YpqxSjQ3Yd-CLA", "RFC 9421 B.1.2 test-key-rsa-pss",
			"ydQXMtvbsOsZyFir-Y7A8t7fKEM1gbKPvyFkdpu4fvI", "RFC 9421 B.1.3 test-key-ecc-p256",
			"poqkLGiymh_W0uP6PZFw-dvez3QJT5SolqXBCW38r0U", "RFC 9421 B.1.4 test-key-ed25519 (Web Bot Auth example key)",
			"LAKT4hvmQiJtmMikh2we-4hCCRFUn-s9kK7orURo2ZY", "Agent Auth conformance kit web-bot-auth key",
			"05QR6Ks6sMt_LKZuVuhK7jC4DU4jvA8K3mtRUmHiJ74", "Agent Auth conformance kit key in no directory",
			"dFCr6K8LooqWNFGHTiothqeejSF4c8SRqXvbXgOQNho", "Agent Auth conformance kit visa-tap key");

	private KnownTestKeys() {
	}

	/** Whether {@code thumbprint} is the RFC 7638 SHA-256 thumbprint of a published test key. */
	public static boolean isTestKey(String thumbprint) {
		return KEYS.containsKey(Objects.requireNonNull(thumbprint, "thumbprint cannot be null"));
	}

	/** Whether {@code key} is a published test key. */
	public static boolean isTestKey(AgentKey key) {
		return isTestKey(key.thumbprint());
	}

	/** Where the test key of {@code thumbprint} is published, e.g. {@code RFC 9421 B.1.4 test-key-ed25519}. */
	public static Optional<String> source(String thumbprint) {
		return Optional.ofNullable(KEYS.get(thumbprint));
	}

	/** The thumbprints of all known test keys, with where each is published. */
	public static Map<String, String> all() {
		return KEYS;
	}

}
