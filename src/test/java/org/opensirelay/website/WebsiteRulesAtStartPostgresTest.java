package org.opensirelay.website;

import java.util.ArrayList;
import java.util.List;

import org.opensirelay.support.Postgres;
import org.opensirelay.support.RequiresPostgres;

/** {@link WebsiteRulesAtStartTest} on PostgreSQL: the V12 migration of websites sharing a key, there too. */
@RequiresPostgres
class WebsiteRulesAtStartPostgresTest extends WebsiteRulesAtStartTest {

    private String url;

    @Override
    String[] database() {
        // One schema per test, the same for both starts of that test.
        if (url == null) {
            url = Postgres.newSchema();
        }
        List<String> args = new ArrayList<>(List.of(Postgres.relayArgs(url)));
        // On PostgreSQL, a shop key set through the admin API needs the secrets key every node shares.
        args.add("--relay.secrets-key=rules-at-start-secrets-key-0123456789-abcdef");
        return args.toArray(String[]::new);
    }
}
