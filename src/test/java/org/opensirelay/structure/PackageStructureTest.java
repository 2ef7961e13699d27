package org.opensirelay.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The relay's packages form no cycle, so that each capability can be read and changed on its own:
 * this test fails on the first import that closes one (issue 22). The contract's names and the
 * ground-floor packages depend on no capability.
 */
@Tag("unit")
class PackageStructureTest {

    private static final JavaClasses RELAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.opensirelay");

    @Test
    void noTwoPackagesDependOnEachOtherThroughAnyPath() {
        slices().matching("org.opensirelay.(*)..").should().beFreeOfCycles().check(RELAY);
    }

    @Test
    void theTenantTypeKnowsNothingOfReturnsDeliveryOrTheEndpoint() {
        noClasses()
                .that()
                .resideInAPackage("org.opensirelay.website..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.opensirelay.returns..",
                        "org.opensirelay.delivery..",
                        "org.opensirelay.soap..",
                        "org.opensirelay.ingest..",
                        "org.opensirelay.outbox..")
                .check(RELAY);
    }

    @Test
    void theContractsNamesAndTheGroundFloorDependOnNoCapability() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.opensirelay.opensi..",
                        "org.opensirelay.text..",
                        "org.opensirelay.database..",
                        "org.opensirelay.settings..",
                        "org.opensirelay.background..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.opensirelay.soap..",
                        "org.opensirelay.returns..",
                        "org.opensirelay.delivery..",
                        "org.opensirelay.ingest..",
                        "org.opensirelay.outbox..",
                        "org.opensirelay.website..",
                        "org.opensirelay.admin..",
                        "org.opensirelay.console..",
                        "org.opensirelay.access..")
                .check(RELAY);
    }

    /**
     * The returns module in layers, each using only those below it: {@code domain} (the state
     * machine, eligibility, items and money, policies: plain Java), {@code store} (its SQL),
     * {@code slip} (the slip's token, PDF and download), the services in {@code returns} itself, and
     * {@code api} (the REST controllers, their request and answer shapes) on top.
     */
    @Test
    void theReturnsModuleIsLayered() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("domain")
                .definedBy("org.opensirelay.returns.domain..")
                .layer("store")
                .definedBy("org.opensirelay.returns.store..")
                .layer("slip")
                .definedBy("org.opensirelay.returns.slip..")
                .layer("services")
                .definedBy("org.opensirelay.returns")
                .layer("api")
                .definedBy("org.opensirelay.returns.api..")
                .whereLayer("api")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("services")
                .mayOnlyBeAccessedByLayers("api")
                .whereLayer("slip")
                .mayOnlyBeAccessedByLayers("services", "api")
                .whereLayer("store")
                .mayOnlyBeAccessedByLayers("slip", "services", "api")
                .whereLayer("domain")
                .mayOnlyBeAccessedByLayers("store", "slip", "services", "api")
                .check(RELAY);
    }
}
