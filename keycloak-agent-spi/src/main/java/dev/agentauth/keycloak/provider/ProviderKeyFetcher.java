package dev.agentauth.keycloak.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.signature.HttpResponseView;
import dev.agentauth.core.signature.KeyDirectory;
import dev.agentauth.core.signature.SimpleHttpRequest;

/**
 * Fetches a provider's directory or JWKS with Keycloak's HTTP client: one GET, redirects not followed, 200 only,
 * the provider type's media type, a bounded body; then the core's {@link KeyDirectory} parses it (and verifies a
 * directory's response signature).
 *
 * @since 0.1.0
 */
public final class ProviderKeyFetcher {

	/** Clock skew allowed on a directory response signature's {@code created} / {@code expires}. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private ProviderKeyFetcher() {
	}

	/**
	 * The keys fetched and the {@code Cache-Control: max-age} the provider gave (null: none, or {@code no-cache}
	 * / {@code no-store}, which mean "as often as allowed").
	 */
	public record Fetched(KeyDirectory.Keys keys, @Nullable Duration maxAge) {
	}

	public static Fetched fetch(CloseableHttpClient client, ProviderType type, String url,
			ProviderFetchSettings settings, Instant now) throws ProviderFetchException {
		HttpGet get = new HttpGet(url);
		int timeout = (int) settings.timeout().toMillis();
		get.setConfig(RequestConfig.custom()
			.setRedirectsEnabled(false)
			.setConnectTimeout(timeout)
			.setConnectionRequestTimeout(timeout)
			.setSocketTimeout(timeout)
			.build());
		get.setHeader("Accept", (type == ProviderType.WEB_BOT_AUTH) ? KeyDirectory.MEDIA_TYPE
				: "application/jwk-set+json, application/json");
		try (CloseableHttpResponse response = client.execute(get)) {
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (Header header : response.getAllHeaders()) {
				headers.computeIfAbsent(header.getName(), (name) -> new ArrayList<>()).add(header.getValue());
			}
			int status = response.getStatusLine().getStatusCode();
			byte[] body = (status == 200) ? read(response.getEntity(), settings.maxBytes()) : new byte[0];
			return parse(type, URI.create(url), status, headers, body, now);
		}
		catch (IOException | RuntimeException ex) {
			throw new ProviderFetchException(ProviderFetchException.UNREACHABLE,
					"Cannot fetch " + url + ": " + ex.getClass().getSimpleName()
							+ ((ex.getMessage() != null) ? " " + ex.getMessage() : ""));
		}
	}

	/** Checks and parses one response to a GET of {@code url}. */
	public static Fetched parse(ProviderType type, URI url, int status, Map<String, List<String>> headers,
			byte[] body, Instant now) throws ProviderFetchException {
		if (status != 200) {
			throw new ProviderFetchException(ProviderFetchException.BAD_STATUS, "The provider answered HTTP " + status
					+ ((status >= 300 && status < 400) ? " (redirects are not followed)" : "") + ", not 200");
		}
		String mediaType = mediaType(headers);
		if (type == ProviderType.WEB_BOT_AUTH ? !KeyDirectory.MEDIA_TYPE.equals(mediaType)
				: !("application/jwk-set+json".equals(mediaType) || "application/json".equals(mediaType))) {
			throw new ProviderFetchException(ProviderFetchException.BAD_MEDIA_TYPE,
					"The provider answered Content-Type " + ((mediaType != null) ? mediaType : "(none)") + ", not "
							+ ((type == ProviderType.WEB_BOT_AUTH) ? KeyDirectory.MEDIA_TYPE
									: "application/jwk-set+json or application/json"));
		}
		String text = new String(body, StandardCharsets.UTF_8);
		try {
			KeyDirectory.Keys keys;
			if (type == ProviderType.WEB_BOT_AUTH) {
				HttpResponseView response = new HttpResponseView() {
					@Override
					public int status() {
						return status;
					}

					@Override
					public List<String> headerValues(String name) {
						return headers.getOrDefault(name, List.of());
					}
				};
				keys = KeyDirectory.verifiedDirectory(text, response,
						SimpleHttpRequest.builder().method("GET").uri(url).build(), now, CLOCK_SKEW);
			}
			else {
				keys = KeyDirectory.parseJwks(text);
			}
			return new Fetched(keys, maxAge(headers.getOrDefault("Cache-Control", List.of())));
		}
		catch (AgentAuthException ex) {
			throw new ProviderFetchException(ex.code(), ex.getMessage());
		}
	}

	/** {@code max-age} of {@code Cache-Control}; null if absent, malformed, {@code no-cache} or {@code no-store}. */
	static @Nullable Duration maxAge(List<String> cacheControl) {
		Duration maxAge = null;
		for (String line : cacheControl) {
			for (String directive : line.split(",")) {
				String d = directive.trim().toLowerCase(Locale.ROOT);
				if (d.equals("no-cache") || d.equals("no-store")) {
					return null;
				}
				if (d.startsWith("max-age=")) {
					try {
						long seconds = Long.parseLong(d.substring("max-age=".length()).replace("\"", ""));
						maxAge = (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
					}
					catch (NumberFormatException ex) {
						maxAge = null;
					}
				}
			}
		}
		return maxAge;
	}

	private static @Nullable String mediaType(Map<String, List<String>> headers) {
		List<String> values = headers.getOrDefault("Content-Type", List.of());
		if (values.size() != 1) {
			return null;
		}
		String value = values.get(0);
		int semicolon = value.indexOf(';');
		return ((semicolon >= 0) ? value.substring(0, semicolon) : value).trim().toLowerCase(Locale.ROOT);
	}

	private static byte[] read(@Nullable HttpEntity entity, int maxBytes) throws IOException, ProviderFetchException {
		if (entity == null) {
			return new byte[0];
		}
		try (InputStream in = entity.getContent()) {
			byte[] body = in.readNBytes(maxBytes + 1);
			if (body.length > maxBytes) {
				throw new ProviderFetchException(ProviderFetchException.TOO_LARGE,
						"The provider's response is larger than " + maxBytes + " bytes");
			}
			return body;
		}
	}

}
