package dev.agentauth.merchant.signature;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A signed agent request: unauthenticated as produced by {@link AgentSignatureAuthenticationConverter},
 * authenticated with an {@link AgentPrincipal} after {@link AgentSignatureAuthenticationProvider} verified it.
 *
 * @since 0.1.0
 */
public final class AgentSignatureAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	/** The authority every verified agent request carries. */
	public static final String AGENT_AUTHORITY = "AGENT";

	private final transient @Nullable CachedBodyRequest request;

	private final @Nullable AgentPrincipal principal;

	private final boolean bodyElsewhere;

	private AgentSignatureAuthenticationToken(@Nullable CachedBodyRequest request, @Nullable AgentPrincipal principal,
			Collection<? extends GrantedAuthority> authorities, boolean bodyElsewhere) {
		super(authorities);
		this.request = request;
		this.principal = principal;
		this.bodyElsewhere = bodyElsewhere;
		setAuthenticated(principal != null);
	}

	/** A request still to be verified. */
	public static AgentSignatureAuthenticationToken unauthenticated(CachedBodyRequest request) {
		Objects.requireNonNull(request, "request cannot be null");
		return new AgentSignatureAuthenticationToken(request, null, List.of(), false);
	}

	/**
	 * A request to verify without its body, which the verifier does not get (an nginx {@code auth_request}
	 * subrequest carries the original headers only): when the request has a body, the signature must cover a
	 * well-formed {@code Content-Digest}, and checking that digest against the body is left to whoever has the body.
	 * @since 0.1.0
	 */
	public static AgentSignatureAuthenticationToken unauthenticatedBodyElsewhere(CachedBodyRequest request) {
		Objects.requireNonNull(request, "request cannot be null");
		return new AgentSignatureAuthenticationToken(request, null, List.of(), true);
	}

	/**
	 * A verified agent: authority {@value #AGENT_AUTHORITY}, plus {@code SCOPE_<scope>} for each delegated scope
	 * when the request carried a delegation token.
	 */
	public static AgentSignatureAuthenticationToken authenticated(AgentPrincipal principal) {
		Objects.requireNonNull(principal, "principal cannot be null");
		List<GrantedAuthority> authorities = new java.util.ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(AGENT_AUTHORITY));
		if (principal.delegation() != null) {
			principal.delegation().scopes().forEach((scope) -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
		}
		return new AgentSignatureAuthenticationToken(null, principal, authorities, false);
	}

	/** The request to verify; {@code null} once authenticated. */
	public @Nullable CachedBodyRequest request() {
		return this.request;
	}

	/** Whether the body is verified elsewhere (see {@link #unauthenticatedBodyElsewhere}). */
	public boolean bodyElsewhere() {
		return this.bodyElsewhere;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public @Nullable Object getPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return (this.principal != null) ? this.principal.agentId() : "";
	}

}
