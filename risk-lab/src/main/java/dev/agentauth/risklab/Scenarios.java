package dev.agentauth.risklab;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The benign personas and the attacks of the lab. Every number here is a modelling choice, written next to what it
 * stands for; the report (docs/risk.md) says what each scenario catches and misses.
 */
final class Scenarios {

	/** Popular SKUs (what shoppers and price watchers look at). */
	static final int POPULAR = 2_000;

	/** The whole catalogue (what scrapers walk). */
	static final int CATALOGUE = 20_000;

	private Scenarios() {
	}

	/** Every scenario, benign first. */
	static List<Scenario> all() {
		return List.of(
				new Scenario("shopping assistant", false, 300, Duration.ofMinutes(60),
						(r, id, random, start) -> shopping(r, id, random, start, true, 1, 20)),
				new Scenario("price watcher", false, 100, Duration.ofMinutes(60), Scenarios::priceWatcher),
				new Scenario("restock assistant", false, 200, Duration.ofMinutes(60), Scenarios::restock),
				new Scenario("new agent (no history)", false, 200, Duration.ofMinutes(60),
						(r, id, random, start) -> shopping(r, id, random, start, false, 1, 20)),
				new Scenario("egress IP changes", false, 200, Duration.ofMinutes(60), Scenarios::egressChanges),
				// ten times the usual rate (the background is ~2 sessions a minute), bigger baskets, longer browsing
				new Scenario("flash sale (10x traffic)", false, 600, Duration.ofMinutes(30), Scenarios::flashSale),
				new Scenario("scraping, fast", true, 40, Duration.ofMinutes(60), Scenarios::fastScrape),
				new Scenario("scraping, slow and low (one operator)", true, 40, Duration.ofMinutes(10),
						Scenarios::slowScrape),
				new Scenario("SKU enumeration", true, 40, Duration.ofMinutes(60), Scenarios::skuEnumeration),
				new Scenario("budget drain (many small purchases)", true, 40, Duration.ofMinutes(60),
						Scenarios::budgetDrain),
				new Scenario("scope probing", true, 40, Duration.ofMinutes(60), Scenarios::scopeProbing),
				new Scenario("checkout without browsing", true, 40, Duration.ofMinutes(60),
						Scenarios::checkoutWithoutBrowsing),
				new Scenario("stolen key from a new network", true, 40, Duration.ofMinutes(60), Scenarios::stolenKey),
				new Scenario("failure burst (bad signatures, replays)", true, 40, Duration.ofMinutes(60),
						Scenarios::failureBurst),
				new Scenario("consumer fan-out", true, 40, Duration.ofMinutes(60), Scenarios::consumerFanout));
	}

	/**
	 * Browse → compare → cart → checkout: a known key (25 clean requests two days ago) unless {@code known} is false,
	 * a consumer with a purchase history in 70 % of sessions, 5 to {@code browse} product pages 2–20 s apart, 2–4
	 * searches, 1–3 cart calls, a checkout in 75 % of sessions (3 % first hit their spend limit once).
	 */
	static void shopping(List<LabRequest> requests, int id, Random random, Instant start, boolean known,
			double basketScale, int browse) {
		Session s = session(requests, id, random, start);
		double median = consumer(s, random.nextDouble() < 0.7, 0.25);
		if (known) {
			s.history(25);
		}
		int pages = 5 + random.nextInt(Math.max(1, browse - 4));
		for (int i = 0; i < pages; i++) {
			s.product(popular(random)).waitSeconds(2, 20);
		}
		int searches = 2 + random.nextInt(3);
		for (int i = 0; i < searches; i++) {
			s.get("/api/v1/products", "/api/v1/products").waitSeconds(1, 10);
		}
		int carts = 1 + random.nextInt(3);
		for (int i = 0; i < carts; i++) {
			s.cart().waitSeconds(5, 30);
		}
		if (random.nextDouble() < 0.75) {
			if (random.nextDouble() < 0.03) {
				s.denied("/api/v1/checkout").waitSeconds(10, 60).cart().waitSeconds(2, 10);
			}
			s.checkout(median * basketScale * Math.exp(0.25 * random.nextGaussian()));
		}
	}

