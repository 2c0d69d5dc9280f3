package io.kubernaut.schema.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record's owner is judged by its process id and its start in clock ticks since boot, which every
 * process reads alike: a running owner is never taken for a dead one, a reused process id is.
 */
class OwnerRecordTest {

    @TempDir
    Path dir;

    @Test
    void aRunningOwnerIsAliveWhoeverReadsItsRecord() throws Exception {
        OwnerRecord written = OwnerRecord.write(dir.resolve("data"), true);

        assertThat(written.ownerStarted()).isNotNull().isEqualTo(OwnerRecord.startTicks(ProcessHandle.current().pid()));
        assertThat(written.ownerAlive()).isTrue();
    }

    @Test
    void aProcessIdGivenToAnotherProcessSinceIsNotTheOwner() {
        long self = ProcessHandle.current().pid();
        OwnerRecord reused = new OwnerRecord(dir.resolve("data.owner"), self, OwnerRecord.startTicks(self) - 1,
                dir.resolve("data"), true);

        assertThat(reused.ownerAlive()).isFalse();
    }

    @Test
    void anEndedOwnerIsNotAlive() throws Exception {
        Process child = new ProcessBuilder("true").start();
        child.waitFor();
        OwnerRecord ended = new OwnerRecord(dir.resolve("data.owner"), child.pid(), 1L, dir.resolve("data"), true);

        assertThat(ended.ownerAlive()).isFalse();
    }
}
