package dev.agentauth.keycloak.provider;

/**
 * A fetch of a provider's keys that failed; {@link #code()} is the fetch result shown to admins.
 *
 * @since 0.1.0
 */
public final class ProviderFetchException extends Exception {

	private static final long serialVersionUID = 1L;

	/** The provider could not be reached (connection, TLS, timeout). */
	public static final String UNREACHABLE = "unreachable";

	/** It answered another status than 200 (a redirect included: redirects are not followed). */
	public static final String BAD_STATUS = "bad_status";

	/** It answered another media type than the provider type's. */
	public static final String BAD_MEDIA_TYPE = "bad_media_type";

	/** The body is larger than the limit. */
	public static final String TOO_LARGE = "too_large";

	private final String code;

	public ProviderFetchException(String code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
