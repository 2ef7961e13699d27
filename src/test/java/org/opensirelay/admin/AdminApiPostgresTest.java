package org.opensirelay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.AdminHttp;
import org.opensirelay.support.OnPostgres;

/** {@link AdminApiTest} on PostgreSQL, with the production profile; and backups, which are the database's own there. */
@OnPostgres
class AdminApiPostgresTest extends AdminApiTest {

    /** The embedded database's backup says what to do on PostgreSQL instead (it was a bare 500). */
    @Test
    void backupsSayToUseThePostgresOwnTools() {
        HttpResponse<String> refused = AdminHttp.call(port, "POST", "/api/backups", ADMIN_TOKEN);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat((String) JsonPath.read(refused.body(), "$.code")).isEqualTo("NOT_EMBEDDED");
        assertThat((String) JsonPath.read(refused.body(), "$.detail")).contains("pg_dump");
        assertThat(AdminHttp.call(port, "GET", "/api/backups", ADMIN_TOKEN).statusCode())
                .isEqualTo(409);
    }
}
