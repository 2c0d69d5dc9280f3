package io.kubernaut.schema.resolver.internal;

import io.kubernaut.schema.resolver.CorruptedArtifactException;
import io.kubernaut.schema.resolver.FamilyResolutionException;
import io.kubernaut.schema.resolver.RepositoryUnavailableException;
import io.kubernaut.schema.resolver.UnknownArtifactException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.RequestTrace;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.collection.CollectStepData;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.spi.connector.transport.http.HttpTransporterException;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.ChecksumFailureException;
import org.eclipse.aether.transfer.RepositoryOfflineException;

/**
 * Turns Maven Resolver's failures (nested results, per-repository exceptions, causes) into the one
 * {@link FamilyResolutionException} that says what matters: a corrupted download, an unreachable
 * repository, or an artifact that no repository has. In that order: a "not found" next to a
 * repository that could not be asked is not a reliable "not found".
 */
final class Failures {

    private Failures() {
    }

    static FamilyResolutionException translate(RepositoryException failure, Session session, Collection<Artifact> requested) {
        List<Failure> failures = failures(failure);
        DependencyNode root = root(failure);
        for (Failure f : failures) {
            Optional<ChecksumFailureException> checksum = cause(f.transfer(), ChecksumFailureException.class);
            if (checksum.isPresent()) {
                String coordinates = Coordinates.of(f.transfer().getArtifact());
                String repository = Session.describe(f.transfer().getRepository());
                String expected = checksum.get().getExpected();
                if (expected == null || expected.isEmpty()) {
                    return new CorruptedArtifactException(coordinates, repository, describe(f, root, requested)
                            + " has no checksum file (.sha1, .md5) in " + repository + " to verify it by ("
                            + checksum.get().getMessage() + "); unverifiable downloads are refused.", f.transfer());
                }
                return new CorruptedArtifactException(coordinates, repository, describe(f, root, requested)
                        + " downloaded from " + repository + " does not match its checksum (" + checksum.get().getMessage()
                        + "); the file was discarded. The repository, or something between it and this machine, did not"
                        + " deliver it intact.", f.transfer());
            }
        }
        for (Failure f : failures) {
            if (!(f.transfer() instanceof ArtifactNotFoundException)
                    && cause(f.transfer(), RepositoryOfflineException.class).isEmpty()) {
                String coordinates = Coordinates.of(f.transfer().getArtifact());
                String repository = Session.describe(f.transfer().getRepository());
                return new RepositoryUnavailableException(coordinates, repository, "Cannot fetch " + describe(f, root, requested)
                        + " from " + repository + ": " + reason(f.transfer()) + hint(f.transfer()), f.transfer());
            }
        }
        if (!failures.isEmpty()) {
            Failure missing = failures.get(0);
            List<String> searched = session.searched();
            return new UnknownArtifactException(Coordinates.of(missing.transfer().getArtifact()), searched,
                    describe(missing, root, requested) + " not found in " + String.join(", ", searched)
                    + ". Check the coordinates, or add the repository that has it with --repo"
                    + (session.offline ? " (or run without --offline)" : "") + ".");
        }
        return new FamilyResolutionException(null, "Cannot resolve " + requested.stream().map(Coordinates::of).toList()
                + ": " + failure.getMessage(), failure);
    }

    /**
     * A transfer that failed, and the trace of the request it failed in (which knows, for a pom read while
     * collecting dependencies, the path of dependencies that led to it).
     */
    private record Failure(ArtifactTransferException transfer, RequestTrace trace) {
    }

