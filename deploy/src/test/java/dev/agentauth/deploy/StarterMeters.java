package dev.agentauth.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series of the starter's Micrometer meters (the gateway exports the same, through the starter) and of
 * the Keycloak extension's ({@code agentauth_keycloak_*}, in Keycloak's registry), read from their source: Micrometer's Prometheus naming turns dots into underscores, adds {@code _total} to counters,
 * {@code _seconds} (and {@code _count}, {@code _sum}, {@code _max}) to timers, the base unit to gauges, and
 * {@code _bucket} to histograms (service-level objectives or percentile histograms).
 */
final class StarterMeters {

	private static final Pattern BUILDER = Pattern.compile(
			"(Counter|Timer|Gauge|DistributionSummary)\\s*\\.builder\\(\\s*\"([a-z.]+)\"([^;]*);");

	/** {@code RiskMetrics.counter(name, ...)}: a Counter built from its first argument. */
	private static final Pattern COUNTER_HELPER = Pattern.compile("\\bcounter\\(\"([a-z.]+)\"");

	private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\"([a-z]+)\"\\)");

	private StarterMeters() {
	}

	static Set<String> prometheusSeries() {
		return prometheusSeries("merchant-adapter-spring/src/main/java");
	}

	/** The Keycloak extension's series ({@code dev.agentauth.keycloak.metrics}). */
	static Set<String> keycloakPrometheusSeries() {
		return prometheusSeries("keycloak-agent-spi/src/main/java");
	}

	private static Set<String> prometheusSeries(String sourceDirectory) {
		Set<String> series = new TreeSet<>();
		for (String source : sources(sourceDirectory)) {
			Matcher matcher = BUILDER.matcher(source);
			while (matcher.find()) {
				String name = matcher.group(2).replace('.', '_');
				String chain = matcher.group(3);
				boolean histogram = chain.contains("serviceLevelObjectives") || chain.contains("publishPercentileHistogram");
				switch (matcher.group(1)) {
					case "Counter" -> series.add(name + "_total");
					case "Timer" -> distribution(series, name + "_seconds", histogram);
					case "DistributionSummary" -> distribution(series, name, histogram);
					default -> {
						Matcher unit = BASE_UNIT.matcher(chain);
						series.add(unit.find() ? name + "_" + unit.group(1) : name);
					}
				}
			}
			Matcher helper = COUNTER_HELPER.matcher(source);
			while (helper.find()) {
				series.add(helper.group(1).replace('.', '_') + "_total");
			}
		}
		return series;
	}

	/** The {@code agentauth_*} series named in a PromQL expression (label names and values are never such names). */
	static Set<String> used(String expression) {
		Set<String> used = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\bagentauth_[a-z_]+").matcher(expression);
		while (matcher.find()) {
			used.add(matcher.group());
		}
		return used;
	}

	/** The {@code reason} values ({@code reason="a"}, {@code reason=~"a|b"}) in an expression that are no error code. */
	static List<String> unknownReasons(String expression) {
		String errorCodes = DeploymentFiles.read("agent-auth-core/src/main/java/dev/agentauth/core/ErrorCode.java");
		List<String> unknown = new java.util.ArrayList<>();
		Matcher reasons = Pattern.compile("reason=~?\"([a-z_|]+)\"").matcher(expression);
		while (reasons.find()) {
			for (String reason : reasons.group(1).split("\\|")) {
				if (!errorCodes.contains("(\"" + reason + "\"")) {
					unknown.add(reason);
				}
			}
		}
		return unknown;
	}

	private static void distribution(Set<String> series, String name, boolean histogram) {
		// percentiles (publishPercentiles) are the base name with a quantile label
		series.addAll(List.of(name, name + "_count", name + "_sum", name + "_max"));
		if (histogram) {
			series.add(name + "_bucket");
		}
	}

	private static List<String> sources(String sourceDirectory) {
		try (Stream<Path> files = Files.walk(DeploymentFiles.REPOSITORY.resolve(sourceDirectory))) {
			return files.filter((p) -> p.toString().endsWith(".java")).map((p) -> {
				try {
					return Files.readString(p);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
