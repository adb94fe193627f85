package dev.kvsedge.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of INVARIANTS.md that the compiler does not check by itself. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // Test jars (the media module's test fixtures, which use FFmpeg) are tests too: ArchUnit's option only
        // recognizes test-classes folders.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.kvsedge");
    }

    @Test
    void noSqlOutsideTheStores() {
        noClasses().that().resideOutsideOfPackages("dev.kvsedge.server.store..", "dev.kvsedge.migrations..")
                .should().dependOnClassesThat().resideInAPackage("java.sql..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.kvsedge.server..").and()
                .resideOutsideOfPackage("dev.kvsedge.server.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.kvsedge.migrations..")
                .because("the schema is the store's")
                .check(classes);
    }

    @Test
    void domainCodeNeverSeesHttpOrTheStoreAdapters() {
        noClasses().that().resideInAnyPackage("dev.kvsedge.server.streams..", "dev.kvsedge.server.edge..",
                "dev.kvsedge.server.agents..", "dev.kvsedge.server.secrets..", "dev.kvsedge.server.fragments..",
                "dev.kvsedge.server.ingest..", "dev.kvsedge.server.playback..",
                "dev.kvsedge.server.hubs..", "dev.kvsedge.server.timeline..",
                "dev.kvsedge.server.storage..", "dev.kvsedge.server.images..", "dev.kvsedge.server.notifications..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "dev.kvsedge.server.store..",
                        "dev.kvsedge.server.http.HttpTransport", "dev.kvsedge.server.http.ApiDispatcher")
                .check(classes);
    }

    @Test
    void domainServicesLogTheirActivityThroughTheirAreasEventsClass() {
        noClasses().that().resideInAnyPackage("dev.kvsedge.server.streams..", "dev.kvsedge.server.edge..",
                "dev.kvsedge.server.agents..", "dev.kvsedge.server.secrets..", "dev.kvsedge.server.ingest..")
                .and().haveSimpleNameEndingWith("Service")
                .should().dependOnClassesThat().resideInAPackage("org.slf4j..")
                .because("each area words its log lines in one small class (StreamEvents, EdgeEvents, ...)")
                .check(classes);
    }

    @Test
    void onlyTheMetricsPackageKnowsPrometheus() {
        noClasses().that().resideOutsideOfPackage("dev.kvsedge.server.metrics..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.micrometer.prometheusmetrics..", "io.prometheus..")
                .because("everything else records through Micrometer's MeterRegistry, which tests replace")
                .check(classes);
    }

    @Test
    void theMediaLibraryIsPure() {
        noClasses().that().resideInAPackage("dev.kvsedge.media..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.kvsedge.server..", "dev.kvsedge.model..", "io.vertx..",
                        "java.sql..", "java.net..", "org.bytedeco..")
                .check(classes);
    }

    @Test
    void onlyImagesUseFfmpeg() {
        noClasses().that().resideInAPackage("dev.kvsedge.server..").and()
                .resideOutsideOfPackage("dev.kvsedge.server.images..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
                .check(classes);
    }

    @Test
    void theModelIsPure() {
        noClasses().that().resideInAPackage("dev.kvsedge.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kvsedge.server..", "io.vertx..", "java.sql..",
                        "java.net.http..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.kvsedge.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("dev.kvsedge.server.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("dev.kvsedge.model.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("dev.kvsedge.media.(*)..").should().beFreeOfCycles().check(classes);
    }
}
