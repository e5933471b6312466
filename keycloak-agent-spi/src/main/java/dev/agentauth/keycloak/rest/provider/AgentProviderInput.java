package dev.agentauth.keycloak.rest.provider;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.signature.VerificationProfile;
import dev.agentauth.keycloak.provider.AgentProviderStore.ProviderSettings;
import dev.agentauth.keycloak.provider.ProviderType;
import dev.agentauth.keycloak.rest.RestError;

/**
 * The body of adding ({@code POST}) or replacing ({@code PUT}) an agent provider. Its members are camelCase, as
 * the contract of this API fixes them (like Keycloak's own identity provider representation), unlike the rest of
 * the extension's snake_case API.
 *
 * @since 0.1.0
 */
public record AgentProviderInput(@JsonProperty("alias") @Nullable String alias,
		@JsonProperty("displayName") @Nullable String displayName, @JsonProperty("type") @Nullable String type,
		@JsonProperty("url") @Nullable String url, @JsonProperty("profile") @Nullable String profile,
		@JsonProperty("enabled") @Nullable Boolean enabled) {

	/** Letters, digits, {@code -} and {@code _}, starting with a letter or digit, 1 to 64 characters. */
	static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	static final int MAX_URL = 2048;

	/** Which profiles make sense for which type (the profile's keyid must be how the type names keys). */
	static final Map<ProviderType, Set<String>> PROFILES = Map.of(ProviderType.WEB_BOT_AUTH,
			Set.of(VerificationProfile.WEB_BOT_AUTH, VerificationProfile.AGENT_AUTH), ProviderType.JWKS,
			Set.of(VerificationProfile.VISA_TAP));

	/**
	 * The settings, checked; {@code pathAlias} is the alias of the provider being replaced ({@code PUT}), whose body
	 * may omit the alias but not change it.
	 */
	public ProviderSettings validate(@Nullable String pathAlias) throws RestError {
		String validAlias = validAlias(pathAlias);
		String name = (this.displayName == null || this.displayName.isBlank()) ? validAlias : this.displayName.strip();
		if (name.length() > 255) {
			throw RestError.invalidMember("displayName", "'displayName' must be at most 255 characters");
		}
		if (this.type == null) {
			throw RestError.invalidMember("type", "'type' is required: web-bot-auth or jwks");
		}
		ProviderType validType = ProviderType.of(this.type)
			.orElseThrow(() -> RestError.invalidMember("type", "'type' must be web-bot-auth or jwks"));
		String validUrl = validUrl(this.url);
		String validProfile = (this.profile == null)
				? ((validType == ProviderType.WEB_BOT_AUTH) ? VerificationProfile.WEB_BOT_AUTH
						: VerificationProfile.VISA_TAP)
				: this.profile;
		if (!Set.of(VerificationProfile.WEB_BOT_AUTH, VerificationProfile.VISA_TAP, VerificationProfile.AGENT_AUTH)
			.contains(validProfile)) {
			throw RestError.invalidMember("profile", "'profile' must be web-bot-auth, visa-tap or agent-auth");
		}
		if (!PROFILES.get(validType).contains(validProfile)) {
			throw RestError.invalidMember("profile",
					"'profile' " + validProfile + " does not fit type " + validType.value() + " (allowed: "
							+ String.join(", ", PROFILES.get(validType).stream().sorted().toList())
							+ "): a web-bot-auth directory names keys by thumbprint, a jwks by kid");
		}
		return new ProviderSettings(validAlias, name, validType, validUrl, validProfile,
				(this.enabled == null) || this.enabled);
	}

	private String validAlias(@Nullable String pathAlias) throws RestError {
		if (pathAlias != null) {
			if (this.alias != null && !this.alias.equals(pathAlias)) {
				throw RestError.invalidMember("alias", "'alias' cannot be changed; it must be " + pathAlias
						+ " or absent");
			}
			return pathAlias;
		}
		if (this.alias == null) {
			throw RestError.invalidMember("alias", "'alias' is required");
		}
		if (!ALIAS.matcher(this.alias).matches()) {
			throw RestError.invalidMember("alias",
					"'alias' must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit");
		}
		return this.alias;
	}

	/** An absolute https URL (http only for a loopback host: tests and development), no user info or fragment. */
	static String validUrl(@Nullable String url) throws RestError {
		if (url == null || url.isBlank()) {
			throw RestError.invalidMember("url", "'url' is required");
		}
		if (url.length() > MAX_URL) {
			throw RestError.invalidMember("url", "'url' must be at most " + MAX_URL + " characters");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw RestError.invalidMember("url", "'url' is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!uri.isAbsolute() || uri.getHost() == null || uri.isOpaque()) {
			throw RestError.invalidMember("url", "'url' must be an absolute https URL");
		}
		if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
			throw RestError.invalidMember("url", "'url' must not contain user info or a fragment");
		}
		if ("http".equals(scheme)) {
			if (!isLoopback(uri.getHost())) {
				throw RestError.invalidMember("url", "'url' must use https (http only for localhost / loopback)");
			}
		}
		else if (!"https".equals(scheme)) {
			throw RestError.invalidMember("url", "'url' must use https");
		}
		return url;
	}

	static boolean isLoopback(String host) {
		String h = IDN.toASCII(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
			.toLowerCase(Locale.ROOT);
		if (h.equals("localhost") || h.endsWith(".localhost")) {
			return true;
		}
		// only literal addresses; never a DNS lookup here
		return h.matches("127(\\.[0-9]{1,3}){3}") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
	}

}
