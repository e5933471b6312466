package dev.agentauth.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The packages under {@code dev.agentauth.gateway} depend on each other without cycles. */
class PackageCycleTests {

	@Test
	void packagesAreFreeOfCycles() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.agentauth.gateway");
		slices().matching("dev.agentauth.gateway.(*)..").should().beFreeOfCycles().check(classes);
	}

}
