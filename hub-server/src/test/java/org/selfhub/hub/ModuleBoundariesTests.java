package org.selfhub.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of style.md, checked on the compiled classes: no cycles between feature
 * packages, {@code shared} depends on no feature, and infrastructure libraries stay inside the
 * module that wraps them.
 */
class ModuleBoundariesTests {

    private static final JavaClasses HUB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.selfhub.hub");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.selfhub.hub.(*)..").should().beFreeOfCycles().check(HUB);
    }

    @Test
    void sharedDependsOnNoFeature() {
        noClasses().that().resideInAPackage("org.selfhub.hub.shared..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.selfhub.hub.system..", "org.selfhub.hub.storage..", "org.selfhub.hub.auth..",
                        "org.selfhub.hub.repo..", "org.selfhub.hub.git..", "org.selfhub.hub.lfs..",
                        "org.selfhub.hub.files..", "org.selfhub.hub.metadata..", "org.selfhub.hub.search..",
                        "org.selfhub.hub.inference..", "org.selfhub.hub.admin..")
                .check(HUB);
    }

    @Test
    void storageDependsOnlyOnSharedAndSystem() {
        noClasses().that().resideInAPackage("org.selfhub.hub.storage..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.selfhub.hub.auth..", "org.selfhub.hub.repo..", "org.selfhub.hub.git..",
                        "org.selfhub.hub.lfs..", "org.selfhub.hub.files..", "org.selfhub.hub.search..")
                .check(HUB);
    }

    @Test
    void minioStaysInsideStorage() {
        noClasses().that().resideOutsideOfPackage("org.selfhub.hub.storage..")
                .should().dependOnClassesThat().resideInAPackage("io.minio..")
                .check(HUB);
    }

    @Test
    void jgitStaysInsideGit() {
        noClasses().that().resideOutsideOfPackage("org.selfhub.hub.git..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..")
                .allowEmptyShould(true)
                .check(HUB);
    }
}
