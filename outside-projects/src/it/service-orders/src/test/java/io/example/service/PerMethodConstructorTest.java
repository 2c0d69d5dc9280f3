package io.example.service;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.kubernaut.schema.junit.Isolation;
import io.kubernaut.schema.junit.SchemaTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Before JUnit 5.12 the test instance is made in the class's context: a per-method database cannot reach the
 * constructor, and the extension says so instead of handing it another database.
 */
class PerMethodConstructorTest {

    @SchemaTest(tables = "orders", isolation = Isolation.PER_METHOD)
    static class Sample {

        Sample(DSLContext dsl) {
        }

        @Test
        void neverRuns() {
        }
    }

    @Test
    void constructorParametersUnderPerMethodIsolationAreRefusedWithWhatToDo() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Sample.class)).execute().testEvents().assertThatEvents()
                .haveExactly(1, event(finishedWithFailure(message(m -> m.contains("constructor parameters need JUnit 5.12 or later")
                        && m.contains("declare DSLContext on the test or @BeforeEach method instead")))));
    }
}