    /** Every per-repository transfer failure inside {@code failure}, depth first, each once. */
    private static List<Failure> failures(Throwable failure) {
        List<Failure> found = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Failure> pending = new ArrayDeque<>();
        pending.push(new Failure(null, null));
        Deque<Throwable> throwables = new ArrayDeque<>();
        throwables.push(failure);
        while (!throwables.isEmpty()) {
            Throwable next = throwables.pop();
            RequestTrace trace = pending.pop().trace();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof ArtifactTransferException transfer) {
                found.add(new Failure(transfer, trace));
            }
            List<Throwable> inner = new ArrayList<>();
            List<RequestTrace> traces = new ArrayList<>();
            if (next instanceof ArtifactResolutionException resolution) {
                resolution.getResults().forEach(result -> add(inner, traces, failures(result), result.getRequest().getTrace()));
            } else if (next instanceof DependencyResolutionException resolution && resolution.getResult() != null) {
                add(inner, traces, resolution.getResult().getCollectExceptions(), trace);
                resolution.getResult().getArtifactResults()
                        .forEach(result -> add(inner, traces, failures(result), result.getRequest().getTrace()));
            } else if (next instanceof DependencyCollectionException collection && collection.getResult() != null) {
                add(inner, traces, collection.getResult().getExceptions(), trace);
            } else if (next instanceof ArtifactDescriptorException descriptor && descriptor.getResult() != null) {
                add(inner, traces, descriptor.getResult().getExceptions(), descriptor.getResult().getRequest().getTrace());
            } else if (next instanceof VersionRangeResolutionException range && range.getResult() != null) {
                add(inner, traces, range.getResult().getExceptions(), trace);
            }
            add(inner, traces, next.getCause() == null ? List.of() : List.of(next.getCause()), trace);
            // Keep the order of discovery: push in reverse.
            for (int i = inner.size() - 1; i >= 0; i--) {
                throwables.push(inner.get(i));
                pending.push(new Failure(null, traces.get(i)));
            }
        }
        return found;
    }

    private static void add(List<Throwable> inner, List<RequestTrace> traces, List<? extends Throwable> more, RequestTrace trace) {
        for (Throwable t : more) {
            if (t != null) {
                inner.add(t);
                traces.add(trace);
            }
        }
    }

    private static List<Exception> failures(ArtifactResult result) {
        return result.isResolved() ? List.of() : result.getExceptions();
    }

    private static DependencyNode root(Throwable failure) {
        if (failure instanceof DependencyResolutionException resolution && resolution.getResult() != null) {
            return resolution.getResult().getRoot();
        }
        if (failure instanceof DependencyCollectionException collection && collection.getResult() != null) {
            return collection.getResult().getRoot();
        }
        return null;
    }

    /**
     * The failed artifact as a user would name it ({@code g:a:v}, {@code g:a:v (pom)}), and when it is
     * not what was asked for, which artifact needed it: "(needed by b:1 <- a:1)".
     */
    private static String describe(Failure failure, DependencyNode root, Collection<Artifact> requested) {
        Artifact artifact = failure.transfer().getArtifact();
        if (artifact == null) {
            return "an artifact";
        }
        boolean pom = "pom".equals(artifact.getExtension());
        String name = pom ? Coordinates.gav(artifact) : Coordinates.of(artifact);
        List<String> notes = new ArrayList<>();
        if (pom) {
            notes.add("pom");
        }
        if (requested.stream().noneMatch(r -> Coordinates.gav(r).equals(Coordinates.gav(artifact)))) {
            List<String> path = pathFromTrace(failure.trace());
            if (path.isEmpty() && root != null && pathTo(root, artifact, path)) {
                path.remove(path.size() - 1);
            }
            // A pom read for the last dependency on the path is that dependency's own: no need to name it twice.
            if (!path.isEmpty() && path.get(path.size() - 1).equals(Coordinates.gav(artifact))) {
                path.remove(path.size() - 1);
            }
            if (!path.isEmpty()) {
                notes.add("needed by " + String.join(" <- ", reversed(path)));
            } else if (!requested.isEmpty()) {
                notes.add("a dependency of " + String.join(", ", requested.stream().map(Coordinates::gav).toList()));
            }
        }
        return notes.isEmpty() ? name : name + " (" + String.join("; ", notes) + ")";
    }

    /** The dependencies that led to a pom read while collecting: the collector's step data in the trace. */
    private static List<String> pathFromTrace(RequestTrace trace) {
        for (RequestTrace t = trace; t != null; t = t.getParent()) {
            if (t.getData() instanceof CollectStepData step) {
                List<String> path = new ArrayList<>();
                step.getPath().stream().map(DependencyNode::getArtifact).filter(Objects::nonNull)
                        .forEach(a -> path.add(Coordinates.gav(a)));
                if (step.getNode() != null) {
                    path.add(Coordinates.gav(step.getNode().getArtifact()));
                }
                return path;
            }
        }
        return new ArrayList<>();
    }

    private static boolean pathTo(DependencyNode node, Artifact artifact, List<String> path) {
        Artifact here = node.getArtifact();
        if (here != null) {
            path.add(Coordinates.gav(here));
            if (Coordinates.sameArtifact(here, artifact)) {
                return true;
            }
        }
        for (DependencyNode child : node.getChildren()) {
            if (pathTo(child, artifact, path)) {
                return true;
            }
        }
        if (here != null) {
            path.remove(path.size() - 1);
        }
        return false;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    /** The innermost message: "Connection refused", "status code: 503, reason phrase: ...". */
    private static String reason(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        return (message == null || message.isBlank() ? innermost.getClass().getSimpleName() : message);
    }

    private static String hint(ArtifactTransferException transfer) {
        Optional<HttpTransporterException> http = cause(transfer, HttpTransporterException.class);
        if (http.isPresent() && (http.get().getStatusCode() == 401 || http.get().getStatusCode() == 403)) {
            String id = transfer.getRepository() != null ? transfer.getRepository().getId() : "?";
            return ". The repository refused the credentials: settings.xml (~/.m2/settings.xml or --settings) gives them"
                    + " in a <server> with <id>" + id + "</id>.";
        }
        return "";
    }

    private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
