package dev.agentauth.demo.merchant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.HttpStatus;

import dev.agentauth.merchant.delegation.SpendLimits;
import dev.agentauth.merchant.risk.RiskPurchases;
import dev.agentauth.merchant.signature.AgentPrincipal;

/**
 * The shop API: a fixed catalogue, a cart that prices items (any signed agent), and a checkout that returns an
 * order id (only with a consumer's delegation: scope {@code checkout:create}, within its spend limits). Each
 * response names the agent that signed the request.
 */
@RestController
@RequestMapping("/api/v1")
class ShopController {

	private final SpendLimits spendLimits;

	private final RiskPurchases riskPurchases;

	ShopController(SpendLimits spendLimits, RiskPurchases riskPurchases) {
		this.spendLimits = spendLimits;
		this.riskPurchases = riskPurchases;
	}

	record Product(String sku, String name, BigDecimal price, String currency) {
	}

	record Item(String sku, int quantity) {
	}

	record Cart(List<Item> items) {
	}

	static final List<Product> CATALOGUE = List.of(new Product("tea-001", "Green tea, 100 g", new BigDecimal("7.50"), "EUR"),
			new Product("mug-002", "Stoneware mug", new BigDecimal("12.00"), "EUR"),
			new Product("pot-003", "Cast iron teapot", new BigDecimal("39.90"), "EUR"));

	@GetMapping("/products")
	Map<String, Object> products(@AuthenticationPrincipal AgentPrincipal agent) {
		return Map.of("agent", agent(agent), "products", CATALOGUE);
	}

	@PostMapping("/cart")
	Map<String, Object> cart(@AuthenticationPrincipal AgentPrincipal agent, @RequestBody Cart cart) {
		Map<String, Object> result = priced(cart);
		result.put("agent", agent(agent));
		return result;
	}

	/**
	 * Placing an order needs a consumer's delegation with scope {@code checkout:create} (else 403
	 * {@code insufficient_scope}), and the total must fit the delegation's spend limits (else 403
	 * {@code spend_limit_exceeded}).
	 */
	@PostMapping("/checkout")
	@PreAuthorize("hasAuthority('SCOPE_checkout:create')")
	Map<String, Object> checkout(@AuthenticationPrincipal AgentPrincipal agent, @RequestBody Cart cart) {
		Map<String, Object> result = priced(cart);
		BigDecimal total = (BigDecimal) result.get("total");
		// layer 3: the amount against Alice's usual ones and her budget (refused only in enforce mode)
		this.riskPurchases.assess(total, "EUR");
		SpendLimits.Reservation reservation = this.spendLimits.reserve(total, "EUR");
		try {
			result.put("order_id", "ord_" + UUID.randomUUID());
			result.put("agent", agent(agent));
			result.put("consumer", agent.delegation().consumer());
			result.put("grant", agent.delegation().grantId());
			// the order is placed: counted for purchase velocity and Alice's amount history
			this.riskPurchases.record(total, "EUR");
			return result;
		}
		catch (RuntimeException ex) {
			this.spendLimits.release(reservation);
			throw ex;
		}
	}

	private static Map<String, Object> priced(Cart cart) {
		List<Map<String, Object>> lines = new ArrayList<>();
		BigDecimal total = BigDecimal.ZERO;
		for (Item item : (cart.items() != null) ? cart.items() : List.<Item>of()) {
			Product product = CATALOGUE.stream()
				.filter((candidate) -> candidate.sku().equals(item.sku()))
				.findFirst()
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown sku " + item.sku()));
			if (item.quantity() < 1 || item.quantity() > 100) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Quantity must be 1..100");
			}
			BigDecimal lineTotal = product.price().multiply(BigDecimal.valueOf(item.quantity()));
			total = total.add(lineTotal);
			lines.add(Map.of("sku", item.sku(), "quantity", item.quantity(), "line_total", lineTotal));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("items", lines);
		result.put("total", total);
		result.put("currency", "EUR");
		return result;
	}

	private static Map<String, Object> agent(AgentPrincipal agent) {
		Map<String, Object> json = new LinkedHashMap<>();
		if (agent == null) {
			// the baseline-jwt and baseline-dpop profiles: no agent signature, a bearer or DPoP token
			return json;
		}
		json.put("agent_id", agent.agentId());
		json.put("keyid", agent.keyId());
		json.put("operator", agent.operator());
		if (agent.registry() != null) {
			// several trusted registries (agentauth.registries): the one that registered the key
			json.put("registry", agent.registry());
		}
		return json;
	}

}
