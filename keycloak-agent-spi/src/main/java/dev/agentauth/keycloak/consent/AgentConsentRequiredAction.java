package dev.agentauth.keycloak.consent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.delegation.DelegationDetails;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.consent.ConsentRequest.ConsentException;
import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.provider.ProviderType;
import dev.agentauth.keycloak.registry.AgentKeyModel;

/**
 * The consent page: shown after login when an authorization request names an {@code agent_id}. Approve stores
 * the grant and puts its id in the client session (note {@value DelegationClaims#AGENT_GRANT}, mapped into the
 * consumer's token by {@link AgentGrantMapper}); Deny ends the flow with {@code access_denied}.
 */
final class AgentConsentRequiredAction implements RequiredActionProvider {

	/** Auth note set once the consumer has answered, so the page is not shown twice in one flow. */
	static final String ANSWERED = "agentauth.consent.answered";

	static final String TEMPLATE = "agent-consent.ftl";

	@Override
	public InitiatedActionSupport initiatedActionSupport() {
		return InitiatedActionSupport.NOT_SUPPORTED;
	}

	@Override
	public void evaluateTriggers(RequiredActionContext context) {
		AuthenticationSessionModel authSession = context.getAuthenticationSession();
		if (ConsentRequest.isAgentRequest(authSession) && authSession.getAuthNote(ANSWERED) == null) {
			authSession.addRequiredAction(AgentConsentRequiredActionFactory.ID);
		}
	}

	@Override
	public void requiredActionChallenge(RequiredActionContext context) {
		ConsentRequest request;
		try {
			request = ConsentRequest.read(context.getSession(), context.getAuthenticationSession());
		}
		catch (ConsentException ex) {
			context.getEvent().clone().event(EventType.GRANT_CONSENT_ERROR).detail("reason", ex.messageKey())
				.error("invalid_request");
			context.challenge(context.form().setError(ex.messageKey(), ex.parameters())
				.createErrorPage(Response.Status.BAD_REQUEST));
			return;
		}
		context.challenge(context.form().setAttribute("agentConsent", bean(request, context)).createForm(TEMPLATE));
	}

	@Override
	public void processAction(RequiredActionContext context) {
		AuthenticationSessionModel authSession = context.getAuthenticationSession();
		MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
		if (form.getFirst("approve") == null) {
			authSession.setAuthNote(ANSWERED, "denied");
			context.getEvent().clone().event(EventType.GRANT_CONSENT_ERROR)
				.detail("agent_id", authSession.getClientNote("client_request_param_agent_id"))
				.error("rejected_by_user");
			context.failure();
			return;
		}
		ConsentRequest request;
		try {
			request = ConsentRequest.read(context.getSession(), authSession);
		}
		catch (ConsentException ex) {
			context.challenge(context.form().setError(ex.messageKey(), ex.parameters())
				.createErrorPage(Response.Status.BAD_REQUEST));
			return;
		}
		long lifetime = request.defaultLifetime();
		String chosen = form.getFirst("lifetime");
		if (chosen != null) {
			try {
				lifetime = Long.parseLong(chosen);
			}
			catch (NumberFormatException ex) {
				lifetime = -1;
			}
			if (!request.lifetimeOptions().contains(lifetime)) {
				context.challenge(context.form().setError("agentConsentBadLifetime")
					.setAttribute("agentConsent", bean(request, context)).createForm(TEMPLATE));
				return;
			}
		}
		AgentGrantModel grant = context.getSession().getProvider(AgentGrantStore.class).createGrant(
				context.getRealm(), context.getUser().getId(), request.agent().id(), authSession.getClient().getClientId(),
				request.scopeNames(), request.detailsJson(), KeycloakClock.now().plusSeconds(lifetime));
		authSession.setAuthNote(ANSWERED, grant.id());
		authSession.setClientNote(DelegationClaims.AGENT_GRANT, grant.id());
		context.getEvent().clone().event(EventType.GRANT_CONSENT)
			.detail("agent_id", grant.agentId())
			.detail("grant_id", grant.id())
			.detail("scope", String.join(" ", grant.scopes()))
			.success();
		context.success();
	}

	@Override
	public void close() {
	}

	/** The template's model: plain maps and strings (FreeMarker escapes them as HTML). */
	private static Map<String, Object> bean(ConsentRequest request, RequiredActionContext context) {
		String client = context.getAuthenticationSession().getClient().getClientId();
		Map<String, Object> bean = new LinkedHashMap<>();
		Map<String, Object> agent = new LinkedHashMap<>();
		agent.put("id", request.agent().id());
		agent.put("name", request.agent().name());
		// a brokered agent has no operator of ours: the client that asked (and will hold the grant) operates it here
		String operator = (request.agent().operator() != null) ? request.agent().operator()
				: (request.provider() != null) ? client : "";
		agent.put("operator", operator);
		agent.put("description", (request.agent().description() != null) ? request.agent().description() : "");
		agent.put("registered", request.agent().created().toString().substring(0, 10));
		agent.put("keys", request.keys().stream().map(AgentKeyModel::kid).toList());
		// a brokered agent: the provider's display name, and its directory (Web Bot Auth) or its key ids (JWKS)
		if (request.provider() != null) {
			Map<String, Object> provider = new LinkedHashMap<>();
			provider.put("displayName", request.provider().displayName());
			provider.put("type", request.provider().type().value());
			provider.put("directory", (request.provider().type() == ProviderType.WEB_BOT_AUTH) ? request.provider().url()
					: "");
			provider.put("keyIds", request.keys().stream().map(AgentKeyModel::lookupId).toList());
			agent.put("provider", provider);
		}
		bean.put("agent", agent);
		List<Map<String, String>> scopes = new ArrayList<>();
		for (ClientScopeModel scope : request.scopes()) {
			String text = scope.getConsentScreenText();
			if (text == null || text.isBlank()) {
				text = (scope.getDescription() != null && !scope.getDescription().isBlank()) ? scope.getDescription()
						: scope.getName();
			}
			scopes.add(Map.of("name", scope.getName(), "fallback", text));
		}
		bean.put("scopes", scopes);
		DelegationDetails details = request.details();
		bean.put("maxAmount", details.maxAmount().toString());
		bean.put("budget", (details.budget() != null) ? details.budget().limit().toString() : "");
		bean.put("budgetPeriod", (details.budget() != null) ? details.budget().period().value() : "");
		bean.put("merchants", details.merchants());
		List<Map<String, String>> lifetimes = new ArrayList<>();
		for (long seconds : request.lifetimeOptions()) {
			lifetimes.add(Map.of("seconds", Long.toString(seconds), "label", label(Duration.ofSeconds(seconds)),
					"selected", Boolean.toString(seconds == request.defaultLifetime())));
		}
		bean.put("lifetimes", lifetimes);
		return bean;
	}

	private static String label(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds % 86400 == 0) {
			long days = seconds / 86400;
			return days + ((days == 1) ? " day" : " days");
		}
		if (seconds % 3600 == 0) {
			long hours = seconds / 3600;
			return hours + ((hours == 1) ? " hour" : " hours");
		}
		long minutes = Math.max(1, seconds / 60);
		return minutes + ((minutes == 1) ? " minute" : " minutes");
	}

}
