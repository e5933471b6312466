package dev.agentauth.core.delegation;

import java.time.Duration;

import dev.agentauth.core.AgentAuthException;

/**
 * Running totals of grants' budgets, in units of 1/10,000 of the currency. Implementations must make
 * {@link #tryReserve} atomic across every merchant instance that shares the store.
 *
 * @since 0.1.0
 */
public interface BudgetStore {

	/**
	 * Adds {@code units} to the total under {@code key} if the result stays within {@code limit}.
	 * @param ttl how long the total must be kept (until the budget period is over)
	 * @return whether it was reserved
	 * @throws AgentAuthException {@code spend_store_unavailable} if the store cannot answer
	 */
	boolean tryReserve(String key, long units, long limit, Duration ttl) throws AgentAuthException;

	/** Gives {@code units} back (a failed checkout). */
	void release(String key, long units) throws AgentAuthException;

}
