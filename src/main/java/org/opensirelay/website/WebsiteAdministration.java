package org.opensirelay.website;

import static org.opensirelay.database.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.opensirelay.database.GeneratedIds;
import org.opensirelay.text.Text;
import org.opensirelay.website.WebsiteRegistry.WebsiteState;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Websites created, changed, disabled, enabled, deleted and their keys rotated while the relay runs.
 * Each change is one transaction that writes the website's row and the audit's line (who, when,
 * what; never a secret); this node applies it at once, the others at their next refresh. Websites
 * named in {@code relay.websites} are the configuration's: the API refuses to change them.
 *
 * <p><b>Why one class of this size</b> (≈550 lines): its public methods are the admin API's and the
 * console's operations on a website, one each (create, update, enable, disable, delete, rotate a key,
 * rotate an API token, the audit's reads), and each is one transaction of the same three steps: the
 * website's rules checked ({@link WebsiteSettingsRule}), the row and the audit line written, this node's
 * registry refreshed. Split by operation, each class would repeat the checks and the audit.
 */
@Component
public class WebsiteAdministration {

    static final int DETAIL_MAX = 2000;

    static final String KEY_OF_ANOTHER = "website.key is the key of another website: every website needs its own key";

    /** A website just created, with its key and API token: shown this once, kept hashed only. */
    public record Created(WebsiteState website, String key, String apiToken) {}

    /** A key or token just replaced: the new one (shown this once, null when the operator chose it) and the cut-over. */
    public record Rotated(String code, String secret, Instant previousValidUntil) {}

    /** One line of the audit. */
    public record Change(long id, String website, Instant at, String actor, String action, String detail) {}

    private final JdbcTemplate jdbc;
    private final KeyClaims keys;
    private final TransactionTemplate transactions;
    private final WebsiteRegistry registry;
    private final WebsiteAuthenticator authenticator;
    private final SecretSeal seal;
    private final List<WebsiteSettingsRule> rules;
    private final PendingWork pending;
    private final Clock clock;

    WebsiteAdministration(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            WebsiteRegistry registry,
            WebsiteAuthenticator authenticator,
            SecretSeal seal,
            List<WebsiteSettingsRule> rules,
            PendingWork pending,
            Clock clock) {
        this.jdbc = jdbc;
        this.keys = new KeyClaims(jdbc);
        this.transactions = transactions;
        this.registry = registry;
        this.authenticator = authenticator;
        this.seal = seal;
        this.rules = rules;
        this.pending = pending;
        this.clock = clock;
    }

