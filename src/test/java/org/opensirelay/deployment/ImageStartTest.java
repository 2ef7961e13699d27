package org.opensirelay.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ContainerImage;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JarProcess;

/**
 * The packaged jar started exactly as the container image starts it: the image's JVM flags and
 * environment as the pom declares them (its volume a directory of the test's, as writable as the
 * image's), as the image's non-root user, configured like the {@code docker run} example of docs/operations.md.
 */
class ImageStartTest {

    private static final String KEY = "c4ca4238a0b923820dcc509a6f75849b";

    @Test
    void theImageStartsWithItsOwnEnvironmentAndServesTheReadmesWebsite(@TempDir Path root) throws Exception {
        ContainerImage image = ContainerImage.fromPom();
        // The image's user reaches its volume through the image's root directory (rwxr-xr-x); JUnit
        // makes the test's directory its own user's alone, which a test run as root would keep the
        // image's user out of.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path volume = Files.createDirectories(root.resolve("volume"));
        // The image's /data is world-writable (a mounted volume brings its own rights).
        Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (JarProcess relay = JarProcess.in(Files.createDirectories(root.resolve("work")))
                .jvmFlags(image.jvmFlags())
                .env(image.environmentWithVolumeAt(volume))
                .env("RELAY_WEBSITES_0_CODE", "SHOP1")
                .env("RELAY_WEBSITES_0_KEY", KEY)
                .env("RELAY_ADMIN_TOKEN", "image-admin-token-0123456789")
                .asUser(image.uid())
                // A busy machine (the test suite runs beside other builds) may take more than the default 90 s.
                .liveWithin(Duration.ofMinutes(3))
                .start()) {
            relay.await("/actuator/health/readiness", 200, Duration.ofSeconds(30));
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", KEY, "SHOP1"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            // The database is in the volume, not in the working directory, and readable by its owner only.
            Path database = volume.resolve("opensi-relay.mv.db");
            assertThat(database).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database)))
                    .isEqualTo("rw-------");
            // The start warns about the example website of docs/operations.md alone: it names no shop and no slip
            // address.
            String started = relay.log();
            assertThat(started.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                    .hasSize(2)
                    .anySatisfy(l -> assertThat(l).contains("Website 'SHOP1' has no relay.websites[0].shop.url"))
                    .anySatisfy(l -> assertThat(l)
                            .contains(
                                    "Website 'SHOP1' issues no return slips: relay.websites[0].returns.slip-address"));
            assertThat(relay.stop()).as("exit code of a normal stop").isIn(0, 143);
            // So is every file the relay made there (its sealing and webhook signing keys, the database's
            // trace), although the volume lets everyone write: from their creation, so after the stop too.
            try (Stream<Path> files = Files.list(volume)) {
                assertThat(files.toList())
                        .contains(volume.resolve("website-secrets.key"), volume.resolve("webhooks-signing.key"))
                        .allSatisfy(
                                file -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                                        .as(file.toString())
                                        .isEqualTo("rw-------"));
            }
            assertThat(relay.log().substring(started.length()))
                    .as("what a normal stop logs")
                    .doesNotContain(" WARN ", " ERROR ");
        }
    }
}
