/**
 * Layer 3, behaviour: small rules ({@link dev.agentauth.core.risk.RiskRule}) over a feature snapshot
 * ({@link dev.agentauth.core.risk.RiskFeatures}), summed into a score with reasons
 * ({@link dev.agentauth.core.risk.RiskEngine}) and mapped to an action; the features are kept by a
 * {@link dev.agentauth.core.risk.RiskFeatureStore}. No Spring, no Redis.
 */
@NullMarked
package dev.agentauth.core.risk;

import org.jspecify.annotations.NullMarked;
