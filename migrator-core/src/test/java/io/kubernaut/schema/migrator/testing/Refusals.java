package io.kubernaut.schema.migrator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** For tests of families: asserts that PostgreSQL refused a jOOQ statement, by SQLSTATE and constraint name, not by message text. */
public final class Refusals {

    private Refusals() {
    }

    /**
     * Runs {@code statement}, asserts that it failed in PostgreSQL with {@code sqlState} naming
     * {@code constraint}, and returns PostgreSQL's error for further checks.
     */
    public static ServerErrorMessage assertRefused(ThrowingCallable statement, String sqlState, String constraint) {
        Throwable thrown = catchThrowable(statement);
        assertThat(thrown).as("the statement should have been refused").isInstanceOf(DataAccessException.class);
        DataAccessException failure = (DataAccessException) thrown;
        assertThat(failure.sqlState()).as("SQLSTATE of %s", failure.getMessage()).isEqualTo(sqlState);
        PSQLException cause = failure.getCause(PSQLException.class);
        assertThat((Throwable) cause).as("the driver's exception").isNotNull();
        ServerErrorMessage error = cause.getServerErrorMessage();
        assertThat(error.getConstraint()).as("constraint named by %s", error.getMessage()).isEqualTo(constraint);
        return error;
    }
}
