package dev.agentauth.merchant.delegation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * The merchant client's access token from the realm (client credentials, {@code client_secret_basic}), kept until
 * 10 s before it expires; for the revocation feed and the signal transmitter. Not thread-safe: one per caller
 * thread.
 *
 * @since 0.1.0
 */
public final class MerchantClientToken {

	private final HttpClient http;

	private final URI issuer;

	private final String clientId;

	private final String clientSecret;

	private final Clock clock;

	private final String settingHint;

	private @Nullable String accessToken;

	private Instant expires = Instant.EPOCH;

	/**
	 * @param settingHint the setting to name when the client cannot get a token, e.g.
	 * {@code agentauth.revocation.client-secret}
	 */
	public MerchantClientToken(HttpClient http, URI issuer, String clientId, String clientSecret, Clock clock,
			String settingHint) {
		this.http = Objects.requireNonNull(http, "http cannot be null");
		this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
		this.clientId = Objects.requireNonNull(clientId, "clientId cannot be null");
		this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.settingHint = Objects.requireNonNull(settingHint, "settingHint cannot be null");
	}

	/** The current token, fetched when there is none or it is about to expire. */
	public String get() throws IOException, InterruptedException {
		String token = this.accessToken;
		if (token != null && this.clock.instant().isBefore(this.expires)) {
			return token;
		}
		String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(this.clientId, StandardCharsets.UTF_8)
				+ ":" + URLEncoder.encode(this.clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuer + "/protocol/openid-connect/token"))
			.timeout(Duration.ofSeconds(5))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		try {
			Map<String, Object> json = JSONObjectUtils.parse(response.body());
			if (response.statusCode() != 200 || !(json.get("access_token") instanceof String fresh)) {
				throw new IOException("The merchant client cannot get a token (" + response.statusCode() + " "
						+ json.get("error") + "); check " + this.settingHint);
			}
			long expiresIn = (json.get("expires_in") instanceof Number number) ? number.longValue() : 60;
			this.accessToken = fresh;
			this.expires = this.clock.instant().plusSeconds(Math.max(5, expiresIn - 10));
			return fresh;
		}
		catch (ParseException ex) {
			throw new IOException("The token endpoint did not answer JSON", ex);
		}
	}

	/** Forgets the token (the server refused it: 401), so the next {@link #get()} fetches a new one. */
	public void invalidate() {
		this.accessToken = null;
	}

}
