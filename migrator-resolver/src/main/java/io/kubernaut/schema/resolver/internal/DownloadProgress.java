package io.kubernaut.schema.resolver.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;

/**
 * One line per file downloaded (poms and jars; not checksums or metadata), for a human watching a
 * first run fetch its families: {@code downloaded io/x/y/1.0/y-1.0.jar (12 kB) from central}.
 * Nothing is reported for files already in the local repository.
 */
public final class DownloadProgress extends AbstractTransferListener {

    private final Consumer<String> lines;

    public DownloadProgress(Consumer<String> lines) {
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
        if (event.getRequestType() != TransferEvent.RequestType.GET) {
            return;
        }
        TransferResource resource = event.getResource();
        String name = resource.getResourceName();
        if (isChecksumOrMetadata(name)) {
            return;
        }
        lines.accept("downloaded " + name + " (" + size(event.getTransferredBytes()) + ") from "
                + resource.getRepositoryId() + " (" + Urls.withoutUserInfo(resource.getRepositoryUrl()) + ")");
    }

    private static boolean isChecksumOrMetadata(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".sha1") || lower.endsWith(".md5") || lower.endsWith(".sha256") || lower.endsWith(".sha512")
                || lower.endsWith(".asc") || lower.endsWith("maven-metadata.xml");
    }

    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return Math.round(bytes / 1000.0) + " kB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
