package org.opensirelay.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * The packaged jar prepared for a faster start, as docs/operations.md ("Faster starts") tells an
 * operator to: extracted with Spring Boot's {@code jarmode=tools}, then started once with
 * {@code -XX:ArchiveClassesAtExit} and {@code -Dspring.context.exit=onRefresh} (the training run),
 * which leaves an archive of the classes a start loads; later starts map it
 * ({@code -XX:SharedArchiveFile}) instead of reading and verifying those classes again. Made once
 * per test JVM (and kept in {@code target/cds} while the jar does not change): the training run costs
 * one start, each start after it about half of one.
 *
 * <p>The training run uses the README's JVM flags; the archive also serves a JVM with the default heap
 * or C1 alone (a {@link ChildRelay}): what it holds does not depend on the heap's size or the compiler.
 */
public final class ClassDataArchive {

    private static final Path DIRECTORY = Path.of("target", "cds").toAbsolutePath();
    private static final Path EXTRACTED = DIRECTORY.resolve("application");
    private static final Path ARCHIVE = DIRECTORY.resolve("opensi-relay.jsa");

    /** How to start the relay from it: the JVM flags to add and the jar to run. */
    public record Launch(List<String> jvmFlags, Path jar) {}

    private static Launch prepared;

    private ClassDataArchive() {}

    /**
     * Whether the packaged jar holds what {@code target/classes} holds: false when it is missing or
     * older than a class compiled since (an IDE's build after the last {@code ./mvnw package}).
     */
    public static boolean jarIsCurrent() throws IOException {
        if (!Files.isRegularFile(JarProcess.JAR)) {
            return false;
        }
        Path classes = Path.of("target", "classes");
        if (!Files.isDirectory(classes)) {
            return true;
        }
        var jarTime = Files.getLastModifiedTime(JarProcess.JAR);
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(Files::isRegularFile).noneMatch(file -> {
                try {
                    return Files.getLastModifiedTime(file).compareTo(jarTime) > 0;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    /** The extracted jar and its archive, made by a training run if not made yet. */
    public static synchronized Launch relay() throws IOException {
        if (prepared != null) {
            return prepared;
        }
        Path jar = EXTRACTED.resolve(JarProcess.JAR.getFileName());
        if (!Files.isRegularFile(ARCHIVE)
                || Files.getLastModifiedTime(ARCHIVE).compareTo(Files.getLastModifiedTime(JarProcess.JAR)) < 0) {
            FileSystemUtils.deleteRecursively(DIRECTORY);
            Files.createDirectories(DIRECTORY);
            run(
                    "extract",
                    List.of(
                            "-Djarmode=tools",
                            "-jar",
                            JarProcess.JAR.toString(),
                            "extract",
                            "--destination",
                            EXTRACTED.toString()));
            Path data = Files.createTempDirectory(DIRECTORY, "training-data");
            List<String> training = new ArrayList<>(JarProcess.README_JVM_FLAGS);
            training.addAll(List.of(
                    "-XX:ArchiveClassesAtExit=" + ARCHIVE,
                    "-Dspring.context.exit=onRefresh",
                    "-jar",
                    jar.toString(),
                    "--server.port=0",
                    "--relay.data-dir=" + data));
            run("training", training);
            FileSystemUtils.deleteRecursively(data);
            if (!Files.isRegularFile(ARCHIVE)) {
                throw new IllegalStateException("the training run left no class-data archive; see " + DIRECTORY);
            }
        }
        prepared = new Launch(List.of("-XX:SharedArchiveFile=" + ARCHIVE), jar);
        return prepared;
    }

    private static void run(String name, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        Path log = DIRECTORY.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(DIRECTORY.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // As JarProcess starts the relay: none of the test JVM's settings (CI's RELAY_ variables, say).
        builder.environment().keySet().removeIf(variable -> !JarProcess.INHERITED_VARIABLES.contains(variable));
        Process process = builder.start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the " + name + " run did not end within 3 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the " + name + " run", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "the " + name + " run ended with " + process.exitValue() + ":\n" + Files.readString(log));
        }
    }
}
