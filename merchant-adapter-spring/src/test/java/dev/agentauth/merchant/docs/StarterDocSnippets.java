package dev.agentauth.merchant.docs;

import java.math.BigDecimal;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import dev.agentauth.core.risk.RiskFeatures;
import dev.agentauth.core.risk.RiskReason;
import dev.agentauth.core.risk.RiskRule;
import dev.agentauth.merchant.delegation.SpendLimits;
import dev.agentauth.merchant.risk.RiskPurchases;
import dev.agentauth.merchant.signature.AgentPrincipal;

/**
 * The Java samples of {@code docs/merchant-starter.md}, compiled with the tests so the page cannot drift from the
 * API ({@code deploy/.../DocsTests} checks that every sample on the page appears here). The demo merchant
 * ({@code demo/}) runs the same calls over HTTP in the integration tests.
 */
@SuppressWarnings("unused")
final class StarterDocSnippets {

	private StarterDocSnippets() {
	}

	record Cart(BigDecimal total) {
	}

	record Order(String id) {
	}

	interface Orders {

		Order place(Cart cart);

		Order place(Cart cart, String consumer);

	}

	static final class DelegatedCheckout {

		private SpendLimits spendLimits;

		private Orders orders;

		@PostMapping("/checkout")
		@PreAuthorize("hasAuthority('SCOPE_checkout:create')")   // missing: 403 insufficient_scope,
		Order checkout(@AuthenticationPrincipal AgentPrincipal agent, @RequestBody Cart cart) {   // WWW-Authenticate names the scope
		    SpendLimits.Reservation reservation = spendLimits.reserve(cart.total(), "EUR");   // over the limit: 403 spend_limit_exceeded
		    try { return orders.place(cart, agent.delegation().consumer()); }
		    catch (RuntimeException ex) { spendLimits.release(reservation); throw ex; }
		}

	}

	static final class RiskAware {

		private SpendLimits spendLimits;

		private RiskPurchases riskPurchases;

		private Orders orders;

		@Bean
		RiskRule nightOwl() {   // ids are <family>.<name>; the velocity family alone throttles
		    return new RiskRule() {
		        public String id() { return "app.night_owl"; }
		        public RiskReason evaluate(RiskFeatures f) {
		            int hour = f.now().atZone(ZoneOffset.UTC).getHour();
		            return (hour < 5 && !f.safe()) ? new RiskReason(id(), 15, hour, 5) : null;
		        }
		    };
		}

		@PostMapping("/checkout")
		Order checkout(@AuthenticationPrincipal AgentPrincipal agent, @RequestBody Cart cart) {
		    riskPurchases.assess(cart.total(), "EUR");    // amount rules; in enforce mode may throw (401 / 403)
		    SpendLimits.Reservation reservation = spendLimits.reserve(cart.total(), "EUR");
		    Order order = orders.place(cart);
		    riskPurchases.record(cart.total(), "EUR");    // after success: purchase rate, amount history, market events
		    return order;
		}

	}

}
