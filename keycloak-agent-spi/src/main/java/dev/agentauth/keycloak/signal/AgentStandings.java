package dev.agentauth.keycloak.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentauth.core.signal.RiskLevel;

/**
 * The JSON representations of agents' standings (admin endpoint and admin events).
 *
 * @since 0.1.0
 */
public final class AgentStandings {

	private AgentStandings() {
	}

	/**
	 * The admin representation: {@code level} = the highest current level over merchants (null when none
	 * reported), and each merchant's report.
	 */
	public static Map<String, Object> representation(String agentId, List<AgentStanding> reports) {
		RiskLevel highest = null;
		List<Map<String, Object>> items = new ArrayList<>();
		for (AgentStanding report : reports) {
			if (highest == null || report.level().compareTo(highest) > 0) {
				highest = report.level();
			}
			items.add(report(report));
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("agent_id", agentId);
		json.put("level", (highest != null) ? highest.name() : null);
		json.put("reports", items);
		return json;
	}

	/** One merchant's report; times in epoch seconds. */
	public static Map<String, Object> report(AgentStanding report) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("merchant", report.merchant());
		json.put("level", report.level().name());
		json.put("event", report.eventType());
		if (report.reason() != null) {
			json.put("reason", report.reason());
		}
		if (report.kid() != null) {
			json.put("kid", report.kid());
		}
		json.put("reported_at", report.reportedAt().getEpochSecond());
		if (report.lastHighAt() != null) {
			json.put("last_high_at", report.lastHighAt().getEpochSecond());
		}
		return json;
	}

}
