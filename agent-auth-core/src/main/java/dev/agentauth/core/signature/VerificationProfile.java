package dev.agentauth.core.signature;

/**
 * How one request is authenticated: the rules of a scheme the merchant accepts (Agent Auth, Web Bot Auth, Visa
 * TAP, the simple header scheme). A profile is chosen once per request (by the key's provider, or by the caller)
 * and applied whole; verifiers do not branch on schemes.
 * <ul>
 * <li>a {@link SignatureProfile} is an RFC 9421 profile: it only contributes policy (tags, required components,
 * time window, nonce and {@code keyid} rules) to the one RFC 9421 code path of {@link RequestSignatureVerifier}
 * (parsing, signature base and cryptography are shared);</li>
 * <li>a {@link SimpleHeaderProfile} is the article's simple header scheme, verified by
 * {@link SimpleHeaderVerifier}.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public sealed interface VerificationProfile permits SignatureProfile, SimpleHeaderProfile {

	/** Agent Auth's own profile. */
	String AGENT_AUTH = "agent-auth";

	/** Web Bot Auth (IETF webbotauth drafts). */
	String WEB_BOT_AUTH = "web-bot-auth";

	/** Visa Trusted Agent Protocol. */
	String VISA_TAP = "visa-tap";

	/** The simple header scheme ({@code Agent-ID}, {@code Timestamp}, {@code Signature}). */
	String SIMPLE_HEADER = "simple-header";

	/** The profile's name, e.g. {@code web-bot-auth} (the value an agent provider names). */
	String name();

	/**
	 * Whether {@code request} has this profile's shape (e.g. a signature with one of its tags). Lets a host that
	 * does not know the provider yet pick a profile; it does not verify anything.
	 */
	boolean applies(HttpRequestView request);

}
