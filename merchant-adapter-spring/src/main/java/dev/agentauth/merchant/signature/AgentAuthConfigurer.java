package dev.agentauth.merchant.signature;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;

/**
 * Adds agent request-signature authentication to a filter chain:
 * {@code http.with(AgentAuthConfigurer.agentAuth(), Customizer.withDefaults())}. Collaborators default to the
 * beans of the application context ({@link AgentSignatureAuthenticationProvider},
 * {@link AgentSignatureAuthenticationEntryPoint}, {@link AgentRequestEvents}); with the starter's entry point,
 * authorization failures are answered by an {@link AgentAccessDeniedHandler} writing the same way. Every decision
 * is published as an {@link AgentRequestEvent} (audit, metrics, risk). CSRF protection is skipped for signed
 * requests, which carry no ambient credentials.
 *
 * @since 0.1.0
 */
public final class AgentAuthConfigurer extends AbstractHttpConfigurer<AgentAuthConfigurer, HttpSecurity> {

	private @Nullable AgentSignatureAuthenticationProvider authenticationProvider;

	private @Nullable AuthenticationEntryPoint entryPoint;

	private @Nullable AccessDeniedHandler accessDeniedHandler;

	private @Nullable AgentRequestEvents events;

	/** A configurer for {@code http.with(agentAuth(), customizer)}. */
	public static AgentAuthConfigurer agentAuth() {
		return new AgentAuthConfigurer();
	}

	/** The provider verifying signatures; defaults to the context's bean. */
	public AgentAuthConfigurer authenticationProvider(AgentSignatureAuthenticationProvider authenticationProvider) {
		this.authenticationProvider = Objects.requireNonNull(authenticationProvider,
				"authenticationProvider cannot be null");
		return this;
	}

	/** The entry point writing refusals; defaults to the context's bean. */
	public AgentAuthConfigurer entryPoint(AuthenticationEntryPoint entryPoint) {
		this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint cannot be null");
		return this;
	}

	/**
	 * The handler writing authorization failures; defaults to an {@link AgentAccessDeniedHandler} when the entry
	 * point is the starter's, else Spring Security's own.
	 */
	public AgentAuthConfigurer accessDeniedHandler(AccessDeniedHandler accessDeniedHandler) {
		this.accessDeniedHandler = Objects.requireNonNull(accessDeniedHandler, "accessDeniedHandler cannot be null");
		return this;
	}

	/**
	 * Where decisions are published; defaults to the context's bean, or to the audit log alone without an
	 * application context.
	 */
	public AgentAuthConfigurer events(AgentRequestEvents events) {
		this.events = Objects.requireNonNull(events, "events cannot be null");
		return this;
	}

	@Override
	public void init(HttpSecurity http) {
		AuthenticationEntryPoint entryPoint = entryPoint(http);
		AgentRequestEvents events = events(http);
		AccessDeniedHandler accessDeniedHandler = (this.accessDeniedHandler == null
				&& entryPoint instanceof AgentSignatureAuthenticationEntryPoint ours) ? ours.accessDeniedHandler()
						: this.accessDeniedHandler;
		http.exceptionHandling((exceptions) -> {
			exceptions.authenticationEntryPoint(events.publishingEntryPoint(entryPoint));
			if (accessDeniedHandler != null) {
				exceptions.accessDeniedHandler(events.publishingAccessDeniedHandler(accessDeniedHandler));
			}
		});
		// only where CSRF protection is on: http.csrf(...) here would turn it back on in a chain that disabled it
		@SuppressWarnings("unchecked")
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(RequestBodyCachingFilter::isSigned);
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		AgentSignatureAuthenticationProvider provider = (this.authenticationProvider != null)
				? this.authenticationProvider
				: context(http).getBean(AgentSignatureAuthenticationProvider.class);
		AuthenticationFilter filter = new AuthenticationFilter(new ProviderManager(provider),
				new AgentSignatureAuthenticationConverter());
		AgentRequestEvents events = events(http);
		filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(events.publishingEntryPoint(entryPoint(http))));
		filter.setSuccessHandler((request, response, authentication) -> {
			if (authentication.getPrincipal() instanceof AgentPrincipal agent) {
				events.accepted(request, agent);
			}
		});
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		http.addFilterBefore(new RequestBodyCachingFilter(), AuthorizationFilter.class);
		http.addFilterBefore(postProcess(filter), AuthorizationFilter.class);
	}

	private AuthenticationEntryPoint entryPoint(HttpSecurity http) {
		if (this.entryPoint == null) {
			this.entryPoint = context(http).getBean(AgentSignatureAuthenticationEntryPoint.class);
		}
		return this.entryPoint;
	}

	private AgentRequestEvents events(HttpSecurity http) {
		if (this.events == null) {
			AgentAuthErrors errors = (this.entryPoint instanceof AgentSignatureAuthenticationEntryPoint ours)
					? ours.errors() : new AgentAuthErrors();
			ApplicationContext context = http.getSharedObject(ApplicationContext.class);
			if (context != null) {
				this.events = context.getBeanProvider(AgentRequestEvents.class)
					.getIfAvailable(() -> new AgentRequestEvents(context, errors));
			}
			else {
				AgentRequestAuditListener audit = new AgentRequestAuditListener();
				this.events = new AgentRequestEvents((event) -> {
					if (event instanceof AgentRequestEvent decision) {
						audit.onApplicationEvent(decision);
					}
				}, errors);
			}
		}
		return this.events;
	}

	private static ApplicationContext context(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (context == null) {
			throw new IllegalStateException("No ApplicationContext; set the provider and entry point explicitly");
		}
		return context;
	}

}
