package dev.agentauth.core.signature;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

final class EcdsaP256 {

	static final ECDomainParameters DOMAIN;

	static {
		X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
		DOMAIN = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH(), curve.getSeed());
	}

	private EcdsaP256() {
	}

}
