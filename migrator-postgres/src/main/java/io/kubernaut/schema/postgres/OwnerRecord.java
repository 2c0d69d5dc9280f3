package io.kubernaut.schema.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which process owns an embedded server: a small file next to the server's data directory
 * ({@code <data directory>.owner}) naming the owner's process id and start time, the data directory
 * and whether the owner created it.
 *
 * <p>A JVM killed with SIGKILL (what Kubernetes sends at the end of a grace period) runs no shutdown
 * hook, and its postmaster, started detached by {@code pg_ctl}, keeps running with its data (on
 * /dev/shm: memory). The next start in the same parent directory reads the records, and for each
 * whose owner is gone stops the postmaster and deletes what the owner had created.
 *
 * @param file           the record itself
 * @param ownerPid       the owning JVM's process id
 * @param ownerStarted   when the owner started, in clock ticks since boot (field 22 of {@code /proc/<pid>/stat}):
 *                       tells a reused process id apart; null when unknown. Not {@code ProcessHandle}'s start
 *                       instant: each JVM derives that from the boot time it reads once, which moves with the
 *                       wall clock (a clock step, a VM resumed), so two JVMs can see one process start at
 *                       different instants and take a live owner for a dead one.
 * @param dataDirectory  the server's data directory
 * @param ownsDirectory  whether the owner created the data directory (and so it is deleted with the server)
 */
record OwnerRecord(Path file, long ownerPid, Long ownerStarted, Path dataDirectory, boolean ownsDirectory) {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerRecord.class);
    private static final String SUFFIX = ".owner";
    /** How long a smart shutdown may take before the postmaster is killed. */
    private static final long STOP_WAIT_NANOS = 10_000_000_000L;

    /** Records this process as the owner of the server about to start in {@code dataDirectory}. */
    static OwnerRecord write(Path dataDirectory, boolean ownsDirectory) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Path directory = dataDirectory.toAbsolutePath().normalize();
        OwnerRecord record = new OwnerRecord(directory.resolveSibling(directory.getFileName() + SUFFIX), self.pid(),
                startTicks(self.pid()), directory, ownsDirectory);
        Properties properties = new Properties();
        properties.setProperty("owner.pid", String.valueOf(record.ownerPid));
        if (record.ownerStarted != null) {
            properties.setProperty("owner.start.ticks", record.ownerStarted.toString());
        }
        properties.setProperty("data.directory", directory.toString());
        properties.setProperty("data.directory.owned", String.valueOf(ownsDirectory));
        try (OutputStream out = Files.newOutputStream(record.file)) {
            properties.store(out, "embedded PostgreSQL owned by a running process; deleted when it stops the server");
        }
        return record;
    }

    /** Deletes the record: the server it names is stopped. */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A later start reads it, finds no postmaster and deletes it.
        }
    }

    /**
     * Stops the servers recorded in {@code parent} whose owner is no longer running, deletes the data
     * directories their owners created, and the records. Best effort: what cannot be stopped or deleted
     * is logged and left.
     */
    static void stopOrphans(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> records = Files.newDirectoryStream(parent, "*" + SUFFIX)) {
            for (Path file : records) {
                read(file).filter(record -> !record.ownerAlive()).ifPresent(OwnerRecord::stopOrphan);
            }
        } catch (IOException e) {
            LOG.debug("Cannot look for orphaned embedded PostgreSQL servers in {}: {}", parent, e.getMessage());
        }
    }

    private static Optional<OwnerRecord> read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
            String started = properties.getProperty("owner.start.ticks");
            return Optional.of(new OwnerRecord(file, Long.parseLong(properties.getProperty("owner.pid")),
                    started == null ? null : Long.valueOf(started), Path.of(properties.getProperty("data.directory")),
                    Boolean.parseBoolean(properties.getProperty("data.directory.owned"))));
        } catch (IOException | RuntimeException e) {
            // Being written right now, or gone: its owner is alive or it needs no cleaning.
            return Optional.empty();
        }
    }

    /** Whether the recorded owner still runs (the same process, not another one given its id since). */
    boolean ownerAlive() {
        if (ProcessHandle.of(ownerPid).filter(ProcessHandle::isAlive).isEmpty()) {
            return false;
        }
        Long started = startTicks(ownerPid);
        return ownerStarted == null || started == null || ownerStarted.equals(started);
    }

    /** Field 22 of {@code /proc/<pid>/stat}: when the process started, in clock ticks since boot; null if unreadable. */
    static Long startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.valueOf(fields[22 - 3]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void stopOrphan() {
        Optional<ProcessHandle> postmaster = postmaster(dataDirectory);
        LOG.info("Stopping the embedded PostgreSQL left by process {}, which no longer runs (data in {}{})", ownerPid,
                dataDirectory, postmaster.map(p -> ", postmaster pid " + p.pid()).orElse(", not running"));
        postmaster.ifPresent(OwnerRecord::stop);
        if (ownsDirectory) {
            EmbeddedServer.deleteRecursively(dataDirectory);
        }
        delete();
    }

    /**
     * The running postmaster of {@code dataDirectory}: the process named on the first line of its
     * {@code postmaster.pid}, whose second line is that data directory.
     *
     * @see <a href="https://www.postgresql.org/docs/current/storage-file-layout.html">postmaster.pid</a>
     */
    static Optional<ProcessHandle> postmaster(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            if (lines.size() < 2 || !Path.of(lines.get(1).trim()).toAbsolutePath().normalize()
                    .equals(dataDirectory.toAbsolutePath().normalize())) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * SIGTERM (a smart shutdown: the owner's sessions died with it, so it ends at once), then SIGKILL
     * when the postmaster still runs after a while; its backends exit when they see it gone.
     */
    private static void stop(ProcessHandle postmaster) {
        postmaster.destroy();
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        try {
            while (postmaster.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (postmaster.isAlive()) {
            LOG.warn("The orphaned postmaster {} did not stop within 10 s; killing it", postmaster.pid());
            postmaster.destroyForcibly();
        }
    }
}
