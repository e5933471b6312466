package dev.agentauth.gateway.spend;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.gateway.proxy.UpstreamErrorResolver;
import dev.agentauth.merchant.delegation.SpendLimitExceededException;
import dev.agentauth.merchant.delegation.SpendLimits;
import dev.agentauth.merchant.risk.RiskPurchases;
import dev.agentauth.merchant.risk.RiskRefusedException;
import dev.agentauth.merchant.signature.AgentPrincipal;
import dev.agentauth.merchant.signature.AgentAuthError;
import dev.agentauth.merchant.signature.AgentAuthErrorWriter;
import dev.agentauth.merchant.signature.AgentAuthErrors;
import dev.agentauth.merchant.signature.AgentRequestEvents;
import dev.agentauth.merchant.signature.CachedBodyRequest;

/**
 * Spend limits for an upstream that knows nothing of them: on a {@link PurchaseRoute}, the amount named by the
 * verified body is reserved with the starter's {@link SpendLimits} (per-purchase maximum, currency, and the grant's
 * budget) before the request is forwarded. The reservation stays when the upstream answers 2xx, and also when the
 * outcome is unknown, because the upstream may have acted on the order: a 504 (the gateway's own
 * {@code upstream_timeout} or the upstream's) and any failure after the request may have been sent
 * ({@link UpstreamErrorResolver#OUTCOME_UNKNOWN}); such a kept reservation is logged for reconciliation. It is
 * given back when the upstream answers anything else or cannot be connected to. Refusals are the starter's problem+json
 * ({@code spend_limit_exceeded}, {@code insufficient_scope} 403; {@code spend_store_unavailable} 503), a body
 * without a usable amount is 400 {@code purchase_amount_invalid}.
 * <p>
 * With the starter's {@link RiskPurchases} (the risk layer), the amount is scored first, as a merchant's checkout
 * does: {@link RiskPurchases#assess} before reserving (in enforce mode a risky purchase is refused, 401
 * {@code fresh_delegation_required} or 403 {@code risk_too_high}, and nothing is reserved or forwarded), and
 * {@link RiskPurchases#record} when the upstream answers 2xx.
 *
 * @since 0.1.0
 */
public final class SpendLimitFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(SpendLimitFilter.class);

	private final List<PurchaseRoute> routes;

	private final SpendLimits spendLimits;

	private final AgentAuthErrorWriter errorWriter;

	private final AgentAuthErrors errors;

	private final AgentRequestEvents events;

	private final @Nullable RiskPurchases riskPurchases;

	private final long maxBodySize;

	/** Each purchase is scored with {@code riskPurchases} when given (null: the risk layer is absent). */
	public SpendLimitFilter(List<PurchaseRoute> routes, SpendLimits spendLimits,
			@Nullable RiskPurchases riskPurchases, AgentAuthErrorWriter errorWriter, AgentAuthErrors errors,
			AgentRequestEvents events, long maxBodySize) {
		this.routes = List.copyOf(routes);
		this.spendLimits = Objects.requireNonNull(spendLimits, "spendLimits cannot be null");
		this.riskPurchases = riskPurchases;
		this.errorWriter = Objects.requireNonNull(errorWriter, "errorWriter cannot be null");
		this.errors = Objects.requireNonNull(errors, "errors cannot be null");
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.maxBodySize = maxBodySize;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PurchaseRoute route = route(request);
		if (route == null) {
			chain.doFilter(request, response);
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		AgentPrincipal agent = (authentication != null && authentication.getPrincipal() instanceof AgentPrincipal a)
				? a : null;
		CachedBodyRequest body = cachedBody(request);
		if (agent == null || body == null) {
			// a purchase route the agent chain did not verify (not among agentauth.protected-paths): fail closed
			refuse(request, response, AgentAuthErrors.signatureMissing(), null, null);
			return;
		}
		String scope = route.scope();
		if (scope != null && (agent.delegation() == null || !agent.delegation().scopes().contains(scope))) {
			refuse(request, response, AgentAuthErrors.insufficientScope(List.of(scope)), agent, null);
			return;
		}
		PurchaseRoute.Purchase purchase;
		try {
			purchase = route.purchase(body.body(this.maxBodySize));
		}
		catch (IllegalArgumentException ex) {
			UpstreamErrorResolver.write(response, 400, "purchase_amount_invalid", "Bad Request", ex.getMessage());
			return;
		}
		if (this.riskPurchases != null) {
			try {
				// layer 3: the amount against the consumer's usual ones and the budget (refused only in enforce mode)
				this.riskPurchases.assess(purchase.amount(), purchase.currency());
			}
			catch (RiskRefusedException ex) {
				refuse(request, response, this.errors.error(ex.errorCode(), ex.getMessage(), ex.decision()), agent,
						ex.decision());
				return;
			}
		}
		SpendLimits.Reservation reservation;
		try {
			reservation = this.spendLimits.reserve(authentication, purchase.amount(), purchase.currency());
		}
		catch (SpendLimitExceededException ex) {
			refuse(request, response, this.errors.error(ex.errorCode(), ex.getMessage(), null), agent, null);
			return;
		}
		boolean kept = false;
		try {
			chain.doFilter(request, response);
			int status = response.getStatus();
			kept = status >= 200 && status < 300;
			if (kept && this.riskPurchases != null) {
				// the upstream took the order: counted for purchase velocity and the consumer's amount history
				this.riskPurchases.record(purchase.amount(), purchase.currency());
			}
			if (!kept && (status == 504 || request.getAttribute(UpstreamErrorResolver.OUTCOME_UNKNOWN) != null)) {
				// the upstream may have taken the order: keeping the amount can only under-spend the budget
				kept = true;
				logger.warn("Kept a spend reservation of {} {} on grant {} ({} {}, status {}): the upstream may have "
						+ "acted; reconcile with its orders", purchase.amount(), purchase.currency(),
						(agent.delegation() != null) ? agent.delegation().grantId() : "-", request.getMethod(),
						request.getRequestURI(), status);
			}
		}
		finally {
			if (!kept) {
				release(reservation);
			}
		}
	}

	// as the starter's access-denied handler: published (audit, metrics, risk), then written
	private void refuse(HttpServletRequest request, HttpServletResponse response, AgentAuthError error,
			@Nullable AgentPrincipal agent, @Nullable RiskDecision risk) throws IOException {
		this.events.refused(request, error, (agent != null) ? agent.agentId() : null,
				(agent != null) ? agent.keyId() : null, risk);
		this.errorWriter.write(request, response, error);
	}

	private void release(SpendLimits.Reservation reservation) {
		try {
			this.spendLimits.release(reservation);
		}
		catch (RuntimeException ex) {
			// the store failed after the purchase failed: the budget stays reduced by this amount until the period ends
			logger.warn("Could not release a spend reservation: {}", ex.toString());
		}
	}

	private @Nullable PurchaseRoute route(HttpServletRequest request) {
		for (PurchaseRoute route : this.routes) {
			if (route.matches(request)) {
				return route;
			}
		}
		return null;
	}

	private static @Nullable CachedBodyRequest cachedBody(ServletRequest request) {
		ServletRequest current = request;
		while (true) {
			if (current instanceof CachedBodyRequest cached) {
				return cached;
			}
			if (!(current instanceof ServletRequestWrapper wrapper)) {
				return null;
			}
			current = wrapper.getRequest();
		}
	}

}
