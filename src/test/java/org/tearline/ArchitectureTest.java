package org.tearline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reads the compiled main classes and holds the layers to pointing down: no cycle between
 * Tearline's packages, and no edge (TAXII, the producer's API, the console, the HTTP server and
 * what the HTTP edges share, the command line) reaching the store other than through a service.
 *
 * <p>"Reaching the store" means depending on any class of {@code org.tearline.store} or below
 * ({@code Store}, {@code StoreTx}, {@code store.jdbc}, ...) except the query terms listed in
 * {@link #RECORDS} (and the types nested in them). The domain's records live in
 * {@code org.tearline.domain}, which any layer may name; the store's query terms (a TAXII
 * filter, a page and its request, a version selector, a query of the record) are what an edge
 * hands a service to say what it wants read, so an edge may name them, but never open a
 * transaction or call the store.
 */
class ArchitectureTest {

    private static final String STORE = "org.tearline.store";

    /** The store's query terms an edge may name, by simple name; nothing else of the store. */
    static final Set<String> RECORDS = Set.of("AuditQuery", "ObjectFilter", "Page", "PageRequest", "VersionSelector");

    private static final String[] EDGES = {
        "org.tearline.taxii..",
        "org.tearline.api..",
        "org.tearline.web..",
        "org.tearline.cli..",
        "org.tearline.server..",
        "org.tearline.http.."
    };

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.tearline");

    /** Any class of the store, or below it, that is not one of the listed records. */
    private static final DescribedPredicate<JavaClass> STORE_BUT_RECORDS = DescribedPredicate.describe(
            "belong to " + STORE + " and are not one of its data" + " records "
                    + RECORDS.stream().sorted().toList(),
            c -> {
                if (!c.getPackageName().equals(STORE) && !c.getPackageName().startsWith(STORE + ".")) {
                    return false;
                }
                JavaClass top = c;
                while (top.getEnclosingClass().isPresent()) {
                    top = top.getEnclosingClass().get();
                }
                return !top.getPackageName().equals(STORE) || !RECORDS.contains(top.getSimpleName());
            });

    @Test
    void noCycleBetweenPackages() {
        slices().matching("org.tearline.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void edgesReachTheStoreOnlyThroughServices() {
        noClasses()
                .that()
                .resideInAnyPackage(EDGES)
                .should()
                .dependOnClassesThat(STORE_BUT_RECORDS)
                .because("edges call one service method; the services own the transactions")
                .check(MAIN);
    }

    /** The rules judge the real code: the importer found the store and every edge. */
    @Test
    void readsTheStoreAndEveryEdge() {
        assertThat(MAIN.contain(STORE + ".Store")).isTrue();
        assertThat(MAIN.contain(STORE + ".StoreTx")).isTrue();
        for (String r : RECORDS) {
            assertThat(MAIN.contain(STORE + "." + r)).as(r).isTrue();
        }
        for (String e : EDGES) {
            String p = e.substring(0, e.length() - 2);
            assertThat(MAIN.stream().anyMatch(c -> c.getPackageName().equals(p)))
                    .as(p)
                    .isTrue();
        }
    }
}
