package dev.kvsedge.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The command line's rule of INVARIANTS.md (one package, so no cycles to check). */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.kvsedge.app");

    /**
     * The commands configure and start the server, the agent and the camera: of the server they see its entry point
     * and configuration (credentials, S3 locations), never its domain, wire or storage code, and they touch neither
     * SQL nor FFmpeg themselves.
     */
    @Test
    void theCommandsReachTheServerOnlyThroughItsEntryPointAndConfiguration() {
        noClasses().that().resideInAPackage("dev.kvsedge.app..")
                .should().dependOnClassesThat(resideInAPackage("dev.kvsedge.server..")
                        .and(not(resideInAnyPackage("dev.kvsedge.server", "dev.kvsedge.server.auth",
                                "dev.kvsedge.server.blob"))))
                .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.bytedeco..")
                .check(CLASSES);
    }
}
