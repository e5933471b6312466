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
		int status = run(args, System.out, System.err);
		if (status != 0) {
			System.exit(status);
		}
	}

	/**
	 * The command line: {@code [replay] [--rules settings.properties] decisions.jsonl}; the report goes to
	 * {@code out}, usage and setting errors to {@code err}.
	 * @return the exit status: 0, or 2 for bad arguments or settings
	 */
	static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
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
				err.println("unknown argument " + args[i]);
				log = null;
				break;
			}
		}
		if (log == null) {
			err.println("usage: replay [--rules settings.properties] decisions.jsonl");
			return 2;
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
			err.println(ex.getMessage());
			return 2;
		}
		try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
			new RiskReplay(engine).replay(reader).print(out);
		}
		return 0;
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

	/**
	 * Re-scores every line of a decision log. Malformed lines are counted and skipped. A checkout's line followed by
	 * a line with the same decision id (its purchase, assessed with the amount) counts once, as the later line.
	 */
	public Result replay(BufferedReader log) throws IOException {
		Result result = new Result();
		// checkouts by decision id: the line that counts for now, replaced by a later assessment
		Map<String, Replayed> checkouts = new HashMap<>();
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
			String id = String.valueOf(json.get("decision_id"));
			List<String> before = new ArrayList<>();
			if (json.get("reasons") instanceof List<?> reasons) {
				for (Object reason : reasons) {
					if (reason instanceof Map<?, ?> map) {
						before.add(String.valueOf(map.get("rule")));
					}
				}
			}
			RiskDecision after = this.engine.evaluate(features, id);
			Replayed replayed = new Replayed(String.valueOf(json.get("would_be")) + " -> " + after.wouldBe().value(),
					before, after.reasons().stream().map(RiskReason::rule).toList());
			if (features.endpoint() == RiskFeatures.Endpoint.CHECKOUT) {
				Replayed earlier = checkouts.put(id, replayed);
				if (earlier != null) {
					result.add(earlier, -1);
				}
			}
			result.add(replayed, 1);
		}
		return result;
	}

	/** One line's contribution: its transition and its rule hits before and after. */
	private record Replayed(String transition, List<String> before, List<String> after) {

		boolean changed() {
			String[] parts = this.transition.split(" -> ");
			return !parts[0].equals(parts[1]);
		}

	}

	/** Counts of a replay. */
	public static final class Result {

		long decisions;

		long malformed;

		final Map<String, Long> transitions = new TreeMap<>();

		final Map<String, long[]> ruleHits = new TreeMap<>();

		final Map<String, Map<String, Long>> ruleChanges = new TreeMap<>();

		long[] hits(String rule) {
			return this.ruleHits.computeIfAbsent(rule, (r) -> new long[2]);
		}

		void add(Replayed replayed, int sign) {
			this.decisions += sign;
			this.transitions.merge(replayed.transition(), (long) sign, Long::sum);
			this.transitions.remove(replayed.transition(), 0L);
			replayed.before().forEach((rule) -> hits(rule)[0] += sign);
			replayed.after().forEach((rule) -> hits(rule)[1] += sign);
			if (!replayed.changed()) {
				return;
			}
			java.util.Set<String> rules = new java.util.TreeSet<>(replayed.before());
			rules.addAll(replayed.after());
			for (String rule : rules) {
				Map<String, Long> changes = this.ruleChanges.computeIfAbsent(rule, (r) -> new TreeMap<>());
				changes.merge(replayed.transition(), (long) sign, Long::sum);
				changes.remove(replayed.transition(), 0L);
			}
		}

		/**
		 * Per rule: the decisions whose would-be action changed and that the rule fired on (before or after), by
		 * transition.
		 */
		public Map<String, Map<String, Long>> ruleChanges() {
			return this.ruleChanges;
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
			this.ruleHits.forEach((rule, hits) -> {
				Map<String, Long> changes = this.ruleChanges.getOrDefault(rule, Map.of());
				out.printf("  %-34s %d -> %d%s%n", rule, hits[0], hits[1], changes.isEmpty() ? ""
						: "; decisions changed: " + changes.entrySet()
							.stream()
							.map((e) -> e.getKey() + " " + e.getValue())
							.collect(java.util.stream.Collectors.joining(", ")));
			});
		}

	}

}
