package dev.agentauth.core.signature;

import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

final class RsaPss {

	// RFC 9421 §3.3.1: RSASSA-PSS, SHA-512, MGF1 with SHA-512, 64-byte salt
	static final PSSParameterSpec PARAMETERS = new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64,
			1);

	private RsaPss() {
	}

}
