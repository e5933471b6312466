package dev.agentauth.core.key;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.TrustedRegistryKeyResolver.Answer;
import dev.agentauth.core.key.TrustedRegistryKeyResolver.Registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedRegistryKeyResolverTests {

	private static final AgentKey KEY = key();

	private final Map<String, Answer> answers = new HashMap<>();

	private final List<String> asked = new ArrayList<>();

	private static AgentKey key() {
		try {
			return AgentKey.from(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
				.generate()
				.toPublicJWK());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RegisteredKey agent(String agentId) {
		return new RegisteredKey(agentId, AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null, KEY);
	}

	private Registry registry(String name) {
		return new Registry(name, (kid) -> {
			this.asked.add(name);
			return this.answers.getOrDefault(name, Answer.unknown());
		});
	}

	private TrustedRegistryKeyResolver resolver() {
		return new TrustedRegistryKeyResolver(List.of(registry("a"), registry("b"), registry("c")));
	}

	@Test
	void resolveWhenOneRegistryHoldsTheKeyThenItIsAttributedToThatRegistry() throws Exception {
		this.answers.put("b", Answer.found(agent("bob-agent")));
		RegisteredKey key = resolver().resolve(KEY.thumbprint());
		assertThat(key.agentId()).isEqualTo("bob-agent");
		assertThat(key.registry()).isEqualTo("b");
		assertThat(this.asked).containsExactly("a", "b", "c");
	}

	@Test
	void resolveWhenTwoRegistriesHoldTheKeyForDifferentAgentsThenKeyAmbiguous() {
		this.answers.put("a", Answer.found(agent("x")));
		this.answers.put("c", Answer.found(agent("y")));
		List<TrustedRegistryKeyResolver.Ambiguity> logged = new ArrayList<>();
		TrustedRegistryKeyResolver resolver = resolver();
		resolver.setAmbiguityListener(logged::add);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> resolver.resolve(KEY.thumbprint()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.KEY_AMBIGUOUS));
		assertThat(logged).singleElement().satisfies((ambiguity) -> {
			assertThat(ambiguity.keyId()).isEqualTo(KEY.thumbprint());
			assertThat(ambiguity.agents()).containsExactly(Map.entry("a", "x"), Map.entry("c", "y"));
		});
	}

	@Test
	void resolveWhenAmbiguousAndAnotherRegistryIsDownThenStillKeyAmbiguous() {
		this.answers.put("a", Answer.found(agent("x")));
		this.answers.put("b", Answer.unavailable());
		this.answers.put("c", Answer.found(agent("y")));
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> resolver().resolve(KEY.thumbprint()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.KEY_AMBIGUOUS));
	}

	@Test
	void resolveWhenTwoRegistriesReturnTheSameAgentIdThenKeyAmbiguous() {
		// (registry, agent) is the identity: the same id string in two registries names two agents
		this.answers.put("b", Answer.found(agent("same")));
		this.answers.put("c", Answer.found(agent("same")));
		List<TrustedRegistryKeyResolver.Ambiguity> logged = new ArrayList<>();
		TrustedRegistryKeyResolver resolver = resolver();
		resolver.setAmbiguityListener(logged::add);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> resolver.resolve(KEY.thumbprint()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.KEY_AMBIGUOUS));
		assertThat(logged).singleElement()
			.satisfies((ambiguity) -> assertThat(ambiguity.agents())
				.containsExactly(Map.entry("b", "same"), Map.entry("c", "same")));
	}

	@Test
	void resolveWhenFoundInOneButAnotherCannotAnswerThenRegistryUnavailable() {
		this.answers.put("a", Answer.found(agent("x")));
		this.answers.put("c", Answer.unavailable());
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> resolver().resolve(KEY.thumbprint()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.REGISTRY_UNAVAILABLE));
	}

	@Test
	void resolveWhenNobodyKnowsTheKeyThenUnknownKey() {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> resolver().resolve(KEY.thumbprint()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNKNOWN_KEY));
	}

	@Test
	void resolveWhenUnknownEverywhereReachableButOneIsDownThenRegistryUnavailable() {
		this.answers.put("b", Answer.unavailable());
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> resolver().resolve(KEY.thumbprint()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.REGISTRY_UNAVAILABLE));
	}

	@Test
	void constructWhenNamesRepeatOrAreUnsafeThenThrows() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrustedRegistryKeyResolver(List.of(registry("a"), registry("a"))));
		assertThatIllegalArgumentException().isThrownBy(() -> registry("a:b"));
		assertThatIllegalArgumentException().isThrownBy(() -> new TrustedRegistryKeyResolver(List.of()));
	}

}
