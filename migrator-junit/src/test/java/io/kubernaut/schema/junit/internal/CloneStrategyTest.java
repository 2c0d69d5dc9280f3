package io.kubernaut.schema.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.ConfigurationException;
import org.junit.jupiter.api.Test;

class CloneStrategyTest {

    @Test
    void autoCopiesFilesOnAServerWithoutFsync() {
        assertThat(CloneStrategy.choose("auto", 170007, false)).isEqualTo(CloneStrategy.FILE_COPY);
        assertThat(CloneStrategy.FILE_COPY.keyword()).isEqualTo("FILE_COPY");
    }

    @Test
    void autoLeavesADurableServerItsDefault() {
        assertThat(CloneStrategy.choose("auto", 170007, true)).isEqualTo(CloneStrategy.SERVER_DEFAULT);
        assertThat(CloneStrategy.SERVER_DEFAULT.keyword()).isNull();
    }

    @Test
    void autoOnAServerWithoutStrategiesSaysNothing() {
        assertThat(CloneStrategy.choose("auto", 140011, false)).isEqualTo(CloneStrategy.SERVER_DEFAULT);
    }

    @Test
    void anExplicitStrategyIsTakenWhateverFsyncSays() {
        assertThat(CloneStrategy.choose("WAL_LOG", 150018, false)).isEqualTo(CloneStrategy.WAL_LOG);
        assertThat(CloneStrategy.choose("file_copy", 150018, true)).isEqualTo(CloneStrategy.FILE_COPY);
    }

    @Test
    void anExplicitStrategyBeforePostgresql15IsRefused() {
        assertThatThrownBy(() -> CloneStrategy.choose("file_copy", 140011, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("schema.test.clone-strategy=file_copy needs PostgreSQL 15");
    }

    @Test
    void anUnknownValueIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> CloneStrategy.choose("sideways", 170007, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("schema.test.clone-strategy must be auto, wal_log or file_copy, was 'sideways'");
    }
}
