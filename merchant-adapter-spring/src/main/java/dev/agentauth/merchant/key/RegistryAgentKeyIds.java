package dev.agentauth.merchant.key;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentIdentifiers;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.signature.SimpleHeaderVerifier;

/**
 * The keys of an agent id, for the simple header profile: the thumbprints in the registry's public
 * {@code GET {issuer}/agents/{id}/jwks}, cached for {@code ttl} (unknown agents too). The keys themselves, with
 * their status, are then resolved through the {@link RegistryKeyResolver} (and its revocation-feed evictions).
 * An unreachable registry fails closed with {@code registry_unavailable}; an id that is not of the agent id syntax
 * ({@link AgentIdentifiers}) is refused with {@code agent_id_malformed} before any request.
 *
 * @since 0.1.0
 */
public final class RegistryAgentKeyIds implements SimpleHeaderVerifier.AgentKeyIds {

	private final URI issuer;

	private final HttpClient httpClient;

	private final Duration timeout;

	private final Cache<String, List<String>> cache;

	public RegistryAgentKeyIds(URI issuer, HttpClient httpClient, Duration timeout, Duration ttl) {
		this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
		this.httpClient = Objects.requireNonNull(httpClient, "httpClient cannot be null");
		this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
		this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
	}

	@Override
	public List<String> keyIds(String agentId) throws AgentAuthException {
		// before the id becomes a path segment of the registry's URL
		AgentIdentifiers.requireAgentId(agentId);
		List<String> cached = this.cache.getIfPresent(agentId);
		if (cached == null) {
			cached = fetch(agentId);
			this.cache.put(agentId, cached);
		}
		if (cached == UNKNOWN) {
			throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "No agent with this id is registered");
		}
		return cached;
	}

	// identity marks an unknown agent in the cache
	private static final List<String> UNKNOWN = new ArrayList<>(0);

	private List<String> fetch(String agentId) throws AgentAuthException {
		URI uri = URI.create(this.issuer + "/agents/" + URLEncoder.encode(agentId, StandardCharsets.UTF_8) + "/jwks");
		HttpResponse<String> response;
		try {
			response = this.httpClient.send(HttpRequest.newBuilder(uri).timeout(this.timeout)
				.header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw unavailable();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable();
		}
		if (response.statusCode() == 404) {
			return UNKNOWN;
		}
		if (response.statusCode() != 200) {
			throw unavailable();
		}
		try {
			List<String> keyIds = new ArrayList<>();
			for (Map<String, Object> key : JSONObjectUtils.getJSONObjectArray(JSONObjectUtils.parse(response.body()),
					"keys")) {
				keyIds.add(AgentKey.from(key).thumbprint());
			}
			return List.copyOf(keyIds);
		}
		catch (ParseException | AgentAuthException | RuntimeException ex) {
			throw new AgentAuthException(ErrorCode.REGISTRY_UNAVAILABLE, "The registry's key set cannot be read");
		}
	}

	private static AgentAuthException unavailable() {
		return new AgentAuthException(ErrorCode.REGISTRY_UNAVAILABLE, "The agent registry cannot be reached");
	}

}
