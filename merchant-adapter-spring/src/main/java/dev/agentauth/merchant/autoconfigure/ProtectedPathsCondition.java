package dev.agentauth.merchant.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code agentauth.protected-paths} binds to a non-empty list (comma-separated or indexed form).
 */
final class ProtectedPathsCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return Binder.get(context.getEnvironment())
			.bind("agentauth.protected-paths", Bindable.listOf(String.class))
			.map((List<String> paths) -> !paths.isEmpty())
			.orElse(false);
	}

}
