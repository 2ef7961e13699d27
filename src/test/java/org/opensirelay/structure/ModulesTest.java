package org.opensirelay.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.OpensiRelayApplication;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The relay's modules as Spring Modulith sees them (each package under {@code org.opensirelay} is
 * one; its sub-packages are its own unless published with {@code @NamedInterface}): no cycle between
 * modules and no module reaching into another's internals, and the drawing in {@code docs/modules}
 * is the one these modules make. The contract's generated types ({@code org.opensirelay.contract},
 * made from the WSDL at build time) are a library to every module, not a module of the relay.
 */
@Tag("unit")
class ModulesTest {

    static final ApplicationModules MODULES = ApplicationModules.of(
            OpensiRelayApplication.class, JavaClass.Predicates.resideInAPackage("org.opensirelay.contract.."));

    static final Path DRAWN = Path.of("target", "spring-modulith-docs");
    static final Path COMMITTED = Path.of("docs", "modules");

    @Test
    void noModuleDependsOnAnotherInACycleOrOnItsInternals() {
        MODULES.verify();
    }

    @Test
    void theModulesDrawnInDocsAreTheModulesOfTheCode() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DRAWN.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        assertThat(drawings(COMMITTED))
                .as("docs/modules differs from the code's modules: copy target/spring-modulith-docs/*.puml"
                        + " to docs/modules/ (and commit)")
                .isEqualTo(drawings(DRAWN));
    }

    private static Map<String, List<String>> drawings(Path folder) throws IOException {
        Map<String, List<String>> drawings = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                    // Line by line, sorted: the Documenter may write the same drawing in another order.
                    drawings.put(
                            file.getFileName().toString(),
                            Files.readAllLines(file).stream().sorted().toList());
                }
            }
        }
        return drawings;
    }
}
