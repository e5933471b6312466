package dev.agentauth.risklab;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * A labelled scenario: {@code sessions} sessions of one persona or attack, started at random within
 * {@code window}, next to the merchant's usual background traffic.
 *
 * @param name the row's name in the report
 * @param attack whether its sessions are attacks (detection) or benign (false positives)
 * @param sessions how many sessions at scale 1
 * @param window over how long they start
 * @param script writes one session's requests
 */
record Scenario(String name, boolean attack, int sessions, Duration window, Script script) {

	/** Writes the requests of session {@code id} starting at {@code start}. */
	@FunctionalInterface
	interface Script {

		void write(List<LabRequest> requests, int id, Random random, Instant start);

	}

}
