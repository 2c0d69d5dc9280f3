package io.kubernaut.schema.migrator.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.compat.ColumnTypes.Relation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnTypesTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            text                                | text                                | SAME
            character varying(100)              | character varying(255)              | WIDENED
            character varying(255)              | character varying(100)              | NARROWED
            character varying(255)              | character varying                   | WIDENED
            character varying(255)              | text                                | WIDENED
            text                                | character varying(255)              | NARROWED
            text                                | character varying                   | EQUIVALENT
            bit varying(8)                      | bit varying(16)                     | WIDENED
            smallint                            | integer                             | WIDENED
            integer                             | bigint                              | WIDENED
            smallint                            | bigint                              | WIDENED
            bigint                              | integer                             | NARROWED
            numeric(10,2)                       | numeric(12,2)                       | WIDENED
            numeric(10,2)                       | numeric(11,3)                       | WIDENED
            numeric(10,2)                       | numeric(10,3)                       | INCOMPATIBLE
            numeric(10,2)                       | numeric(8,2)                        | NARROWED
            numeric(10,2)                       | numeric                             | WIDENED
            numeric                             | numeric(38,10)                      | NARROWED
            real                                | double precision                    | WIDENED
            double precision                    | real                                | NARROWED
            timestamp(3) with time zone         | timestamp with time zone            | WIDENED
            timestamp with time zone            | timestamp(0) with time zone         | NARROWED
            timestamp without time zone         | timestamp with time zone            | INCOMPATIBLE
            character varying(50)[]             | character varying(100)[]            | WIDENED
            integer[]                           | integer                             | INCOMPATIBLE
            integer                             | numeric                             | INCOMPATIBLE
            integer                             | text                                | INCOMPATIBLE
            character(10)                       | character varying(10)               | INCOMPATIBLE
            jsonb                               | json                                | INCOMPATIBLE
            uuid                                | text                                | INCOMPATIBLE
            """)
    void relationOfTwoTypes(String from, String to, Relation expected) {
        assertThat(ColumnTypes.relation(from, to)).isEqualTo(expected);
    }
}