	/** Polls 10–40 SKUs every 2–10 min for two hours, 50–300 ms between two SKUs (its allowed rate). */
	static void priceWatcher(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		consumer(s, false, 0);
		s.history(25);
		String[] skus = new String[10 + random.nextInt(31)];
		for (int i = 0; i < skus.length; i++) {
			skus[i] = popular(random);
		}
		long period = 120 + random.nextInt(481);
		Instant end = s.now.plus(Duration.ofHours(2));
		while (s.now.isBefore(end)) {
			Instant round = s.now;
			for (String sku : skus) {
				s.product(sku).waitMillis(50, 300);
			}
			s.now = round.plusSeconds(period);
		}
	}

	/** Checks 2–6 SKUs it buys regularly, asks for a quote (a cart call) and re-orders about the usual amount. */
	static void restock(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		double median = consumer(s, true, 0.1);
		s.history(25);
		int skus = 2 + random.nextInt(5);
		for (int i = 0; i < skus; i++) {
			s.product(popular(random)).waitSeconds(1, 5);
		}
		s.cart().waitSeconds(2, 10).checkout(median * Math.exp(0.1 * random.nextGaussian()));
	}

	/**
	 * A shopping session whose client address changes 2–5 times (travel, cloud region failover): half the agents
	 * declared no networks, half declared their two regions and move between them.
	 */
	static void egressChanges(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		double median = consumer(s, random.nextDouble() < 0.7, 0.25);
		boolean declared = random.nextBoolean();
		int a = random.nextInt(200);
		if (declared) {
			s.allowedNetworks = List.of("10." + a + ".0.0/16", "10." + (a + 1) + ".0.0/16");
			s.clientAddress = "10." + a + ".1.10";
		}
		s.history(25);
		int moves = 2 + random.nextInt(4);
		for (int m = 0; m <= moves; m++) {
			s.clientAddress = declared ? "10." + (a + m % 2) + "." + random.nextInt(256) + "." + (1 + random.nextInt(250))
					: (20 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".7";
			for (int i = 0; i < 3 + random.nextInt(4); i++) {
				s.product(popular(random)).waitSeconds(2, 20);
			}
		}
		s.cart().waitSeconds(5, 30).checkout(median * Math.exp(0.25 * random.nextGaussian()));
	}

	/** Shopping during a sale: half the agents are new here, baskets 2–4 times the usual, 10–40 pages browsed. */
	static void flashSale(List<LabRequest> requests, int id, Random random, Instant start) {
		shopping(requests, id, random, start, random.nextBoolean(), 2 + 2 * random.nextDouble(), 40);
	}

	/** 300 product pages at 5–20 requests per second. */
	static void fastScrape(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		consumer(s, false, 0);
		s.history(25);
		double gap = 1.0 / (5 + random.nextInt(16));
		for (int i = 0; i < 300; i++) {
			s.product(any(random)).waitSeconds(gap * 0.5, gap * 1.5);
		}
	}

	/**
	 * One operator's agents (sessions) from one /24, each reading a product page every 5–15 s for an hour: each
	 * alone stays far below the burst rule.
	 */
	static void slowScrape(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		consumer(s, false, 0);
		s.clientAddress = "203.0.113." + (1 + id % 250);
		s.history(25);
		Instant end = s.now.plus(Duration.ofHours(1));
		while (s.now.isBefore(end)) {
			s.product(any(random)).waitSeconds(5, 15);
		}
	}

	/** Walks SKU numbers in order at 1–3 requests per second, 400 of them. */
	static void skuEnumeration(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		consumer(s, false, 0);
		int from = random.nextInt(CATALOGUE);
		double gap = 1.0 / (1 + 2 * random.nextDouble());
		for (int i = 0; i < 400; i++) {
			s.product(sku(from + i)).waitSeconds(gap * 0.5, gap * 1.5);
		}
	}

	/** 40 purchases of 1–5 EUR each (cart, checkout), 20–90 s apart, under one delegation. */
	static void budgetDrain(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		consumer(s, random.nextDouble() < 0.7, 0.25);
		s.history(25);
		for (int i = 0; i < 40; i++) {
			s.cart().waitSeconds(1, 5).checkout(1 + 4 * random.nextDouble()).waitSeconds(20, 90);
		}
	}

	/** Ten calls outside the delegation's scope (refused), each followed by an ordinary call. */
	static void scopeProbing(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		consumer(s, false, 0);
		s.history(25);
		String[] probes = { "/api/v1/orders", "/api/v1/returns", "/api/v1/account", "/api/v1/admin/prices",
				"/api/v1/gift-cards" };
		for (int i = 0; i < 10; i++) {
			s.denied(probes[random.nextInt(probes.length)]).waitSeconds(1, 10);
			if (random.nextBoolean()) {
				s.product(popular(random));
			}
			else {
				s.cart();
			}
			s.waitSeconds(1, 10);
		}
	}

	/** A known agent's delegation used to check out straight away, 1–3 times a minute apart. */
	static void checkoutWithoutBrowsing(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		double median = consumer(s, random.nextDouble() < 0.7, 0.25);
		s.history(25);
		int checkouts = 1 + random.nextInt(3);
		for (int i = 0; i < checkouts; i++) {
			s.checkout(median * Math.exp(0.25 * random.nextGaussian())).waitSeconds(30, 90);
		}
	}

	/**
	 * An agent's key (and a delegation token it held) used from another network: 70 % of agents declared their
	 * networks; the thief browses a little and buys 3–8 times the consumer's usual amount.
	 */
	static void stolenKey(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		double median = consumer(s, random.nextDouble() < 0.7, 0.25);
		if (random.nextDouble() < 0.7) {
			String home = s.clientAddress.substring(0, s.clientAddress.indexOf('.', 3));
			s.allowedNetworks = List.of(home + ".0.0/16");
		}
		s.history(25);
		s.clientAddress = "198.51.100." + (1 + random.nextInt(250));
		for (int i = 0; i < 2 + random.nextInt(4); i++) {
			s.product(popular(random)).waitSeconds(1, 5);
		}
		s.cart().waitSeconds(1, 5).checkout(median * (3 + 5 * random.nextDouble()));
	}

	/** 15–40 refused requests (bad signatures, replays) in about two minutes, every third request a valid one. */
	static void failureBurst(List<LabRequest> requests, int id, Random random, Instant start) {
		Session s = session(requests, id, random, start);
		consumer(s, false, 0);
		s.history(25);
		int failures = 15 + random.nextInt(26);
		for (int i = 0; i < failures; i++) {
			s.refused().waitSeconds(1, 5);
			if (i % 3 == 2) {
				s.cart().waitSeconds(1, 5);
			}
		}
	}

	/** One consumer's delegations used by 6–10 agents within half an hour. */
	static void consumerFanout(List<LabRequest> requests, int id, Random random, Instant start) {
		String consumer = "consumer-fanout-" + id;
		int agents = 6 + random.nextInt(5);
		Instant at = start;
		for (int a = 0; a < agents; a++) {
			Session s = new Session(requests, id, random, "agent-" + id + "-" + a, "key-" + id + "-" + a, at)
				.delegation("grant-" + id + "-" + a, consumer, BigDecimal.valueOf(500));
			s.history(25);
			for (int i = 0; i < 3; i++) {
				s.product(popular(random)).waitSeconds(2, 10);
			}
			s.cart();
			at = at.plusSeconds(60 + random.nextInt(180));
		}
	}

	static Session session(List<LabRequest> requests, int id, Random random, Instant start) {
		String name = (id < 0) ? "bg" + (-id) : Integer.toString(id);
		return new Session(requests, id, random, "agent-" + name + "-" + random.nextInt(1 << 30),
				"key-" + name + "-" + random.nextInt(1 << 30), start);
	}

	/**
	 * Gives the session a consumer and a 500 EUR delegation; with {@code history}, 12–30 past purchases around a
	 * median of 20–80 EUR (log-normal spread {@code sigma}) over the previous 60 days.
	 * @return the consumer's median amount
	 */
	static double consumer(Session s, boolean history, double sigma) {
		String consumer = "consumer-" + s.agentId;
		s.delegation("grant-" + s.agentId, consumer, BigDecimal.valueOf(500));
		double median = 20 + 60 * s.random.nextDouble();
		if (history) {
			int n = 12 + s.random.nextInt(19);
			for (int i = 0; i < n; i++) {
				s.pastPurchase(s.now.minus(Duration.ofMinutes(1440L + s.random.nextInt(60 * 1440))),
						median * Math.exp(sigma * s.random.nextGaussian()));
			}
		}
		return median;
	}

	static String popular(Random random) {
		return sku(random.nextInt(POPULAR));
	}

	static String any(Random random) {
		return sku(random.nextInt(CATALOGUE));
	}

	static String sku(int n) {
		return String.format("sku-%05d", n % CATALOGUE);
	}

}
