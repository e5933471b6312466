/**
 * Layer 3 at the merchant: the risk evaluation after layers 1 and 2, its feature stores (memory, Redis), the
 * purchase API and the {@code agentauthrisk} Actuator endpoint.
 */
@NullMarked
package dev.agentauth.merchant.risk;

import org.jspecify.annotations.NullMarked;
