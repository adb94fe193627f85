package dev.kvsedge.camera;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The camera's rule of INVARIANTS.md (one package, so no cycles to check). */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.kvsedge.camera");

    /** A loop is encoded once and shared by every camera; serving it is plain Java. */
    @Test
    void onlyTheLoopEncoderTouchesFfmpeg() {
        noClasses().that().doNotHaveSimpleName("LoopEncoder")
                .should().dependOnClassesThat().resideInAPackage("org.bytedeco..")
                .check(CLASSES);
    }
}
