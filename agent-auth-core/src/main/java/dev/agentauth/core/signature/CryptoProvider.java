package dev.agentauth.core.signature;

/**
 * Which implementation verifies request signatures and actor tokens.
 *
 * @since 0.1.0
 * @see VerificationProviders
 */
public enum CryptoProvider {

	/**
	 * The Amazon Corretto Crypto Provider (AWS-LC natives) for Ed25519 and ECDSA P-256 when it is on the class path
	 * and loaded without error, else BouncyCastle. The default.
	 */
	AUTO,

	/** BouncyCastle's pure-Java verifiers for Ed25519 and ECDSA P-256, whatever else is on the class path. */
	BOUNCYCASTLE,

	/**
	 * The Amazon Corretto Crypto Provider for Ed25519 and ECDSA P-256; selecting it fails when the provider is not
	 * on the class path or cannot load its natives.
	 */
	ACCP;

}
