package dev.agentauth.gateway.spend;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.DeserializationFeature;

/**
 * A purchase route: which requests purchase, and where their JSON body names the amount and currency
 * (RFC 6901 JSON pointers).
 *
 * @since 0.1.0
 */
public final class PurchaseRoute {

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final List<String> paths;

	private final Set<String> methods;

	private final JsonPointer amount;

	private final @Nullable JsonPointer currency;

	private final @Nullable String defaultCurrency;

	private final @Nullable String scope;

	/**
	 * @throws IllegalArgumentException when a path, the amount pointer or the currency is missing or malformed
	 */
	public PurchaseRoute(List<String> paths, List<String> methods, String amount, @Nullable String currency,
			@Nullable String defaultCurrency, @Nullable String scope) {
		if (paths.isEmpty() || paths.stream().anyMatch((path) -> !path.startsWith("/"))) {
			throw new IllegalArgumentException("A purchase route needs paths starting with '/'");
		}
		if (amount == null || !amount.startsWith("/")) {
			throw new IllegalArgumentException("A purchase route needs an 'amount' JSON pointer such as /total");
		}
		if ((currency == null || currency.isEmpty()) && (defaultCurrency == null || defaultCurrency.isEmpty())) {
			throw new IllegalArgumentException("A purchase route needs a 'currency' JSON pointer or a 'default-currency'");
		}
		this.paths = List.copyOf(paths);
		this.methods = methods.stream().map((m) -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
		this.amount = JsonPointer.compile(amount);
		this.currency = (currency != null && !currency.isEmpty()) ? JsonPointer.compile(currency) : null;
		this.defaultCurrency = (defaultCurrency != null && !defaultCurrency.isEmpty()) ? defaultCurrency : null;
		this.scope = (scope != null && !scope.isEmpty()) ? scope : null;
	}

	boolean matches(HttpServletRequest request) {
		if (!this.methods.contains(request.getMethod())) {
			return false;
		}
		// the path as the upstream will route it: percent-decoded, without ";" parameters, "//" as "/" (the raw URI
		// /api/%63heckout would not match /api/checkout, and the purchase would pass unreserved)
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
		for (String pattern : this.paths) {
			if (PATHS.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	@Nullable String scope() {
		return this.scope;
	}

	/**
	 * The amount and currency named by the body.
	 * @throws IllegalArgumentException when the body is not JSON or they are missing or malformed
	 */
	Purchase purchase(byte[] body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("The request body is not JSON");
		}
		JsonNode amountNode = root.at(this.amount);
		BigDecimal amount;
		try {
			amount = amountNode.isNumber() ? amountNode.decimalValue()
					: amountNode.isString() ? new BigDecimal(amountNode.stringValue()) : null;
		}
		catch (NumberFormatException ex) {
			amount = null;
		}
		if (amount == null || amount.signum() <= 0 || amount.scale() > 4) {
			throw new IllegalArgumentException("The body has no positive amount at " + this.amount);
		}
		String currency = this.defaultCurrency;
		if (this.currency != null) {
			JsonNode currencyNode = root.at(this.currency);
			if (currencyNode.isString()) {
				currency = currencyNode.stringValue();
			}
		}
		if (currency == null || !currency.matches("[A-Z]{3}")) {
			throw new IllegalArgumentException("The body names no ISO 4217 currency"
					+ ((this.currency != null) ? " at " + this.currency : ""));
		}
		return new Purchase(amount, currency);
	}

	record Purchase(BigDecimal amount, String currency) {

		Purchase {
			Objects.requireNonNull(amount);
			Objects.requireNonNull(currency);
		}

	}

}
