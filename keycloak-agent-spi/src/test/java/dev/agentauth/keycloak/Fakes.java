package dev.agentauth.keycloak;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

import org.keycloak.models.RealmModel;

/**
 * Stand-ins for Keycloak's model interfaces: a proxy that answers the methods it is given (by name) and refuses
 * every other one, so a test shows exactly what the code under test reads.
 */
public final class Fakes {

	private Fakes() {
	}

	/** A {@code type} whose methods named in {@code methods} answer with their function of the arguments. */
	@SuppressWarnings("unchecked")
	public static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> methods) {
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
			Function<Object[], Object> answer = methods.get(method.getName());
			if (answer != null) {
				return answer.apply(args);
			}
			return switch (method.getName()) {
				case "toString" -> type.getSimpleName() + " (fake)";
				case "hashCode" -> System.identityHashCode(self);
				case "equals" -> self == args[0];
				case "close" -> null;
				default -> throw new UnsupportedOperationException(
						type.getSimpleName() + "." + method.getName() + " is not faked");
			};
		});
	}

	/** A realm with this id (also its name) and these attributes. */
	public static RealmModel realm(String id, Map<String, String> attributes) {
		return of(RealmModel.class, Map.of("getId", (args) -> id, "getName", (args) -> id, "getAttribute",
				(args) -> attributes.get((String) args[0])));
	}

}
