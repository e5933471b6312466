package dev.agentauth.merchant.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.MissingCsrfTokenException;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.DelegationDetails;
import dev.agentauth.core.risk.RiskAction;
import dev.agentauth.merchant.delegation.Delegation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AgentRequestEvents} and the listeners of its events.
 */
class AgentRequestEventsTests {

	private final List<Object> published = new ArrayList<>();

	private final AgentRequestEvents events = new AgentRequestEvents(this.published::add, new AgentAuthErrors());

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cart");

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void acceptedThenEventNamesTheAgent() {
		AgentPrincipal agent = new AgentPrincipal("agent-1", "kid-1", "operator-1");
		this.events.accepted(this.request, agent);
		AgentRequestAcceptedEvent event = (AgentRequestAcceptedEvent) this.published.get(0);
		assertThat(event.request()).isSameAs(this.request);
		assertThat(event.agent()).isSameAs(agent);
	}

	@Test
	void refusedWhenAgentAuthenticationExceptionThenEventNamesAgentKeyAndRisk() {
		this.events.refused(this.request, new AgentAuthenticationException(ErrorCode.RISK_TOO_HIGH, "refused",
				"agent-1", "kid-1", AgentAuthErrorsTests.decision(RiskAction.DENY)));
		AgentRequestRefusedEvent event = (AgentRequestRefusedEvent) this.published.get(0);
		assertThat(event.error().code()).isEqualTo(ErrorCode.RISK_TOO_HIGH);
		assertThat(event.agentId()).isEqualTo("agent-1");
		assertThat(event.keyId()).isEqualTo("kid-1");
		assertThat(event.risk()).isNotNull();
		assertThat(event.delegation()).isNull();
	}

	@Test
	void refusedWhenAccessDeniedThenEventNamesTheAuthenticatedAgentAndDelegation() throws Exception {
		Delegation delegation = delegation();
		authenticate(new AgentPrincipal("agent-1", "kid-1", null, delegation));
		this.events.refused(this.request, new AccessDeniedException("Access Denied"));
		AgentRequestRefusedEvent event = (AgentRequestRefusedEvent) this.published.get(0);
		assertThat(event.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_SCOPE);
		assertThat(event.agentId()).isEqualTo("agent-1");
		assertThat(event.keyId()).isEqualTo("kid-1");
		assertThat(event.delegation()).isSameAs(delegation);
	}

	@Test
	void refusedWhenCsrfThenNoAgent() throws Exception {
		authenticate(new AgentPrincipal("agent-1", "kid-1", null));
		this.events.refused(this.request, new MissingCsrfTokenException(null));
		AgentRequestRefusedEvent event = (AgentRequestRefusedEvent) this.published.get(0);
		assertThat(event.error().code()).isEqualTo(ErrorCode.SIGNATURE_MISSING);
		assertThat(event.agentId()).isNull();
		assertThat(event.keyId()).isNull();
	}

	@Test
	void publishingEntryPointPublishesThenWrites() throws Exception {
		List<String> order = new ArrayList<>();
		AgentRequestEvents events = new AgentRequestEvents((event) -> order.add("published"),
				new AgentAuthErrors());
		MockHttpServletResponse response = new MockHttpServletResponse();
		events.publishingEntryPoint((request, written, failure) -> order.add("written"))
			.commence(this.request, response, new AgentAuthenticationException(ErrorCode.UNKNOWN_KEY, "unknown"));
		events.publishingAccessDeniedHandler((request, written, denied) -> order.add("written"))
			.handle(this.request, response, new AccessDeniedException("Access Denied"));
		assertThat(order).containsExactly("published", "written", "published", "written");
	}

	@Test
	void outcomeEventListenerTellsTheOutcomeListener() {
		List<String> told = new ArrayList<>();
		VerificationOutcomeEventListener listener = new VerificationOutcomeEventListener(
				new VerificationOutcomeListener() {

					@Override
					public void accepted(HttpServletRequest request, AgentPrincipal agent,
							@Nullable Duration elapsed) {
						told.add("accepted " + agent.agentId());
					}

					@Override
					public void refused(HttpServletRequest request, ErrorCode reason, @Nullable Duration elapsed) {
						told.add("refused " + reason.code() + " " + (elapsed != null));
					}

				});
		this.request.setAttribute(AgentSignatureAuthenticationConverter.START_ATTRIBUTE, System.nanoTime());
		listener.onApplicationEvent(new AgentRequestAcceptedEvent(this.request, new AgentPrincipal("a", "k", null)));
		listener.onApplicationEvent(new AgentRequestRefusedEvent(this.request,
				AgentAuthError.of(ErrorCode.NONCE_REPLAYED, null), "a", "k", null, null));
		assertThat(told).containsExactly("accepted a", "refused nonce_replayed true");
	}

	private static void authenticate(AgentPrincipal agent) {
		SecurityContextHolder.getContext()
			.setAuthentication(AgentSignatureAuthenticationToken.authenticated(agent));
	}

	private static Delegation delegation() throws Exception {
		return new Delegation("alice", "grant-1", List.of("cart:write"), DelegationDetails.parse(
				"[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"}}]"),
				Instant.EPOCH.plusSeconds(600));
	}

}
