package org.opensirelay.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ContainerImage;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JarProcess;

/**
 * The packaged jar started exactly as the container image starts it: the image's JVM flags and
 * environment as the pom declares them (its volume a directory of the test's, as writable as the
 * image's), as the image's non-root user, configured like the README's {@code docker run} example.
 */
class ImageStartTest {

    private static final String KEY = "c4ca4238a0b923820dcc509a6f75849b";

    @Test
    void theImageStartsWithItsOwnEnvironmentAndServesTheReadmesWebsite(@TempDir Path root) throws Exception {
        ContainerImage image = ContainerImage.fromPom();
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
            assertThat(relay.stop()).as("exit code of a normal stop").isIn(0, 143);
            assertThat(relay.log()).doesNotContain(" WARN ", " ERROR ");
        }
    }
}
