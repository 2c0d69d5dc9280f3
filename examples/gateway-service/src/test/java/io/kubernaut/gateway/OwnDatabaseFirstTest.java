package io.kubernaut.gateway;

import io.kubernaut.schema.junit.SchemaTest;

/** One of the two classes of {@link OwnDatabasePerClass}. */
@SchemaTest(tables = "audit_events")
class OwnDatabaseFirstTest extends OwnDatabasePerClass {
}
