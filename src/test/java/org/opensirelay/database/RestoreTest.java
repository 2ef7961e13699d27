package org.opensirelay.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore command on its own (no relay): what a backup holds goes back owner-only onto an empty
 * data directory, all of it or nothing; a directory that holds anything, a zip that is not a backup,
 * or one that is damaged restores nothing and says why.
 */
@Tag("unit")
class RestoreTest {

    @Test
    void aBackupGoesBackOwnerOnlyOntoAnEmptyDirectoryAndSaysWhichSettingsItNeeds(@TempDir Path dir) throws Exception {
        Path backup = zip(
                dir.resolve("opensi-relay-20261204T101500000Z.zip"),
                Map.of(
                        "opensi-relay.mv.db",
                        "database pages",
                        "website-secrets.key",
                        "sealing key",
                        "webhooks-signing.key",
                        "signing key",
                        "RESTORE.txt",
                        "Settings the restored relay needs:\n  relay.secrets-key  the same value (fingerprint 0011)\n"));
        Path data = dir.resolve("new/data");

        Run run = run("restore", backup.toString(), data.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(data.resolve("opensi-relay.mv.db"))).isEqualTo("database pages");
        assertThat(Files.readString(data.resolve("website-secrets.key"))).isEqualTo("sealing key");
        assertThat(Files.readString(data.resolve("webhooks-signing.key"))).isEqualTo("signing key");
        assertThat(data.resolve("RESTORE.txt")).doesNotExist();
        for (String file : new String[] {"opensi-relay.mv.db", "website-secrets.key", "webhooks-signing.key"}) {
            assertThat(mode(data.resolve(file))).as(file).isEqualTo("rw-------");
        }
        assertThat(mode(data)).isEqualTo("rwx------");
        try (var left = Files.list(data)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("opensi-relay.mv.db", "website-secrets.key", "webhooks-signing.key");
        }
        assertThat(run.out())
                .contains("restored opensi-relay-20261204T101500000Z.zip into " + data.toAbsolutePath())
                .contains("relay.data-dir=" + data.toAbsolutePath())
                .contains("needs the setting relay.secrets-key");
    }

    @Test
    void aDirectoryThatHoldsAnythingIsLeftAsItWas(@TempDir Path dir) throws Exception {
        Path backup = zip(dir.resolve("b.zip"), Map.of("opensi-relay.mv.db", "restored"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("opensi-relay.mv.db"), "the live database");

        Run run = run("restore", backup.toString(), data.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("not restored", "is not empty (opensi-relay.mv.db)");
        assertThat(Files.readString(data.resolve("opensi-relay.mv.db"))).isEqualTo("the live database");
    }

    @Test
    void aZipThatIsNotABackupOrIsDamagedRestoresNothing(@TempDir Path dir) throws Exception {
        Path escaping = zip(dir.resolve("escaping.zip"), Map.of("opensi-relay.mv.db", "db", "../outside", "x"));
        Path withoutDatabase = zip(dir.resolve("keys-only.zip"), Map.of("website-secrets.key", "k"));
        Path damaged = dir.resolve("damaged.zip");
        // Cut in the middle of the database's pages (random, so that they do not compress away).
        String pages = new java.util.Random(7)
                .ints(50_000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        byte[] whole = Files.readAllBytes(zip(dir.resolve("whole.zip"), Map.of("opensi-relay.mv.db", pages)));
        Files.write(damaged, java.util.Arrays.copyOf(whole, whole.length / 2));

        for (Path backup : new Path[] {escaping, withoutDatabase, damaged}) {
            Path data = dir.resolve("data-" + backup.getFileName());
            Run run = run("restore", backup.toString(), data.toString());
            assertThat(run.exit()).as(backup.getFileName().toString()).isEqualTo(1);
            assertThat(run.err()).startsWith("not restored: ");
            try (var left = Files.list(data)) {
                assertThat(left).as("what %s left", backup.getFileName()).isEmpty();
            }
        }
        assertThat(dir.resolve("outside")).doesNotExist();
        assertThat(run("restore", withoutDatabase.toString(), dir.resolve("d").toString())
                        .err())
                .contains("holds no opensi-relay.mv.db");
        assertThat(run("restore", escaping.toString(), dir.resolve("e").toString())
                        .err())
                .contains("holds ../outside: not a backup written by opensi-relay");
        assertThat(run("restore", damaged.toString(), dir.resolve("f").toString())
                        .err())
                .contains("damaged.zip is not a whole zip");
    }

    @Test
    void aWrongCommandLineSaysHowToCallIt() {
        Run run = run("restore", "only-one-argument.zip");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("usage: java -jar opensi-relay.jar restore <backup.zip> <empty data directory>");
        assertThat(Restore.isCommand(new String[] {"restore"})).isTrue();
        assertThat(Restore.isCommand(new String[] {"--server.port=8080"})).isFalse();
        assertThat(Restore.isCommand(new String[] {})).isFalse();
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Restore.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path zip(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : new LinkedHashMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
