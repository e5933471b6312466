package dev.agentauth.it.faults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends requests in a loop on a few threads while a fault test breaks things, and counts the outcomes: the
 * HTTP status (or the refusal's {@code code} when the request names one), {@code io} for a transport error.
 */
public final class LoadLoop implements AutoCloseable {

	/** One request: its status and problem code ({@code null} for none). */
	public record Outcome(int status, String code) {

		@Override
		public String toString() {
			return (this.code != null) ? this.status + " " + this.code : Integer.toString(this.status);
		}

	}

	/** The request a loop thread sends. */
	@FunctionalInterface
	public interface Request {

		Outcome send() throws Exception;

	}

	private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

	private final List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	private LoadLoop() {
	}

	/** Starts {@code threads} threads sending {@code request} until {@link #close()}. */
	public static LoadLoop start(int threads, Request request) {
		LoadLoop loop = new LoadLoop();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> loop.run(request), "load-loop-" + i);
			thread.setDaemon(true);
			loop.threads.add(thread);
			thread.start();
		}
		return loop;
	}

	private void run(Request request) {
		while (this.running) {
			long start = System.nanoTime();
			String outcome;
			try {
				outcome = request.send().toString();
			}
			catch (IOException ex) {
				outcome = "io";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				outcome = "error " + ex.getClass().getSimpleName();
			}
			this.latenciesNanos.add(System.nanoTime() - start);
			this.outcomes.computeIfAbsent(outcome, (key) -> new AtomicInteger()).incrementAndGet();
		}
	}

	/** Outcome → count, so far. */
	public Map<String, Integer> outcomes() {
		Map<String, Integer> copy = new TreeMap<>();
		this.outcomes.forEach((outcome, count) -> copy.put(outcome, count.get()));
		return copy;
	}

	/** The {@code p}-th percentile (0–100) of the latencies so far, in milliseconds. */
	public double percentileMillis(double p) {
		List<Long> sorted;
		synchronized (this.latenciesNanos) {
			sorted = new ArrayList<>(this.latenciesNanos);
		}
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		Collections.sort(sorted);
		int index = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1);
		return sorted.get(Math.max(0, index)) / 1e6;
	}

	@Override
	public void close() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
