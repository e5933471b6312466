package dev.agentauth.merchant.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import dev.agentauth.core.risk.RiskMode;
import dev.agentauth.core.risk.RiskPolicy;

/**
 * {@code agentauth.risk.rules.<rule id>.<setting>=value}: rule ids such as {@code velocity.agent_burst} hold dots
 * and underscores, which Spring Boot's map binding would split or reject, so the keys are read here, the setting
 * being the last segment. Every bad name or value fails the start with the property's name.
 *
 * @since 0.1.0
 */
public final class RiskRuleProperties {

	static final String PREFIX = "agentauth.risk.rules.";

	private static final Set<String> SETTINGS = Set.of("enabled", "weight", "mode", "threshold");

	/** One rule's settings as configured. */
	public record Rule(RiskPolicy.RuleSettings settings, @Nullable Double threshold) {
	}

	private RiskRuleProperties() {
	}

	/**
	 * The configured rules by id.
	 * @param knownIds the ids of the built-in and the application's rules
	 * @throws IllegalStateException naming the property for an unknown rule or setting, or a bad value
	 */
	public static Map<String, Rule> read(Environment environment, Collection<String> knownIds) {
		Set<String> names = new TreeSet<>();
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						if (name.startsWith(PREFIX)) {
							names.add(name);
						}
					}
				}
			}
		}
		Map<String, Map<String, String>> byRule = new LinkedHashMap<>();
		for (String name : names) {
			String rest = name.substring(PREFIX.length());
			int dot = rest.lastIndexOf('.');
			String id = (dot > 0) ? rest.substring(0, dot) : rest;
			String setting = (dot > 0) ? rest.substring(dot + 1) : "";
			if (!SETTINGS.contains(setting)) {
				throw new IllegalStateException("Invalid property " + name + ": the settings of a risk rule are "
						+ PREFIX + "<rule id>.(enabled|weight|mode|threshold)");
			}
			if (!knownIds.contains(id)) {
				throw new IllegalStateException("Invalid property " + name + ": no risk rule has the id '" + id
						+ "'; the rules are " + String.join(", ", new TreeSet<>(knownIds)));
			}
			byRule.computeIfAbsent(id, (k) -> new LinkedHashMap<>()).put(setting, environment.getProperty(name));
		}
		Map<String, Rule> rules = new LinkedHashMap<>();
		byRule.forEach((id, settings) -> rules.put(id, rule(id, settings)));
		return rules;
	}

	private static Rule rule(String id, Map<String, String> settings) {
		boolean enabled = true;
		double weight = 1;
		RiskMode.RuleMode mode = RiskMode.RuleMode.ENFORCE;
		Double threshold = null;
		String name = null;
		try {
			name = "enabled";
			if (settings.containsKey(name)) {
				String value = settings.get(name).trim().toLowerCase(Locale.ROOT);
				if (!value.equals("true") && !value.equals("false")) {
					throw new IllegalArgumentException("must be true or false");
				}
				enabled = Boolean.parseBoolean(value);
			}
			name = "weight";
			if (settings.containsKey(name)) {
				weight = Double.parseDouble(settings.get(name).trim());
			}
			name = "mode";
			if (settings.containsKey(name)) {
				mode = switch (settings.get(name).trim().toLowerCase(Locale.ROOT)) {
					case "count" -> RiskMode.RuleMode.COUNT;
					case "enforce" -> RiskMode.RuleMode.ENFORCE;
					default -> throw new IllegalArgumentException("must be count or enforce");
				};
			}
			name = "threshold";
			if (settings.containsKey(name)) {
				threshold = Double.parseDouble(settings.get(name).trim());
				if (!(threshold >= 0)) {
					throw new IllegalArgumentException("must be a number of at least 0");
				}
			}
			name = "weight";
			return new Rule(new RiskPolicy.RuleSettings(enabled, weight, mode), threshold);
		}
		catch (IllegalArgumentException ex) {
			String message = (ex instanceof NumberFormatException) ? "must be a number" : ex.getMessage();
			throw new IllegalStateException("Invalid property " + PREFIX + id + "." + name + "="
					+ settings.get(name) + ": " + message, ex);
		}
	}

}
