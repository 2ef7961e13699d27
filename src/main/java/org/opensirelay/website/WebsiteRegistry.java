package org.opensirelay.website;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.opensirelay.background.Workers;
import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.KnownWebsites.Entry;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Every website the relay knows, in memory, as the {@code website} table holds them. Websites come
 * from two places: {@code relay.websites} (written to the table at each start, the configuration
 * wins for the codes it names) and the admin API (kept in the table alone). Each node reloads what
 * changed every {@code relay.website-refresh-every}, whichever node changed it, and says so with
 * {@link WebsitesChanged}. Requests are checked against what it holds ({@link KnownWebsites}) by
 * {@link WebsiteAuthenticator}; {@link WebsiteAdministration} writes the table's changes.
 *
 * <p><b>Why one class of this size</b> (≈640 lines): it is the one owner of the node's copy of the
 * {@code website} table, and every way that copy changes is here — written from the configuration at
 * start, the websites file reread, the table's recent changes read on a timer or on a lookup that
 * missed, the demo website's port — because each must swap the one {@link KnownWebsites} in the
 * same order and tell {@link WebsitesChanged} once. Authentication ({@link WebsiteAuthenticator}), the
 * cache's maps ({@link KnownWebsites}), the configuration's rows ({@link ConfiguredWebsitesWriter})
 * and the file ({@link ConfiguredWebsites}) are classes of their own.
 */
@Component
public class WebsiteRegistry implements SmartLifecycle {

    static final String BY_CONFIG = "config";
    static final String BY_API = "api";
    /** Rows changed this long before the newest change seen are read again: a change committed late is not missed. */
    static final Duration CHANGE_OVERLAP = Duration.ofSeconds(10);
    /** At most one read of the recent changes this often on behalf of lookups that missed. */
    static final Duration CATCH_UP_EVERY = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(WebsiteRegistry.class);

    private static final String COLUMNS = "id, code, key_sha256, active, deleted, managed_by, settings, sealed_secrets,"
            + " previous_key_sha256, previous_key_until, api_token_sha256, previous_api_token_sha256, previous_api_token_until, changed_at";

    /**
     * A website as operators see it: its settings, whether requests for it are answered, who manages
     * it, and the cut-overs of a key or token being rotated. Never a secret.
     */
    public record WebsiteState(
            Website website,
            boolean enabled,
            String managedBy,
            Instant previousKeyUntil,
            boolean hasApiToken,
            Instant previousApiTokenUntil,
            WebsiteConfig settings) {

        public boolean configured() {
            return BY_CONFIG.equals(managedBy);
        }
    }

    /** One row of {@code website}. */
    record Row(
            long id,
            String code,
            String keyHash,
            boolean active,
            boolean deleted,
            String managedBy,
            String settings,
            String sealedSecrets,
            String previousKeyHash,
            Instant previousKeyUntil,
            String apiTokenHash,
            String previousApiTokenHash,
            Instant previousApiTokenUntil,
            OffsetDateTime changedAt) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Environment environment;
    private final SecretSeal seal;
    private final ApplicationEventPublisher events;
    private final Duration refreshEvery;
    private final boolean demo;
    /**
     * The websites the configuration names (or the demo website), by code: their secrets live here, not
     * in the table. Replaced whole (a websites file changed), never changed in place: requests read it.
     */
    private volatile Map<String, WebsiteConfig> configured = Map.of();

    private final ConfiguredWebsites configuredWebsites;
    private final ConfiguredWebsitesWriter writer;
    /** The websites file's version whose reading failed last, warned about once. */
    private String fileProblemWarned;

    private volatile KnownWebsites snapshot;
    /** The database's time of the newest change seen. */
    private OffsetDateTime newestChange = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /** Per website id, the change applied last: a row read again unchanged is skipped. */
    private final Map<Long, OffsetDateTime> appliedChanges = new HashMap<>();

    /** Reads the recent changes every {@code relay.website-refresh-every}: {@code relay-website-refresh-1}. */
    private final Workers refresher = Workers.scheduled("website-refresh", Duration.ofSeconds(30));

    private boolean refreshFailing;
    /** When the last read of the recent changes began (System.nanoTime). */
    private volatile long lastRefreshStarted = System.nanoTime();
    /** When a missed lookup last asked for a read of the recent changes. */
    private final AtomicLong lastCatchUp = new AtomicLong(System.nanoTime() - CATCH_UP_EVERY.toNanos());

