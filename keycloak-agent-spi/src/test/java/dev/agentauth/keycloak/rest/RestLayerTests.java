package dev.agentauth.keycloak.rest;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The REST layer sits on top: {@code rest} uses the features (registry, grants, signals, revocation), no feature
 * uses {@code rest}; and {@code rest} writes its JSON through {@link RestJson} (typed records), not with Nimbus's
 * map utilities.
 */
@AnalyzeClasses(packages = "dev.agentauth.keycloak", importOptions = ImportOption.DoNotIncludeTests.class)
class RestLayerTests {

	@ArchTest
	static final ArchRule featuresDoNotDependOnRest = noClasses().that()
		.resideOutsideOfPackage("dev.agentauth.keycloak.rest..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.agentauth.keycloak.rest..");

	@ArchTest
	static final ArchRule restBuildsJsonWithJacksonOnly = noClasses().that()
		.resideInAPackage("dev.agentauth.keycloak.rest..")
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("com.nimbusds.jose.util.JSONObjectUtils")
		.orShould()
		.dependOnClassesThat()
		.haveFullyQualifiedName("com.nimbusds.jose.util.JSONArrayUtils");

}
