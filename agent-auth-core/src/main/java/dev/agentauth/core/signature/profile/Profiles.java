package dev.agentauth.core.signature.profile;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.signature.CoveredComponent;
import dev.agentauth.core.signature.HttpRequestView;
import dev.agentauth.core.signature.SignatureParameters;

// the merchant's rules that hold whatever the profile: a body and a delegation token are only trusted when signed
final class Profiles {

	private Profiles() {
	}

	static void requireBodyAndAuthorization(SignatureParameters parameters, HttpRequestView request, boolean hasBody)
			throws AgentAuthException {
		if (hasBody) {
			require(parameters, CoveredComponent.CONTENT_DIGEST);
		}
		if (request.hasHeader("authorization")) {
			require(parameters, CoveredComponent.AUTHORIZATION);
		}
	}

	static void require(SignatureParameters parameters, CoveredComponent component) throws AgentAuthException {
		if (!parameters.covers(component)) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "The signature must cover " + component);
		}
	}

}
