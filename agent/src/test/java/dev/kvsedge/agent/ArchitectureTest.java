package dev.kvsedge.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent's layering rules of INVARIANTS.md: one package per job, the native and SQL boundaries each in one place. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kvsedge.agent");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.kvsedge.agent.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheRecorderTouchesFfmpeg() {
        noClasses().that().resideOutsideOfPackage("dev.kvsedge.agent.record..")
                .should().dependOnClassesThat().resideInAPackage("org.bytedeco..")
                .check(classes);
    }

    @Test
    void noSqlOutsideTheSegmentIndex() {
        noClasses().that().resideOutsideOfPackage("dev.kvsedge.agent.segments..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "org.sqlite..", "dev.kvsedge.migrations..")
                .check(classes);
    }

    /** Recording and the local index work with the server gone: they know neither its API nor how to reach it. */
    @Test
    void theRecorderAndTheSegmentIndexKnowNothingOfTheServer() {
        noClasses().that().resideInAnyPackage("dev.kvsedge.agent.record..", "dev.kvsedge.agent.segments..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kvsedge.model..", "java.net.http..",
                        "dev.kvsedge.agent.sync..", "dev.kvsedge.agent.upload..")
                .check(classes);
    }
}