    WebsiteRegistry(
            JdbcTemplate jdbc,
            WebsitesProperties properties,
            ConfiguredWebsites configuredWebsites,
            Clock clock,
            Environment environment,
            SecretSeal seal,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager,
            DatabaseDialect database) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.environment = environment;
        this.seal = seal;
        this.events = events;
        this.refreshEvery = properties.websiteRefreshEvery();
        this.demo = DemoMode.isDemo(properties.anyConfigured(), environment);
        List<WebsiteConfig> wanted = demo
                ? List.of(DemoWebsite.loadOrCreate(properties.dataDir()))
                : ConfiguredWebsites.checked(configuredWebsites.all(), configuredWebsites::at);
        this.configuredWebsites = configuredWebsites;
        this.writer = new ConfiguredWebsitesWriter(jdbc, clock, transactionManager, database);
        this.configured = byCode(wanted);
        List<Row> rows = writeConfigured(wanted);
        StoredWebsites.warnings(rows, configured.keySet(), clock.instant()).forEach(log::warn);
        List<Entry> entries = new ArrayList<>();
        for (Row row : rows) {
            newestChange = later(newestChange, row.changedAt());
            appliedChanges.put(row.id(), row.changedAt());
            entry(row).ifPresent(entries::add);
        }
        this.snapshot = KnownWebsites.of(entries);
        List<String> answered = entries.stream()
                .filter(Entry::enabled)
                .map(e -> WebsiteCode.printable(e.website().code()))
                .sorted()
                .toList();
        log.info(
                "Answering for {} websites ({} from the configuration){}",
                answered.size(),
                configured.size(),
                answered.size() <= 20 ? " " + answered : "");
    }

    /** What requests are checked against now ({@link WebsiteAuthenticator}): swapped whole when websites change. */
    KnownWebsites known() {
        return snapshot;
    }

    // ------------------------------------------------------------------ lookups

    /** The websites this relay answers for (enabled ones). */
    public List<Website> activeWebsites() {
        return snapshot.byCode().values().stream()
                .filter(Entry::enabled)
                .map(Entry::website)
                .toList();
    }

    /** Every website there is, enabled or not, as operators see them. */
    public List<WebsiteState> states() {
        return snapshot.byCode().values().stream().map(Entry::state).toList();
    }

    /** The website with this code as operators see it, enabled or not. */
    public Optional<WebsiteState> state(String code) {
        return withCatchUp(
                current -> Optional.ofNullable(current.byCode().get(code)).map(Entry::state));
    }

    /**
     * The demo website's shop connector (the built-in demo shop), while the relay runs as a demo, once
     * it listens (the connector's address holds the port).
     */
    public Optional<ShopConnector> demoShop() {
        return demo ? website(DemoWebsite.CODE).flatMap(w -> w.delivery().shopConnector()) : Optional.empty();
    }

    /**
     * The demo shop's address, once the relay listens: the port is known from then on (it may be chosen
     * at random), so the demo website gets a concrete URL, as every other website has.
     */
    @EventListener
    synchronized void listening(WebServerInitializedEvent event) {
        Entry old = snapshot.byCode().get(DemoWebsite.CODE);
        if (!demo || event.getApplicationContext().getServerNamespace() != null || old == null) {
            return;
        }
        WebsiteConfig config = DemoWebsite.listeningAt(
                configured.get(DemoWebsite.CODE),
                event.getWebServer().getPort(),
                environment.getProperty("spring.webservices.path", "/demo-shop"));
        Map<String, WebsiteConfig> withAddress = new HashMap<>(configured);
        withAddress.put(DemoWebsite.CODE, config);
        configured = Map.copyOf(withAddress);
        Website was = old.website();
        Website website = new Website(
                was.id(),
                was.code(),
                WebsiteRules.deliverySettings(config),
                was.security(),
                was.username(),
                was.returns(),
                was.passThrough());
        KnownWebsites after = snapshot.copy();
        after.remove(old);
        after.put(new Entry(
                website,
                old.enabled(),
                old.managedBy(),
                old.keyHash(),
                old.previousKeyHash(),
                old.previousKeyUntil(),
                old.password(),
                old.apiTokenHash(),
                old.previousApiTokenHash(),
                old.previousApiTokenUntil(),
                WebsiteRules.withoutSecrets(config)));
        snapshot = after;
    }

    /** Whether {@code website} is the demo's own website (the relay runs as a demo, and this is its website). */
    public boolean isDemoWebsite(Website website) {
        return demo && DemoWebsite.CODE.equals(website.code());
    }

    /** The address of the website's shop connector as the relay calls it, for operators to read. */
    public Optional<String> shopUrl(Website website) {
        return website.delivery().shopConnector().map(shop -> shop.url().toString());
    }

    /** The enabled website with this code. */
    public Optional<Website> website(String code) {
        return withCatchUp(current -> enabled(current.byCode().get(code)));
    }

    /**
     * The enabled website whose {@code google.merchant-id} is {@code merchantId}: Google's Content API
     * paths name a website so. A miss reads the recent changes first, as {@link #website(String)}.
     */
    public Optional<Website> websiteOfMerchant(String merchantId) {
        return withCatchUp(current -> enabled(current.byMerchantId().get(merchantId)));
    }

    /**
     * What {@code find} finds in the snapshot; on a miss, looked for again after the recent changes are
     * read (a website another node just made), at most once per catch-up period.
     */
    private <T> Optional<T> withCatchUp(Function<KnownWebsites, Optional<T>> find) {
        long asked = System.nanoTime();
        Optional<T> found = find.apply(snapshot);
        return found.isEmpty() && caughtUp(asked) ? find.apply(snapshot) : found;
    }

    private static Optional<Website> enabled(Entry entry) {
        return Optional.ofNullable(entry).filter(Entry::enabled).map(Entry::website);
    }

    /** The website (enabled or not) whose Google merchant id is {@code merchantId}, if any. */
    Optional<String> merchantIdOwner(String merchantId) {
        return Optional.ofNullable(snapshot.byMerchantId().get(merchantId))
                .map(e -> e.website().code());
    }

    /** The enabled website with this database id (rows name their website so). */
    public Optional<Website> website(long id) {
        return enabled(snapshot.byId().get(id));
    }

    /** The website (enabled or not) whose current or previous key hashes to {@code keyHashHex}, if any. */
    Optional<String> keyOwner(String keyHashHex) {
        return Optional.ofNullable(snapshot.byKeyHash().get(keyHashHex))
                .map(e -> e.website().code());
    }

    /** The website (enabled or not) whose UsernameToken user is {@code username}, if any. */
    Optional<String> usernameOwner(String username) {
        return Optional.ofNullable(snapshot.byUsername().get(username))
                .map(e -> e.website().code());
    }

    /** Whether the configuration names {@code code} (then the configuration, not the API, says what it is). */
    boolean isConfigured(String code) {
        return configured.containsKey(code);
    }

    // ------------------------------------------------------------------ changes

    /**
     * From each start to the stop after it. Stopped last of the relay's work ({@link Workers#SELF_DRIVEN}):
     * most of it depends on this registry, and Spring stops a bean's dependents with it.
     */
    @Override
    public void start() {
        refresher.startEvery(Duration.ofMillis(Math.max(100, refreshEvery.toMillis())), this::refreshQuietly);
    }

    /**
     * A stop waits for a refresh under way to end, and starts none, before the database closes (a read
     * still running as it closed logged a WARN on a normal stop).
     */
    @Override
    public void stop() {
        refresher.stop();
    }

    @Override
    public boolean isRunning() {
        return refresher.running();
    }

    @Override
    public int getPhase() {
        return Workers.SELF_DRIVEN;
    }

    private void refreshQuietly() {
        if (!demo) {
            reloadWebsitesFileIfChanged();
        }
        try {
            refresh();
            if (refreshFailing) {
                log.info("websites: reading changes works again");
                refreshFailing = false;
            }
        } catch (RuntimeException e) {
            if (!refreshFailing) {
                log.warn(
                        "websites: cannot read changes, the websites stay as they were until it works again: {}",
                        e.toString());
                refreshFailing = true;
            }
        }
    }

    /**
     * The websites file, read again when it changed: its websites are written to the table as at start
     * (under the same lock, in one transaction) and answered with their new settings; websites it no
     * longer lists are deactivated, their items kept. A file that does not read or breaks a rule
     * changes nothing: the websites stay as they were and the log says why, once per version.
     */
    private void reloadWebsitesFileIfChanged() {
        Optional<ConfiguredWebsites.Reread> reread;
        try {
            reread = configuredWebsites.rereadIfChanged();
        } catch (InvalidSettingsException e) {
            warnFileProblem(e);
            return;
        }
        if (reread.isEmpty()) {
            return;
        }
        List<WebsiteConfig> wanted;
        try {
            wanted = ConfiguredWebsites.checked(reread.get().websites(), reread.get()::at);
        } catch (InvalidSettingsException e) {
            warnFileProblem(e);
            return;
        }
        try {
            reconfigure(wanted);
            reread.get().taken();
            fileProblemWarned = null;
            log.info("websites file read again: {} websites configured", wanted.size());
        } catch (RuntimeException e) {
            log.warn(
                    "websites file: its websites cannot be written yet, tried again at the next refresh: {}",
                    e.toString());
        }
    }

    private void warnFileProblem(InvalidSettingsException e) {
        if (!e.getMessage().equals(fileProblemWarned)) {
            fileProblemWarned = e.getMessage();
            log.warn("websites file changed but not taken, the websites stay as they were: {}", e.getMessage());
        }
    }

    private synchronized void reconfigure(List<WebsiteConfig> wanted) {
        Map<String, WebsiteConfig> before = configured;
        configured = byCode(wanted);
        List<Row> rows;
        try {
            rows = writeConfigured(wanted);
        } catch (RuntimeException e) {
            configured = before;
            throw e;
        }
        // Every row again: a configured website's settings are in the file, not in its row.
        appliedChanges.clear();
        for (Row row : rows) {
            newestChange = later(newestChange, row.changedAt());
        }
        apply(rows);
    }

    /** Writes the configured websites and their key claims; every row of the table, read under the same lock. */
    private List<Row> writeConfigured(List<WebsiteConfig> wanted) {
        return writer.write(wanted, () -> {
            List<Row> all = jdbc.query("SELECT " + COLUMNS + " FROM website", this::row);
            new KeyClaims(jdbc).claimConfigured(all, configured.keySet());
            return all;
        });
    }

    private static Map<String, WebsiteConfig> byCode(List<WebsiteConfig> websites) {
        Map<String, WebsiteConfig> byCode = new HashMap<>();
        websites.forEach(c -> byCode.put(c.code(), c));
        return Map.copyOf(byCode);
    }

    /**
     * A lookup that missed (an unknown code, key or token, a disabled website) may be about a change
     * another node made a moment ago: behind a load balancer, a website created or a key rotated
     * through one node is asked for on the other at once. Rather than answer "unknown" until the next
     * refresh, the recent changes are read now: unless a read began after the miss (its result is in
     * the snapshot already), and at most one such read every {@link #CATCH_UP_EVERY}, whoever asks, so
     * that a stream of wrong keys costs the database at most that one indexed read.
     *
     * @return whether the snapshot now holds every change committed before {@code askedAtNanos}
     */
    boolean caughtUp(long askedAtNanos) {
        if (lastRefreshStarted - askedAtNanos > 0) {
            return true;
        }
        long now = System.nanoTime();
        long last = lastCatchUp.get();
        if (now - last < CATCH_UP_EVERY.toNanos() || !lastCatchUp.compareAndSet(last, now)) {
            return false;
        }
        try {
            refresh();
            return true;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * Applies what changed in the table since the newest change seen (and a little before: a change
     * committed late is not missed); one indexed read of the recent changes, whatever the number of websites.
     */
    public synchronized void refresh() {
        lastRefreshStarted = System.nanoTime();
        List<Row> rows = jdbc.query(
                "SELECT " + COLUMNS + " FROM website WHERE changed_at > ?",
                this::row,
                newestChange.minus(CHANGE_OVERLAP));
        for (Row row : rows) {
            newestChange = later(newestChange, row.changedAt());
        }
        apply(rows);
    }

    /**
     * Applies the row of one website this node has just changed, at once (the others learn it at
     * their next refresh): a burst of changes costs one read each, not a read of every recent change.
     */
    synchronized void refresh(long websiteId) {
        apply(jdbc.query("SELECT " + COLUMNS + " FROM website WHERE id = ?", this::row, websiteId));
    }

    private void apply(List<Row> rows) {
        KnownWebsites before = snapshot;
        KnownWebsites after = null;
        List<Website> answered = new ArrayList<>();
        List<String> withdrawn = new ArrayList<>();
        for (Row row : rows) {
            // Read again within the overlap, unchanged since: nothing to do (and nothing to parse or open).
            if (row.changedAt().equals(appliedChanges.get(row.id()))) {
                continue;
            }
            Entry old = before.byId().get(row.id());
            Optional<Entry> now;
            try {
                now = entry(row);
            } catch (RuntimeException unreadable) {
                log.warn(
                        "website '{}': its row cannot be read, it stays as it was: {}",
                        WebsiteCode.printable(row.code()),
                        unreadable.getMessage());
                continue;
            }
            appliedChanges.put(row.id(), row.changedAt());
            if (Objects.equals(old, now.orElse(null))) {
                continue;
            }
            after = after == null ? before.copy() : after;
            if (old != null) {
                after.remove(old);
            }
            now.ifPresent(after::put);
            if (now.isPresent() && now.get().enabled()) {
                answered.add(now.get().website());
            } else if (old != null && old.enabled()) {
                withdrawn.add(old.website().code());
            }
            log.info(
                    "website '{}' {}",
                    WebsiteCode.printable(row.code()),
                    now.isEmpty()
                            ? "is gone"
                            : now.get().enabled() ? "is answered with its new settings" : "is disabled");
        }
        if (after != null) {
            snapshot = after;
            events.publishEvent(new WebsitesChanged(List.copyOf(answered), List.copyOf(withdrawn)));
        }
    }

    private Optional<Entry> entry(Row row) {
        if (row.deleted()) {
            return Optional.empty();
        }
        if (BY_CONFIG.equals(row.managedBy())) {
            WebsiteConfig config = configured.get(row.code());
            if (config == null) {
                // Another node's configuration, or one retired at start: not this node's to answer.
                return Optional.empty();
            }
            // This node's configuration is the truth for the websites it names, whatever another node
            // with other settings wrote (during a rolling change of the configuration, say).
            String keyHash = config.key() != null ? KeyHash.hex(KeyHash.of(config.key())) : row.keyHash();
            String apiTokenHash = config.apiToken() != null ? KeyHash.hex(KeyHash.of(config.apiToken())) : null;
            String previousKeyHash =
                    config.previousKey() != null ? KeyHash.hex(KeyHash.of(config.previousKey())) : null;
            Row own = new Row(
                    row.id(),
                    row.code(),
                    keyHash,
                    true,
                    false,
                    BY_CONFIG,
                    null,
                    null,
                    previousKeyHash,
                    config.previousKeyUntil(),
                    apiTokenHash,
                    null,
                    null,
                    row.changedAt());
            return Optional.of(entry(own, config));
        }
        WebsiteConfig stored = WebsiteJson.read(row.settings());
        SealedSecrets secrets =
                row.sealedSecrets() == null ? SealedSecrets.NONE : SealedSecrets.open(seal, row.sealedSecrets());
        WebsitesProperties.Shop shop = stored.shop();
        WebsiteConfig config = new WebsiteConfig(
                        row.code(),
                        null,
                        new WebsitesProperties.Shop(
                                shop.url(), secrets.shopKey(), shop.websiteCode(), shop.passThrough()),
                        stored.delivery(),
                        stored.security(),
                        stored.username(),
                        secrets.password(),
                        null,
                        stored.returns())
                .withGoogle(stored.google());
        return Optional.of(entry(row, config));
    }

    private static Entry entry(Row row, WebsiteConfig config) {
        Website website = new Website(
                row.id(),
                row.code(),
                WebsiteRules.deliverySettings(config),
                config.security(),
                config.security().needsUsernameToken() ? config.username() : null,
                config.returns(),
                config.shop().passThrough());
        return new Entry(
                website,
                row.active(),
                row.managedBy(),
                row.keyHash(),
                row.previousKeyHash(),
                row.previousKeyUntil(),
                config.security().needsUsernameToken() ? config.password() : null,
                row.apiTokenHash(),
                row.previousApiTokenHash(),
                row.previousApiTokenUntil(),
                WebsiteRules.withoutSecrets(config));
    }

    private Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(
                rs.getLong("id"),
                rs.getString("code"),
                rs.getString("key_sha256"),
                rs.getBoolean("active"),
                rs.getBoolean("deleted"),
                rs.getString("managed_by"),
                rs.getString("settings"),
                rs.getString("sealed_secrets"),
                rs.getString("previous_key_sha256"),
                instant(rs.getTimestamp("previous_key_until")),
                rs.getString("api_token_sha256"),
                rs.getString("previous_api_token_sha256"),
                instant(rs.getTimestamp("previous_api_token_until")),
                rs.getObject("changed_at", OffsetDateTime.class));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static OffsetDateTime later(OffsetDateTime a, OffsetDateTime b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
