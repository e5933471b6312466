package dev.agentauth.keycloak;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The extension's feature packages ({@code registry}, {@code grant}, {@code signal}, {@code revocation},
 * {@code consent}, {@code exchange}) do not import each other in a cycle.
 */
@AnalyzeClasses(packages = "dev.agentauth.keycloak", importOptions = ImportOption.DoNotIncludeTests.class)
class NoPackageCyclesTests {

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("dev.agentauth.keycloak.(*)..")
		.should()
		.beFreeOfCycles();

}
