package dev.agentauth.merchant.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agentauth.core.risk.InMemoryRiskFeatureStore;
import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskMode;
import dev.agentauth.core.risk.RiskRules;
import dev.agentauth.merchant.risk.RiskEvaluator;
import dev.agentauth.merchant.risk.RiskPurchases;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAuthRiskAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentAuthRiskAutoConfiguration.class));

	@Test
	void autoConfigurationWhenNothingSetThenShadowModeInMemoryWithEveryBuiltInRule() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RiskEvaluator.class).hasSingleBean(RiskPurchases.class);
			assertThat(context.getBean(RiskFeatureStore.class)).isInstanceOf(InMemoryRiskFeatureStore.class);
			RiskEvaluator evaluator = context.getBean(RiskEvaluator.class);
			assertThat(evaluator.engine().policy().mode()).isEqualTo(RiskMode.SHADOW);
			assertThat(evaluator.engine().rules()).hasSize(RiskRules.IDS.size());
		});
	}

	@Test
	void autoConfigurationWhenRuleDisabledReweightedAndInCountModeThenPolicySaysSo() {
		this.runner.withPropertyValues("agentauth.risk.mode=enforce",
				"agentauth.risk.rules.velocity.agent_burst.enabled=false",
				"agentauth.risk.rules.agent.cold_start.weight=0.5", "agentauth.risk.rules.agent.cold_start.mode=count",
				"agentauth.risk.rules.behavior.sku_scrape.threshold=50")
			.run((context) -> {
				RiskEvaluator evaluator = context.getBean(RiskEvaluator.class);
				assertThat(evaluator.engine().rules()).hasSize(RiskRules.IDS.size() - 1);
				assertThat(evaluator.engine().policy().rule(RiskRules.COLD_START).weight()).isEqualTo(0.5);
				assertThat(evaluator.engine().policy().rule(RiskRules.COLD_START).mode())
					.isEqualTo(RiskMode.RuleMode.COUNT);
			});
	}

	@Test
	void autoConfigurationWhenUnknownRuleThenStartFailsNamingTheProperty() {
		assertStartFails("agentauth.risk.rules.velocity.nope.weight=2",
				"agentauth.risk.rules.velocity.nope.weight: no risk rule has the id 'velocity.nope'");
	}

	@Test
	void autoConfigurationWhenUnknownSettingThenStartFails() {
		assertStartFails("agentauth.risk.rules.velocity.agent_burst.points=2",
				"the settings of a risk rule are agentauth.risk.rules.<rule id>.(enabled|weight|mode|threshold)");
	}

	@Test
	void autoConfigurationWhenBadValuesThenStartFailsNamingPropertyAndValue() {
		assertStartFails("agentauth.risk.rules.agent.cold_start.mode=block",
				"agentauth.risk.rules.agent.cold_start.mode=block: must be count or enforce");
		assertStartFails("agentauth.risk.rules.agent.cold_start.weight=heavy",
				"agentauth.risk.rules.agent.cold_start.weight=heavy: must be a number");
		assertStartFails("agentauth.risk.rules.agent.cold_start.weight=11", "between 0 and 10");
		assertStartFails("agentauth.risk.rules.agent.cold_start.enabled=yes", "must be true or false");
		assertStartFails("agentauth.risk.rules.agent.cold_start.threshold=-1", "must be a number of at least 0");
	}

	@Test
	void autoConfigurationWhenDenyScoreBelowStepUpScoreThenStartFails() {
		assertStartFails("agentauth.risk.deny-score=30",
				"The deny score must be between the step-up score (40) and 100, not 30");
	}

	@Test
	void autoConfigurationWhenRedisStoreWithoutRedisThenStartFails() {
		assertStartFails("agentauth.state.store=redis", "agentauth.state.store=redis needs Spring Data Redis");
	}

	private void assertStartFails(String property, String message) {
		this.runner.withPropertyValues(property)
			.run((context) -> {
				assertThat(context).hasFailed();
				StringBuilder messages = new StringBuilder();
				for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
					messages.append(t.getMessage()).append('\n');
				}
				assertThat(messages.toString()).contains(message);
			});
	}

}
