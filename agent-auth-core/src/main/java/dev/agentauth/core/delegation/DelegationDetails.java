package dev.agentauth.core.delegation;

import java.math.BigDecimal;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONArrayUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * The spend limits a consumer grants an agent: one RFC 9396 {@code authorization_details} entry of type
 * {@value #TYPE}.
 *
 * <pre>
 * [{"type": "agent_delegation",
 *   "max_amount": {"value": "50.00", "currency": "EUR"},              // per purchase, required
 *   "budget": {"value": "200.00", "currency": "EUR", "period": "month"},  // optional: day, week, month
 *   "merchants": ["demo-merchant"]}]                                     // optional: merchant client ids
 * </pre>
 *
 * Amounts are decimal strings (numbers are accepted on input), currencies ISO 4217 codes; the budget uses the
 * same currency as {@code max_amount}. Unknown members are refused rather than ignored: a limit we do not
 * understand must not silently become no limit.
 *
 * @param maxAmount the most one purchase may cost
 * @param budget the most all purchases of one period may cost together, if limited
 * @param merchants the merchants (client ids) the agent may buy from; empty = any
 * @since 0.1.0
 */
public record DelegationDetails(Money maxAmount, @Nullable Budget budget, List<String> merchants) {

	/** The {@code type} of our {@code authorization_details} entry. */
	public static final String TYPE = "agent_delegation";

	private static final Set<String> MEMBERS = Set.of("type", "max_amount", "budget", "merchants");

	private static final int MAX_MERCHANTS = 100;

	public DelegationDetails {
		Objects.requireNonNull(maxAmount, "maxAmount cannot be null");
		merchants = List.copyOf(merchants);
	}

	/**
	 * Parses the {@code authorization_details} parameter or claim (a JSON array) and returns its single
	 * {@value #TYPE} entry.
	 * @throws AgentAuthException {@code authorization_details_invalid}
	 */
	public static DelegationDetails parse(String json) throws AgentAuthException {
		List<Object> array;
		try {
			array = JSONArrayUtils.parse(json);
		}
		catch (ParseException | RuntimeException ex) {
			throw invalid("authorization_details must be a JSON array of objects");
		}
		return fromJson(array);
	}

	/**
	 * Reads the parsed {@code authorization_details} array (a {@code List} of {@code Map}s, as JSON libraries
	 * produce).
	 * @throws AgentAuthException {@code authorization_details_invalid}
	 */
	public static DelegationDetails fromJson(@Nullable Object authorizationDetails) throws AgentAuthException {
		if (!(authorizationDetails instanceof List<?> entries) || entries.isEmpty()) {
			throw invalid("authorization_details must be a non-empty JSON array");
		}
		if (entries.size() != 1) {
			throw invalid("authorization_details must hold exactly one entry of type " + TYPE);
		}
		if (!(entries.get(0) instanceof Map<?, ?> entry)) {
			throw invalid("Each authorization_details entry must be a JSON object");
		}
		if (!TYPE.equals(entry.get("type"))) {
			throw invalid("The authorization_details type must be " + TYPE);
		}
		for (Object member : entry.keySet()) {
			if (!MEMBERS.contains(member)) {
				throw invalid("Unknown member '" + member + "' in the " + TYPE + " authorization_details");
			}
		}
		Money maxAmount = Money.fromJson(entry.get("max_amount"), "max_amount");
		Budget budget = null;
		if (entry.get("budget") != null) {
			budget = Budget.fromJson(entry.get("budget"));
			if (!budget.limit().currency().equals(maxAmount.currency())) {
				throw invalid("budget and max_amount must use the same currency");
			}
		}
		List<String> merchants = new ArrayList<>();
		Object list = entry.get("merchants");
		if (list != null) {
			if (!(list instanceof List<?> values) || values.size() > MAX_MERCHANTS) {
				throw invalid("merchants must be a JSON array of at most " + MAX_MERCHANTS + " client ids");
			}
			for (Object value : values) {
				if (!(value instanceof String merchant) || merchant.isBlank() || merchant.length() > 255) {
					throw invalid("Each merchant must be a non-empty client id of at most 255 characters");
				}
				if (!merchants.contains(merchant)) {
					merchants.add(merchant);
				}
			}
		}
		return new DelegationDetails(maxAmount, budget, merchants);
	}

	/** Whether the agent may buy from {@code merchant} (a client id). */
	public boolean allowsMerchant(String merchant) {
		return this.merchants.isEmpty() || this.merchants.contains(merchant);
	}

	/**
	 * The details a token for {@code merchant} gets when the agent asks for {@code requested} (or for the
	 * whole grant when null): never more than this grant. A requested budget must match the granted one's
	 * period and currency; the granted budget is kept when none is requested. When the grant (or the request)
	 * lists merchants, the token lists only {@code merchant}: the other merchants a consumer allowed are none of
	 * this one's business (RFC 9396 §14, need to know); a grant for any merchant gives a token for any.
	 * @throws AgentAuthException {@code authorization_details_exceeded} when the request or the merchant is
	 * beyond the grant
	 */
	public DelegationDetails narrow(@Nullable DelegationDetails requested, String merchant)
			throws AgentAuthException {
		if (!allowsMerchant(merchant)) {
			throw exceeded("The grant does not include merchant " + merchant);
		}
		if (requested == null) {
			return this.merchants.isEmpty() ? this
					: new DelegationDetails(this.maxAmount, this.budget, List.of(merchant));
		}
		if (!requested.allowsMerchant(merchant)) {
			throw exceeded("The requested authorization_details exclude the audience " + merchant);
		}
		for (String other : requested.merchants()) {
			if (!allowsMerchant(other)) {
				throw exceeded("The grant does not include merchant " + other);
			}
		}
		if (!requested.maxAmount().currency().equals(this.maxAmount.currency())) {
			throw exceeded("max_amount must be in " + this.maxAmount.currency() + " like the grant");
		}
		if (requested.maxAmount().value().compareTo(this.maxAmount.value()) > 0) {
			throw exceeded("max_amount " + requested.maxAmount() + " exceeds the granted " + this.maxAmount);
		}
		Budget budget = this.budget;
		if (requested.budget() != null) {
			Budget wanted = requested.budget();
			if (this.budget != null && (wanted.period() != this.budget.period()
					|| wanted.limit().value().compareTo(this.budget.limit().value()) > 0)) {
				throw exceeded("The requested budget exceeds the granted " + this.budget);
			}
			budget = wanted;
		}
		return new DelegationDetails(requested.maxAmount(), budget,
				(this.merchants.isEmpty() && requested.merchants().isEmpty()) ? List.of() : List.of(merchant));
	}

	/** The {@code authorization_details} JSON array (one entry). */
	public List<Object> toJsonArray() {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("type", TYPE);
		entry.put("max_amount", this.maxAmount.toJsonObject());
		if (this.budget != null) {
			Map<String, Object> budget = this.budget.limit().toJsonObject();
			budget.put("period", this.budget.period().value());
			entry.put("budget", budget);
		}
		if (!this.merchants.isEmpty()) {
			entry.put("merchants", this.merchants);
		}
		List<Object> array = new ArrayList<>();
		array.add(entry);
		return array;
	}

	/** The {@code authorization_details} array as JSON text. */
	public String toJson() {
		return JSONArrayUtils.toJSONString(toJsonArray());
	}

	static AgentAuthException invalid(String message) {
		return new AgentAuthException(ErrorCode.AUTHORIZATION_DETAILS_INVALID, message);
	}

	private static AgentAuthException exceeded(String message) {
		return new AgentAuthException(ErrorCode.AUTHORIZATION_DETAILS_EXCEEDED, message);
	}

	/**
	 * An amount of money.
	 * @param value positive, at most 4 decimal places
	 * @param currency ISO 4217 code, e.g. {@code EUR}
	 */
	public record Money(BigDecimal value, String currency) {

		private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

		private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,4})?");

		public Money {
			Objects.requireNonNull(value, "value cannot be null");
			Objects.requireNonNull(currency, "currency cannot be null");
		}

		/** Parses {@code "12.50"} and {@code "EUR"}. */
		public static Money of(String value, String currency) throws AgentAuthException {
			if (!AMOUNT.matcher(value).matches()) {
				throw invalid("An amount must be a positive decimal like \"49.99\" (at most 4 decimals), not "
						+ value);
			}
			BigDecimal amount = new BigDecimal(value);
			if (amount.signum() <= 0) {
				throw invalid("An amount must be greater than zero");
			}
			if (!CURRENCY.matcher(currency).matches()) {
				throw invalid("A currency must be an ISO 4217 code like EUR, not " + currency);
			}
			return new Money(amount, currency);
		}

		static Money fromJson(@Nullable Object json, String name) throws AgentAuthException {
			if (!(json instanceof Map<?, ?> object)) {
				throw invalid(name + " must be an object {\"value\", \"currency\"}");
			}
			Object value = object.get("value");
			String text = (value instanceof Number number) ? new BigDecimal(number.toString()).toPlainString()
					: (value instanceof String string) ? string : null;
			if (text == null || !(object.get("currency") instanceof String currency)) {
				throw invalid(name + " needs a 'value' and a 'currency'");
			}
			return of(text, currency);
		}

		Map<String, Object> toJsonObject() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("value", this.value.toPlainString());
			json.put("currency", this.currency);
			return json;
		}

		@Override
		public String toString() {
			return this.value.toPlainString() + " " + this.currency;
		}

	}

	/**
	 * A running limit over a calendar period.
	 * @param limit the most all purchases of one period may cost together
	 * @param period the period
	 */
	public record Budget(Money limit, Period period) {

		public Budget {
			Objects.requireNonNull(limit, "limit cannot be null");
			Objects.requireNonNull(period, "period cannot be null");
		}

		static Budget fromJson(Object json) throws AgentAuthException {
			Money limit = Money.fromJson(json, "budget");
			Object period = ((Map<?, ?>) json).get("period");
			if (!(period instanceof String value)) {
				throw invalid("budget needs a 'period' (day, week or month)");
			}
			for (Object member : ((Map<?, ?>) json).keySet()) {
				if (!Set.of("value", "currency", "period").contains(member)) {
					throw invalid("Unknown member '" + member + "' in budget");
				}
			}
			return new Budget(limit, Period.of(value));
		}

		@Override
		public String toString() {
			return this.limit + " per " + this.period.value();
		}

	}

	/** Budget periods. */
	public enum Period {

		DAY, WEEK, MONTH;

		/** {@code day}, {@code week} or {@code month}. */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Period of(String value) throws AgentAuthException {
			for (Period period : values()) {
				if (period.value().equals(value)) {
					return period;
				}
			}
			throw invalid("budget period must be day, week or month, not " + value);
		}

	}

}
