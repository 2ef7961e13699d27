package org.opensirelay.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A third-party client from the npm registry, as its users install it: the test's package.json and
 * package-lock.json (the exact versions) and its script, copied from {@code src/test/<source>} into
 * {@code target/<name>} and installed there with {@code npm ci}. Without node and npm the test is
 * skipped saying so, except under {@code CI=true}, where it fails.
 */
public final class NodePackages {

    private NodePackages() {}

    /**
     * The folder holding the installed client.
     *
     * @param installed a file that exists once the client's package is installed (a second run installs nothing)
     * @param files the files of {@code src/test/<source>} to copy
     */
    public static Path install(String source, String name, String installed, String... files) throws Exception {
        boolean available = commandWorks("node", "--version") && commandWorks("npm", "--version");
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("node and npm are required on CI (" + source + ")");
        }
        assumeTrue(available, "node and npm are not installed: the test of " + source + " is skipped");
        Path client = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(client);
        for (String file : files) {
            Files.copy(Path.of("src/test", source, file), client.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(client.resolve(installed))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(client.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0)
                    .as("npm ci: %s", output)
                    .isTrue();
        }
        return client;
    }

    private static boolean commandWorks(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
