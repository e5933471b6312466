package dev.agentauth.core;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The core's feature packages ({@code signature}, {@code delegation}, {@code risk}, ...) do not import each other
 * in a cycle.
 */
@AnalyzeClasses(packages = "dev.agentauth.core", importOptions = ImportOption.DoNotIncludeTests.class)
class NoPackageCyclesTests {

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("dev.agentauth.core.(*)..")
		.should()
		.beFreeOfCycles();

}
