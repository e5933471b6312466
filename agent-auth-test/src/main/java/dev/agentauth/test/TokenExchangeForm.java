package dev.agentauth.test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The form of an RFC 8693 token-exchange request, as tests post it to a token endpoint:
 * {@code TokenExchangeForm.subject(token, type).actor(token, type).audience("shop").build()}. The token types
 * come from the caller (the core's and the agent client's constants), which this module cannot see.
 */
public final class TokenExchangeForm {

	/** RFC 8693 §2.1 {@code grant_type}. */
	public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

	private final Map<String, String> form = new LinkedHashMap<>();

	private TokenExchangeForm(String subjectToken, String subjectTokenType) {
		this.form.put("grant_type", GRANT_TYPE);
		this.form.put("subject_token", Objects.requireNonNull(subjectToken, "subjectToken cannot be null"));
		this.form.put("subject_token_type", Objects.requireNonNull(subjectTokenType, "subjectTokenType cannot be null"));
	}

	/** A token-exchange form for {@code subjectToken} of {@code subjectTokenType}. */
	public static TokenExchangeForm subject(String subjectToken, String subjectTokenType) {
		return new TokenExchangeForm(subjectToken, subjectTokenType);
	}

	/** Adds {@code actor_token} and {@code actor_token_type}. */
	public TokenExchangeForm actor(String actorToken, String actorTokenType) {
		return set("actor_token", actorToken).set("actor_token_type", actorTokenType);
	}

	public TokenExchangeForm audience(String audience) {
		return set("audience", audience);
	}

	public TokenExchangeForm requestedTokenType(String requestedTokenType) {
		return set("requested_token_type", requestedTokenType);
	}

	/** Sets any other form parameter ({@code scope}, {@code resource}, ...). */
	public TokenExchangeForm set(String name, String value) {
		this.form.put(Objects.requireNonNull(name, "name cannot be null"),
				Objects.requireNonNull(value, "value cannot be null"));
		return this;
	}

	/** The form parameters in the order set: a new mutable map, which a test may change further. */
	public Map<String, String> build() {
		return new LinkedHashMap<>(this.form);
	}

}
