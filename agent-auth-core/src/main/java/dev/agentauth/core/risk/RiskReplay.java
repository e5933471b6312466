package dev.agentauth.core.risk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * "Test a rule on past traffic": re-scores the decisions of a decision log ({@code agentauth.risk.decision-log},
 * one JSON object per line with its features) under other settings and prints how many would-be actions change,
 * by transition and per rule. Settings are the starter's {@code agentauth.risk.*} keys in a properties file
 * ({@code step-up-score}, {@code deny-score}, {@code step-up-max-age}, {@code market-event-factor},
 * {@code rules.<id>.(enabled|weight|mode|threshold)}); only the built-in rules are replayed.
 *
 * <pre>
 * java -cp merchant.jar -Dloader.main=dev.agentauth.core.risk.RiskReplay \
 *   org.springframework.boot.loader.launch.PropertiesLauncher --rules new.properties decisions.jsonl
 * </pre>
 *
 * @since 0.1.0
 */
public final class RiskReplay {

	private static final String PREFIX = "agentauth.risk.";

	private final RiskEngine engine;

	public RiskReplay(RiskEngine engine) {
		this.engine = engine;
	}

	public static void main(String[] args) throws IOException {
		Path rules = null;
		Path log = null;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--rules") && i + 1 < args.length) {
				rules = Path.of(args[++i]);
			}
			else if (!args[i].startsWith("--") && log == null && !args[i].equals("replay")) {
				log = Path.of(args[i]);
			}
			else if (!args[i].equals("replay")) {
				System.err.println("unknown argument " + args[i]);
				log = null;
				break;
			}
		}
		if (log == null) {
			System.err.println("usage: replay [--rules settings.properties] decisions.jsonl");
			System.exit(2);
			return;
		}
		Properties properties = new Properties();
		if (rules != null) {
			try (Reader reader = Files.newBufferedReader(rules, StandardCharsets.UTF_8)) {
				properties.load(reader);
			}
		}
		RiskEngine engine;
		try {
			engine = engine(properties);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
			new RiskReplay(engine).replay(reader).print(System.out);
		}
	}

	/**
	 * The engine of the built-in rules under {@code agentauth.risk.*} settings (the {@code agentauth.risk.}
	 * prefix may be left out).
	 * @throws IllegalArgumentException naming the property for a bad setting
	 */
	public static RiskEngine engine(Properties properties) {
		Map<String, String> settings = new TreeMap<>();
		for (String name : properties.stringPropertyNames()) {
			settings.put(name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name,
					properties.getProperty(name).trim());
		}
		RiskPolicy policy = RiskPolicy.DEFAULT.withMode(RiskMode.ENFORCE);
		int stepUp = integer(settings, "step-up-score", policy.stepUpScore());
		int deny = integer(settings, "deny-score", policy.denyScore());
		Duration maxAge = policy.maxAge();
		if (settings.containsKey("step-up-max-age")) {
			try {
				maxAge = Duration.parse("PT" + settings.get("step-up-max-age").toUpperCase(Locale.ROOT));
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException(PREFIX + "step-up-max-age: not a duration such as 5m or 300s");
			}
		}
		double factor = number(settings, "market-event-factor", policy.marketEventFactor());
		Map<String, RiskPolicy.RuleSettings> rules = new HashMap<>();
		Map<String, Double> thresholds = new HashMap<>();
		for (Map.Entry<String, String> entry : settings.entrySet()) {
			String name = entry.getKey();
			if (!name.startsWith("rules.")) {
				continue;
			}
			int dot = name.lastIndexOf('.');
			String id = name.substring("rules.".length(), dot);
			String setting = name.substring(dot + 1);
			if (!RiskRules.IDS.contains(id)) {
				throw new IllegalArgumentException(PREFIX + name + ": no built-in rule has the id '" + id + "'");
			}
			RiskPolicy.RuleSettings current = rules.getOrDefault(id, RiskPolicy.RuleSettings.DEFAULT);
			String value = entry.getValue();
			try {
				switch (setting) {
					case "enabled" -> rules.put(id, new RiskPolicy.RuleSettings(Boolean.parseBoolean(value),
							current.weight(), current.mode()));
					case "weight" -> rules.put(id, new RiskPolicy.RuleSettings(current.enabled(),
							Double.parseDouble(value), current.mode()));
					case "mode" -> rules.put(id, new RiskPolicy.RuleSettings(current.enabled(), current.weight(),
							RiskMode.RuleMode.valueOf(value.toUpperCase(Locale.ROOT))));
					case "threshold" -> thresholds.put(id, Double.parseDouble(value));
					default -> throw new IllegalArgumentException("unknown setting");
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(PREFIX + name + "=" + value + ": " + ex.getMessage());
			}
		}
		List<RiskRule> builtIn = new ArrayList<>();
		for (String id : RiskRules.IDS) {
			builtIn.add(RiskRules.byId(id, thresholds.get(id)));
		}
		return new RiskEngine(builtIn, new RiskPolicy(RiskMode.ENFORCE, stepUp, deny, maxAge, factor, rules));
	}

	private static int integer(Map<String, String> settings, String name, int fallback) {
		try {
			return settings.containsKey(name) ? Integer.parseInt(settings.get(name)) : fallback;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(PREFIX + name + ": not an integer");
		}
	}

	private static double number(Map<String, String> settings, String name, double fallback) {
		try {
			return settings.containsKey(name) ? Double.parseDouble(settings.get(name)) : fallback;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(PREFIX + name + ": not a number");
		}
	}

	/** Re-scores every line of a decision log. Malformed lines are counted and skipped. */
	public Result replay(BufferedReader log) throws IOException {
		Result result = new Result();
		String line;
		while ((line = log.readLine()) != null) {
			if (line.isBlank()) {
				continue;
			}
			Map<String, Object> json;
			RiskFeatures features;
			try {
				json = JSONObjectUtils.parse(line);
				features = RiskFeatures.fromJson(JSONObjectUtils.getJSONObject(json, "features")).build();
			}
			catch (ParseException | IllegalArgumentException | NullPointerException ex) {
				result.malformed++;
				continue;
			}
			String before = String.valueOf(json.get("would_be"));
			RiskDecision after = this.engine.evaluate(features, String.valueOf(json.get("decision_id")));
			result.decisions++;
			result.transitions.merge(before + " -> " + after.wouldBe().value(), 1L, Long::sum);
			if (json.get("reasons") instanceof List<?> reasons) {
				for (Object reason : reasons) {
					if (reason instanceof Map<?, ?> map) {
						result.hits(String.valueOf(map.get("rule")))[0]++;
					}
				}
			}
			for (RiskReason reason : after.reasons()) {
				result.hits(reason.rule())[1]++;
			}
		}
		return result;
	}

	/** Counts of a replay. */
	public static final class Result {

		long decisions;

		long malformed;

		final Map<String, Long> transitions = new TreeMap<>();

		final Map<String, long[]> ruleHits = new TreeMap<>();

		long[] hits(String rule) {
			return this.ruleHits.computeIfAbsent(rule, (r) -> new long[2]);
		}

		public long decisions() {
			return this.decisions;
		}

		/** Decisions by {@code "<before> -> <after>"} would-be action. */
		public Map<String, Long> transitions() {
			return this.transitions;
		}

		/** Per rule: {@code [hits before, hits after]}. */
		public Map<String, long[]> ruleHits() {
			return this.ruleHits;
		}

		public void print(PrintStream out) {
			long changed = this.transitions.entrySet()
				.stream()
				.filter((e) -> {
					String[] parts = e.getKey().split(" -> ");
					return !parts[0].equals(parts[1]);
				})
				.mapToLong(Map.Entry::getValue)
				.sum();
			out.println("decisions: " + this.decisions + " (malformed lines skipped: " + this.malformed + ")");
			out.println("would-be action changed: " + changed);
			out.println("by action (before -> after):");
			this.transitions.forEach((transition, count) -> out.printf("  %-22s %d%n", transition, count));
			out.println("rule hits (before -> after):");
			this.ruleHits.forEach((rule, hits) -> out.printf("  %-34s %d -> %d%n", rule, hits[0], hits[1]));
		}

	}

}
