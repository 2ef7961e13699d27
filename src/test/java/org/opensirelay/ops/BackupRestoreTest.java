package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.AdminHttp;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.OpenApiSchemas;
import org.opensirelay.support.RelayProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backup of the embedded database taken while the relay runs, restored as docs/operations.md says
 * (unzipped into an empty data directory, the relay started on it), holds every item (issue 27).
 */
class BackupRestoreTest {

    private static final String KEY = "backup-erp-key-00000001";
    private static final String ADMIN = "backup-admin-token-0000000001";
    private static final String[] ARGS = {
        "--relay.websites[0].code=KEPT", "--relay.websites[0].key=" + KEY, "--relay.admin.token=" + ADMIN
    };

    @Test
    void aBackupTakenWhileTheRelayRunsRestoresEveryItem(@TempDir Path running, @TempDir Path restored)
            throws Exception {
        Path backup;
        try (RelayProcess relay = RelayProcess.start(running, ARGS)) {
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", KEY, "KEPT")
                            .repeat(
                                    25,
                                    (i, item) ->
                                            Envelope.field(item, "CommentId").setTextContent(String.valueOf(100 + i))))
                    .xml()
                    .valueByXPath("count(//xsd:Code[.='1001'])")
                    .isEqualTo("25");

            HttpResponse<String> made = AdminHttp.call(relay.port(), "POST", "/api/backups", ADMIN);

            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            JsonNode answer = JsonMapper.builder().build().readTree(made.body());
            OpenApiSchemas.assertMatches("Backup", answer);
            JsonMapper.builder()
                    .build()
                    .readTree(AdminHttp.call(relay.port(), "GET", "/api/backups", ADMIN)
                            .body())
                    .forEach(listed -> OpenApiSchemas.assertMatches("Backup", listed));
            backup = running.resolve("backups").resolve(answer.get("file").asString());
            assertThat(backup).exists();
            assertThat(answer.get("bytes").asLong()).isEqualTo(Files.size(backup));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                    .isEqualTo("rw-------");
            assertThat(AdminHttp.call(relay.port(), "GET", "/api/backups", ADMIN)
                            .body())
                    .contains(answer.get("file").asString());
            assertThat(AdminHttp.call(relay.port(), "POST", "/api/backups", "not-the-admin-token-000")
                            .statusCode())
                    .isEqualTo(401);
            // Written after the backup: not in it.
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", KEY, "KEPT"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
        }

        unzip(backup, restored);
        try (RelayProcess relay = RelayProcess.start(restored, ARGS)) {
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class))
                    .isEqualTo(25);
            assertThat(relay.jdbc()
                            .queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'", Integer.class))
                    .isEqualTo(25);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IllegalStateException("a zip entry outside the directory: " + entry.getName());
                }
                Files.copy(entries, target);
            }
        }
    }
}
