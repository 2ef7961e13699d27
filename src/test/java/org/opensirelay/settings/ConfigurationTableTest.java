package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's Configuration table against the settings the relay knows: every setting is there, and
 * the environment variable it gives for each names exactly that setting.
 */
@Tag("unit")
class ConfigurationTableTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One row: its settings (siblings written short, as `relay.a.b` / `c`, made whole) and its variables. */
    private record Row(List<String> settings, List<String> variables) {}

    private static List<Row> rows() throws IOException {
        String readme = Files.readString(Path.of("docs", "configuration.md"));
        int start = readme.indexOf("| setting | environment variable | default | meaning |");
        assertThat(start)
                .as("the Configuration table's header in docs/configuration.md")
                .isPositive();
        List<Row> rows = new ArrayList<>();
        for (String line : readme.substring(start).lines().skip(2).toList()) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            List<String> settings = new ArrayList<>();
            for (String name : codes(cells[1])) {
                String first = settings.isEmpty() ? null : settings.get(0);
                settings.add(first == null ? name : first.substring(0, first.lastIndexOf('.') + 1) + name);
            }
            rows.add(new Row(settings, codes(cells[2])));
        }
        return rows;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    /** The table's placeholders made an instance: website 3, line 1, map key "key". */
    private static String setting(String written) {
        return written.replace("[N]", "[3]").replace("[i]", "[1]").replaceAll("\\.<[a-z]+>$", ".key");
    }

    private static String variable(String written) {
        return written.replace("<N>", "3").replace("<I>", "1").replaceAll("_<[A-Z]+>$", "_KEY");
    }

    @Test
    void eachRowsVariablesNameItsSettings() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThan(40);
        for (Row row : rows) {
            assertThat(row.variables()).as(row.toString()).hasSameSizeAs(row.settings());
            for (int i = 0; i < row.settings().size(); i++) {
                String setting = setting(row.settings().get(i));
                String variable = variable(row.variables().get(i));
                if (setting.startsWith("relay.")) {
                    assertThat(EnvironmentVariableNames.known().read(variable))
                            .as(variable)
                            .isEqualTo(new EnvironmentVariableNames.Setting(variable, setting, false));
                } else {
                    // Spring Boot's own settings, in Spring Boot's form.
                    assertThat(variable)
                            .isEqualTo(
                                    setting.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT));
                }
            }
        }
    }

    @Test
    void everyKnownSettingIsInTheTable() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Row row : rows()) {
            row.settings().forEach(s -> documented.add(comparable(s)));
        }
        Set<String> undocumented = new TreeSet<>();
        for (String known : KnownSettings.NAMES) {
            // relay.test.*: the relay's own tests' PostgreSQL server, not an operator's setting.
            if (!known.startsWith("relay.test.") && !documented.contains(comparable(known))) {
                undocumented.add(known);
            }
        }
        assertThat(undocumented)
                .as("settings missing from docs/configuration.md's table")
                .isEmpty();
    }

    /** A name as a pattern: any index [*], any map key .*, a list the same as its elements. */
    private static String comparable(String name) {
        return name.replaceAll("\\[[^]]*]", "[*]")
                .replaceAll("\\.<[a-z]+>$", ".*")
                .replaceAll("\\[\\*]$", "");
    }
}