    /**
     * A new website from {@code body} (the settings of {@code relay.websites[N]} as JSON). A key and an
     * API token are made at random when the body has none.
     */
    public Created create(JsonNode body, String actor) throws WebsiteChangeRefused {
        WebsiteConfig asked = WebsiteJson.merged(WebsiteRules.DEFAULTS, body);
        if (asked.previousKey() != null || asked.previousKeyUntil() != null) {
            throw WebsiteChangeRefused.invalid(
                    "website.previousKey: a website created here rotates its key with POST /api/websites/"
                            + WebsiteCode.printable(asked.code()) + "/key");
        }
        String key = asked.key() == null && asked.security().needsKey() ? KeyHash.newKey() : asked.key();
        String apiToken = asked.apiToken() == null ? KeyHash.newKey() : asked.apiToken();
        WebsiteConfig config = WebsiteRules.stripped(new WebsiteConfig(
                        asked.code(),
                        key,
                        asked.shop(),
                        asked.delivery(),
                        asked.security(),
                        asked.username(),
                        asked.password(),
                        apiToken,
                        asked.returns())
                .withGoogle(asked.google()));
        List<String> problems = problems(config);
        if (config.key() != null) {
            registry.keyOwner(KeyHash.hex(KeyHash.of(config.key()))).ifPresent(other -> problems.add(KEY_OF_ANOTHER));
        }
        usernameProblem(config, null).ifPresent(problems::add);
        merchantIdProblem(config, null).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw WebsiteChangeRefused.invalid(problems);
        }
        if (registry.isConfigured(config.code())
                || registry.state(config.code()).isPresent()) {
            throw WebsiteChangeRefused.conflict(
                    "WEBSITE_EXISTS",
                    "a website '" + config.code() + "' exists already"
                            + (registry.isConfigured(config.code()) ? " (named in relay.websites)" : "")
                            + ": change it, or choose another code");
        }
        String sealed = sealed(new SealedSecrets(
                config.shop().key(), config.security().needsUsernameToken() ? config.password() : null));
        OffsetDateTime now = now();
        String keyHash = KeyHash.hex(KeyHash.of(key != null ? key : KeyHash.newKey()));
        long id;
        try {
            id = transactions.execute(status -> {
                long inserted = GeneratedIds.insert(
                        jdbc,
                        "INSERT INTO website (code, key_sha256, api_token_sha256, settings, sealed_secrets,"
                                + " active, managed_by, created_at, updated_at, changed_at) VALUES (?, ?, ?, ?, ?, TRUE, 'api', ?, ?, CURRENT_TIMESTAMP)",
                        config.code(),
                        keyHash,
                        KeyHash.hex(KeyHash.of(apiToken)),
                        WebsiteJson.write(WebsiteRules.withoutSecrets(config)),
                        sealed,
                        now,
                        now);
                keys.claim(inserted, keyHash);
                audit(config.code(), actor, "created", describe(config));
                return inserted;
            });
        } catch (DataIntegrityViolationException | PessimisticLockingFailureException another) {
            // Another create passed the same checks at the same time: the database says which rule held.
            if (keys.holder(keyHash).isPresent()) {
                throw WebsiteChangeRefused.invalid(KEY_OF_ANOTHER);
            }
            if (another instanceof DuplicateKeyException) {
                throw WebsiteChangeRefused.conflict(
                        "WEBSITE_EXISTS", "a website '" + config.code() + "' exists already");
            }
            throw another;
        }
        registry.refresh(id);
        return new Created(
                registry.state(config.code()).orElseThrow(),
                asked.key() == null ? key : null,
                asked.apiToken() == null ? apiToken : null);
    }

    /**
     * The website's settings with {@code patch} merged onto them (JSON merge patch: a field sent
     * replaces, null resets to the default, a field left out stays). Keys and tokens change by
     * rotation, not here.
     */
    public WebsiteState update(String code, JsonNode patch, String actor) throws WebsiteChangeRefused {
        WebsiteState state = managed(code);
        if (patch != null && patch.isObject()) {
            List<String> refused = new ArrayList<>();
            if (patch.has("code") && !code.equals(patch.get("code").asString(""))) {
                refused.add("website.code cannot change: create a website with the new code");
            }
            if (patch.has("key")) {
                refused.add("website.key changes by rotation: POST /api/websites/" + code + "/key");
            }
            if (patch.has("previousKey") || patch.has("previousKeyUntil")) {
                refused.add("website.previousKey: a key rotates with POST /api/websites/" + code + "/key");
            }
            if (patch.has("apiToken")) {
                refused.add("website.apiToken changes by rotation: POST /api/websites/" + code + "/api-token");
            }
            if (!refused.isEmpty()) {
                throw WebsiteChangeRefused.invalid(refused);
            }
        }
        SealedSecrets secrets = secretsOf(state.website().id());
        WebsiteConfig merged = WebsiteJson.merged(state.settings(), patch);
        WebsitesProperties.Shop shop = merged.shop();
        String shopKey = shop.key() != null ? shop.key() : secrets.shopKey();
        String password = merged.password() != null ? merged.password() : secrets.password();
        WebsiteConfig config = new WebsiteConfig(
                        code,
                        null,
                        new WebsitesProperties.Shop(shop.url(), shopKey, shop.websiteCode(), shop.passThrough()),
                        merged.delivery(),
                        merged.security(),
                        merged.username(),
                        password,
                        null,
                        merged.returns())
                .withGoogle(merged.google());
        // The key and the token are not in these settings: they are checked when they rotate.
        List<String> problems = settingsProblems(config);
        usernameProblem(config, code).ifPresent(problems::add);
        merchantIdProblem(config, code).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw WebsiteChangeRefused.invalid(problems);
        }
        List<String> changes = differences(state.settings(), config);
        if (!Objects.equals(shopKey, secrets.shopKey())) {
            changes.add("shop.key changed");
        }
        if (!Objects.equals(password, secrets.password())) {
            changes.add("password changed");
        }
        if (changes.isEmpty()) {
            return state;
        }
        String sealed = sealed(new SealedSecrets(shopKey, config.security().needsUsernameToken() ? password : null));
        transactions.executeWithoutResult(status -> {
            jdbc.update(
                    "UPDATE website SET settings = ?, sealed_secrets = ?, updated_at = ?, changed_at = CURRENT_TIMESTAMP WHERE id = ?",
                    WebsiteJson.write(WebsiteRules.withoutSecrets(config)),
                    sealed,
                    now(),
                    state.website().id());
            audit(code, actor, "updated", String.join("; ", changes));
        });
        registry.refresh(state.website().id());
        return registry.state(code).orElseThrow();
    }

    /** Requests for the website are refused with a Fault that says so; its items stay, undelivered, until it is enabled again. */
    public WebsiteState disable(String code, String actor) throws WebsiteChangeRefused {
        return setEnabled(code, false, actor);
    }

    public WebsiteState enable(String code, String actor) throws WebsiteChangeRefused {
        return setEnabled(code, true, actor);
    }

    private WebsiteState setEnabled(String code, boolean enabled, String actor) throws WebsiteChangeRefused {
        WebsiteState state = managed(code);
        if (state.enabled() == enabled) {
            return state;
        }
        transactions.executeWithoutResult(status -> {
            jdbc.update(
                    "UPDATE website SET active = ?, updated_at = ?, changed_at = CURRENT_TIMESTAMP WHERE id = ?",
                    enabled,
                    now(),
                    state.website().id());
            audit(
                    code,
                    actor,
                    enabled ? "enabled" : "disabled",
                    enabled
                            ? "requests answered and items delivered again"
                            : "requests refused, items kept and not delivered");
        });
        registry.refresh(state.website().id());
        return registry.state(code).orElseThrow();
    }

    /**
     * Deletes a disabled website with nothing left to deliver: its code is free again, what it stored
     * stays in the database (under a tombstone) until retention removes it.
     */
    public void delete(String code, String actor) throws WebsiteChangeRefused {
        WebsiteState state = managed(code);
        if (state.enabled()) {
            throw WebsiteChangeRefused.conflict(
                    "WEBSITE_ENABLED",
                    "website '" + code + "' is enabled: disable it first" + " (POST /api/websites/" + code
                            + "/disable), so that no request adds items while it is deleted");
        }
        long waiting = pending.pendingFor(state.website().id());
        if (waiting > 0) {
            throw WebsiteChangeRefused.conflict(
                    "PENDING_ITEMS",
                    "website '" + code + "' still has " + waiting + " item" + (waiting == 1 ? "" : "s")
                            + " waiting for its shop: enable it until they are delivered, then disable and delete it");
        }
        transactions.executeWithoutResult(status -> {
            jdbc.update(
                    "UPDATE website SET deleted = TRUE, active = FALSE, code = CONCAT('~', CAST(id AS VARCHAR(20))),"
                            + " sealed_secrets = NULL, updated_at = ?, changed_at = CURRENT_TIMESTAMP WHERE id = ?",
                    now(),
                    state.website().id());
            keys.release(state.website().id());
            audit(code, actor, "deleted", "nothing was waiting for the shop");
        });
        registry.refresh(state.website().id());
    }

    /**
     * A new ERP key for the website; the one it replaces still opens it until {@code previousValidUntil}
     * (default: in {@link #DEFAULT_OVERLAP}), so that the ERP can switch at its own pace.
     */
    public Rotated rotateKey(String code, String newKey, Instant previousValidUntil, String actor)
            throws WebsiteChangeRefused {
        WebsiteState state = managed(code);
        if (!state.website().security().needsKey()) {
            throw WebsiteChangeRefused.conflict(
                    "NO_KEY", "website '" + code + "' opens with a UsernameToken alone: it has no key to rotate");
        }
        String key = newKey == null ? KeyHash.newKey() : newKey.strip();
        String hash = checkedSecret("website.key", key);
        Optional<String> owner = registry.keyOwner(hash);
        if (owner.isPresent()) {
            throw WebsiteChangeRefused.invalid(
                    owner.get().equals(code)
                            ? "website.key is the website's current or previous key: choose a new one"
                            : KEY_OF_ANOTHER);
        }
        Instant until = cutOver(previousValidUntil);
        try {
            rotate(
                    state,
                    actor,
                    "previous_key_sha256 = key_sha256, previous_key_until = ?, key_sha256 = ?",
                    hash,
                    until,
                    "key rotated",
                    "new key set; the previous key ",
                    () -> keys.rotate(state.website().id(), hash));
        } catch (DataIntegrityViolationException | PessimisticLockingFailureException another) {
            // Another website took the key at the same time (a create, a rotation): the database holds it for one.
            if (keys.holder(hash)
                    .filter(holder -> holder != state.website().id())
                    .isPresent()) {
                throw WebsiteChangeRefused.invalid(KEY_OF_ANOTHER);
            }
            throw another;
        }
        return new Rotated(code, newKey == null ? key : null, until);
    }

    /** A new REST API token for the website; the previous one still opens it until {@code previousValidUntil}. */
    public Rotated rotateApiToken(String code, String newToken, Instant previousValidUntil, String actor)
            throws WebsiteChangeRefused {
        WebsiteState state = managed(code);
        String token = newToken == null ? KeyHash.newKey() : newToken.strip();
        String hash = checkedSecret("website.apiToken", token);
        if (authenticator.apiTokenOwner(token).isPresent()) {
            throw WebsiteChangeRefused.invalid("website.apiToken is in use already: choose a new one");
        }
        Instant until = cutOver(previousValidUntil);
        rotate(
                state,
                actor,
                "previous_api_token_sha256 = api_token_sha256, previous_api_token_until = ?, api_token_sha256 = ?",
                hash,
                until,
                "api token rotated",
                "new API token set; the previous token ",
                () -> {});
        return new Rotated(code, newToken == null ? token : null, until);
    }

    /**
     * Stores a rotation ({@code swap} moves the current secret's hash to the previous one, valid
     * until {@code until}, and sets the new {@code hash}), audits it and makes every node see it.
     */
    private void rotate(
            WebsiteState state,
            String actor,
            String swap,
            String hash,
            Instant until,
            String action,
            String done,
            Runnable alsoInTransaction) {
        transactions.executeWithoutResult(status -> {
            alsoInTransaction.run();
            jdbc.update(
                    "UPDATE website SET " + swap + ", updated_at = ?, changed_at = CURRENT_TIMESTAMP WHERE id = ?",
                    utc(until),
                    hash,
                    now(),
                    state.website().id());
            audit(
                    state.website().code(),
                    actor,
                    action,
                    done + (until.isAfter(clock.instant()) ? "is accepted until " + until : "is refused from now on"));
        });
        registry.refresh(state.website().id());
    }

    /** The website's audit, newest first (including its life before a deletion freed the code). */
    public List<Change> changes(String code, int limit) {
        return jdbc.query(
                "SELECT id, website_code, changed_at, actor, action, detail FROM website_change WHERE website_code = ?"
                        + " ORDER BY id DESC FETCH FIRST " + Math.max(1, Math.min(limit, 500)) + " ROWS ONLY",
                this::change,
                code);
    }

    /** The newest changes of every website. */
    public List<Change> recentChanges(int limit) {
        return jdbc.query(
                "SELECT id, website_code, changed_at, actor, action, detail FROM website_change ORDER BY id DESC FETCH FIRST "
                        + Math.max(1, Math.min(limit, 500)) + " ROWS ONLY",
                this::change);
    }

    // ------------------------------------------------------------------ helpers

    private Change change(ResultSet rs, int row) throws SQLException {
        return new Change(
                rs.getLong("id"),
                rs.getString("website_code"),
                rs.getTimestamp("changed_at").toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("detail"));
    }

    /** The website, if the API may change it. */
    private WebsiteState managed(String code) throws WebsiteChangeRefused {
        WebsiteState state = registry.state(code).orElseThrow(() -> WebsiteChangeRefused.unknown(code));
        if (state.configured()) {
            throw WebsiteChangeRefused.conflict(
                    "CONFIGURED",
                    "website '" + code + "' is named in relay.websites: the configuration wins"
                            + " at each start, so change it there (or remove it there and create it here)");
        }
        return state;
    }

    /** Every rule a new website's settings and credentials break. */
    private List<String> problems(WebsiteConfig config) {
        List<String> problems = new ArrayList<>();
        WebsiteRules.codeProblem("website", config).ifPresent(problems::add);
        problems.addAll(WebsiteRules.credentialProblems("website", config));
        problems.addAll(settingsProblems(config));
        return problems;
    }

    /** Every rule the settings break, this package's and the other modules' (returns, pass-through). */
    private List<String> settingsProblems(WebsiteConfig config) {
        List<String> problems = WebsiteRules.settingsProblems("website", config);
        for (WebsiteSettingsRule rule : rules) {
            problems.addAll(rule.problems("website", config));
        }
        return problems;
    }

    private Optional<String> usernameProblem(WebsiteConfig config, String self) {
        if (!config.security().needsUsernameToken() || config.username() == null) {
            return Optional.empty();
        }
        return registry.usernameOwner(config.username())
                .filter(owner -> !owner.equals(self))
                .map(owner -> "website.username is the user of another website");
    }

    /** A merchant id names one website: another website's (configured or made here) is refused, naming the field. */
    private Optional<String> merchantIdProblem(WebsiteConfig config, String self) {
        String merchantId = config.google().merchantId();
        if (merchantId == null) {
            return Optional.empty();
        }
        return registry.merchantIdOwner(merchantId)
                .filter(owner -> !owner.equals(self))
                .map(owner -> WebsiteRules.merchantIdTaken("website", merchantId, owner));
    }

    private static String checkedSecret(String field, String secret) throws WebsiteChangeRefused {
        if (secret.length() < WebsiteRules.MIN_KEY_LENGTH) {
            throw WebsiteChangeRefused.invalid(field + " has " + secret.length() + " characters: at least "
                    + WebsiteRules.MIN_KEY_LENGTH + " are needed");
        }
        return KeyHash.hex(KeyHash.of(secret));
    }

    private Instant cutOver(Instant asked) throws WebsiteChangeRefused {
        Instant now = clock.instant();
        return asked != null
                ? RotationOverlap.checked(asked, "previousValidUntil", now)
                : now.plus(RotationOverlap.DEFAULT);
    }

    private String sealed(SealedSecrets secrets) throws WebsiteChangeRefused {
        if (secrets.isEmpty()) {
            return null;
        }
        Optional<String> unavailable = seal.unavailable();
        if (unavailable.isPresent()) {
            throw WebsiteChangeRefused.conflict("SECRETS_KEY_MISSING", unavailable.get());
        }
        return secrets.sealWith(seal);
    }

    private SealedSecrets secretsOf(long websiteId) {
        String sealed = jdbc.queryForObject("SELECT sealed_secrets FROM website WHERE id = ?", String.class, websiteId);
        return sealed == null ? SealedSecrets.NONE : SealedSecrets.open(seal, sealed);
    }

    private void audit(String code, String actor, String action, String detail) {
        jdbc.update(
                "INSERT INTO website_change (website_code, changed_at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
                code,
                now(),
                Text.abbreviate(actor == null ? "unknown" : actor, 64),
                action,
                Text.abbreviate(detail, DETAIL_MAX));
    }

    private OffsetDateTime now() {
        return utc(clock.instant());
    }

    /** What a new website is, for the audit: its settings as JSON, nothing secret. */
    private static String describe(WebsiteConfig config) {
        return WebsiteJson.tree(config).toString();
    }

    /** Each setting that differs, as "name: old → new" (secrets are never in these trees). */
    static List<String> differences(WebsiteConfig before, WebsiteConfig after) {
        Map<String, String> old = new LinkedHashMap<>();
        Map<String, String> now = new LinkedHashMap<>();
        flatten("", WebsiteJson.tree(before), old);
        flatten("", WebsiteJson.tree(after), now);
        List<String> changes = new ArrayList<>();
        now.forEach((name, value) -> {
            if (!Objects.equals(value, old.get(name))) {
                changes.add(name + ": " + old.getOrDefault(name, "(none)") + " → " + value);
            }
        });
        old.keySet().stream()
                .filter(name -> !now.containsKey(name))
                .forEach(name -> changes.add(name + ": " + old.get(name) + " → (none)"));
        return changes;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields =
                            object.properties().iterator();
                    fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (!node.isNull()) {
            into.put(prefix, node.isString() ? node.asString() : node.toString());
        }
    }
}
